"""The qualification file: about a hundred students of one school, every element of the
import schema at least once, one student with the least the schema allows and one with the
most, named and zipped as any send, valid against both schemas."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from retour import demo, settings
from retour.qualification import build_qualification
from retour.validation import load_schema, validate_import

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_XSD = ROOT.parent / "shared" / "reference" / "schema_Import_3.1_avec_correction.xsd"
PROJECT_XSD = ROOT / "retour" / "schema" / "import_eleves.xsd"
XS = "{http://www.w3.org/2001/XMLSchema}"
#: Alternatives of a choice (the student with the most carries the other branch), and what
#: only a leaving student carries.
ELSEWHERE = {"VILLE_NAISS", "COMMUNE_ETRANGERE", "CODE_DEPARTEMENT", "CODE_MOTIF_SORTIE",
             "DATE_SORTIE"}


def declared(xsd: Path) -> set[str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    tree = etree.parse(str(xsd), parser)
    return {e.get("name") for e in tree.iter(f"{XS}element") if e.get("name")}


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qualification")
    path = build_qualification(folder)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        xml = archive.read(names[0])
    return folder, path, names, xml


@pytest.fixture(scope="module")
def root(sent):
    return etree.fromstring(sent[3])


def students(root) -> list[etree._Element]:
    return root.findall("DONNEES/ELEVES/ELEVE")


def persons_of(root, eleve) -> list[etree._Element]:
    ids = {node.findtext("ID_PRV_PER") for node in eleve.iterfind("RESPONSABLES_ELEVE/*")}
    return [p for p in root.iterfind("DONNEES/PERSONNES/PERSONNE")
            if p.findtext("ID_PRV_PER") in ids]


def valid(root) -> bool:
    return load_schema().validate(root)


def test_named_and_zipped_as_any_send(sent):
    folder, path, names, _ = sent
    assert re.fullmatch(rf"{demo.DEMO_UAJ}PRIVE{demo.DEMO_ANNEE}\d{{12}}\.zip", path.name)
    assert names == [path.stem + ".xml"]
    assert [p.name for p in folder.iterdir()] == [path.name]  # nothing else written


def test_one_school_about_a_hundred_students_default_logiciel(root):
    assert root.findtext("PARAMETRES/UAJ") == demo.DEMO_UAJ
    assert root.findtext("PARAMETRES/ANNEE_SCOLAIRE") == str(demo.DEMO_ANNEE)
    assert root.findtext("PARAMETRES/LOGICIEL") == settings.DEFAULT_LOGICIEL
    assert 90 <= len(students(root)) <= 110


def test_valid_against_the_project_schema(sent):
    assert validate_import(sent[3]) == []


def test_valid_against_the_reference_schema(root):
    if not REFERENCE_XSD.is_file():
        pytest.skip("../shared/reference absent")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    schema = etree.XMLSchema(etree.parse(str(REFERENCE_XSD), parser))
    assert schema.validate(root), schema.error_log


@pytest.mark.parametrize("xsd", [REFERENCE_XSD, PROJECT_XSD], ids=["reference", "projet"])
def test_every_element_of_the_schema_is_present(root, xsd):
    if not xsd.is_file():
        pytest.skip("../shared/reference absent")
    names = declared(xsd)
    assert len(names) > 80
    assert names - {element.tag for element in root.iter()} == set()


def test_schemas_declare_the_same_elements():
    if not REFERENCE_XSD.is_file():
        pytest.skip("../shared/reference absent")
    assert declared(REFERENCE_XSD) == declared(PROJECT_XSD)


def removable(root, element) -> bool:
    """Whether the document stays valid without ``element``."""
    path = root.getroottree().getpath(element)
    trimmed = copy.deepcopy(root)
    node = trimmed.getroottree().xpath(path)[0]
    node.getparent().remove(node)
    return valid(trimmed)


def test_students_with_the_least_the_schema_allows(root):
    """An enrolled and a leaving student from which no element can be taken away."""
    ordered = sorted(students(root), key=lambda e: len(list(e.iter())))
    leaving = next(e for e in ordered if e.find("CODE_MOTIF_SORTIE") is not None)
    enrolled = next(e for e in ordered if e.find("CODE_MOTIF_SORTIE") is None)
    assert [child.tag for child in leaving] == [
        "CODE_MOTIF_SORTIE", "DATE_SORTIE", "ID_PRV_ELE", "NOM_DE_FAMILLE", "PRENOM",
        "DATE_NAISS", "CODE_PAYS", "ADHESION_TRANSPORT", "CODE_REGIME", "DOUBLEMENT"]
    (person,) = persons_of(root, enrolled)
    assert [child.tag for child in person] == [
        "ID_PRV_PER", "CODE_CIVILITE", "NOM_DE_FAMILLE", "PRENOM", "CODE_PROFESSION"]
    for student in (leaving, enrolled):
        for element in list(student.iter())[1:] + (list(person) if student is enrolled
                                                   else []):
            assert not removable(root, element), root.getroottree().getpath(element)


def test_a_student_with_the_most(root):
    ordered = sorted(students(root), key=lambda e: len(list(e.iter())))
    most = ordered[-1]
    anywhere = {e.tag for student in students(root) for e in student.iter()}
    assert anywhere - ELSEWHERE - {e.tag for e in most.iter()} == set()
    people = persons_of(root, most)
    assert {n.tag for n in most.find("RESPONSABLES_ELEVE")} == {
        "LEGAL", "PERSONNE_EN_CHARGE", "CONTACT"}
    assert len(most.findall("RESPONSABLES_ELEVE/LEGAL")) == 2  # the most the schema allows
    assert len(most.findall("BOURSES/BOURSE")) == 2
    every = {e.tag for p in root.iterfind("DONNEES/PERSONNES/PERSONNE") for e in p.iter()}
    assert any(every - ELSEWHERE == {e.tag for e in p.iter()} for p in people)


def test_the_command_writes_it(tmp_path):
    done = subprocess.run([sys.executable, "-m", "retour", "qualification", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip().splitlines()[-1])
    assert written.parent == tmp_path and written.suffix == ".zip"
    with zipfile.ZipFile(written) as archive:
        assert validate_import(archive.read(written.stem + ".xml")) == []
