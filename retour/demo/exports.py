"""The three SIECLE XML exports of the demo school, and their zips."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Callable, Iterable, Sequence

from .donnees import (_BOURSES, _CIVILITES, _COMMON_HOURS, _GREC, _LATIN, _LV1, _LV2, _MATIERES,
                      _MEF_ROWS, _MODALITES, _MOTIFS_SORTIE, _PARENTES, _PROFESSIONS, _PROVENANCES,
                      _REGIMES, _STATUTS, DATE_EXPORT, DEMO_ANNEE, DEMO_UAJ, EXPORT_FILES,
                      MEF_CODES)
from .classes import Address, DemoSchool, Link, Person, Student, _fr


# XML writing

_DECLARATION = '<?xml version="1.0" encoding="ISO-8859-15"?>\n'
_INDENTS = ["  " * depth for depth in range(16)]


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_UNSAFE = re.compile("[&<>]")


class _Xml:
    """A tiny indented XML writer: ``None`` omits an element, ``""`` writes it empty."""

    def __init__(self) -> None:
        self.parts: list[str] = [_DECLARATION]
        self.depth = 0

    def open(self, tag: str, **attrs: object) -> None:
        extra = "".join([f' {k}="{_escape(str(v))}"' for k, v in attrs.items()]) if attrs else ""
        self.parts.append(f"{_INDENTS[self.depth]}<{tag}{extra}>\n")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.parts.append(f"{_INDENTS[self.depth]}</{tag}>\n")

    def leaves(self, pairs: Iterable[tuple[str, object]]) -> None:
        indent = _INDENTS[self.depth]
        self.parts.append("".join([
            f"{indent}<{tag}>{_escape(v) if type(v) is str and _UNSAFE.search(v) else v}</{tag}>\n"
            for tag, v in pairs if v is not None
        ]))  # fmt: skip

    def item(self, tag: str, pairs: Iterable[tuple[str, object]], **attrs: object) -> None:
        self.open(tag, **attrs)
        self.leaves(pairs)
        self.close(tag)

    def section(self, tag: str, items: Sequence, write: Callable[[_Xml, object], None]) -> None:
        if not items:
            self.parts.append(f"{_INDENTS[self.depth]}<{tag} />\n")
            return
        self.open(tag)
        for item in items:
            write(self, item)
        self.close(tag)

    def to_bytes(self) -> bytes:
        return "".join(self.parts).encode("iso8859_15")


def _root(root: str, version: str, clock: str) -> _Xml:
    xml = _Xml()
    xml.open(root, VERSION=version)
    xml.item("PARAMETRES", [
        ("UAJ", DEMO_UAJ), ("ANNEE_SCOLAIRE", DEMO_ANNEE), ("DATE_EXPORT", _fr(DATE_EXPORT)),
        ("HORODATAGE", f"{_fr(DATE_EXPORT)} {clock}"),
    ])  # fmt: skip
    xml.open("DONNEES")
    return xml


def _finish(xml: _Xml, root: str) -> bytes:
    xml.close("DONNEES")
    xml.close(root)
    return xml.to_bytes()


def _codes(tag: str, key: str, table: dict, fields: Sequence[str]) -> Callable:
    """A writer of one nomenclature item: key as attribute, then the labels."""

    def write(xml: _Xml, code: str) -> None:
        xml.item(tag, zip(fields, table[code]), **{key: code})

    return write


def _write_mef(xml: _Xml, level: int) -> None:
    formation, long, edition, mefstat, opened = _MEF_ROWS[level]
    code = MEF_CODES[level]
    xml.item("MEF", [
        ("FORMATION", formation), ("LIBELLE_LONG", long), ("LIBELLE_EDITION", edition),
        ("STATUT_MEF", 1), ("MEF_RATTACHEMENT", code), ("CODE_MEFSTAT", mefstat),
        ("NB_OPT_OBLIG", 1 if level == 6 else 2), ("NB_OPT_MINI", 1 if level == 6 else 2),
        ("RENFORCEMENT_LANGUES", 0), ("INSCRIPTION_ETAB", 1), ("MEF_ORIGINE", 1),
        ("MEF_SELECTIONNE", 1), ("MEF_SELORIG", 1), ("DATE_OUVERTURE", opened),
        ("DATE_FERMETURE", "31/12/9999"),
    ], CODE_MEF=code)  # fmt: skip


def _programmes() -> list[tuple[str, str, str, str]]:
    rows = []
    for level in (6, 5, 4, 3):
        mef = MEF_CODES[level]
        for code, hours in _COMMON_HOURS.items():
            rows.append((mef, code, "S", hours[0 if level == 6 else 1]))
        rows += [(mef, code, "O", "4.00" if level == 6 else "3.00") for code in _LV1]
        if level <= 5:
            rows += [(mef, code, "O", "2.50") for code in _LV2]
            rows += [(mef, _LATIN, "F", "1.00" if level == 5 else "2.00")]
            rows += [(mef, _GREC, "F", "1.00" if level == 5 else "2.00")]
    return rows


def _options_obligatoires() -> list[tuple[str, str, int]]:
    rows = []
    for level in (6, 5, 4, 3):
        rows += [(MEF_CODES[level], code, 1) for code in _LV1]
        if level <= 5:
            rows += [(MEF_CODES[level], code, 2) for code in _LV2]
    return rows


def nomenclature_xml() -> bytes:
    """The Nomenclature export of the demo school (it does not depend on the seed)."""
    xml = _root("BEE_NOMENCLATURES", "3.1", EXPORT_FILES["Nomenclature.xml"][1])
    labels = ("LIBELLE_COURT", "LIBELLE_LONG")
    xml.section("MEFS", (6, 5, 4, 3), _write_mef)
    xml.section("MATIERES", list(_MATIERES), _codes("MATIERE", "CODE_MATIERE", _MATIERES, (
        "CODE_GESTION", "LIBELLE_COURT", "LIBELLE_LONG", "LIBELLE_EDITION", "MATIERE_ETP")))
    xml.section("PROGRAMMES", _programmes(), lambda x, r: x.item("PROGRAMME", zip(
        ("CODE_MEF", "CODE_MATIERE", "CODE_MODALITE_ELECT", "HORAIRE"), r)))
    xml.section("OPTIONS_OBLIGATOIRES", _options_obligatoires(), lambda x, r: x.item(
        "OPTION_OBLIGATOIRE", zip(("CODE_MEF", "CODE_MATIERE", "RANG_OPTION"), r)))
    blocks = (
        ("MODALITES_ELECTION", "MODALITE_ELECTION", "CODE_MODALITE_ELECT", _MODALITES, labels),
        ("REGIMES", "REGIME", "CODE_REGIME", _REGIMES, labels),
        ("LIENS_PARENTE", "LIEN_PARENTE", "CODE_PARENTE", _PARENTES, labels),
        ("BOURSES", "BOURSE", "CODE_BOURSE", _BOURSES, labels + ("BOURSE_NATIONALE",)),
        ("PROFESSIONS", "PROFESSION", "CODE_PROFESSION", _PROFESSIONS, labels),
        ("PROVENANCES", "PROVENANCE", "CODE_PROVENANCE", _PROVENANCES, labels),
        ("MOTIFS_SORTIE", "MOTIF_SORTIE", "CODE_MOTIF_SORTIE", _MOTIFS_SORTIE, labels),
        ("STATUTS_ELEVE", "STATUT_ELEVE", "CODE_STATUT", _STATUTS, labels),
        ("CIVILITES", "CIVILITE", "CODE_CIVILITE", _CIVILITES, labels),
    )
    for container, tag, key, table, fields in blocks:
        xml.section(container, list(table), _codes(tag, key, table, fields))
    return _finish(xml, "BEE_NOMENCLATURES")


def _siecle_phone(digits: str | None, plus: bool) -> str | None:
    if not digits:
        return None
    return "+33" + digits[1:] if plus else digits


def _eleve_fields(s: Student) -> list[tuple[str, object]]:
    plus = s.elenoet % 3 != 0
    return [
        ("ID_NATIONAL", s.ine), ("INE_RNIE", s.ine if s.rnie else None),
        ("ELENOET", s.elenoet), ("ID_ELEVE_ETAB", f"{s.elenoet:05d}{DEMO_UAJ[1:-1]}"),
        ("ID_PRV_ELE", s.id_prv), ("NOM_DE_FAMILLE", s.nom), ("NOM_USAGE", s.nom_usage),
        ("PRENOM", s.prenom), ("PRENOM2", s.prenom2), ("PRENOM3", s.prenom3),
        ("DATE_NAISS", _fr(s.birth)), ("DOUBLEMENT", int(s.repeating)),
        ("TEL_PORTABLE", _siecle_phone(s.mobile, plus)), ("CODE_PAYS", s.birth_country),
        ("ACCEPTE_SMS", int(s.sms)), ("DATE_MODIFICATION", _fr(s.modified)),
        ("MEL", s.email), ("CODE_REGIME", s.regime), ("DATE_ENTREE", _fr(s.entry)),
        ("VILLE_NAISS", s.birth_city or ""), ("ADRESSE_ID", s.home.id),
        ("CODE_SEXE", s.sex), ("CODE_PAYS_NAT", s.nationality), ("CODE_STATUT", "ST"),
        ("CODE_MEF", MEF_CODES[s.level]), ("CODE_DEPARTEMENT_NAISS", s.birth_dept),
        ("CODE_COMMUNE_INSEE_NAISS", s.birth_insee),
        ("ADHESION_TRANSPORT", int(s.transport)), ("CODE_PROVENANCE", s.provenance),
    ]  # fmt: skip


def _scolarite_fields(s: Student) -> list[tuple[str, object]]:
    school = s.prev_school
    return [
        ("CODE_MEF", s.prev_mef), ("CODE_STRUCTURE", s.prev_division),
        ("CODE_RNE", school.uaj), ("CODE_NATURE", school.nature), ("SIGLE", school.sigle),
        ("DENOM_PRINC", school.denom), ("DENOM_COMPL", school.compl),
        ("LIGNE1_ADRESSE", school.street), ("BOITE_POSTALE", ""),
        ("MEL", f"ce.{school.uaj}@ac-demo.example"), ("TELEPHONE", school.phone),
        ("CODE_COMMUNE_INSEE", school.insee), ("LL_COMMUNE_INSEE", school.commune),
    ]  # fmt: skip


def _write_eleve(xml: _Xml, s: Student) -> None:
    xml.open("ELEVE", ELEVE_ID=s.eleve_id, ELENOET=s.elenoet)
    xml.leaves(_eleve_fields(s))
    xml.item("SCOLARITE_AN_DERNIER", _scolarite_fields(s))
    xml.close("ELEVE")


def _write_options(xml: _Xml, s: Student) -> None:
    xml.open("OPTION", ELEVE_ID=s.eleve_id, ELENOET=s.elenoet)
    for number, code in enumerate(s.siecle_options, 1):
        modalite = "F" if code in (_LATIN, _GREC) else "O"
        xml.item("OPTIONS_ELEVE", [
            ("NUM_OPTION", number), ("CODE_MODALITE_ELECT", modalite), ("CODE_MATIERE", code),
        ])  # fmt: skip
    xml.close("OPTION")


def _structures(s: Student) -> list[tuple[str, str]]:
    division = [(s.division, "D")] if s.in_division else []
    groups = [(code, "G") for code in s.groups]
    return groups + division if s.group_first else division + groups


def _write_structures(xml: _Xml, s: Student) -> None:
    xml.open("STRUCTURES_ELEVE", ELEVE_ID=s.eleve_id, ELENOET=s.elenoet)
    for code, kind in _structures(s):
        xml.item("STRUCTURE", [("CODE_STRUCTURE", code), ("TYPE_STRUCTURE", kind)])
    xml.close("STRUCTURES_ELEVE")


def _write_bourse(xml: _Xml, s: Student) -> None:
    xml.item("BOURSE", [("CODE_BOURSE", s.bourse)], ELEVE_ID=s.eleve_id, ELENOET=s.elenoet)


def _write_address(xml: _Xml, a: Address) -> None:
    commune = a.commune
    foreign = commune.pays != "100"
    lines = a.lines()
    xml.item("ADRESSE", [
        ("LIGNE1_ADRESSE", lines[0]), ("LIGNE2_ADRESSE", lines[1]),
        ("LIGNE3_ADRESSE", lines[2]), ("LIGNE4_ADRESSE", lines[3]),
        ("COMMUNE_ETRANGERE", commune.postal if foreign else ""),
        ("CODE_POSTAL", "" if foreign else commune.cp), ("CODE_PAYS", commune.pays),
        ("CODE_COMMUNE_INSEE", commune.insee), ("LL_PAYS", commune.pays_label),
        ("CODE_DEPARTEMENT", commune.dept), ("LIBELLE_POSTAL", "" if foreign else commune.postal),
    ], ADRESSE_ID=a.id)  # fmt: skip


def _unique_addresses(addresses: Iterable[Address | None]) -> list[Address]:
    seen = {a.id: a for a in addresses if a is not None}
    return [seen[key] for key in sorted(seen)]


def eleves_xml(school: DemoSchool) -> bytes:
    """The ElevesAvecAdresses export."""
    students = school.students
    xml = _root("BEE_ELEVES", "3.0", EXPORT_FILES["ElevesAvecAdresses.xml"][1])
    xml.section("ELEVES", students, _write_eleve)
    xml.section("OPTIONS", [s for s in students if s.siecle_options], _write_options)
    xml.section("STRUCTURES", [s for s in students if _structures(s)], _write_structures)
    xml.section("BOURSES", [s for s in students if s.bourse], _write_bourse)
    xml.section("ADRESSES", _unique_addresses(s.home for s in students), _write_address)
    return _finish(xml, "BEE_ELEVES")


def _person_fields(p: Person) -> list[tuple[str, object]]:
    empty = None if p.sparse else ""
    plus = p.id % 4 != 0

    def phone(digits: str | None) -> str | None:
        return _siecle_phone(digits, plus) or empty

    return [
        ("ID_PRV_PER", p.id_prv), ("LC_CIVILITE", _CIVILITES[str(p.sex)][0]),
        ("LL_CIVILITE", _CIVILITES[str(p.sex)][1]), ("NOM_DE_FAMILLE", p.nom),
        ("PRENOM", p.prenom), ("TEL_PERSONNEL", phone(p.home)),
        ("TEL_PORTABLE", phone(p.mobile)), ("ACCEPTE_SMS", int(p.sms)),
        ("TEL_PROFESSIONNEL", phone(p.work)), ("MEL", p.email or empty),
        ("COMMUNICATION_ADRESSE", int(p.communication)),
        ("ADRESSE_ID", p.address.id if p.address else None),
        ("CODE_PROFESSION", p.profession),
    ]  # fmt: skip


def _write_personne(xml: _Xml, p: Person) -> None:
    xml.item("PERSONNE", _person_fields(p), PERSONNE_ID=p.id)


def _write_link(xml: _Xml, pair: tuple[Student, Link]) -> None:
    student, link = pair
    flag = {True: "true", False: "false"}
    xml.item("RESPONSABLE_ELEVE", [
        ("ELEVE_ID", student.eleve_id), ("PERSONNE_ID", link.person.id),
        ("NIVEAU_RESPONSABILITE", link.level), ("CODE_PARENTE", link.parente),
        ("PAIE_FRAIS_SCOLAIRES", int(link.pays)), ("PERCOIT_LES_AIDES", flag[link.aides]),
        ("HEBERGE_ELEVE", flag[link.heberge]), ("A_CONTACTER_EN_PRIORITE", flag[link.priority]),
    ])  # fmt: skip


def responsables_xml(school: DemoSchool) -> bytes:
    """The ResponsablesAvecAdresses export."""
    persons = school.persons()
    links = [(s, link) for s in school.students for link in s.links]
    xml = _root("BEE_RESPONSABLES", "2.1", EXPORT_FILES["ResponsablesAvecAdresses.xml"][1])
    xml.section("PERSONNES", persons, _write_personne)
    xml.section("RESPONSABLES", links, _write_link)
    xml.section("ADRESSES", _unique_addresses(p.address for p in persons), _write_address)
    return _finish(xml, "BEE_RESPONSABLES")


# Files

_ZIP_LEVEL = 1  # fast, and an export still shrinks about 25 times


def _zip(members: dict[str, bytes], when: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compresslevel=_ZIP_LEVEL) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def _export_zip(name: str, data: bytes) -> bytes:
    hours, minutes, seconds = (int(p) for p in EXPORT_FILES[name][1].split(":"))
    when = (DATE_EXPORT.year, DATE_EXPORT.month, DATE_EXPORT.day, hours, minutes, seconds)
    return _zip({name: data}, when)
