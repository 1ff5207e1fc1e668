"""Reconciliation: SIECLE's students and the campaign rows become dossiers.

Rows match SIECLE by INE; a row without INE by normalised name, first name and birth
date. Each campaign row and each SIECLE student ends in exactly one dossier. Identity
fields of a student SIECLE knows are never overwritten: a difference is reported (ELNOM,
DNAIS) and SIECLE's value kept, since SIECLE refuses an identity changed by an import.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from .campagne import split_options
from .modele import CONTACT, LEGAL, NIVEAUX, Adresse, Dossier, Lien, Personne
from .nomenclature import Nomenclature
from .normalise import fold, is_blank
from .responsables import (CIVILITES, RESPONSABLE_PREFIXES, drop_incomplete_contacts,
                           overlay_responsable)
from .siecle import Export
from .valeurs import boolean, country, equivalent, french_date, iso_date, phone, text

IDENTITY = {"nom": "nom_de_famille", "prenom": "prenom", "prenom2": "prenom2", "prenom3": "prenom3"}
# SIECLE side


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts; a missing or blank value is None, but "" (present, empty) stays.

    Built column by column: ``DataFrame.to_dict("records")`` boxes every cell, slowly.
    """
    columns = list(frame.columns)
    values = [[v if v.__class__ is str and (not v or not v.isspace()) else _present(v)
               for v in frame[c].tolist()] for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)] if columns else [
        {} for _ in range(len(frame))]


def _present(value: object) -> object:
    if value.__class__ is str:
        return value if not value or not value.isspace() else None
    return None if is_blank(value) else value


def _address(row: dict | None) -> Adresse | None:
    if not row:
        return None
    lines = [text(row.get(f"ligne{i}_adresse")) for i in range(1, 5)]
    lines = [line for line in lines if line]
    foreign = text(row.get("commune_etrangere"))
    result = Adresse(
        lignes=lines,
        code_postal=text(row.get("code_postal")),
        ll_postal=text(row.get("libelle_postal")) or text(row.get("ll_postal")),
        commune_etrangere=foreign,
        code_pays=text(row.get("code_pays")),
    )
    if not (lines or result.code_postal or foreign):
        return None
    return result


class SiecleIndex:
    """SIECLE's students and responsables, indexed for matching."""

    def __init__(self, eleves: Export, responsables: Export | None) -> None:
        self.eleves = _records(eleves["eleves"])
        self.by_id = {row["eleve_id"]: row for row in self.eleves}
        self.by_ine: dict[str, list[dict]] = defaultdict(list)
        self.by_identity: dict[tuple, list[dict]] = defaultdict(list)
        for row in self.eleves:
            ines = {row.get(c) for c in ("id_national", "ine_rnie", "ine_bea") if row.get(c)}
            for ine in ines:
                self.by_ine[str(ine).upper()].append(row)
            key = (fold(row.get("nom_de_famille")), fold(row.get("prenom")),
                   iso_date(row.get("date_naiss")))
            self.by_identity[key].append(row)

        self.last_year = {r["eleve_id"]: r for r in _records(eleves["scolarite_an_dernier"])}
        self.options: dict[str, list[dict]] = defaultdict(list)
        for row in _records(eleves["options"]):
            self.options[row["eleve_id"]].append(row)
        self.bourses: dict[str, list[str]] = defaultdict(list)
        for row in _records(eleves["bourses"]):
            if row.get("code_bourse"):
                self.bourses[row["eleve_id"]].append(row["code_bourse"])
        self.student_addresses = {r["adresse_id"]: r for r in _records(eleves["adresses"])}

        self.persons: dict[str, Personne] = {}
        self.links: dict[str, list[dict]] = defaultdict(list)
        if responsables is not None:
            addresses = {r["adresse_id"]: r for r in _records(responsables["adresses"])}
            for row in _records(responsables["personnes"]):
                self.persons[row["personne_id"]] = _person(row, addresses)
            for row in _records(responsables["responsables"]):
                self.links[row["eleve_id"]].append(row)

    def links_of(self, eleve_id: str) -> list[Lien]:
        links = []
        for row in self.links.get(eleve_id, []):
            person = self.persons.get(row["personne_id"])
            niveau = NIVEAUX.get(str(row.get("niveau_responsabilite") or ""))
            if person is None or niveau is None:
                continue
            links.append(Lien(
                personne=person,
                niveau=niveau,
                code_parente=text(row.get("code_parente")),
                paie_frais_scolaires=boolean(row.get("paie_frais_scolaires")),
                heberge_eleve=boolean(row.get("heberge_eleve")),
                percoit_les_aides=boolean(row.get("percoit_les_aides")),
                a_contacter_en_priorite=boolean(row.get("a_contacter_en_priorite")),
            ))
        order = {LEGAL: 0, "PERSONNE_EN_CHARGE": 1, CONTACT: 2}
        return sorted(links, key=lambda link: order[link.niveau])


