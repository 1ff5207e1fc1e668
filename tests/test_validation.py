"""The project's import schema against the ministry's, and the French validation messages.

Every document below is built here with lxml: a minimal valid file, a maximal one (every
element the format defines, both student forms, both address forms), a few valid
variations on the edges of the rules, and mutations that each break one rule.

When ``../shared/reference`` (beside the repository) holds the ministry's corrected 3.1
schema, each document must get the same verdict from both schemas. Without it those
comparisons are skipped, and the project schema is still checked on its own: it accepts the
valid documents and rejects every mutation.
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pytest
from lxml import etree

from retour.errors import UnusableInput
from retour.validation import assert_valid_import, load_schema, validate_import

REFERENCE_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
REFERENCE_XSD = REFERENCE_DIR / "schema_Import_3.1_avec_correction.xsd"

# --------------------------------------------------------------------------------------------
# Building documents
# --------------------------------------------------------------------------------------------


def el(tag: str, *content: object) -> etree._Element:
    """An element: string content becomes its text, elements become its children."""
    node = etree.Element(tag)
    for item in content:
        if item is None:
            continue
        if isinstance(item, str):
            node.text = item
        else:
            node.append(item)  # type: ignore[arg-type]
    return node


def header(num_envoi: str = "3") -> etree._Element:
    return el(
        "PARAMETRES",
        el("UAJ", "0691234X"),
        el("ANNEE_SCOLAIRE", "2024"),
        el("DATE_IMPORT", "14/06/2024"),
        el("NUM_ENVOI", num_envoi),
        el("LOGICIEL", "RETOUR"),
    )


def french_address(*lines: str) -> etree._Element:
    return el(
        "ADRESSE",
        *[el(f"LIGNE{i}_ADRESSE", line) for i, line in enumerate(lines, start=1)],
        el("CODE_POSTAL", "69003"),
        el("LL_POSTAL", "LYON"),
        el("CODE_PAYS", "100"),
    )


def foreign_address() -> etree._Element:
    return el(
        "ADRESSE",
        el("LIGNE1_ADRESSE", "Rua das Flores 12"),
        el("COMMUNE_ETRANGERE", "PORTO"),
        el("CODE_PAYS", "139"),
    )


def small_person(person_id: str, name: str) -> etree._Element:
    return el(
        "PERSONNE",
        el("ID_PRV_PER", person_id),
        el("CODE_CIVILITE", "1"),
        el("NOM_DE_FAMILLE", name),
        el("PRENOM", "Paul"),
        el("CODE_PROFESSION", "99"),
    )


def full_person() -> etree._Element:
    return el(
        "PERSONNE",
        el("ID_PRV_PER", "1"),
        el("CODE_CIVILITE", "2"),
        el("NOM_DE_FAMILLE", "MARTIN"),
        el("NOM_USAGE", "DURAND"),
        el("PRENOM", "Claire"),
        french_address("Bâtiment B", "Résidence des Tilleuls", "12 rue Paul Bert", "BP 12"),
        el("COMMUNICATION_ADRESSE", "true"),
        el("CODE_PROFESSION", "33"),
        el("TEL_PERSONNEL", "04 72 00 00 01"),
        el("TEL_PROFESSIONNEL", "04 72 00 00 02"),
        el("TEL_PORTABLE", "06 00 00 00 03"),
        el("ACCEPTE_SMS", "1"),
        el("EMAIL", "claire.martin@example.org"),
        el("ENFANT_A_CHARGE", "2"),
    )


def legal(person_id: str, parente: str, *, full: bool = False) -> etree._Element:
    return el(
        "LEGAL",
        el("ID_PRV_PER", person_id),
        el("CODE_PARENTE", parente),
        el("PAIE_FRAIS_SCOLAIRES", "true") if full else None,
        el("HEBERGE_ELEVE", "1"),
        el("PERCOIT_LES_AIDES", "false") if full else None,
        el("A_CONTACTER_EN_PRIORITE", "0") if full else None,
    )


def options(count: int) -> etree._Element:
    return el(
        "OPTIONS",
        *[
            el(
                "OPTION",
                el("CODE_MATIERE", f"{30000 + i:06d}"),
                el("CODE_MODALITE_ELECT", "O" if i < 3 else "F"),
            )
            for i in range(count)
        ],
    )


def current_schooling(option_count: int, *, full: bool = False) -> etree._Element:
    return el(
        "SCOLARITE_ACTIVE",
        el("CODE_MEF", "10010012110"),
        el("CODE_DIVISION", "3EME A") if full else None,
        el("CODE_STATUT", "ST"),
        el("DATE_DEB_SCO", "2024-09-02"),
        el("DATE_FIN_SCO", "2025-07-05") if full else None,
        el("ARRET_FORMATION", "false") if full else None,
        options(option_count),
    )


def previous_school(*, full: bool = False, department: bool = False) -> etree._Element:
    where = el("CODE_DEPARTEMENT", "069") if department else el("CODE_RNE", "0691111A")
    if not full:
        return el("ETABLISSEMENT_AN_DERNIER", where, el("CODE_PROVENANCE", "1"),
                  el("OPTIONS_AN_DERNIER"))
    return el(
        "ETABLISSEMENT_AN_DERNIER",
        where,
        el("CODE_PROVENANCE", "1"),
        el("CODE_MEF", "10010012110"),
        el("TYPE_MEF", "1"),
        el("CODE_DIVISION", "4EME B"),
        el("CODE_STATUT", "ST"),
        el("DATE_DEB_SCO", "2023-09-04"),
        el("DATE_FIN_SCO", "2024-07-06"),
        el("OPTIONS_AN_DERNIER", *[el("CODE_MATIERE", f"{i:05d}") for i in range(12)]),
    )


def minimal_student(student_id: str = "101") -> etree._Element:
    return el(
        "ELEVE",
        el("ID_PRV_ELE", student_id),
        el("NOM_DE_FAMILLE", "PETIT"),
        el("PRENOM", "Léa"),
        el("CODE_PAYS_NAT", "100"),
        el("DATE_NAISS", "2011-03-14"),
        el("CODE_SEXE", "2"),
        el("CODE_PAYS", "100"),
        el("CODE_COMMUNE_INSEE_NAISS", "69383"),
        el("ADHESION_TRANSPORT", "false"),
        el("CODE_REGIME", "2"),
        el("DOUBLEMENT", "false"),
        el("RESPONSABLES_ELEVE", legal("1", "10")),
        current_schooling(0),
        previous_school(),
    )


def full_enrolled_student() -> etree._Element:
    return el(
        "ELEVE",
        el("ID_PRV_ELE", "101"),
        el("ID_NATIONAL", "123456789AB"),
        el("INE_BEA", "123456789BC"),
        el("INE_RNIE", "123456789CD"),
        el("NOM_DE_FAMILLE", "MARTIN"),
        el("NOM_USAGE", "DURAND"),
        el("PRENOM", "Hugo"),
        el("PRENOM2", "Jean"),
        el("PRENOM3", "Marc"),
        el("CODE_PAYS_NAT", "100"),
        el("DATE_NAISS", "2010-05-20"),
        el("CODE_SEXE", "1"),
        el("CODE_PAYS", "100"),
        el("CODE_COMMUNE_INSEE_NAISS", "2A004"),
        el("DATE_ENTREE", "2021-09-02"),
        french_address("12 rue Paul Bert"),
        el("TEL_PERSONNEL", "04 72 00 00 01"),
        el("TEL_PROFESSIONNEL", "04 72 00 00 04"),
        el("TEL_PORTABLE", "06 00 00 00 05"),
        el("ACCEPTE_SMS", "0"),
        el("EMAIL", "hugo.martin@example.org"),
        el("ADHESION_TRANSPORT", "1"),
        el("CODE_REGIME", "29"),
        el("DOUBLEMENT", "0"),
        el(
            "BOURSES",
            el("BOURSE", el("CODE_BOURSE", "N"), el("NB_PART", "4")),
            el("BOURSE", el("CODE_BOURSE", "R"), el("NB_PART", "1")),
        ),
        el(
            "RESPONSABLES_ELEVE",
            legal("1", "10", full=True),
            legal("2", "20", full=True),
            el(
                "PERSONNE_EN_CHARGE",
                el("ID_PRV_PER", "3"),
                el("CODE_PARENTE", "38"),
                el("PAIE_FRAIS_SCOLAIRES", "false"),
                el("HEBERGE_ELEVE", "false"),
                el("A_CONTACTER_EN_PRIORITE", "true"),
            ),
            el("PERSONNE_EN_CHARGE", el("ID_PRV_PER", "3"), el("CODE_PARENTE", "38"),
               el("HEBERGE_ELEVE", "false")),
            el("CONTACT", el("ID_PRV_PER", "4"), el("CODE_PARENTE", "39")),
            el("CONTACT", el("ID_PRV_PER", "3"), el("CODE_PARENTE", "90")),
        ),
        current_schooling(12, full=True),
        previous_school(full=True),
    )


def full_leaving_student() -> etree._Element:
    return el(
        "ELEVE",
        el("CODE_MOTIF_SORTIE", "12"),
        el("DATE_SORTIE", "2024-06-30"),
        el("ID_PRV_ELE", "102"),
        el("ID_NATIONAL", "987654321ZY"),
        el("INE_BEA", "987654321YX"),
        el("INE_RNIE", "987654321XW"),
        el("NOM_DE_FAMILLE", "SILVA"),
        el("NOM_USAGE", "SILVA COSTA"),
        el("PRENOM", "Inês"),
        el("PRENOM2", "Maria"),
        el("PRENOM3", "Joana"),
        el("CODE_PAYS_NAT", "139"),
        el("DATE_NAISS", "2009-11-02"),
        el("CODE_SEXE", "2"),
        el("CODE_PAYS", "139"),
        el("VILLE_NAISS", "PORTO"),
        el("DATE_ENTREE", "2022-09-01"),
        foreign_address(),
        el("TEL_PERSONNEL", "+351 22 000 0000"),
        el("TEL_PROFESSIONNEL", "+351 22 000 0001"),
        el("TEL_PORTABLE", "+351 91 000 0000"),
        el("ACCEPTE_SMS", "true"),
        el("EMAIL", "ines.silva@example.org"),
        el("ADHESION_TRANSPORT", "false"),
        el("CODE_REGIME", "0"),
        el("DOUBLEMENT", "true"),
        el("BOURSES", el("BOURSE", el("CODE_BOURSE", "N"), el("NB_PART", "6"))),
        el("RESPONSABLES_ELEVE", legal("2", "20")),
        current_schooling(2, full=True),
        previous_school(full=True, department=True),
    )


def minimal_leaving_student() -> etree._Element:
    return el(
        "ELEVE",
        el("CODE_MOTIF_SORTIE", "1"),
        el("DATE_SORTIE", "2024-01-15"),
        el("ID_PRV_ELE", "103"),
        el("NOM_DE_FAMILLE", "BERNARD"),
        el("PRENOM", "Noé"),
        el("DATE_NAISS", "2012-01-01"),
        el("CODE_PAYS", "100"),
        el("ADHESION_TRANSPORT", "false"),
        el("CODE_REGIME", "2"),
        el("DOUBLEMENT", "false"),
    )


def document(persons: list[etree._Element], students: list[etree._Element]) -> etree._Element:
    root = el(
        "IMPORT_ELEVES",
        header(),
        el("DONNEES", el("PERSONNES", *persons), el("ELEVES", *students)),
    )
    root.set("VERSION", "3.1")
    return root


def minimal() -> etree._Element:
    """The least the format allows: one person, one enrolled student."""
    return document([small_person("1", "PETIT")], [minimal_student()])


def maximal() -> etree._Element:
    """Every element of the format at least once, both student forms, both addresses."""
    second = small_person("2", "SILVA")
    second.insert(4, foreign_address())
    return document(
        [full_person(), second, small_person("3", "ROUX"), small_person("4", "BLANC")],
        [full_enrolled_student(), full_leaving_student(), minimal_leaving_student()],
    )


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --------------------------------------------------------------------------------------------
# Mutations: each takes a fresh tree and changes one thing
# --------------------------------------------------------------------------------------------

Mutation = Callable[[etree._Element], None]

ENROLLED = "DONNEES/ELEVES/ELEVE[ID_PRV_ELE='101']"
LEAVING = "DONNEES/ELEVES/ELEVE[ID_PRV_ELE='102']"
SHORT_LEAVING = "DONNEES/ELEVES/ELEVE[ID_PRV_ELE='103']"
FIRST_PERSON = "DONNEES/PERSONNES/PERSONNE[1]"


def one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path)
    assert len(found) >= 1, f"no node at {path}"
    return found[0]


def set_text(path: str, value: str) -> Mutation:
    def mutate(root: etree._Element) -> None:
        one(root, path).text = value

    return mutate


def set_attr(name: str, value: str | None) -> Mutation:
    def mutate(root: etree._Element) -> None:
        if value is None:
            del root.attrib[name]
        else:
            root.set(name, value)

    return mutate


def remove(path: str) -> Mutation:
    def mutate(root: etree._Element) -> None:
        node = one(root, path)
        node.getparent().remove(node)

    return mutate


def duplicate(path: str, times: int = 1) -> Mutation:
    def mutate(root: etree._Element) -> None:
        node = one(root, path)
        for _ in range(times):
            node.addnext(copy.deepcopy(node))

    return mutate


def insert_after(path: str, make: Callable[[], etree._Element]) -> Mutation:
    def mutate(root: etree._Element) -> None:
        one(root, path).addnext(make())

    return mutate


def append_to(path: str, make: Callable[[], etree._Element]) -> Mutation:
    def mutate(root: etree._Element) -> None:
        one(root, path).append(make())

    return mutate


def swap_with_next(path: str) -> Mutation:
    def mutate(root: etree._Element) -> None:
        node = one(root, path)
        following = node.getnext()
        node.addprevious(following)

    return mutate


def add_student(make: Callable[[], etree._Element]) -> Mutation:
    return append_to("DONNEES/ELEVES", make)


def combine(*mutations: Mutation) -> Mutation:
    def mutate(root: etree._Element) -> None:
        for mutation in mutations:
            mutation(root)

    return mutate


def renamed_root(root: etree._Element) -> None:
    root.tag = "IMPORT_ELEVE"


def namespaced_root(root: etree._Element) -> None:
    root.tag = "{urn:example:retour}IMPORT_ELEVES"


def ine_student(student_id: str, **ids: str) -> Callable[[], etree._Element]:
    """A minimal enrolled student carrying national ids, in their schema order."""

    def make() -> etree._Element:
        student = minimal_student(student_id)
        anchor = student.find("ID_PRV_ELE")
        for name in ("ID_NATIONAL", "INE_BEA", "INE_RNIE"):
            if name in ids:
                node = el(name, ids[name])
                anchor.addnext(node)
                anchor = node
        return student

    return make


@dataclass(frozen=True)
class Case:
    name: str
    base: Callable[[], etree._Element]
    mutation: Mutation | None = None

    def build(self) -> bytes:
        root = self.base()
        if self.mutation is not None:
            self.mutation(root)
        return to_bytes(root)


VALID = [
    Case("minimal", minimal),
    Case("maximal", maximal),
    Case("minimal-leaving-only", lambda: document([small_person("1", "A")],
                                                  [minimal_leaving_student()])),
    Case("bounds-ok", maximal, combine(
        set_text(f"{FIRST_PERSON}/ADRESSE/LIGNE1_ADRESSE", "x" * 38),
        set_text(f"{FIRST_PERSON}/EMAIL", "e" * 254),
        set_text(f"{FIRST_PERSON}/NOM_DE_FAMILLE", "N" * 100),
        set_text(f"{FIRST_PERSON}/TEL_PORTABLE", "0" * 20),
        set_text(f"{FIRST_PERSON}/ID_PRV_PER", "0"),
        set_text(f"{ENROLLED}/RESPONSABLES_ELEVE/LEGAL[1]/ID_PRV_PER", "0"),
        set_text("PARAMETRES/NUM_ENVOI", "99999"),
        set_text("PARAMETRES/LOGICIEL", "L" * 10),
        set_text(f"{ENROLLED}/BOURSES/BOURSE[1]/NB_PART", "99"),
        set_text(f"{FIRST_PERSON}/ENFANT_A_CHARGE", "255"),
        set_text(f"{LEAVING}/VILLE_NAISS", "V" * 32),
        set_text(f"{ENROLLED}/ID_PRV_ELE", "99999"),  # last: ENROLLED selects on the id
    )),
    Case("whitespace-in-numbers-and-version", maximal, combine(
        set_text("PARAMETRES/NUM_ENVOI", "  42\n"),
        set_text(f"{ENROLLED}/DOUBLEMENT", " true "),
        set_attr("VERSION", "   3.1   "),
    )),
    Case("empty-version", minimal, set_attr("VERSION", "")),
    Case("students-without-national-ids", maximal, combine(
        add_student(lambda: minimal_student("104")),
        add_student(lambda: minimal_student("105")),
    )),
    Case("leaving-student-with-birth-commune", maximal,
         insert_after(f"{SHORT_LEAVING}/CODE_PAYS", lambda: el("CODE_COMMUNE_INSEE_NAISS",
                                                                "75056"))),
    Case("same-person-linked-twice", maximal,
         set_text(f"{ENROLLED}/RESPONSABLES_ELEVE/LEGAL[2]/ID_PRV_PER", "1")),
    Case("unknown-person-id-in-link", minimal,
         set_text(f"{ENROLLED}/RESPONSABLES_ELEVE/LEGAL/ID_PRV_PER", "777")),
]

MUTATIONS = [
    Case("address-line-39", maximal,
         set_text(f"{FIRST_PERSON}/ADRESSE/LIGNE2_ADRESSE", "x" * 39)),
    Case("code-parente-1-char", minimal,
         set_text(f"{ENROLLED}/RESPONSABLES_ELEVE/LEGAL/CODE_PARENTE", "1")),
    Case("code-parente-3-chars", maximal,
         set_text(f"{ENROLLED}/RESPONSABLES_ELEVE/CONTACT[1]/CODE_PARENTE", "100")),
    Case("13-options", maximal,
         duplicate(f"{ENROLLED}/SCOLARITE_ACTIVE/OPTIONS/OPTION[1]")),
    Case("13-previous-options", maximal,
         duplicate(f"{ENROLLED}/ETABLISSEMENT_AN_DERNIER/OPTIONS_AN_DERNIER/CODE_MATIERE[1]")),
    Case("option-subject-7-chars", maximal,
         set_text(f"{ENROLLED}/SCOLARITE_ACTIVE/OPTIONS/OPTION[2]/CODE_MATIERE", "1234567")),
    Case("previous-option-subject-6-chars", maximal,
         set_text(f"{ENROLLED}/ETABLISSEMENT_AN_DERNIER/OPTIONS_AN_DERNIER/CODE_MATIERE[1]",
                  "123456")),
    Case("duplicate-id-prv-per", maximal,
         set_text("DONNEES/PERSONNES/PERSONNE[2]/ID_PRV_PER", "1")),
    Case("duplicate-id-prv-ele", maximal, set_text(f"{LEAVING}/ID_PRV_ELE", "101")),
    Case("duplicate-id-prv-ele-same-value", minimal,
         add_student(lambda: minimal_student("0101"))),
    Case("duplicate-id-national", maximal,
         set_text(f"{LEAVING}/ID_NATIONAL", "123456789AB")),
    Case("duplicate-ine-bea", minimal, combine(
        add_student(ine_student("201", INE_BEA="11111111111")),
        add_student(ine_student("202", INE_BEA="11111111111")),
    )),
    Case("duplicate-ine-rnie", minimal, combine(
        add_student(ine_student("201", ID_NATIONAL="22222222222", INE_RNIE="11111111111")),
        add_student(ine_student("202", INE_RNIE="11111111111")),
    )),
    Case("id-national-10-chars", maximal, set_text(f"{ENROLLED}/ID_NATIONAL", "123456789A")),
    Case("id-national-punctuation", maximal,
         set_text(f"{ENROLLED}/ID_NATIONAL", "123456789-A")),
    Case("date-import-iso", minimal, set_text("PARAMETRES/DATE_IMPORT", "2024-06-14")),
    Case("num-envoi-100000", minimal, set_text("PARAMETRES/NUM_ENVOI", "100000")),
    Case("num-envoi-negative", minimal, set_text("PARAMETRES/NUM_ENVOI", "-1")),
    Case("num-envoi-not-integer", minimal, set_text("PARAMETRES/NUM_ENVOI", "trois")),
    Case("missing-legal", minimal, remove(f"{ENROLLED}/RESPONSABLES_ELEVE/LEGAL")),
    Case("3-legal", maximal, duplicate(f"{ENROLLED}/RESPONSABLES_ELEVE/LEGAL[1]")),
    Case("legal-after-contact", maximal,
         swap_with_next(f"{ENROLLED}/RESPONSABLES_ELEVE/LEGAL[2]")),
    Case("person-in-charge-receiving-aid", maximal,
         insert_after(f"{ENROLLED}/RESPONSABLES_ELEVE/PERSONNE_EN_CHARGE[1]/HEBERGE_ELEVE",
                      lambda: el("PERCOIT_LES_AIDES", "true"))),
    Case("both-birth-commune-and-town", minimal,
         insert_after(f"{ENROLLED}/CODE_COMMUNE_INSEE_NAISS",
                      lambda: el("VILLE_NAISS", "LYON"))),
    Case("enrolled-without-birth-place", minimal,
         remove(f"{ENROLLED}/CODE_COMMUNE_INSEE_NAISS")),
    Case("birth-commune-4-chars", minimal,
         set_text(f"{ENROLLED}/CODE_COMMUNE_INSEE_NAISS", "6938")),
    Case("code-mef-10-chars", minimal,
         set_text(f"{ENROLLED}/SCOLARITE_ACTIVE/CODE_MEF", "1001001211")),
    Case("boolean-oui", minimal, set_text(f"{ENROLLED}/DOUBLEMENT", "oui")),
    Case("version-11-chars", minimal, set_attr("VERSION", "3.1.0000001")),
    Case("version-missing", minimal, set_attr("VERSION", None)),
    Case("unknown-attribute", minimal, set_attr("SOURCE", "retour")),
    Case("logiciel-11-chars", minimal, set_text("PARAMETRES/LOGICIEL", "RETOUR-2024")),
    Case("logiciel-empty", minimal, set_text("PARAMETRES/LOGICIEL", "")),
    Case("email-255-chars", maximal, set_text(f"{FIRST_PERSON}/EMAIL", "e" * 255)),
    Case("empty-nom-de-famille", minimal, set_text(f"{ENROLLED}/NOM_DE_FAMILLE", "")),
    Case("name-101-chars", minimal, set_text(f"{ENROLLED}/PRENOM", "P" * 101)),
    Case("3-bourses", maximal, duplicate(f"{LEAVING}/BOURSES/BOURSE", times=2)),
    Case("empty-bourses", maximal, remove(f"{LEAVING}/BOURSES/BOURSE")),
    Case("duplicate-code-bourse", maximal,
         set_text(f"{ENROLLED}/BOURSES/BOURSE[2]/CODE_BOURSE", "N")),
    Case("nb-part-100", maximal, set_text(f"{ENROLLED}/BOURSES/BOURSE[1]/NB_PART", "100")),
    Case("wrong-order-names", minimal, swap_with_next(f"{ENROLLED}/NOM_DE_FAMILLE")),
    Case("wrong-order-header", minimal, swap_with_next("PARAMETRES/UAJ")),
    Case("wrong-order-persons-after-students", minimal, swap_with_next("DONNEES/PERSONNES")),
    Case("unknown-element", minimal,
         insert_after(f"{ENROLLED}/PRENOM", lambda: el("SURNOM", "Lélé"))),
    Case("text-in-container", minimal, set_text(f"{ENROLLED}/RESPONSABLES_ELEVE", "texte")),
    Case("enrolled-without-schooling", minimal, remove(f"{ENROLLED}/SCOLARITE_ACTIVE")),
    Case("enrolled-without-previous-school", minimal,
         remove(f"{ENROLLED}/ETABLISSEMENT_AN_DERNIER")),
    Case("enrolled-without-sex", minimal, remove(f"{ENROLLED}/CODE_SEXE")),
    Case("enrolled-without-links", minimal, remove(f"{ENROLLED}/RESPONSABLES_ELEVE")),
    Case("schooling-without-options", minimal,
         remove(f"{ENROLLED}/SCOLARITE_ACTIVE/OPTIONS")),
    Case("previous-school-without-options", minimal,
         remove(f"{ENROLLED}/ETABLISSEMENT_AN_DERNIER/OPTIONS_AN_DERNIER")),
    Case("previous-school-both-places", maximal,
         insert_after(f"{ENROLLED}/ETABLISSEMENT_AN_DERNIER/CODE_RNE",
                      lambda: el("CODE_DEPARTEMENT", "069"))),
    Case("leaving-without-exit-date", maximal, remove(f"{SHORT_LEAVING}/DATE_SORTIE")),
    Case("leaving-without-regime", maximal, remove(f"{SHORT_LEAVING}/CODE_REGIME")),
    Case("date-naiss-french", minimal, set_text(f"{ENROLLED}/DATE_NAISS", "14/03/2011")),
    Case("uaj-7-chars", minimal, set_text("PARAMETRES/UAJ", "0691234")),
    Case("uaj-with-hyphen", minimal, set_text("PARAMETRES/UAJ", "0691-34X")),
    Case("annee-2-digits", minimal, set_text("PARAMETRES/ANNEE_SCOLAIRE", "24")),
    Case("postal-code-without-town", maximal,
         remove(f"{FIRST_PERSON}/ADRESSE/LL_POSTAL")),
    Case("postal-code-and-foreign-town", maximal,
         insert_after(f"{FIRST_PERSON}/ADRESSE/LL_POSTAL",
                      lambda: el("COMMUNE_ETRANGERE", "PORTO"))),
    Case("address-without-country", maximal, remove(f"{LEAVING}/ADRESSE/CODE_PAYS")),
    Case("five-address-lines", maximal,
         insert_after(f"{FIRST_PERSON}/ADRESSE/LIGNE4_ADRESSE",
                      lambda: el("LIGNE5_ADRESSE", "x"))),
    Case("town-33-chars", maximal, set_text(f"{FIRST_PERSON}/ADRESSE/LL_POSTAL", "L" * 33)),
    Case("phone-21-chars", maximal, set_text(f"{FIRST_PERSON}/TEL_PERSONNEL", "0" * 21)),
    Case("division-9-chars", maximal,
         set_text(f"{ENROLLED}/SCOLARITE_ACTIVE/CODE_DIVISION", "3EME A123")),
    Case("profession-3-chars", minimal, set_text(f"{FIRST_PERSON}/CODE_PROFESSION", "730")),
    Case("civilite-2-chars", minimal, set_text(f"{FIRST_PERSON}/CODE_CIVILITE", "12")),
    Case("enfants-256", maximal, set_text(f"{FIRST_PERSON}/ENFANT_A_CHARGE", "256")),
    Case("no-person", minimal, remove(FIRST_PERSON)),
    Case("no-student", minimal, remove(ENROLLED)),
    Case("renamed-root", minimal, renamed_root),
    Case("namespaced-root", minimal, namespaced_root),
]

ALL_CASES = [(case, True) for case in VALID] + [(case, False) for case in MUTATIONS]


# --------------------------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def reference_schema() -> etree.XMLSchema:
    if not REFERENCE_XSD.is_file():
        pytest.skip(f"reference schema not found in {REFERENCE_DIR}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(REFERENCE_XSD), parser))


def accepts(schema: etree.XMLSchema, data: bytes) -> bool:
    return schema.validate(etree.fromstring(data))


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_case_names_are_unique() -> None:
    names = [case.name for case, _ in ALL_CASES]
    assert len(names) == len(set(names))


def test_maximal_document_uses_every_element_of_the_schema() -> None:
    xsd = etree.parse(str(Path(__file__).resolve().parents[1] / "retour" / "schema"
                          / "import_eleves.xsd"))
    declared = set(xsd.xpath("//xs:element/@name",
                             namespaces={"xs": "http://www.w3.org/2001/XMLSchema"}))
    used = {node.tag for node in maximal().iter()}
    assert declared - used == set()
    assert declared == used


@pytest.mark.parametrize("case, valid", ALL_CASES, ids=[case.name for case, _ in ALL_CASES])
def test_project_schema_verdict(case: Case, valid: bool) -> None:
    data = case.build()
    assert accepts(load_schema(), data) is valid
    assert (validate_import(data) == []) is valid


@pytest.mark.parametrize("case, valid", ALL_CASES, ids=[case.name for case, _ in ALL_CASES])
def test_same_verdict_as_reference_schema(case: Case, valid: bool) -> None:
    reference = reference_schema()
    data = case.build()
    assert accepts(load_schema(), data) is accepts(reference, data)
    assert accepts(reference, data) is valid


def test_other_roots_are_refused_unlike_the_reference() -> None:
    """The reference declares every block globally, so it would accept a lone PERSONNE as a
    whole document; the project's schema only accepts IMPORT_ELEVES as root."""
    fragment = to_bytes(small_person("1", "SEUL"))
    assert not accepts(load_schema(), fragment)
    assert validate_import(fragment)
    if REFERENCE_XSD.is_file():
        assert accepts(reference_schema(), fragment)


