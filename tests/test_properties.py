"""Properties, checked on generated inputs: the campaign reader, names, addresses, options
and the writer (whatever the campaign says, every dossier is sent valid or blocked with a
rule)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from retour import demo
from retour.adresse import split_address
from retour.campagne import COLUMNS, Campagne, read_campagne
from retour.dossiers import resolve_options
from retour.errors import UnreadableFile, UnusableInput
from retour.modele import Dossier
from retour.nomenclature import Nomenclature
from retour.normalise import fold
from retour.pipeline import Retour
from retour.regles import RULES
from retour.siecle import read_eleves, read_nomenclature, read_responsables
from retour.validation import validate_import

REFERENCE_XSD = (Path(__file__).resolve().parents[1].parent / "shared" / "reference"
                 / "schema_Import_3.1_avec_correction.xsd")
MODEST = settings(max_examples=40, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])

#: Every character ISO-8859-15 holds, but the controls.
LATIN9 = "".join(chr(c) for c in range(0x20, 0x7F)) + bytes(range(0xA0, 0x100)).decode(
    "iso-8859-15")
LATIN9_LETTERS = "".join(c for c in LATIN9 if c.isalpha())
#: XML 1.0 cannot carry these: a cell holding them must lose them, not crash the writer.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# The campaign reader


header_texts = st.one_of(st.sampled_from(COLUMNS), st.text(max_size=20),
                         st.sampled_from(["Nom de l'élève", "Date de naissance", "Né(e) le",
                                          "Classe", "Resp1 tél portable", "", " "]))
cell_texts = st.one_of(st.text(max_size=30), st.sampled_from(
    ["05/09/2012", "31/02/2012", "M", "F", "oui", "x", "#N/A", "=1+1", '"', "a;b", "\n",
     "1234567890A", "6EME", "Anglais LV1, Latin"]))


def csv_bytes(grid: list[list[str]], separator: str, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(grid)
    return out.getvalue().encode(encoding, errors="replace")


def assert_campaign_sound(result: Campagne) -> None:
    table = result.table
    assert list(table.columns) == COLUMNS + ["ligne"]
    assert table["ligne"].is_unique and (table["ligne"] >= 2).all()
    assert table["ligne"].is_monotonic_increasing
    values = table[COLUMNS].stack().dropna()
    assert all(isinstance(v, str) and v.strip() == v and v for v in values)
    assert not any(NOT_XML.search(v) for v in values)
    assert result.problems["message"].str.startswith("Ligne ").all()
    assert set(result.problems["ligne"]) <= set(table["ligne"]) | set(
        result.problems["ligne"][result.problems["champ"].isna()])


@MODEST
@given(headers=st.lists(header_texts, min_size=1, max_size=8),
       rows=st.lists(st.lists(cell_texts, max_size=9), max_size=6),
       separator=st.sampled_from([";", ",", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_random_csv_gives_a_campaign_or_a_french_refusal(headers, rows, separator, encoding):
    data = csv_bytes([headers] + rows, separator, encoding)
    try:
        result = read_campagne(data, "hasard.csv")
    except UnreadableFile as error:
        assert "« hasard.csv »" in str(error)
        return
    assert_campaign_sound(result)


xlsx_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.text(max_size=30).map(lambda t: ILLEGAL_CHARACTERS_RE.sub("", t)),
    st.sampled_from(["=1+1", '=CONCATENATE("a","b")', "#N/A", "05/09/2012"]))


@MODEST
@given(headers=st.lists(st.one_of(st.none(), header_texts.map(
           lambda t: ILLEGAL_CHARACTERS_RE.sub("", t))), min_size=1, max_size=6),
       rows=st.lists(st.lists(xlsx_values, max_size=7), max_size=5),
       merge=st.booleans())
def test_random_workbook_gives_a_campaign_or_a_french_refusal(headers, rows, merge):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [headers] + rows:
        sheet.append(row)
    if merge and len(rows) >= 2:
        sheet.merge_cells("A2:A3")
    book.create_sheet("Autre").append(["ine", "nom"])
    out = io.BytesIO()
    book.save(out)
    try:
        result = read_campagne(out.getvalue(), "hasard.xlsx")
    except UnreadableFile as error:
        assert "« hasard.xlsx »" in str(error)
        return
    assert_campaign_sound(result)


# Names


@given(st.text())
def test_fold_is_idempotent_and_plain(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert re.fullmatch(r"([0-9a-z]+( [0-9a-z]+)*)?", folded)


def bare(text: str) -> str:
    """A Latin-9 name as typed without accents, by a reference independent of ``fold``."""
    spelt = {"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss", "Ø": "O", "ø": "o",
             "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th"}
    out = []
    for char in text:
        if char in spelt:
            out.append(spelt[char])
        else:
            base = unicodedata.normalize("NFKD", char)[:1] or " "
            out.append(base if base.isascii() else " ")
    return "".join(out)


names = st.text(alphabet=LATIN9_LETTERS + " -'", min_size=1, max_size=40)


@given(names)
def test_fold_ignores_case_and_accents_of_latin9_names(name):
    assert fold(name) == fold(name.upper()) == fold(name.lower()) == fold(bare(name))
    assert fold(name) == fold(unicodedata.normalize("NFD", name))  # decomposed accents


@given(names, names)
def test_fold_tells_different_names_apart(first, second):
    assume(bare(first).lower().split() != bare(second).lower().split())
    assume(re.sub(r"[\s'-]+", " ", bare(first).lower()).split()
           != re.sub(r"[\s'-]+", " ", bare(second).lower()).split())
    assert fold(first) != fold(second)


# Addresses (what tests/test_ecriture.py leaves out)


latin9_words = st.lists(st.text(alphabet="".join(c for c in LATIN9 if not c.isspace()),
                                min_size=1, max_size=45),
                        min_size=0, max_size=20)


@given(st.lists(latin9_words, max_size=6))
def test_address_lines_keep_the_given_breaks_and_resplit_to_themselves(paragraphs):
    text = "\n".join(" ".join(words) for words in paragraphs)
    lines = split_address(text)
    unlimited = split_address(text, max_lines=10**6)
    assert (lines is None) == (len(unlimited) > 4)
    if lines is None:
        return
    assert split_address("\n".join(lines)) == lines  # the writer splits SIECLE's own lines
    assert all(1 <= len(line) <= 38 for line in lines)
    assert all(line == line.strip() and "  " not in line for line in lines)
    if all(len(w) <= 38 for words in paragraphs for w in words):
        joined = [" ".join(words) for words in paragraphs if words]
        assert [w for line in lines for w in line.split()] == [
            w for line in joined for w in line.split()]
        if all(len(line) <= 38 for line in joined):
            assert lines == joined  # short lines stay as the user broke them


@given(st.text(alphabet=" \t\r\n\xa0\u2028", max_size=20))
def test_blank_address_has_no_line(text):
    assert split_address(text) == []


@given(st.text(alphabet="éèàçœŒŸ€ÿ", min_size=1, max_size=200))
def test_address_lengths_count_characters_not_bytes(word):
    lines = split_address(word)
    if lines is not None:
        assert "".join(lines) == word
        assert all(len(line) == 38 for line in lines[:-1])


# Options


@pytest.fixture(scope="module")
def nomenclature() -> Nomenclature:
    return Nomenclature(read_nomenclature(demo.nomenclature_xml(), name="Nomenclature.xml"))


MATIERES = demo._MATIERES


def variant(draw, text: str) -> str:
    """The same label as someone might type it: case, accents, spaces, punctuation."""
    text = draw(st.sampled_from([text, text.upper(), text.lower(), text.title(), bare(text)]))
    spaces = draw(st.sampled_from([" ", "  ", " - ", "_", "."]))
    return draw(st.sampled_from(["", " "])) + text.replace(" ", spaces) + draw(
        st.sampled_from(["", " ", "\t"]))


@st.composite
def labels(draw):
    code = draw(st.sampled_from(sorted(MATIERES)))
    gestion, court, long, edition, _ = MATIERES[code]
    return code, variant(draw, draw(st.sampled_from([court, long, edition]))), gestion


@given(data=st.data())
def test_options_resolve_by_code_gestion_or_any_spelling_of_a_label(nomenclature, data):
    code, label, gestion = data.draw(labels())
    assert nomenclature.resolve_option(code) == code
    assert nomenclature.resolve_option(variant(data.draw, gestion)) == code
    assert nomenclature.resolve_option(label) == code


@given(st.text(max_size=30))
def test_option_resolution_never_invents_a_code(nomenclature, token):
    found = nomenclature.resolve_option(token)
    assert found is None or found in nomenclature.matieres


tokens = st.one_of(st.sampled_from(sorted(MATIERES)), st.sampled_from(
    [v[1] for v in MATIERES.values()] + ["latin", "grec", "Chinois LV2", "anglais", ""]),
    st.text(max_size=12))


@given(mef=st.sampled_from(sorted(demo.MEF_CODES.values())),
       chosen=st.lists(tokens, max_size=10))
def test_options_ranked_first_once_each_with_their_modality(nomenclature, mef, chosen):
    dossier = Dossier(cle="E1", origine="siecle", scolarite={"code_mef": mef},
                      options_saisies=chosen)
    resolve_options(dossier, nomenclature)
    codes = [code for code, _ in dossier.options]
    assert len(codes) == len(set(codes))
    assert set(codes) == {nomenclature.resolve_option(t) for t in chosen} - {None}
    ranks = [nomenclature.rank(mef, c) for c in codes]
    ranked = [r for r in ranks if r is not None]
    assert ranks[:len(ranked)] == sorted(ranked)  # ranked ones first, in rank order
    for code, modality in dossier.options:
        assert modality == (nomenclature.modality(mef, code) or "")


# The writer: any campaign over the demo school gives a valid file or named blocks


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ecole30")
    paths = demo.generate(folder, eleves=30)
    exports = (read_nomenclature(paths["Nomenclature.xml"]),
               read_eleves(paths["ElevesAvecAdresses.xml"]),
               read_responsables(paths["ResponsablesAvecAdresses.xml"]))
    text = paths["dossiers.csv"].read_bytes().decode("utf-8-sig")
    grid = list(csv.reader(io.StringIO(text), delimiter=";"))
    return exports, grid


@pytest.fixture(scope="module")
def reference_xsd():
    if not REFERENCE_XSD.is_file():
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(REFERENCE_XSD), parser))


NON_LATIN9 = ["Łukasz", "Đorđe", "Ⅻ", "李小龍", "Ωmega", "😀", "Nguyễn", "Ǆ", "\u200b", "\ufeff"]
BAD_DATES = ["31/02/2012", "2012-13-45", "00/00/0000", "01/01/1850", "1/1/99", "demain",
             "29/02/2013", "01/01/2099", "12/12/2012 25:61", "2012-02-30"]
BAD_CODES = ["", " ", "999", "7", "ABCDEFGHIJKL", "-1", "1.5", "0", "00", "X", "100",
             "2A004", "99999", "1234567890A", "12345678901234", "M", "F", "oui", "non", "?",
             "6EME", "5EME SEGPA", "10010012110", "Latin; Grec; Klingon", "030201",
             "Anglais LV1, Allemand LV2, Latin, Grec, Espagnol LV2, Italien LV2, LCA Latin",
             "Mère", "tuteur", "73", "76", "Belgique", "Japon", "mme", "M.", "x" * 39,
             "a@b", "pas une adresse", "06 12 34 56 78 90 12 34 56 78"]


@st.composite
def mutations(draw, grid):
    """(row, column, value) changes: junk, long or foreign text, bad dates and codes, twins,
    and (weighted up: they slip through every check) valid values with invisible characters."""
    header, rows = grid[0], grid[1:]
    changes = []
    for _ in range(draw(st.integers(1, 8))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(header) - 1))
        values = [r[column] for r in rows if r[column]] or ["x"]
        spoilt = st.tuples(st.sampled_from(values), st.sampled_from(INVISIBLE)).map(
            lambda t: t[0][:2] + t[1] + t[0][2:])
        value = draw(st.one_of(
            st.text(max_size=40),
            st.text(alphabet=LATIN9, min_size=30, max_size=250),
            st.sampled_from(NON_LATIN9), st.sampled_from(BAD_DATES),
            st.sampled_from(BAD_CODES),
            st.sampled_from([r[column] for r in rows]),  # another row's value: twins
            spoilt, spoilt, spoilt,
        ))
        changes.append((row, column, value))
    return changes


INVISIBLE = ["\x00", "\x01", "\x1f", "\ufffe", "\u2028", "\x85", "\xad", "\u200b"]
ACCEPTED = ("tous sont bloqués", "Seuls des élèves sortants")


@MODEST
@given(data=st.data())
def test_any_campaign_gives_a_valid_file_or_blocks_with_a_rule(school, reference_xsd, data):
    exports, grid = school
    changes = data.draw(mutations(grid))
    rows = [list(row) for row in grid]
    for row, column, value in changes:
        rows[row + 1][column] = value
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    campagne = read_campagne(out.getvalue().encode("utf-8-sig"), "dossiers.csv")

    retour = Retour(*exports, campagne)
    try:
        result = retour.exporter(None)
    except UnusableInput as error:
        assert any(reason in str(error) for reason in ACCEPTED), error
        assert set(retour.bilan()["statut"]) == {"bloqué"} or ACCEPTED[1] in str(error)
        return

    bilan = retour.bilan()
    assert set(bilan["statut"]) <= {"envoyé", "bloqué"}
    blocked = bilan[bilan["statut"] == "bloqué"]
    codes = blocked["motif"].str.extract(r"^([A-Z]{5}) : .+", expand=False)
    assert codes.notna().all() and set(codes) <= set(RULES), blocked["motif"]
    lines = [int(x) for cell in bilan["lignes"] if cell for x in cell.split(", ")]
    assert sorted(lines) == sorted(campagne.table["ligne"])
    ids = bilan["eleve_id"].dropna()
    assert ids.is_unique and set(ids) == set(exports[1]["eleves"]["eleve_id"])

    assert validate_import(result.xml) == []
    root = etree.fromstring(result.xml)
    if reference_xsd is not None:
        assert reference_xsd.validate(root), reference_xsd.error_log
    assert len(root.findall("DONNEES/ELEVES/ELEVE")) == result.envoyes == len(
        bilan[bilan["statut"] == "envoyé"])
    assert not pd.isna(result.nom)
