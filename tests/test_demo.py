"""Tests of the demo school generator: files, determinism, shapes, realism, planted anomalies."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from retour import demo
from retour.normalise import fold
from retour.safexml import parse_xml, xml_payload

XML_NAMES = ("Nomenclature.xml", "ElevesAvecAdresses.xml", "ResponsablesAvecAdresses.xml")
ROOTS = {
    "Nomenclature.xml": ("BEE_NOMENCLATURES", "3.1"),
    "ElevesAvecAdresses.xml": ("BEE_ELEVES", "3.0"),
    "ResponsablesAvecAdresses.xml": ("BEE_RESPONSABLES", "2.1"),
}
DECLARATION = b'<?xml version="1.0" encoding="ISO-8859-15"?>\n'
PCS = (
    "10 21 22 23 31 33 34 35 37 38 42 43 44 45 46 47 48 52 53 54 55 56 62 63 65 67 68 69 71 "
    "72 74 75 77 78 85 86 99"
).split()
PARENTES = "10 20 37 38 39 41 42 50 51 70 90".split()


# Helpers


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return demo.generate(tmp_path_factory.mktemp("demo") / "ecole")


@pytest.fixture(scope="module")
def eleves(files: dict[str, Path]) -> etree._Element:
    return etree.parse(str(files["ElevesAvecAdresses.xml"])).getroot()


@pytest.fixture(scope="module")
def responsables(files: dict[str, Path]) -> etree._Element:
    return etree.parse(str(files["ResponsablesAvecAdresses.xml"])).getroot()


@pytest.fixture(scope="module")
def nomenclature(files: dict[str, Path]) -> etree._Element:
    return etree.parse(str(files["Nomenclature.xml"])).getroot()


@pytest.fixture(scope="module")
def rows(files: dict[str, Path]) -> list[dict[str, str]]:
    return read_csv(files["dossiers.csv"])


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def texts(root: etree._Element, path: str) -> list[str]:
    return [node.text or "" for node in root.iterfind(path)]


def by_ine(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        found.setdefault(row["ine"], []).append(row)
    return found


# Files and determinism


def test_generate_writes_every_file(files: dict[str, Path]) -> None:
    expected = set(XML_NAMES) | {
        "ExportXML_Nomenclature.zip", "ExportXML_ElevesAvecAdresses.zip",
        "ExportXML_ResponsablesAvecAdresses.zip", "dossiers.csv", "dossiers.xlsx",
    }  # fmt: skip
    assert set(files) == expected
    for name, path in files.items():
        assert path.name == name and path.is_file() and path.stat().st_size > 0
    assert files["dossiers.csv"].parent.name == "ecole"  # created although missing


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = demo.generate(tmp_path / "a", eleves=60, seed=7)
    second = demo.generate(tmp_path / "b", eleves=60, seed=7)
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name


def test_other_seed_other_school(tmp_path: Path) -> None:
    first = demo.generate(tmp_path / "a", eleves=60, seed=7)
    second = demo.generate(tmp_path / "b", eleves=60, seed=8)
    for name in ("ElevesAvecAdresses.xml", "ResponsablesAvecAdresses.xml", "dossiers.csv"):
        assert first[name].read_bytes() != second[name].read_bytes(), name
    # the nomenclature is the school's, not the draw's
    assert first["Nomenclature.xml"].read_bytes() == second["Nomenclature.xml"].read_bytes()


@pytest.mark.parametrize("count", [demo.MIN_ELEVES, 57, 400])
def test_size(tmp_path: Path, count: int) -> None:
    paths = demo.generate(tmp_path, eleves=count, seed=3)
    root = etree.parse(str(paths["ElevesAvecAdresses.xml"])).getroot()
    assert len(root.findall("DONNEES/ELEVES/ELEVE")) == count
    assert len(read_csv(paths["dossiers.csv"])) == count + 2


@pytest.mark.parametrize("count", [0, demo.MIN_ELEVES - 1, demo.MAX_ELEVES + 1])
def test_size_out_of_range(tmp_path: Path, count: int) -> None:
    with pytest.raises(ValueError, match="doit être compris entre"):
        demo.generate(tmp_path, eleves=count)
    assert not list(tmp_path.iterdir())


# XML exports


@pytest.mark.parametrize("name", XML_NAMES)
def test_xml_declared_iso_8859_15(files: dict[str, Path], name: str) -> None:
    data = files[name].read_bytes()
    assert data.startswith(DECLARATION)
    data.decode("iso8859_15")  # every byte is a Latin-9 character
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # accents really are single Latin-9 bytes
    root = parse_xml(xml_payload(files[name]))
    tag, version = ROOTS[name]
    assert (root.tag, root.get("VERSION")) == (tag, version)
    assert [child.tag for child in root] == ["PARAMETRES", "DONNEES"]
    parametres = {child.tag: child.text for child in root.find("PARAMETRES")}
    assert parametres["UAJ"] == demo.DEMO_UAJ
    assert parametres["ANNEE_SCOLAIRE"] == str(demo.DEMO_ANNEE) == "2026"
    assert parametres["DATE_EXPORT"] == "15/06/2026"
    assert parametres["HORODATAGE"].startswith("15/06/2026 ")


@pytest.mark.parametrize("name", XML_NAMES)
def test_zip_holds_the_one_xml(files: dict[str, Path], name: str) -> None:
    zip_name = demo.EXPORT_FILES[name][0]
    assert zip_name == f"ExportXML_{name[:-4]}.zip"
    with zipfile.ZipFile(files[zip_name]) as archive:
        infos = archive.infolist()
        assert [info.filename for info in infos] == [name]
        assert infos[0].date_time[:3] == (2026, 6, 15)
        assert archive.read(name) == files[name].read_bytes()
    assert xml_payload(files[zip_name]).data == files[name].read_bytes()


def test_uaj_check_letter() -> None:
    assert demo._uaj("0750680") == "0750680G"  # a real school's UAJ
    assert demo._uaj(demo.DEMO_UAJ[:7]) == demo.DEMO_UAJ


def test_accents_and_ligatures_round_trip(files, eleves, responsables) -> None:
    raw = files["ResponsablesAvecAdresses.xml"].read_bytes()
    assert "L'HAŸ".encode("iso8859_15") in raw and "CŒURDEROY".encode("iso8859_15") in raw
    names = set(texts(eleves, "DONNEES/ELEVES/ELEVE/NOM_DE_FAMILLE"))
    assert {"L'HAŸ", "CŒURDEROY"} <= names
    people = set(texts(responsables, "DONNEES/PERSONNES/PERSONNE/NOM_DE_FAMILLE"))
    assert {"L'HAŸ", "CŒURDEROY"} <= people
    first_names = texts(responsables, "DONNEES/PERSONNES/PERSONNE/PRENOM")
    assert any(set(name) & set("éèêëïôçæ") for name in first_names)
    assert any("-" in name for name in names) and any("'" in name for name in names)


def test_eleves_export_shape(eleves: etree._Element) -> None:
    students = eleves.findall("DONNEES/ELEVES/ELEVE")
    first = students[0]
    assert first.get("ELEVE_ID") and first.get("ELENOET") == first.findtext("ELENOET")
    order = [child.tag for child in first]
    assert order.index("ID_NATIONAL") < order.index("NOM_DE_FAMILLE") < order.index("PRENOM")
    assert order.index("DATE_NAISS") < order.index("CODE_REGIME") < order.index("CODE_MEF")
    assert order[-1] == "SCOLARITE_AN_DERNIER"
    for student in students:
        ine = student.findtext("ID_NATIONAL")
        assert len(ine) == 11 and ine[:9].isdigit() and ine[9:].isalpha()
        assert student.findtext("CODE_MEF") in demo.MEF_CODES.values()
        assert student.findtext("CODE_STATUT") == "ST"
        assert student.findtext("CODE_SEXE") in ("1", "2")
        day = dt.datetime.strptime(student.findtext("DATE_NAISS"), "%d/%m/%Y")
        assert 2010 <= day.year <= 2015
    ids = [s.get("ELEVE_ID") for s in students]
    ines = [s.findtext("ID_NATIONAL") for s in students]
    assert len(set(ids)) == len(ids) and len(set(ines)) == len(ines)


def test_birth_places(eleves: etree._Element) -> None:
    students = eleves.findall("DONNEES/ELEVES/ELEVE")
    abroad = [s for s in students if s.findtext("CODE_PAYS") != "100"]
    assert abroad
    for student in abroad:
        assert student.findtext("VILLE_NAISS")
        assert student.find("CODE_COMMUNE_INSEE_NAISS") is None
    for student in students:
        if student.findtext("CODE_PAYS") == "100":
            assert student.findtext("VILLE_NAISS") == ""  # written, empty
            assert len(student.findtext("CODE_COMMUNE_INSEE_NAISS")) == 5
    assert "2A004" in texts(eleves, "DONNEES/ELEVES/ELEVE/CODE_COMMUNE_INSEE_NAISS")


def test_last_year(eleves: etree._Element) -> None:
    previous = {"10110001110": "10010012110", "10210001110": "10110001110",
                "10310019110": "10210001110"}  # fmt: skip
    level = {code: str(number) for number, code in demo.MEF_CODES.items()}
    schools = Counter()
    for student in eleves.iterfind("DONNEES/ELEVES/ELEVE"):
        last = student.find("SCOLARITE_AN_DERNIER")
        mef, rne = student.findtext("CODE_MEF"), last.findtext("CODE_RNE")
        schools[rne == demo.DEMO_UAJ] += 1
        if rne == demo.DEMO_UAJ and student.findtext("DOUBLEMENT") == "0":
            assert last.findtext("CODE_MEF") == previous[mef]
            assert last.findtext("CODE_STRUCTURE")[0] == level[previous[mef]]  # "5B"
        if mef == "10010012110" and student.findtext("DOUBLEMENT") == "0":
            assert rne != demo.DEMO_UAJ and last.findtext("SIGLE").startswith("E.")
    assert schools[True] > 200 and schools[False] > 50


def test_structures(eleves: etree._Element) -> None:
    blocks = eleves.findall("DONNEES/STRUCTURES/STRUCTURES_ELEVE")
    kinds = {b.get("ELEVE_ID"): texts(b, "STRUCTURE/TYPE_STRUCTURE") for b in blocks}
    assert any(k[0] == "G" and "D" in k for k in kinds.values())  # D after a G
    assert all(k.count("D") <= 1 for k in kinds.values())
    with_division = {i for i, k in kinds.items() if "D" in k}
    students = {s.get("ELEVE_ID") for s in eleves.iterfind("DONNEES/ELEVES/ELEVE")}
    assert 0.1 < 1 - len(with_division) / len(students) < 0.5  # many not yet in a division
    for code in texts(eleves, "DONNEES/STRUCTURES/STRUCTURES_ELEVE/STRUCTURE/CODE_STRUCTURE"):
        assert 1 <= len(code) <= 8


def test_options_follow_the_nomenclature(eleves, nomenclature) -> None:
    programmes = {
        (p.findtext("CODE_MEF"), p.findtext("CODE_MATIERE"), p.findtext("CODE_MODALITE_ELECT"))
        for p in nomenclature.iterfind("DONNEES/PROGRAMMES/PROGRAMME")
    }
    mef = {s.get("ELEVE_ID"): s.findtext("CODE_MEF") for s in eleves.iterfind(".//ELEVE")}
    checked = 0
    for option in eleves.iterfind("DONNEES/OPTIONS/OPTION"):
        numbers = texts(option, "OPTIONS_ELEVE/NUM_OPTION")
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
        for item in option.iterfind("OPTIONS_ELEVE"):
            key = (mef[option.get("ELEVE_ID")], item.findtext("CODE_MATIERE"),
                   item.findtext("CODE_MODALITE_ELECT"))  # fmt: skip
            assert key in programmes
            checked += 1
    assert checked > 400


def test_bourses_and_private_ids(eleves: etree._Element, responsables) -> None:
    bursars = eleves.findall("DONNEES/BOURSES/BOURSE")
    assert 10 < len(bursars) < 150 and {b.findtext("CODE_BOURSE") for b in bursars} <= {"N", "D"}
    prv = texts(eleves, "DONNEES/ELEVES/ELEVE/ID_PRV_ELE")
    assert 0 < len(prv) < 100 and all(0 < int(v) <= 99999 for v in prv)
    prv_per = texts(responsables, "DONNEES/PERSONNES/PERSONNE/ID_PRV_PER")
    assert 0 < len(prv_per) < len(responsables.findall(".//PERSONNE")) / 4
    assert len(set(prv_per)) == len(prv_per)


@pytest.mark.parametrize("export", ["eleves", "responsables"])
def test_addresses(request: pytest.FixtureRequest, export: str) -> None:
    root = request.getfixturevalue(export)
    addresses = root.findall("DONNEES/ADRESSES/ADRESSE")
    ids = [a.get("ADRESSE_ID") for a in addresses]
    assert len(set(ids)) == len(ids)
    for address in addresses:
        lines = [address.findtext(f"LIGNE{n}_ADRESSE") for n in range(1, 5)]
        assert all(line is not None and len(line) <= 38 for line in lines)
        if address.findtext("CODE_PAYS") == "100":
            assert len(address.findtext("CODE_POSTAL")) == 5 and address.findtext("LIBELLE_POSTAL")
        else:
            assert address.findtext("COMMUNE_ETRANGERE") and address.findtext("LL_PAYS")
    assert any(a.findtext("LIGNE3_ADRESSE") for a in addresses)  # long addresses split
    referenced = set(texts(root, ".//ELEVE/ADRESSE_ID") + texts(root, ".//PERSONNE/ADRESSE_ID"))
    assert referenced == set(ids)


def test_responsables(eleves: etree._Element, responsables: etree._Element) -> None:
    links = responsables.findall("DONNEES/RESPONSABLES/RESPONSABLE_ELEVE")
    persons = {p.get("PERSONNE_ID"): p for p in responsables.iterfind(".//PERSONNE")}
    students = {s.get("ELEVE_ID") for s in eleves.iterfind("DONNEES/ELEVES/ELEVE")}
    legal = Counter()
    children = Counter()
    for link in links:
        assert link.findtext("ELEVE_ID") in students
        assert link.findtext("PERSONNE_ID") in persons
        assert link.findtext("CODE_PARENTE") in PARENTES
        assert link.findtext("PERCOIT_LES_AIDES") in ("true", "false")
        legal[link.findtext("ELEVE_ID")] += link.findtext("NIVEAU_RESPONSABILITE") == "1"
        children[link.findtext("PERSONNE_ID")] += 1
    assert set(legal) == students and set(legal.values()) == {1, 2}  # single-parent families
    assert max(children.values()) >= 3  # siblings share their parents
    assert {"1", "2", "3"} == set(texts(responsables, ".//NIVEAU_RESPONSABILITE"))
    assert "50" in texts(responsables, ".//CODE_PARENTE")
    professions = set(texts(responsables, ".//PERSONNE/CODE_PROFESSION"))
    assert {"73", "76"} & professions and professions <= set(PCS) | {"73", "76"}
    assert set(texts(responsables, ".//LC_CIVILITE")) == {"M.", "MME"}
    assert set(texts(responsables, ".//COMMUNICATION_ADRESSE")) == {"0", "1"}
    shared = Counter(texts(responsables, ".//PERSONNE/ADRESSE_ID"))
    assert max(shared.values()) >= 2  # two parents at one address


def test_nomenclature(nomenclature: etree._Element) -> None:
    data = nomenclature.find("DONNEES")
    mefs = {m.get("CODE_MEF"): m.findtext("LIBELLE_LONG") for m in data.iterfind("MEFS/MEF")}
    assert mefs == {code: f"{level}EME" for level, code in demo.MEF_CODES.items()}
    matieres = {m.get("CODE_MATIERE"): m for m in data.iterfind("MATIERES/MATIERE")}
    gestion = {code: m.findtext("CODE_GESTION") for code, m in matieres.items()}
    for code, short in [("030201", "AGL1"), ("030602", "ESP2"), ("020300", "LCALA")]:
        assert gestion[code] == short
    assert all(len(c) == 6 and c.isdigit() and 0 < len(g) <= 5 for c, g in gestion.items())
    labels = {m.findtext("LIBELLE_COURT") for m in matieres.values()}
    assert {"ALLEMAND LV1", "ALLEMAND LV2", "ITALIEN LV2", "LCA GREC"} <= labels

    def codes(path: str, key: str) -> list[str]:
        return [item.get(key) for item in data.iterfind(path)]

    assert codes("LIENS_PARENTE/LIEN_PARENTE", "CODE_PARENTE") == PARENTES
    assert codes("PROFESSIONS/PROFESSION", "CODE_PROFESSION") == PCS
    assert set(codes("MODALITES_ELECTION/MODALITE_ELECTION", "CODE_MODALITE_ELECT")) == set("OFS")
    assert all(len(c) <= 2 for c in codes("REGIMES/REGIME", "CODE_REGIME"))
    assert {"10", "12", "43", "99"} <= set(codes("MOTIFS_SORTIE/MOTIF_SORTIE", "CODE_MOTIF_SORTIE"))
    assert codes("CIVILITES/CIVILITE", "CODE_CIVILITE") == ["1", "2"]
    assert "ST" in codes("STATUTS_ELEVE/STATUT_ELEVE", "CODE_STATUT")
    assert codes("BOURSES/BOURSE", "CODE_BOURSE") and codes("PROVENANCES/PROVENANCE",
                                                             "CODE_PROVENANCE")
    for item in data.iterfind("*/*"):
        short, long = item.findtext("LIBELLE_COURT"), item.findtext("LIBELLE_LONG")
        if item.tag in ("MATIERE", "MODALITE_ELECTION", "REGIME", "MOTIF_SORTIE"):
            assert len(short) <= (20 if item.tag == "MATIERE" else 10) and len(long) <= 40


def test_programmes(nomenclature: etree._Element) -> None:
    data = nomenclature.find("DONNEES")
    programmes = {
        (p.findtext("CODE_MEF"), p.findtext("CODE_MATIERE")): p.findtext("CODE_MODALITE_ELECT")
        for p in data.iterfind("PROGRAMMES/PROGRAMME")
    }
    ranks = {
        (o.findtext("CODE_MEF"), o.findtext("CODE_MATIERE")): o.findtext("RANG_OPTION")
        for o in data.iterfind("OPTIONS_OBLIGATOIRES/OPTION_OBLIGATOIRE")
    }
    sixth, fifth = demo.MEF_CODES[6], demo.MEF_CODES[5]
    assert programmes[(sixth, "030201")] == programmes[(fifth, "030201")] == "O"
    assert programmes[(fifth, "030602")] == "O" and (sixth, "030602") not in programmes
    assert programmes[(fifth, "020300")] == "F" and (sixth, "020300") not in programmes
    assert ranks[(sixth, "030201")] == "1" and ranks[(fifth, "030602")] == "2"
    assert (sixth, "030602") not in ranks


# The campaign


def test_csv_layout(files: dict[str, Path]) -> None:
    data = files["dossiers.csv"].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = data[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert header.split(";") == list(demo.CAMPAIGN_COLUMNS)
    assert header.startswith("ine;nom;prenom;prenom2;prenom3;date_naissance;sexe;")
    assert header.endswith("urgence_communication_adresse;urgence_paie_frais")
    assert len(demo.CAMPAIGN_COLUMNS) == 17 + 3 * 15
    assert '"AGL1;' in data.decode("utf-8-sig")  # a ";" inside a cell is quoted


def test_campaign_covers_siecle(rows, eleves) -> None:
    siecle = {s.findtext("ID_NATIONAL"): s for s in eleves.iterfind("DONNEES/ELEVES/ELEVE")}
    found = by_ine(rows)
    expected = set(siecle) - set(demo.ABSENT_INES)
    assert set(found) - {""} == expected
    assert all(len(found[ine]) == 1 for ine in expected if ine != demo.DUPLICATE_INE)
    assert set(demo.ABSENT_INES) <= set(siecle)
    for ine in expected:
        row, student = found[ine][0], siecle[ine]
        assert fold(row["nom"]) == fold(student.findtext("NOM_DE_FAMILLE"))
        assert row["prenom"] == student.findtext("PRENOM")
        assert row["date_naissance"] == student.findtext("DATE_NAISS")


def test_planted_anomalies(rows: list[dict[str, str]]) -> None:
    found = by_ine(rows)
    twins = found[demo.DUPLICATE_INE]
    assert len(twins) == 2 and twins[0] != twins[1]
    assert twins[0]["nom"] == twins[1]["nom"] and twins[0]["division"] != twins[1]["division"]
    assert demo.UNKNOWN_OPTION_LABEL in found[demo.UNKNOWN_OPTION_INE][0]["options"]
    assert found[demo.UNKNOWN_MEF_INE][0]["mef"] == demo.UNKNOWN_MEF_LABEL == "5EME SEGPA"
    for ine, day, motif in demo.LEAVING:
        (row,) = found[ine]
        assert (row["date_sortie"], row["motif_sortie"]) == (day, motif)
        assert day.endswith("/2026")
    leaving = [r for r in rows if r["date_sortie"]]
    assert len(leaving) == 2
    new = {(r["nom"], r["prenom"]): r for r in found[""]}
    assert set(new) == set(demo.NEW_STUDENTS) | {demo.INCOMPLETE_STUDENT}
    assert new[demo.INCOMPLETE_STUDENT]["date_naissance"] == ""
    for name in demo.NEW_STUDENTS:
        row = new[name]
        for column in ("date_naissance", "sexe", "nationalite", "pays_naissance", "mef",
                       "resp1_nom", "resp1_adresse", "resp1_code_postal", "resp1_ville"):
            assert row[column], (name, column)  # fmt: skip
        assert row["commune_naissance"] or row["ville_naissance"]
    assert any(demo.NON_LATIN9_NAME in r.values() for r in rows)
    with pytest.raises(UnicodeEncodeError):
        demo.NON_LATIN9_NAME.encode("iso8859_15")


def test_leaving_motifs_are_in_the_nomenclature(nomenclature: etree._Element) -> None:
    motifs = {
        m.get("CODE_MOTIF_SORTIE"): fold(m.findtext("LIBELLE_LONG"))
        for m in nomenclature.iterfind("DONNEES/MOTIFS_SORTIE/MOTIF_SORTIE")
    }
    for _, _, motif in demo.LEAVING:
        assert motif in motifs or fold(motif) in motifs.values()


def test_campaign_varies_like_a_real_one(rows: list[dict[str, str]]) -> None:
    def share(test) -> float:
        return sum(1 for r in rows if test(r)) / len(rows)

    assert 0.05 < share(lambda r: r["ine"] and not r["division"]) < 0.2
    assert {r["sexe"] for r in rows} == {"M", "F", "1", "2"}
    mefs = {r["mef"] for r in rows}
    assert {"6EME", "5ème", demo.MEF_CODES[4]} <= mefs
    options = " ".join(r["options"] for r in rows)
    assert "Anglais LV1, Espagnol LV2" in options and "AGL1;ESP2" in options
    assert "latin" in options and "030201," in options
    yes_no = {r[c] for r in rows for c in ("resp2_paie_frais", "resp1_communication_adresse")}
    assert {"oui", "non", "o", "n", "1", "0", "x", ""} <= yes_no
    liens = {r["resp1_lien"].lower() for r in rows}
    assert {"mère", "père", "tuteur"} <= liens
    assert {"grand-mère", "grand-parent", "grand-père"} & {r["urgence_lien"] for r in rows}
    assert 0 < share(lambda r: r["ine"] and not r["resp1_civilite"]) < 0.3
    assert 0.2 < share(lambda r: r["ine"] and not r["resp1_profession"]) < 0.7
    assert 0.05 < share(lambda r: r["ine"] and not r["resp2_nom"]) < 0.4  # single parents
    assert any(r["resp1_nom"] != r["resp1_nom"].upper() for r in rows)  # "Lefèvre"
    assert any(len(r["resp1_adresse"]) > 38 for r in rows)
    assert {"2A004"} <= {r["commune_naissance"] for r in rows}


def test_campaign_keeps_siecle_responsables(rows, responsables) -> None:
    names = {fold(p.findtext("NOM_DE_FAMILLE")) for p in responsables.iterfind(".//PERSONNE")}
    known = [r for r in rows if r["ine"]]
    assert all(fold(r["resp1_nom"]) in names for r in known)
    assert all(fold(r["resp2_nom"]) in names for r in known if r["resp2_nom"])


def test_xlsx_matches_csv(files: dict[str, Path], rows: list[dict[str, str]]) -> None:
    book = openpyxl.load_workbook(files["dossiers.xlsx"])
    sheet = book.worksheets[0]
    grid = list(sheet.iter_rows(values_only=True))
    assert list(grid[0]) == list(demo.CAMPAIGN_COLUMNS)
    assert len(grid) == len(rows) + 1
    dates = {demo.CAMPAIGN_COLUMNS.index(c) for c in ("date_naissance", "date_sortie")}
    seen_dates = 0
    for cells, row in zip(grid[1:], rows):
        for index, column in enumerate(demo.CAMPAIGN_COLUMNS):
            value, text = cells[index], row[column]
            if index in dates and text:
                assert isinstance(value, dt.datetime)
                assert value.strftime("%d/%m/%Y") == text
                seen_dates += 1
            else:
                assert (value or "") == text, (column, value, text)
    assert seen_dates == len(rows) - 1 + 2  # all births but one, and the two leaving dates
    date_cell = sheet.cell(row=2, column=demo.CAMPAIGN_COLUMNS.index("date_naissance") + 1)
    assert date_cell.is_date and date_cell.number_format == "dd/mm/yyyy"


def test_xlsx_is_deterministic(tmp_path: Path) -> None:
    school = demo.build(30, seed=5)
    assert demo.campaign_xlsx(school.rows) == demo.campaign_xlsx(demo.build(30, seed=5).rows)
    with zipfile.ZipFile(io.BytesIO(demo.campaign_xlsx(school.rows))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 6, 15, 18, 0, 0)}


def test_wrap_keeps_words_whole() -> None:
    text = "Résidence les Jardins de la Méditerranée, bâtiment C, escalier 4"
    lines = demo._wrap(text)
    assert lines == ["Résidence les Jardins de la", "Méditerranée, bâtiment C, escalier 4"]
    assert " ".join(lines) == text


# Scale


@pytest.mark.slow  # about 10 s on a slow 2-CPU runner, where it was timed
def test_thirty_thousand_students(tmp_path: Path) -> None:
    started = time.perf_counter()
    paths = demo.generate(tmp_path, eleves=30_000, seed=11)
    elapsed = time.perf_counter() - started
    data = paths["ElevesAvecAdresses.xml"].read_bytes()
    assert data.count(b"<ELEVE ELEVE_ID=") == 30_000
    assert paths["dossiers.csv"].read_bytes().count(b"\r\n") == 30_002 + 1
    assert data.endswith(b"</BEE_ELEVES>\n")
    assert elapsed < 60  # seconds; linear work, a few seconds on a laptop
