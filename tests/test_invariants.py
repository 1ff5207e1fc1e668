"""No data lost: on schools of several shapes, every campaign row and every SIECLE student
ends in exactly one dossier, the file holds exactly the students sent, and every character
ISO-8859-15 can hold reaches the file unchanged."""

from __future__ import annotations

from collections import Counter

import pytest
from lxml import etree

from retour import demo
from retour.campagne import read_campagne
from retour.errors import UnusableInput
from retour.pipeline import Retour
from retour.siecle import read_eleves, read_nomenclature, read_responsables
from retour.validation import validate_import

STATUTS = {"envoyé", "bloqué", "hors envoi partiel"}

#: Every printable character of ISO-8859-15 but the no-break space (a space for SIECLE).
ASCII = "".join(chr(c) for c in range(0x21, 0x7F))
HIGH = bytes(range(0xA1, 0x100)).decode("iso-8859-15")
assert set("ŠšŽžŒœŸ€") <= set(HIGH) and len(ASCII) <= 100 and len(HIGH) <= 100


def exports_of(school: demo.DemoSchool):
    return (read_nomenclature(demo.nomenclature_xml(), "Nomenclature.xml"),
            read_eleves(demo.eleves_xml(school), "ElevesAvecAdresses.xml"),
            read_responsables(demo.responsables_xml(school), "ResponsablesAvecAdresses.xml"))


@pytest.fixture(scope="module", params=[(10, 1), (57, 7), (400, 2026)],
                ids=["10-eleves", "57-eleves", "400-eleves"])
def shape(request):
    size, seed = request.param
    school = demo.build(size, seed)
    campagne = read_campagne(demo.campaign_csv(school.rows), "dossiers.csv")
    return school, exports_of(school), campagne


def lines_of(bilan) -> list[int]:
    return [int(x) for cell in bilan["lignes"] if cell for x in str(cell).split(", ")]


def sent_in_file(xml: bytes) -> list[tuple[str, str, str]]:
    root = etree.fromstring(xml)
    return sorted((e.findtext("ID_NATIONAL") or "", e.findtext("NOM_DE_FAMILLE"),
                   e.findtext("PRENOM")) for e in root.iterfind("DONNEES/ELEVES/ELEVE"))


def sent_in_bilan(bilan) -> list[tuple[str, str, str]]:
    sent = bilan[bilan["statut"] == "envoyé"]
    return sorted((ine or "", nom, prenom) for ine, nom, prenom in zip(
        sent["ine"], sent["nom"], sent["prenom"]))


def check_accounts(retour: Retour, result, school: demo.DemoSchool, campagne, ine=None):
    bilan = retour.bilan(ine)
    assert len(bilan) == len(retour.dossiers)
    if campagne is not None:
        assert Counter(lines_of(bilan)) == Counter(campagne.table["ligne"])  # each row once
    else:
        assert lines_of(bilan) == []
    ids = Counter(bilan["eleve_id"].dropna())
    assert ids == Counter(str(s.eleve_id) for s in school.students)  # each student once
    assert set(bilan["statut"]) <= STATUTS
    blocked = bilan[bilan["statut"] == "bloqué"]
    assert blocked["motif"].str.match(r"^[A-Z]{5} : \S").all(), blocked
    assert (bilan.loc[bilan["statut"] != "bloqué", "motif"] == "").all()
    assert result.envoyes == (bilan["statut"] == "envoyé").sum()
    assert sent_in_file(result.xml) == sent_in_bilan(bilan)  # exactly the students sent
    assert validate_import(result.xml) == []
    return bilan


def test_with_campaign_everyone_once(shape):
    school, exports, campagne = shape
    retour = Retour(*exports, campagne)
    result = retour.exporter(None)
    bilan = check_accounts(retour, result, school, campagne)
    assert set(bilan["statut"]) == {"envoyé", "bloqué"}
    new = bilan[bilan["eleve_id"].isna()]
    assert len(new) == len(demo.NEW_STUDENTS) + 1  # + the incomplete one
    assert set(new["statut"]) == {"bloqué"}  # never sent on the campaign's word alone


def test_without_campaign_everyone_once(shape):
    school, exports, _ = shape
    retour = Retour(*exports)
    result = retour.exporter(None)
    bilan = check_accounts(retour, result, school, None)
    assert len(bilan) == len(school.students)


def test_partial_send_everyone_once(shape):
    school, exports, campagne = shape
    whole = Retour(*exports, campagne).bilan()
    leaving = {ine for ine, _, _ in demo.LEAVING}
    regular = sorted(set(whole.loc[whole["statut"] == "envoyé", "ine"].dropna()) - leaving)
    chosen = regular[:3] + [demo.DUPLICATE_INE, demo.LEAVING[1][0]]
    retour = Retour(*exports, campagne)
    result = retour.exporter(None, ine=chosen)
    bilan = check_accounts(retour, result, school, campagne, ine=chosen)
    inside = bilan["ine"].isin(chosen)
    assert set(bilan.loc[~inside, "statut"]) == {"hors envoi partiel"}
    assert set(bilan.loc[inside, "statut"]) == {"envoyé", "bloqué"}
    assert set(bilan.loc[bilan["statut"] == "envoyé", "ine"]) == set(regular[:3]) | {
        demo.LEAVING[1][0]}
    assert result.envoyes == len(regular[:3]) + 1


