"""The campaign template: an XLSX with one row per SIECLE student, pre-filled.

The school sends it out (or loads it into its form tool); what comes back is the campaign
file ``retour`` reads. Columns are the campaign reader's canonical columns.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from .campagne import COLUMNS
from .dossiers import SiecleIndex, dossier_from_siecle
from .modele import CONTACT, LEGAL, Lien
from .nomenclature import Nomenclature
from .siecle import Export

SEXES = {"1": "M", "2": "F"}
CIVILITES = {"1": "M.", "2": "Mme"}


def template_rows(eleves: Export, responsables: Export | None,
                  nomenclature: Nomenclature) -> list[dict]:
    index = SiecleIndex(eleves, responsables)
    rows = []
    for record in sorted(index.eleves, key=lambda r: (r.get("nom_de_famille") or "",
                                                      r.get("prenom") or "")):
        d = dossier_from_siecle(record, index)
        e = d.eleve
        born = e.get("date_naiss")
        row = {
            "ine": e.get("id_national"), "nom": e.get("nom_de_famille"),
            "prenom": e.get("prenom"), "prenom2": e.get("prenom2"), "prenom3": e.get("prenom3"),
            "date_naissance": f"{born[8:10]}/{born[5:7]}/{born[:4]}" if born else None,
            "sexe": SEXES.get(e.get("code_sexe") or ""), "nationalite": e.get("code_pays_nat"),
            "pays_naissance": e.get("code_pays"),
            "commune_naissance": e.get("code_commune_insee_naiss"),
            "ville_naissance": e.get("ville_naiss"),
            "mef": (nomenclature.mef_label(d.scolarite.get("code_mef"))
                    or d.scolarite.get("code_mef")),
            "division": d.scolarite.get("code_division"),
            "options": ", ".join(nomenclature.matiere_label(c) or c for c in d.options_saisies),
            "regime": e.get("code_regime"),
        }
        legal = [l for l in d.liens if l.niveau == LEGAL][:2]
        contacts = [l for l in d.liens if l.niveau == CONTACT][:1]
        for prefix, link in zip(("resp1_", "resp2_"), legal):
            row.update(_responsable(prefix, link))
        for link in contacts:
            row.update(_responsable("urgence_", link))
        rows.append(row)
    return rows


def _responsable(prefix: str, link: Lien) -> dict:
    p = link.personne
    a = p.adresse
    values = {
        "lien": link.code_parente, "civilite": CIVILITES.get(p.code_civilite or ""),
        "nom": p.nom_de_famille, "prenom": p.prenom,
        "adresse": " ".join(a.lignes) if a else None,
        "code_postal": a.code_postal if a else None,
        "ville": (a.ll_postal or a.commune_etrangere) if a else None,
        "pays": a.code_pays if a else None,
        "tel_personnel": p.tel_personnel, "tel_portable": p.tel_portable,
        "tel_professionnel": p.tel_professionnel, "email": p.email,
        "profession": p.code_profession,
        "communication_adresse": {"1": "oui", "0": "non"}.get(p.communication_adresse or ""),
        "paie_frais": {"1": "oui", "0": "non"}.get(link.paie_frais_scolaires or ""),
    }
    return {prefix + k: v for k, v in values.items()}


def write_template(path: str | Path, rows: list[dict]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "dossiers"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        sheet.append([row.get(c) for c in COLUMNS])
    sheet.freeze_panes = "C2"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
