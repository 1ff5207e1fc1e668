"""The writer: dossiers become ``IMPORT_ELEVES`` (import schema 3.1), zipped and named.

Every document is validated against the project's own copy of the import schema before a
single byte is written; values the checks let through but the schema refuses are caught
here and keep their student out (finding SCHEM), so the file that goes out always validates.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import etree

from . import settings
from .adresse import split_address
from .errors import UnusableInput
from .modele import CONTACT, EN_CHARGE, LEGAL, Adresse, Dossier, Personne
from .safexml import safe_parser
from .validation import load_schema

BOOL = {"1": "true", "0": "false"}
MAX_ID = 99999


@dataclass
class Envoi:
    """What one send is: school, year, send number, program name, dates, encoding."""

    uaj: str
    annee: str
    num_envoi: int
    logiciel: str
    date_deb_sco: str
    encodage: str = "utf-8"
    moment: datetime | None = None

    @property
    def nom(self) -> str:
        """``{UAJ}PRIVE{AAAA}{AAMMJJhhmmss}``: the zip's and the XML's base name."""
        moment = self.moment or datetime.now()
        return f"{self.uaj}PRIVE{self.annee}{moment:%y%m%d%H%M%S}"


def check_logiciel(logiciel: str) -> str:
    value = (logiciel or "").strip()
    if not 1 <= len(value) <= 10:
        raise UnusableInput(
            f"Le nom du logiciel « {logiciel} » doit compter de 1 à 10 caractères ; gardez "
            "celui des envois précédents de l'établissement."
        )
    return value


# Private ids


def assign_ids(existing: dict[str, int], wanted: list[tuple[str, int | None]]) -> dict[str, int]:
    """Give each key an id in 1–99999, unique, stable from run to run.

    ``wanted`` lists (key, id SIECLE already knows or None) in a stable order. An id SIECLE
    knows is kept; else the one remembered from an earlier run; else the smallest free one.
    """
    result: dict[str, int] = {}
    taken: set[int] = set()
    for key, known in wanted:
        if known is not None and 0 <= known <= MAX_ID and known not in taken:
            result[key] = known
            taken.add(known)
    for key, _ in wanted:
        remembered = existing.get(key)
        if key not in result and remembered is not None and remembered not in taken:
            result[key] = remembered
            taken.add(remembered)
    candidate = 1
    for key, _ in wanted:
        if key in result:
            continue
        while candidate in taken:
            candidate += 1
        if candidate > MAX_ID:
            raise UnusableInput("Plus de 99 999 identifiants nécessaires : envoi impossible.")
        result[key] = candidate
        taken.add(candidate)
    return result


# XML


def _add(parent: etree._Element, tag: str, value: object) -> etree._Element | None:
    if value is None or value == "":
        return None
    child = etree.SubElement(parent, tag)
    child.text = str(value)
    return child


def _lines(adresse: Adresse | None) -> list[str] | None:
    """The lines to write, or None when the address cannot be written."""
    if adresse is None or not adresse.code_pays:
        return None
    lines = split_address("\n".join(adresse.lignes))
    if lines is None:
        return None
    if adresse.code_pays == "100":
        return lines if adresse.code_postal and adresse.ll_postal else None
    return lines if adresse.commune_etrangere else None


def _address(parent: etree._Element, adresse: Adresse | None) -> bool:
    """Write ADRESSE when the address can be written; say whether it was."""
    lines = _lines(adresse)
    if lines is None:
        return False
    node = etree.SubElement(parent, "ADRESSE")
    for number, line in enumerate(lines, 1):
        _add(node, f"LIGNE{number}_ADRESSE", line)
    if adresse.code_pays == "100":
        _add(node, "CODE_POSTAL", adresse.code_postal)
        _add(node, "LL_POSTAL", adresse.ll_postal)
    else:
        _add(node, "COMMUNE_ETRANGERE", adresse.commune_etrangere)
    _add(node, "CODE_PAYS", adresse.code_pays)
    return True


def _bool(value: str | None) -> str | None:
    return BOOL.get(value) if value is not None else None


def _personne(parent: etree._Element, person: Personne, id_prv: int) -> None:
    node = etree.SubElement(parent, "PERSONNE")
    _add(node, "ID_PRV_PER", id_prv)
    _add(node, "CODE_CIVILITE", person.code_civilite)
    _add(node, "NOM_DE_FAMILLE", person.nom_de_famille)
    _add(node, "NOM_USAGE", person.nom_usage)
    _add(node, "PRENOM", person.prenom)
    if _address(node, person.adresse):
        _add(node, "COMMUNICATION_ADRESSE", _bool(person.communication_adresse))
    _add(node, "CODE_PROFESSION", person.code_profession)
    _add(node, "TEL_PERSONNEL", person.tel_personnel)
    _add(node, "TEL_PROFESSIONNEL", person.tel_professionnel)
    _add(node, "TEL_PORTABLE", person.tel_portable)
    _add(node, "ACCEPTE_SMS", _bool(person.accepte_sms))
    _add(node, "EMAIL", person.email)
    _add(node, "ENFANT_A_CHARGE", person.enfant_a_charge)


def _eleve(parent: etree._Element, d: Dossier, id_ele: int, per_ids: dict[str, int],
           envoi: Envoi) -> None:
    e = d.eleve
    node = etree.SubElement(parent, "ELEVE")
    leaving = d.sortie is not None
    if leaving:
        _add(node, "CODE_MOTIF_SORTIE", d.sortie.get("code_motif_sortie"))
        _add(node, "DATE_SORTIE", d.sortie.get("date_sortie"))
    _add(node, "ID_PRV_ELE", id_ele)
    for tag in ("ID_NATIONAL", "INE_BEA", "INE_RNIE", "NOM_DE_FAMILLE", "NOM_USAGE", "PRENOM",
                "PRENOM2", "PRENOM3", "CODE_PAYS_NAT", "DATE_NAISS", "CODE_SEXE", "CODE_PAYS"):
        _add(node, tag, e.get(tag.lower()))
    if e.get("code_pays") == "100":
        _add(node, "CODE_COMMUNE_INSEE_NAISS", e.get("code_commune_insee_naiss"))
    else:
        _add(node, "VILLE_NAISS", e.get("ville_naiss"))
    _add(node, "DATE_ENTREE", e.get("date_entree"))
    _address(node, d.adresse)
    for tag in ("TEL_PERSONNEL", "TEL_PROFESSIONNEL", "TEL_PORTABLE"):
        _add(node, tag, e.get(tag.lower()))
    _add(node, "ACCEPTE_SMS", _bool(e.get("accepte_sms")))
    _add(node, "EMAIL", e.get("email"))
    _add(node, "ADHESION_TRANSPORT", _bool(e.get("adhesion_transport")))
    _add(node, "CODE_REGIME", e.get("code_regime"))
    _add(node, "DOUBLEMENT", _bool(e.get("doublement")))
    _bourses(node, d)
    if leaving:
        return
    _responsables(node, d, per_ids)
    _scolarite(node, d, envoi)
    _an_dernier(node, d)


def _bourses(node: etree._Element, d: Dossier) -> None:
    """BOURSES, for the grants whose number of shares is known (two at most)."""
    grants = [(code, d.parts_bourses[code]) for code in dict.fromkeys(d.bourses)
              if code in d.parts_bourses][:2]
    if not grants:
        return
    holder = etree.SubElement(node, "BOURSES")
    for code, parts in grants:
        grant = etree.SubElement(holder, "BOURSE")
        _add(grant, "CODE_BOURSE", code)
        _add(grant, "NB_PART", parts)


def _responsables(node: etree._Element, d: Dossier, per_ids: dict[str, int]) -> None:
    holder = etree.SubElement(node, "RESPONSABLES_ELEVE")
    for niveau in (LEGAL, EN_CHARGE, CONTACT):
        for link in (l for l in d.liens if l.niveau == niveau):
            child = etree.SubElement(holder, niveau)
            _add(child, "ID_PRV_PER", per_ids[link.personne.cle])
            _add(child, "CODE_PARENTE", link.code_parente)
            if niveau == CONTACT:
                continue
            _add(child, "PAIE_FRAIS_SCOLAIRES", _bool(link.paie_frais_scolaires))
            _add(child, "HEBERGE_ELEVE", _bool(link.heberge_eleve))
            if niveau == LEGAL:
                _add(child, "PERCOIT_LES_AIDES", _bool(link.percoit_les_aides))
            _add(child, "A_CONTACTER_EN_PRIORITE", _bool(link.a_contacter_en_priorite))


def _scolarite(node: etree._Element, d: Dossier, envoi: Envoi) -> None:
    s = d.scolarite
    child = etree.SubElement(node, "SCOLARITE_ACTIVE")
    _add(child, "CODE_MEF", s.get("code_mef"))
    _add(child, "CODE_DIVISION", s.get("code_division"))
    # ST ("scolaire") is the status of a pupil enrolled in the school (import facts).
    _add(child, "CODE_STATUT", s.get("code_statut") or "ST")
    _add(child, "DATE_DEB_SCO", envoi.date_deb_sco)
    _add(child, "DATE_FIN_SCO", s.get("date_fin_sco"))
    _add(child, "ARRET_FORMATION", _bool(s.get("arret_formation")))
    options = etree.SubElement(child, "OPTIONS")
    for code, modality in d.options:
        option = etree.SubElement(options, "OPTION")
        _add(option, "CODE_MATIERE", code)
        _add(option, "CODE_MODALITE_ELECT", modality)


def _an_dernier(node: etree._Element, d: Dossier) -> None:
    a = d.an_dernier
    child = etree.SubElement(node, "ETABLISSEMENT_AN_DERNIER")
    if a.get("code_rne"):
        _add(child, "CODE_RNE", a.get("code_rne"))
    else:  # the school unknown, its département may be
        _add(child, "CODE_DEPARTEMENT", a.get("code_departement"))
    _add(child, "CODE_PROVENANCE", a.get("code_provenance"))
    _add(child, "CODE_MEF", a.get("code_mef"))
    _add(child, "TYPE_MEF", a.get("type_mef"))
    division = a.get("code_division")
    if division and len(division) <= 8:
        _add(child, "CODE_DIVISION", division)
    for tag in ("CODE_STATUT", "DATE_DEB_SCO", "DATE_FIN_SCO"):
        _add(child, tag, a.get(tag.lower()))
    # OPTIONS_AN_DERNIER is required but may be empty. The exports' 6-character subject
    # codes do not fit its 5-character type: only codes given as such are written.
    options = etree.SubElement(child, "OPTIONS_AN_DERNIER")
    for code in [c for c in d.options_an_dernier if c and len(c) <= 5][:12]:
        _add(options, "CODE_MATIERE", code)


def build_document(dossiers: list[Dossier], envoi: Envoi, ele_ids: dict[str, int],
                   per_ids: dict[str, int]) -> etree._Element:
    """The ``IMPORT_ELEVES`` tree for ``dossiers`` (all assumed unblocked)."""
    root = etree.Element("IMPORT_ELEVES", VERSION=settings.IMPORT_SCHEMA_VERSION)
    params = etree.SubElement(root, "PARAMETRES")
    _add(params, "UAJ", envoi.uaj)
    _add(params, "ANNEE_SCOLAIRE", envoi.annee)
    _add(params, "DATE_IMPORT", f"{(envoi.moment or datetime.now()):%d/%m/%Y}")
    _add(params, "NUM_ENVOI", envoi.num_envoi)
    _add(params, "LOGICIEL", envoi.logiciel)
    data = etree.SubElement(root, "DONNEES")
    personnes = etree.SubElement(data, "PERSONNES")
    eleves = etree.SubElement(data, "ELEVES")
    written: set[str] = set()
    for d in dossiers:
        if d.sortie is None:
            for link in d.liens:
                if link.personne.cle not in written:
                    written.add(link.personne.cle)
                    _personne(personnes, link.personne, per_ids[link.personne.cle])
        _eleve(eleves, d, ele_ids[d.cle], per_ids, envoi)
    return root


def serialise(root: etree._Element, encoding: str) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding=encoding.upper(),
                          pretty_print=True)


def schema_errors(xml: bytes, built: etree._Element | None = None) -> list[tuple[int, str]]:
    """(line, message) of every schema error in ``xml``.

    ``built``, the tree ``xml`` was serialised from, validates the same and spares parsing
    ``xml`` again; it is parsed only to give the lines of errors.
    """
    schema = load_schema()
    if built is not None and schema.validate(built):
        return []
    tree = etree.fromstring(xml, safe_parser(huge_tree=True))
    if schema.validate(tree):
        return []
    return [(error.line, error.message) for error in schema.error_log]


def offending_students(xml: bytes, errors: list[tuple[int, str]]) -> dict[str, list[str]]:
    """ID_PRV_ELE → messages, for the students whose part of ``xml`` the schema refused.

    An error inside a PERSONNE is charged to every student linked to that person.
    """
    tree = etree.fromstring(xml, safe_parser(huge_tree=True))
    by_line: dict[int, etree._Element] = {}
    for element in tree.iter():
        by_line.setdefault(element.sourceline, element)
    students: dict[str, list[str]] = {}
    for line, message in errors:
        element = by_line.get(line)
        while element is not None and element.tag not in ("ELEVE", "PERSONNE"):
            element = element.getparent()
        if element is None:
            continue
        if element.tag == "ELEVE":
            students.setdefault(element.findtext("ID_PRV_ELE"), []).append(message)
            continue
        person = element.findtext("ID_PRV_PER")
        for eleve in tree.iter("ELEVE"):
            if person in [n.text for n in eleve.iter("ID_PRV_PER")]:
                students.setdefault(eleve.findtext("ID_PRV_ELE"), []).append(message)
    return students


def write_zip(xml: bytes, envoi: Envoi, folder: str | os.PathLike) -> Path:
    """Write ``{nom}.zip`` holding ``{nom}.xml`` in ``folder``, all or nothing."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = envoi.nom
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.xml", xml)
    target = folder / f"{name}.zip"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".envoi-", suffix=".zip")
    with os.fdopen(fd, "wb") as handle:
        handle.write(buffer.getvalue())
    os.replace(tmp, target)
    return target