def _person(row: dict, addresses: dict) -> Personne:
    civilite = CIVILITES.get(fold(row.get("lc_civilite")).replace(" ", ""))
    id_prv = row.get("id_prv_per")
    return Personne(
        cle=f"P{row['personne_id']}",
        personne_id=row["personne_id"],
        id_prv_per=int(id_prv) if id_prv and str(id_prv).isdigit() else None,
        code_civilite=civilite,
        nom_de_famille=text(row.get("nom_de_famille")),
        nom_usage=text(row.get("nom_usage")),
        prenom=text(row.get("prenom")),
        adresse=_address(addresses.get(row.get("adresse_id"))),
        communication_adresse=boolean(row.get("communication_adresse")),
        code_profession=text(row.get("code_profession")),
        tel_personnel=phone(row.get("tel_personnel")),
        tel_professionnel=phone(row.get("tel_professionnel")),
        tel_portable=phone(row.get("tel_portable")),
        accepte_sms=boolean(row.get("accepte_sms")),
        email=text(row.get("mel")),
    )


def dossier_from_siecle(row: dict, index: SiecleIndex) -> Dossier:
    """SIECLE's record of one student, in the import's terms."""
    eleve_id = row["eleve_id"]
    id_prv = row.get("id_prv_ele")
    eleve = {
        "id_prv_ele": id_prv if id_prv and str(id_prv).isdigit() else None,
        "id_national": text(row.get("id_national")),
        "ine_bea": text(row.get("ine_bea")),
        "ine_rnie": text(row.get("ine_rnie")),
        "nom_de_famille": text(row.get("nom_de_famille")),
        "nom_usage": text(row.get("nom_usage")),
        "prenom": text(row.get("prenom")),
        "prenom2": text(row.get("prenom2")),
        "prenom3": text(row.get("prenom3")),
        "code_pays_nat": text(row.get("code_pays_nat")),
        "date_naiss": iso_date(row.get("date_naiss")),
        "code_sexe": text(row.get("code_sexe")),
        "code_pays": text(row.get("code_pays")),
        "code_commune_insee_naiss": text(row.get("code_commune_insee_naiss")),
        "ville_naiss": text(row.get("ville_naiss")),
        "date_entree": iso_date(row.get("date_entree")),
        "tel_personnel": phone(row.get("tel_personnel")),
        "tel_professionnel": phone(row.get("tel_professionnel")),
        "tel_portable": phone(row.get("tel_portable")),
        "accepte_sms": boolean(row.get("accepte_sms")),
        "email": text(row.get("mel")),
        "adhesion_transport": boolean(row.get("adhesion_transport")),
        "code_regime": text(row.get("code_regime")),
        "doublement": boolean(row.get("doublement")),
    }
    last = index.last_year.get(eleve_id, {})
    options = sorted(index.options.get(eleve_id, []), key=lambda o: _int(o.get("num_option")))
    sortie = None
    if row.get("date_sortie") or row.get("code_motif_sortie"):
        sortie = {"date_sortie": iso_date(row.get("date_sortie")),
                  "code_motif_sortie": text(row.get("code_motif_sortie")),
                  "saisie_date": text(row.get("date_sortie")),
                  "saisie_motif": text(row.get("code_motif_sortie"))}
    return Dossier(
        cle=f"E{eleve_id}",
        origine="siecle",
        eleve_id=eleve_id,
        eleve=eleve,
        adresse=_address(index.student_addresses.get(row.get("adresse_id"))),
        liens=index.links_of(eleve_id),
        options_saisies=[o["code_matiere"] for o in options if o.get("code_matiere")],
        scolarite={
            "code_mef": text(row.get("code_mef")),
            "mef_saisi": text(row.get("code_mef")),
            "code_division": text(row.get("division")),
            "code_statut": text(row.get("code_statut")),
        },
        an_dernier={
            "code_rne": text(last.get("code_rne")),
            "code_provenance": text(row.get("code_provenance")),
            "code_mef": text(last.get("code_mef")),
            "code_division": text(last.get("code_structure")),
        },
        sortie=sortie,
        bourses=list(index.bourses.get(eleve_id, [])),
        siecle=row,
    )


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