def test_load_schema_is_cached() -> None:
    assert load_schema() is load_schema()


def test_valid_document_passes_assert() -> None:
    assert_valid_import(to_bytes(maximal()))


def test_messages_for_a_too_long_address_line_are_french() -> None:
    data = Case("x", maximal, set_text(f"{FIRST_PERSON}/ADRESSE/LIGNE2_ADRESSE",
                                       "x" * 39)).build()
    line = data.decode().splitlines().index("          <LIGNE2_ADRESSE>" + "x" * 39
                                            + "</LIGNE2_ADRESSE>") + 1
    messages = validate_import(data)
    assert len(messages) == 1
    message = messages[0]
    assert f"ligne {line}," in message.lower()
    assert "LIGNE2_ADRESSE" in message
    assert "/IMPORT_ELEVES/DONNEES/PERSONNES/PERSONNE[1]/ADRESSE/LIGNE2_ADRESSE" in message
    assert "trop long" in message and "38" in message and "39" in message


def test_messages_for_missing_and_unexpected_elements() -> None:
    missing = validate_import(Case("x", minimal,
                                   remove(f"{ENROLLED}/RESPONSABLES_ELEVE/LEGAL")).build())
    assert len(missing) == 1
    assert missing[0].startswith("Ligne 33, ")
    assert "manquant" in missing[0] and "LEGAL" in missing[0]

    order = validate_import(Case("x", minimal,
                                 swap_with_next(f"{ENROLLED}/NOM_DE_FAMILLE")).build())
    assert order and "inattendu" in order[0] and "PRENOM" in order[0]