def test_partial_send_of_unknown_ine_refused_before_anything(shape):
    _, exports, campagne = shape
    retour = Retour(*exports, campagne)
    with pytest.raises(UnusableInput, match="INE absent"):
        retour.exporter(None, ine=["00000000000"])


# Latin-9 letters, byte for byte


@pytest.fixture(scope="module")
def latin9_school():
    """The 20-student demo where one student, a responsable and an address, in SIECLE and in
    the campaign, carry every Latin-9 character."""
    school = demo.build(20, 5)
    first = Retour(*exports_of(school), read_campagne(demo.campaign_csv(school.rows)))
    shared = Counter(link.personne.cle for d in first.dossiers for link in d.liens)
    ine = next(d.ine for d in sorted(first.dossiers, key=lambda d: d.cle)
               if not d.bloque and d.rapprochement == "INE" and d.sortie is None
               and all(shared[link.personne.cle] == 1 for link in d.liens))
    student = next(s for s in school.students if s.ine == ine)
    row = next(r for r in school.rows if r["ine"] == ine)

    student.nom, student.prenom, student.prenom2 = HIGH, ASCII, "Ÿvette-Œdipe Šœur"
    student.prenom3, student.nom_usage = "Žoë € Ÿ", HIGH[::-1]
    person = next(link.person for link in student.links
                  if (link.person.nom.upper(), link.person.prenom.upper())
                  == (row["resp1_nom"].upper(), row["resp1_prenom"].upper()))
    person.nom, person.prenom = HIGH[::-1], "Œdipe-Ÿves Šž€"
    row["resp1_nom"], row["resp1_prenom"] = person.nom, person.prenom
    row["resp1_adresse"] = " ".join(HIGH[i:i + 30] for i in range(0, len(HIGH), 30))
    row["resp1_code_postal"], row["resp1_ville"], row["resp1_pays"] = (
        "94240", "L'HAŸ-LES-ROSES ŠšŽžŒœŸ€", "France")
    return school, ine


@pytest.mark.parametrize("encodage", ["utf-8", "iso-8859-15"])
def test_every_latin9_character_reaches_the_file(latin9_school, encodage):
    school, ine = latin9_school
    retour = Retour(*exports_of(school), read_campagne(demo.campaign_csv(school.rows)),
                    encodage=encodage)
    result = retour.exporter(None)
    assert validate_import(result.xml) == []
    assert result.xml.startswith(f"<?xml version='1.0' encoding='{encodage.upper()}'?>"
                                 .encode())
    assert b"&#" not in result.xml  # no character written as a reference

    root = etree.fromstring(result.xml)
    eleve = next(e for e in root.iterfind("DONNEES/ELEVES/ELEVE")
                 if e.findtext("ID_NATIONAL") == ine)
    assert [eleve.findtext(t) for t in ("NOM_DE_FAMILLE", "PRENOM", "PRENOM2", "PRENOM3",
                                        "NOM_USAGE")] == [
        HIGH, ASCII, "Ÿvette-Œdipe Šœur", "Žoë € Ÿ", HIGH[::-1]]
    ids = {link.findtext("ID_PRV_PER") for link in eleve.iterfind("RESPONSABLES_ELEVE/*")}
    person = next(p for p in root.iterfind("DONNEES/PERSONNES/PERSONNE")
                  if p.findtext("ID_PRV_PER") in ids and p.findtext("NOM_DE_FAMILLE")
                  == HIGH[::-1])
    assert person.findtext("PRENOM") == "Œdipe-Ÿves Šž€"
    lines = [line.text for line in person.find("ADRESSE") if line.tag.startswith("LIGNE")]
    assert " ".join(lines).replace(" ", "") == HIGH
    assert person.findtext("ADRESSE/LL_POSTAL") == "L'HAŸ-LES-ROSES ŠšŽžŒœŸ€"

    for text in (HIGH, HIGH[::-1], "Ÿvette-Œdipe Šœur", "L'HAŸ-LES-ROSES ŠšŽžŒœŸ€"):
        assert text.encode(encodage) in result.xml  # byte for byte, in the file's encoding
    constats = retour.constats()
    assert "CARAC" not in set(constats.loc[constats["ine"] == ine, "regle"])


def test_value_only_the_schema_refuses_blocks_its_student_alone():
    """A value the checks let through but the schema refuses (a 25-digit mobile in SIECLE)
    keeps that student out with SCHEM; everyone else is still accounted for and sent."""
    school = demo.build(20, 3)
    campagne = read_campagne(demo.campaign_csv(school.rows))
    before = Retour(*exports_of(school), campagne)
    sent_before = before.exporter(None).envoyes
    statut = before.bilan().set_index("ine")["statut"]
    victim = next(s for s in school.students if statut.get(s.ine) == "envoyé")
    victim.mobile = "0" + "6" * 24

    retour = Retour(*exports_of(school), campagne)
    result = retour.exporter(None)
    bilan = check_accounts(retour, result, school, campagne)
    row = bilan.set_index("ine").loc[victim.ine]
    assert row["statut"] == "bloqué" and row["motif"].startswith("SCHEM : ")
    assert "TEL_PORTABLE" in row["motif"]
    assert result.envoyes == sent_before - 1