# Campaign side


def _cell(row: dict, column: str) -> str | None:
    return text(row.get(column))


def _ine(row: dict) -> str | None:
    value = _cell(row, "ine")
    return value.upper().replace(" ", "") if value else None


def match_rows(rows: list[dict], index: SiecleIndex) -> dict[str, list]:
    """Group campaign rows by the dossier they feed.

    Returns key → [kind, SIECLE row or None, [campaign rows]] where kind says how the
    match was made: "ine", "identite", "nouveau", "doublon", "ambigu", "incomplet".
    """
    groups: dict[str, list] = {}
    by_ine: dict[str, list[dict]] = defaultdict(list)
    without_ine = []
    for row in rows:
        ine = _ine(row)
        (by_ine[ine].append(row) if ine else without_ine.append(row))

    for ine, same in by_ine.items():
        known = index.by_ine.get(ine, [])
        siecle_row = known[0] if len(known) == 1 else None
        key = f"E{siecle_row['eleve_id']}" if siecle_row else f"N{ine}"
        kind = "doublon" if len(same) > 1 else ("ine" if siecle_row else "nouveau")
        groups[key] = [kind, siecle_row, same]

    for row in without_ine:
        identity = (fold(row.get("nom")), fold(row.get("prenom")),
                    iso_date(row.get("date_naissance")))
        known = [r for r in index.by_identity.get(identity, [])
                 if f"E{r['eleve_id']}" not in groups] if all(identity) else []
        line = row.get("ligne")
        if len(known) == 1:
            groups[f"E{known[0]['eleve_id']}"] = ["identite", known[0], [row]]
        elif len(known) > 1:
            groups[f"L{line}"] = ["ambigu", None, [row]]
        else:
            kind = "nouveau" if _complete_identity(row) == [] else "incomplet"
            groups[f"N{'|'.join(str(p) for p in identity)}|{line}"] = [kind, None, [row]]
    return groups


IDENTITY_NEEDED = {
    "nom": "nom", "prenom": "prénom", "date_naissance": "date de naissance", "sexe": "sexe",
    "nationalite": "nationalité", "pays_naissance": "pays de naissance", "mef": "MEF",
}


def _complete_identity(row: dict) -> list[str]:
    """What a new student's row lacks to identify them (French field names)."""
    missing = [label for column, label in IDENTITY_NEEDED.items() if is_blank(row.get(column))]
    if not (_cell(row, "commune_naissance") or _cell(row, "ville_naissance")):
        missing.append("commune ou ville de naissance")
    return missing


def new_dossier(key: str, row: dict) -> Dossier:
    """A student SIECLE does not know, from the campaign row alone."""
    return Dossier(
        cle=key,
        origine="campagne",
        eleve={"id_national": _ine(row)},
        scolarite={},
        an_dernier={},
    )