@pytest.mark.parametrize(
    "case_name, words",
    [
        ("duplicate-id-prv-per", ["en double", "ID_PRV_PER"]),
        ("duplicate-code-bourse", ["en double", "CODE_BOURSE"]),
        ("boolean-oui", ["booléen", "oui"]),
        ("date-naiss-french", ["date", "AAAA-MM-JJ"]),
        ("num-envoi-not-integer", ["entier"]),
        ("num-envoi-100000", ["99999"]),
        ("id-national-10-chars", ["format"]),
        ("empty-nom-de-famille", ["trop court"]),
        ("version-missing", ["VERSION", "manquant"]),
    ],
)
def test_french_rewording(case_name: str, words: list[str]) -> None:
    case = next(case for case, _ in ALL_CASES if case.name == case_name)
    messages = validate_import(case.build())
    assert messages
    text = " ".join(messages)
    assert all(re.match(r"Ligne \d+, /IMPORT_ELEVES", message) for message in messages)
    for word in words:
        assert word in text, text


def nameless_students(count: int) -> bytes:
    """A minimal document with ``count`` students whose family name is empty."""
    root = minimal()
    students = root.find("DONNEES/ELEVES")
    for number in range(count - 1):
        students.append(minimal_student(str(200 + number)))
    for node in students.iter("NOM_DE_FAMILLE"):
        node.text = ""
    return to_bytes(root)