def overlay(dossier: Dossier, row: dict, nomenclature: Nomenclature,
            persons: dict[str, Personne]) -> None:
    """Lay the campaign row over the dossier: a non-empty cell wins, but for identity."""
    eleve = dossier.eleve
    line = row.get("ligne")
    dossier.lignes.append(line)
    known = dossier.origine != "campagne"
    if known:
        dossier.origine = "siecle+campagne"

    # Identity
    for column, element in IDENTITY.items():
        given = _cell(row, column)
        if not given:
            continue
        current = eleve.get(element)
        if not known or not current:
            eleve[element] = given
        elif fold(given) != fold(current):
            dossier.signaler(
                "ELNOM",
                f"La campagne donne « {given} » comme {column.replace('nom', 'nom ')} "
                f"mais SIECLE a « {current} ». Le fichier garde la valeur de SIECLE : "
                "corrigez l'identité directement dans SIECLE (fiche de l'élève) si besoin.",
                element, bloquant=False,
            )
    born = iso_date(row.get("date_naissance"))
    if born:
        if known and eleve.get("date_naiss") and born != eleve["date_naiss"]:
            dossier.signaler(
                "DNAIS",
                f"La campagne donne la date de naissance {french_date(born)} mais SIECLE a "
                f"{french_date(eleve['date_naiss'])}. Le fichier garde celle de SIECLE : corrigez-la "
                "dans SIECLE si besoin.", "date_naiss", bloquant=False,
            )
        elif not eleve.get("date_naiss"):
            eleve["date_naiss"] = born

    # Civil data: a non-empty cell wins
    for column, element in (("sexe", "code_sexe"), ("nationalite", "code_pays_nat")):
        if _cell(row, column):
            eleve[element] = country(row[column]) if column == "nationalite" else _cell(row, column)
    birth_country = country(row.get("pays_naissance"))
    if birth_country:
        eleve["code_pays"] = birth_country
    if _cell(row, "commune_naissance"):
        eleve["code_commune_insee_naiss"] = _cell(row, "commune_naissance").upper()
        eleve["ville_naiss"] = None
    if _cell(row, "ville_naissance") and eleve.get("code_pays") != "100":
        if not equivalent(eleve.get("ville_naiss"), _cell(row, "ville_naissance")):
            eleve["ville_naiss"] = _cell(row, "ville_naissance")
        eleve["code_commune_insee_naiss"] = None

    # Schooling
    mef = _cell(row, "mef")
    if mef:
        dossier.scolarite["mef_saisi"] = mef
        dossier.scolarite["code_mef"] = nomenclature.resolve_mef(mef)
    if _cell(row, "division"):
        dossier.scolarite["code_division"] = _cell(row, "division")
    if _cell(row, "options"):
        dossier.options_saisies = split_options(row["options"])
    if _cell(row, "regime"):
        eleve["regime_saisi"] = _cell(row, "regime")
        eleve["code_regime"] = nomenclature.resolve_code("regimes", row["regime"])
    if _cell(row, "date_sortie") or _cell(row, "motif_sortie"):
        dossier.sortie = {
            "date_sortie": iso_date(row.get("date_sortie")),
            "saisie_date": _cell(row, "date_sortie"),
            "code_motif_sortie": nomenclature.resolve_code("motifs_sortie",
                                                           row.get("motif_sortie")),
            "saisie_motif": _cell(row, "motif_sortie"),
        }

    # Responsables
    for prefix, niveau in RESPONSABLE_PREFIXES:
        overlay_responsable(dossier, row, prefix, niveau, nomenclature, persons)


# The whole step


def build_dossiers(
    eleves: Export,
    responsables: Export | None,
    campagne_table: pd.DataFrame | None,
    nomenclature: Nomenclature,
) -> list[Dossier]:
    """Every SIECLE student and every campaign row, each in exactly one dossier."""
    index = SiecleIndex(eleves, responsables)
    persons: dict[str, Personne] = {}
    rows = _records(campagne_table) if campagne_table is not None else []
    groups = match_rows(rows, index)

    dossiers = []
    used = set()
    for key, (kind, siecle_row, group_rows) in groups.items():
        if siecle_row is not None:
            dossier = dossier_from_siecle(siecle_row, index)
            used.add(siecle_row["eleve_id"])
        else:
            dossier = new_dossier(key, group_rows[0])
        for row in group_rows:
            overlay(dossier, row, nomenclature, persons)
        _flag_match(dossier, kind, group_rows)
        dossier.rapprochement = MATCH_LABELS[kind]
        dossiers.append(dossier)

    for row in index.eleves:
        if row["eleve_id"] not in used:
            dossier = dossier_from_siecle(row, index)
            if campagne_table is not None:
                dossier.rapprochement = "absent de la campagne"
                dossier.signaler(
                    "ABSEN",
                    "Élève présent dans SIECLE mais absent de la campagne : il est envoyé "
                    "avec les données de SIECLE, inchangées. Ajoutez-le à la campagne s'il "
                    "doit changer de MEF, de division ou d'options.", bloquant=False,
                )
            dossiers.append(dossier)
    for dossier in dossiers:
        drop_incomplete_contacts(dossier)
        _derive(dossier, nomenclature)
    return dossiers


MATCH_LABELS = {
    "ine": "INE", "identite": "identité", "nouveau": "nouvel élève", "doublon": "doublon INE",
    "ambigu": "ambigu", "incomplet": "non reconnu",
}


def _flag_match(dossier: Dossier, kind: str, rows: list[dict]) -> None:
    lines = ", ".join(str(r.get("ligne")) for r in rows)
    if kind == "doublon":
        dossier.signaler(
            "IDNAT",
            f"L'INE {dossier.ine or _ine(rows[0])} apparaît sur plusieurs lignes de la "
            f"campagne ({lines}) : aucune n'est envoyée. Gardez une seule ligne par élève.",
            "id_national",
        )
    elif kind == "ambigu":
        dossier.signaler(
            "CREAT",
            f"La ligne {lines} (sans INE) correspond à plusieurs élèves de SIECLE de mêmes "
            "nom, prénom et date de naissance : indiquez l'INE de l'élève.", "id_national",
        )
    elif kind == "incomplet":
        missing = ", ".join(_complete_identity(rows[0]))
        dossier.signaler(
            "CREAT",
            f"La ligne {lines} ne correspond à aucun élève de SIECLE et son identité est "
            f"incomplète pour créer un nouvel élève (manque : {missing}). Indiquez l'INE "
            "ou complétez la ligne.", "id_national",
        )


def _derive(dossier: Dossier, nomenclature: Nomenclature) -> None:
    """Values that follow from others: repeating a year, which options go out."""
    mef = dossier.scolarite.get("code_mef")
    last_mef = dossier.an_dernier.get("code_mef")
    if mef and last_mef and dossier.origine != "siecle":
        dossier.eleve["doublement"] = "1" if mef == last_mef else "0"
    resolve_options(dossier, nomenclature)


def resolve_options(dossier: Dossier, nomenclature: Nomenclature) -> None:
    """Options as (CODE_MATIERE, CODE_MODALITE_ELECT), ranked ones first then optional ones."""
    mef = dossier.scolarite.get("code_mef")
    resolved = []
    for token in dossier.options_saisies:
        code = nomenclature.resolve_option(token)
        if code is None or not mef:
            continue
        if code in (c for c, _ in resolved):
            continue
        resolved.append((code, nomenclature.modality(mef, code) or ""))
    ranked = sorted(
        (o for o in resolved if nomenclature.rank(mef, o[0]) is not None),
        key=lambda o: nomenclature.rank(mef, o[0]),
    )
    dossier.options = ranked + [o for o in resolved if o not in ranked]