@pytest.mark.parametrize("count, tail", [(20, None), (21, "… et 1 autre"),
                                         (30, "… et 10 autres")])
def test_assert_valid_import_joins_messages_in_french(count: int, tail: str | None) -> None:
    data = nameless_students(count)
    messages = validate_import(data)
    assert len(messages) == count
    with pytest.raises(UnusableInput) as caught:
        assert_valid_import(data)
    text = str(caught.value)
    assert text.startswith("Le fichier produit ne respecte pas le schéma d'import SIECLE :")
    assert messages[19] in text
    if tail is None:
        assert "… et" not in text
    else:
        assert text.endswith(tail)
        assert messages[20] not in text


def test_broken_xml_gives_one_french_message() -> None:
    messages = validate_import(b"<IMPORT_ELEVES VERSION='3.1'><PARAMETRES>")
    assert len(messages) == 1
    assert "XML bien formé" in messages[0] and "ligne 1" in messages[0]


def test_documents_with_a_dtd_are_refused() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE IMPORT_ELEVES [<!ENTITY e "x">]>\n'
        b"<IMPORT_ELEVES VERSION='&e;'/>"
    )
    messages = validate_import(data)
    assert len(messages) == 1 and "DTD" in messages[0]


# --------------------------------------------------------------------------------------------
# Random mutants: the two schemas must agree on them too
# --------------------------------------------------------------------------------------------

EDGE_VALUES = [
    "", " ", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "1234567890",
    "12345678901", "123456789012", "abcdefgh", "abcdefghijk", "ab-cdefgh", "éééééééé",
    "２０２４", "true", "false", "0", "oui", " 5 ", "0101", "99", "100", "255", "256", "99999",
    "100000", "-1", "2024-01-01", "01/01/2024", "2024-02-30", "x" * 20, "x" * 21, "x" * 32,
    "x" * 33, "x" * 38, "x" * 39, "x" * 100, "x" * 101, "x" * 254, "x" * 255, "N", "R", "10",
    "101", "123456789AB", "11111111111",
]


def random_mutant(rng: random.Random) -> bytes:
    """The minimal or maximal document after one to three random edits."""
    root = rng.choice([minimal, maximal])()
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        nodes = list(root.iter())
        node = rng.choice(nodes[1:])
        edit = rng.randrange(6)
        if edit == 0:
            node.getparent().remove(node)
        elif edit == 1:
            node.addnext(copy.deepcopy(node))
        elif edit == 2 and node.getnext() is not None:
            node.addprevious(node.getnext())
        elif edit == 3 and len(node) == 0:
            node.text = rng.choice(EDGE_VALUES)
        elif edit == 4:
            root.set("VERSION", rng.choice(EDGE_VALUES))
        elif edit == 5:
            rng.choice(nodes[1:]).addnext(copy.deepcopy(node))
    return to_bytes(root)


def test_same_verdict_as_reference_on_random_mutants() -> None:
    reference = reference_schema()
    rng = random.Random(20240614)
    verdicts = {True: 0, False: 0}
    for _ in range(1500):
        data = random_mutant(rng)
        ours = accepts(load_schema(), data)
        assert ours is accepts(reference, data), data.decode()
        verdicts[ours] += 1
    assert verdicts[True] > 100 and verdicts[False] > 100
