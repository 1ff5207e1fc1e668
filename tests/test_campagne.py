"""Tests of the campaign-file reader: CSV and XLSX, headers, cells, problems and errors."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from retour import campagne, settings
from retour.campagne import COLUMNS, clean_cell, read_campagne, split_options, suggest
from retour.errors import RetourError, UnreadableFile, UnsafeFile

# Helpers


def csv_bytes(lines: list[str], sep: str = ";", encoding: str = "utf-8", bom: bool = False):
    text = "\r\n".join(sep.join(cells) for cells in (line.split("|") for line in lines))
    data = (text + "\r\n").encode(encoding)
    return codecs.BOM_UTF8 + data if bom else data


def xlsx_bytes(rows: list[list[object]], title: str = "Dossiers") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_cached_value(data: bytes, ref: str, value: str, kind: str = "str") -> bytes:
    """Give the formula in cell ``ref`` a cached value, as Excel does when it saves.

    openpyxl writes formulas with an empty ``<v>``, like a program that never computes.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = member.decode()
                pattern = rf'<c r="{ref}"><f>(.*?)</f><v\s*/?>(</v>)?</c>'
                cell = rf'<c r="{ref}" t="{kind}"><f>\1</f><v>{value}</v></c>'
                xml, count = re.subn(pattern, cell, xml)
                assert count == 1, xml
                member = xml.encode()
            target.writestr(info, member)
    return out.getvalue()


def problem_at(result: campagne.Campagne, ligne: int, champ: str | None) -> pd.Series:
    problems = result.problems
    found = problems[(problems.ligne == ligne) & (problems.champ.fillna("") == (champ or ""))]
    assert len(found) == 1, problems.to_string()
    return found.iloc[0]


def cell(result: campagne.Campagne, ligne: int, column: str) -> object:
    row = result.table[result.table.ligne == ligne]
    assert len(row) == 1, result.table
    return row.iloc[0][column]


# Columns


def test_columns_full_ordered_list() -> None:
    assert COLUMNS[:3] == ["ine", "nom", "prenom"]
    assert COLUMNS[16] == "motif_sortie"
    assert COLUMNS[17] == "resp1_lien"
    assert COLUMNS[-1] == "urgence_paie_frais"
    assert len(COLUMNS) == 17 + 3 * 15
    assert len(set(COLUMNS)) == len(COLUMNS)


@pytest.mark.parametrize("column", COLUMNS)
def test_canonical_name_and_variants_map_to_themselves(column: str) -> None:
    assert campagne.canonical_column(column) == column
    assert campagne.canonical_column(column.upper().replace("_", " ")) == column
    assert campagne.canonical_column(column.replace("_", "-").title()) == column


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Prénom 2", "prenom2"),
        ("PRENOM", "prenom"),
        ("prénom", "prenom"),
        ("DATE_NAISSANCE", "date_naissance"),
        ("Date de naissance", "date_naissance"),
        ("Né(e) le", "date_naissance"),
        ("date.naissance", "date_naissance"),
        ("Resp1 Nom", "resp1_nom"),
        ("resp1-nom", "resp1_nom"),
        ("Resp. 1 Code postal", "resp1_code_postal"),
        ("Responsable légal 2 - Téléphone portable", "resp2_tel_portable"),
        ("Contact d'urgence e-mail", "urgence_email"),
        ("Resp2 lien de parenté", "resp2_lien"),
        ("Classe", "division"),
        ("INE", "ine"),
        ("Numéro INE", "ine"),
        ("N° INE", "ine"),
        ("Nom de l'élève", "nom"),
        ("  Régime  ", "regime"),
        ("Motif de sortie", "motif_sortie"),
    ],
)
def test_header_variants(header: str, column: str) -> None:
    assert campagne.canonical_column(header) == column


@pytest.mark.parametrize("header", ["Truc", "Adresse", "Ville", "Remarques", "", "2024"])
def test_unrecognised_headers(header: str) -> None:
    assert campagne.canonical_column(header) is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Date de naisance", "date_naissance"),
        ("Prenon", "prenom"),
        ("Resp1 portble", "resp1_tel_portable"),
        ("Divison", "division"),
        ("Nom", "nom"),
        ("Remarques du professeur principal", None),
        ("", None),
    ],
)
def test_suggest(header: str, expected: str | None) -> None:
    assert suggest(header) == expected


# CSV


def test_csv_utf8_bom_semicolon() -> None:
    data = csv_bytes(
        ["INE|Nom|Prénom|Date de naissance", "1234567890A|Lefèvre|Hélène|05/09/2012"], bom=True
    )
    result = read_campagne(data, "dossiers.csv")

    assert result.source == "dossiers.csv"
    assert list(result.table.columns) == COLUMNS + ["ligne"]
    assert result.columns_found == ["ine", "nom", "prenom", "date_naissance"]
    assert result.table.iloc[0][["ine", "nom", "prenom", "date_naissance", "ligne"]].tolist() == [
        "1234567890A",
        "Lefèvre",
        "Hélène",
        "2012-09-05",
        2,
    ]
    assert result.table["resp1_nom"].isna().all()
    assert result.problems.empty
    assert result.unknown_columns == []


def test_csv_utf8_comma_with_quotes() -> None:
    data = (
        'nom,prenom,options,resp1_adresse\n'
        'Martin,Zoé,"Latin, Grec","12 rue de la Paix, bât. ""B"""\n'
    ).encode()
    result = read_campagne(data, "export.csv")

    row = result.table.iloc[0]
    assert row["prenom"] == "Zoé"
    assert row["options"] == "Latin, Grec"
    assert row["resp1_adresse"] == '12 rue de la Paix, bât. "B"'
    assert result.problems.empty


def test_csv_cp1252_semicolon_accents(tmp_path) -> None:
    path = tmp_path / "réinscriptions.csv"
    path.write_bytes(
        csv_bytes(
            ["Nom;Prénom;Motif de sortie;Resp1 ville", "Cœur;Éloïse;Frais 10 €;Bègles"],
            encoding="cp1252",
        )
    )
    assert b"\x9c" in path.read_bytes() and b"\x80" in path.read_bytes()  # œ and € in cp1252

    result = read_campagne(path)

    assert result.source == "réinscriptions.csv"
    row = result.table.iloc[0]
    assert (row["nom"], row["prenom"], row["motif_sortie"], row["resp1_ville"]) == (
        "Cœur",
        "Éloïse",
        "Frais 10 €",
        "Bègles",
    )


def test_csv_tab_separated_and_utf16() -> None:
    text = "Nom\tPrénom\tSexe\r\nDupont\tŒdipe\tF\r\n"
    for data in (text.encode("utf-8"), text.encode("utf-16")):
        result = read_campagne(data, "dossiers.txt")
        assert result.table.iloc[0][["nom", "prenom", "sexe"]].tolist() == ["Dupont", "Œdipe", "2"]


def test_csv_sep_hint_line_is_obeyed() -> None:
    result = read_campagne(b"sep=,\nnom,prenom\nDupont,Jean\n", "a.csv")

    assert result.table.iloc[0][["nom", "prenom"]].tolist() == ["Dupont", "Jean"]


def test_csv_variant_headers_are_read() -> None:
    data = csv_bytes(
        [
            "N° INE|NOM|Prénom 2|Né(e) le|Classe|Resp1 Nom|resp1-tel-portable|Resp. 2 CP",
            "1234567890A|Durand|Marie|1/2/2011|5e B|Durand|612345678|6000",
        ]
    )
    result = read_campagne(data, "a.csv")

    row = result.table.iloc[0]
    assert row["ine"] == "1234567890A"
    assert row["prenom2"] == "Marie"
    assert row["date_naissance"] == "2011-02-01"
    assert row["division"] == "5e B"
    assert row["resp1_nom"] == "Durand"
    assert row["resp1_tel_portable"] == "0612345678"
    assert row["resp2_code_postal"] == "06000"
    assert result.headers["date_naissance"] == "Né(e) le"
    assert result.unknown_columns == []


def test_unknown_column_reported_with_suggestion() -> None:
    data = csv_bytes(["Nom|Date de naisance|Remarques", "Dupont|05/09/2012|rien"])
    result = read_campagne(data, "a.csv")

    assert result.unknown_columns == ["Date de naisance", "Remarques"]
    assert result.suggestions() == {"Date de naisance": "date_naissance", "Remarques": None}
    assert result.columns_found == ["nom"]
    assert result.table["date_naissance"].isna().all()


def test_untitled_column_with_data_is_reported_and_empty_one_ignored() -> None:
    data = csv_bytes(["Nom||", "Dupont|oups|", "Durand||"])
    result = read_campagne(data, "a.csv")

    assert result.unknown_columns == ["(colonne B sans titre)"]


def test_bad_date_and_bad_sexe_reported_with_row_and_column() -> None:
    data = csv_bytes(
        [
            "Nom|Date de naissance|Sexe",
            "Dupont|05/09/2012|M",
            "Durand|31/02/2020|F",
            "Martin|demain|Z",
        ]
    )
    result = read_campagne(data, "a.csv")

    assert len(result.problems) == 3
    date = problem_at(result, 3, "date_naissance")
    assert date["colonne"] == "Date de naissance"
    assert date["valeur"] == "31/02/2020"
    assert date["message"].startswith(
        "Ligne 3, colonne B « Date de naissance » : date invalide « 31/02/2020 » : "
        "attendu JJ/MM/AAAA"
    )
    assert pd.isna(cell(result, 3, "date_naissance"))
    assert problem_at(result, 4, "date_naissance")["valeur"] == "demain"
    sexe = problem_at(result, 4, "sexe")
    assert (sexe["colonne"], sexe["valeur"]) == ("Sexe", "Z")
    assert "sexe « Z » non reconnu" in sexe["message"]
    assert "Ligne 4, colonne C « Sexe »" in sexe["message"]
    assert pd.isna(cell(result, 4, "sexe"))
    assert cell(result, 3, "sexe") == "2"
    assert list(result.problems.columns) == campagne.PROBLEM_COLUMNS


def test_ragged_rows_reported_not_fatal() -> None:
    data = (
        "nom;prenom;sexe\r\n"
        "Dupont;Jean;M\r\n"
        "Durand;Luc;M;en trop\r\n"
        "Martin;Léa\r\n"
        "Petit;Paul;M;;\r\n"
        'Bernard;"Anne;F\r\n'
        "Roux;Eva;F\r\n"
    ).encode()
    result = read_campagne(data, "a.csv")

    rows = result.problems[result.problems.champ.isna()]
    assert rows.ligne.tolist() == [3, 4, 6]  # trailing empty fields (line 5) are harmless
    assert "4 valeurs pour 3 colonnes" in problem_at(result, 3, None)["message"]
    assert "2 valeurs pour 3 colonnes" in problem_at(result, 4, None)["message"]
    assert "guillemet" in problem_at(result, 6, None)["message"]
    assert problem_at(result, 3, None)["valeur"] == "Durand;Luc;M;en trop"
    assert cell(result, 3, "nom") == "Durand"
    assert cell(result, 5, "sexe") == "1"


def test_stray_quote_inside_field_read_as_is() -> None:
    result = read_campagne(b'nom;prenom\nO"Brien;Sean\n', "a.csv")

    assert cell(result, 2, "nom") == 'O"Brien'
    assert result.problems.empty


def test_empty_rows_skipped_line_numbers_kept() -> None:
    data = csv_bytes(["nom|prenom", "Dupont|Jean", "|", "", "Durand|Luc"])
    result = read_campagne(data, "a.csv")

    assert result.table.ligne.tolist() == [2, 5]
    assert result.table.nom.tolist() == ["Dupont", "Durand"]


def test_header_only_gives_empty_table() -> None:
    result = read_campagne(b"nom;prenom;date_naissance\r\n", "a.csv")

    assert result.table.empty
    assert list(result.table.columns) == COLUMNS + ["ligne"]
    assert result.problems.empty
    assert list(result.problems.columns) == campagne.PROBLEM_COLUMNS


# Cells


@pytest.mark.parametrize("value", ["05/09/2012", "5/9/2012", "2012-09-05", "05-09-2012",
                                   " 05.09.2012 ", "2012-09-05 00:00:00"])  # fmt: skip
def test_dates_accepted(value: str) -> None:
    assert clean_cell("date_naissance", value) == ("2012-09-05", None)


@pytest.mark.parametrize("value", ["31/02/2020", "demain", "05/09/12", "2012/13/01",
                                   "05/13/2012", "05/09-2012", "01/01/1850", "41000"])  # fmt: skip
def test_dates_refused(value: str) -> None:
    date, problem = clean_cell("date_sortie", value)

    assert date is None
    assert problem.startswith(f"date invalide « {value.strip()} » : attendu JJ/MM/AAAA")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("x", "1"), ("X", "1"), ("oui", "1"), ("Oui", "1"), ("o", "1"), ("1", "1"), (1, "1"),
     ("vrai", "1"), ("TRUE", "1"), ("yes", "1"), (True, "1"), ("non", "0"), ("N", "0"),
     ("0", "0"), (0.0, "0"), ("faux", "0"), ("false", "0"), ("", None), ("  ", None),
     (None, None)],
)  # fmt: skip
def test_yes_no(value: object, expected: str | None) -> None:
    assert clean_cell("resp1_paie_frais", value) == (expected, None)


def test_yes_no_refused() -> None:
    value, problem = clean_cell("resp2_communication_adresse", "peut-être")

    assert value is None
    assert "« peut-être » non reconnue : attendu oui ou non" in problem


@pytest.mark.parametrize(
    ("value", "expected"),
    [("M", "1"), ("h", "1"), ("G", "1"), ("Masculin", "1"), ("garçon", "1"), (1, "1"),
     ("F", "2"), ("féminin", "2"), ("Fille", "2"), ("2", "2"), (2.0, "2")],
)  # fmt: skip
def test_sexe(value: object, expected: str) -> None:
    assert clean_cell("sexe", value) == (expected, None)


@pytest.mark.parametrize("value", ["X", "3", "inconnu"])
def test_sexe_refused(value: str) -> None:
    assert clean_cell("sexe", value)[0] is None
    assert "non reconnu" in clean_cell("sexe", value)[1]


def test_ine_normalised_and_malformed_kept() -> None:
    assert clean_cell("ine", " 1234 567 890a ") == ("1234567890A", None)
    value, problem = clean_cell("ine", "12345-abc")
    assert value == "12345-ABC"
    assert "INE « 12345-abc » mal formé" in problem


def test_text_stripped_collapsed_case_and_accents_kept() -> None:
    assert clean_cell("nom", "  de   La\u00a0Fontaine-Éluard ") == ("de La Fontaine-Éluard", None)
    assert clean_cell("resp1_email", "  ") == (None, None)


def test_excel_error_value_reported() -> None:
    value, problem = clean_cell("division", "#N/A")

    assert value is None
    assert "erreur de formule « #N/A »" in problem


def test_options_keep_raw_text_and_split() -> None:
    data = 'nom;options\nDupont;"Latin ;  Grec\n Espagnol "\n'.encode()
    result = read_campagne(data, "a.csv")

    raw = cell(result, 2, "options")
    assert raw == "Latin ; Grec\nEspagnol"
    assert split_options(raw) == ["Latin", "Grec", "Espagnol"]


@pytest.mark.parametrize(
    ("cell_text", "expected"),
    [
        ("Latin, Grec", ["Latin", "Grec"]),
        ("LV2 allemand / LCA latin", ["LV2 allemand", "LCA latin"]),
        ("A+B;C\nD", ["A", "B", "C", "D"]),
        (" ,, ; ", []),
        ("", []),
        (None, []),
        (float("nan"), []),
        ("Section  européenne", ["Section européenne"]),
    ],
)
def test_split_options(cell_text: object, expected: list[str]) -> None:
    assert split_options(cell_text) == expected


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_round_trip(date: dt.date) -> None:
    for text in (f"{date:%d/%m/%Y}", f"{date.day}/{date.month}/{date.year}", date.isoformat()):
        assert clean_cell("date_naissance", text) == (date.isoformat(), None)


@given(st.text())
def test_split_options_items_are_trimmed_and_non_empty(text: str) -> None:
    for item in split_options(text):
        assert item and item == " ".join(item.split())
        assert not set(item) & set(",;/+\n\r")


def test_postal_code_padded_for_france_only() -> None:
    data = csv_bytes(
        [
            "resp1_code_postal|resp1_pays|resp2_code_postal|resp2_pays|urgence_code_postal",
            "6000|France|1000|Belgique|75017",
        ]
    )
    row = read_campagne(data, "a.csv").table.iloc[0]

    assert (row["resp1_code_postal"], row["resp2_code_postal"]) == ("06000", "1000")
    assert row["urgence_code_postal"] == "75017"


# XLSX


def test_xlsx_dates_numbers_formulas(tmp_path) -> None:
    data = xlsx_bytes(
        [
            ["INE", "Nom", "Date de naissance", "Resp1 code postal", "Resp1 tél portable",
             "Division", "Resp1 paie frais", "Régime"],
            ["1234567890A", "Dupont", dt.datetime(2012, 9, 5), 6000, 612345678, '="6"&"A"',
             True, 2],
            ["1234567890B", "Durand", dt.date(2011, 1, 2), 75017.0, "0612345678", "=1+1",
             "x", 2.5],
            [None] * 3,
            ["1234567890C", "Léa", 41000, None, None, "=1/0", 0, None],
        ]
    )  # fmt: skip
    data = with_cached_value(data, "F2", "6A")
    data = with_cached_value(data, "F5", "#DIV/0!", kind="e")
    path = tmp_path / "dossiers.xlsx"
    path.write_bytes(data)

    result = read_campagne(path)

    table = result.table.set_index("ligne")
    assert table.index.tolist() == [2, 3, 5]
    assert table.loc[2, "date_naissance"] == "2012-09-05"
    assert table.loc[3, "date_naissance"] == "2011-01-02"
    assert table.loc[2, "resp1_code_postal"] == "06000"
    assert table.loc[3, "resp1_code_postal"] == "75017"
    assert table.loc[2, "resp1_tel_portable"] == "0612345678"
    assert table.loc[3, "resp1_tel_portable"] == "0612345678"
    assert table.loc[2, "division"] == "6A"  # the cached value of the formula
    assert table.loc[2, "resp1_paie_frais"] == "1"
    assert table.loc[5, "resp1_paie_frais"] == "0"
    assert table.loc[2, "regime"] == "2"
    assert table.loc[3, "regime"] == "2.5"
    assert pd.isna(table.loc[3, "division"])
    assert pd.isna(table.loc[5, "division"])

    uncomputed = problem_at(result, 3, "division")
    assert uncomputed["colonne"] == "Division"
    assert "formule dont la valeur n'a jamais été calculée" in uncomputed["message"]
    assert "#DIV/0!" in problem_at(result, 5, "division")["message"]
    assert problem_at(result, 5, "date_naissance")["valeur"] == "41000"
    assert len(result.problems) == 3


def test_xlsx_first_sheet_only_and_untitled_column() -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.append(["Nom", "Prénom", None])
    first.append(["Dupont", "Jean", "note"])
    book.create_sheet("Autre").append(["INE"])
    out = io.BytesIO()
    book.save(out)

    result = read_campagne(out.getvalue(), "dossiers.xlsx")

    assert result.columns_found == ["nom", "prenom"]
    assert result.unknown_columns == ["(colonne C sans titre)"]


def test_xlsx_sniffed_without_name_and_despite_csv_name() -> None:
    data = xlsx_bytes([["Nom"], ["Dupont"]])

    assert read_campagne(data).table.nom.tolist() == ["Dupont"]
    assert read_campagne(data, "mal_nomme.csv").table.nom.tolist() == ["Dupont"]


def test_xlsx_cell_limit(monkeypatch) -> None:
    monkeypatch.setattr(settings, "MAX_XLSX_CELLS", 10)
    data = xlsx_bytes([["Nom", "Prénom"]] + [["A", "B"]] * 10)

    with pytest.raises(UnsafeFile, match="dépasse 10 cellules"):
        read_campagne(data, "gros.xlsx")


def test_broken_xlsx() -> None:
    data = xlsx_bytes([["Nom"], ["Dupont"]])
    broken = data[: len(data) // 2]

    with pytest.raises(UnreadableFile, match="« casse.xlsx » est illisible ou endommagé"):
        read_campagne(broken, "casse.xlsx")


def test_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "bonjour")

    with pytest.raises(UnreadableFile, match="illisible ou endommagé"):
        read_campagne(out.getvalue(), "archive.xlsx")


def test_ods_refused_with_advice() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")

    with pytest.raises(UnreadableFile, match=r"LibreOffice \(\.ods\).*\.xlsx"):
        read_campagne(out.getvalue(), "dossiers.ods")


def test_old_xls_refused_with_advice() -> None:
    with pytest.raises(UnreadableFile, match=r"Excel ancien \(\.xls\)"):
        read_campagne(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "vieux.xls")


# Errors


@pytest.mark.parametrize("data", [b"", b"  \r\n \n"])
def test_empty_file_error_in_french(data: bytes) -> None:
    with pytest.raises(UnreadableFile, match="« vide.csv » est vide"):
        read_campagne(data, "vide.csv")


def test_empty_sheet_error() -> None:
    with pytest.raises(UnreadableFile, match="ne contient aucune ligne.*première feuille"):
        read_campagne(xlsx_bytes([]), "vide.xlsx")


def test_missing_path_error(tmp_path) -> None:
    with pytest.raises(UnreadableFile, match="introuvable"):
        read_campagne(tmp_path / "absent.csv")


def test_only_unknown_columns_error() -> None:
    data = csv_bytes(["Truc|Machin", "1|2"])

    with pytest.raises(UnreadableFile) as caught:
        read_campagne(data, "autre.csv")

    message = str(caught.value)
    assert "« autre.csv » ne contient aucune colonne reconnue" in message
    assert "titres lus : « Truc », « Machin »" in message
    assert "colonnes attendues : ine, nom, prenom" in message.lower()
    assert "resp1_" in message


def test_duplicate_headers_error_names_both() -> None:
    data = csv_bytes(["Date de naissance|Nom|Né(e) le", "05/09/2012|Dupont|05/09/2012"])

    with pytest.raises(UnreadableFile) as caught:
        read_campagne(data, "a.csv")

    message = str(caught.value)
    assert "deux colonnes pour « date_naissance »" in message
    assert "« Date de naissance » (colonne A)" in message
    assert "« Né(e) le » (colonne C)" in message


def test_undecodable_text_error() -> None:
    data = "nom;prenom\nDupont;Jean\n".encode() + b"Dur\x81nd;Luc\n"

    with pytest.raises(UnreadableFile, match="ligne 3 des caractères illisibles"):
        read_campagne(data, "a.csv")


def test_binary_garbage_error() -> None:
    with pytest.raises(UnreadableFile, match="ni un fichier CSV"):
        read_campagne(b"\x00\x01\x02nom\x00", "a.csv")


@hsettings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_result_or_a_french_error(data: bytes) -> None:
    try:
        result = read_campagne(b"nom;prenom;sexe;date_naissance\n" + data, "fuzz.csv")
    except RetourError as exc:
        assert exc.message.startswith("Le fichier « fuzz.csv »")
        return
    assert list(result.table.columns) == COLUMNS + ["ligne"]
    assert result.table.ligne.is_monotonic_increasing


@hsettings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(';,"\n\r x/0123456789MFéœ€')), max_size=200))
def test_any_csv_text_gives_a_result(text: str) -> None:
    result = read_campagne(("nom;prenom;sexe;date_naissance\n" + text).encode(), "f.csv")

    values = result.table[COLUMNS].stack().dropna()
    assert all(isinstance(value, str) and value for value in values)
    assert set(result.table["sexe"].dropna()) <= {"1", "2"}
    assert result.problems["message"].str.startswith("Ligne ").all()


def test_unclosed_quote_in_last_column_reported() -> None:
    data = 'nom;prenom;sexe\nDupont;Jean;"M\nDurand;Luc;M\nMartin;Léa;F\n'.encode()
    result = read_campagne(data, "a.csv")

    assert result.table.ligne.tolist() == [2]
    assert "guillemet" in problem_at(result, 2, None)["message"]


def test_trailing_separator_in_header_only_is_harmless() -> None:
    result = read_campagne(b"nom;prenom;\nDupont;Jean\nDurand;Luc;\n", "a.csv")

    assert result.problems.empty
    assert result.unknown_columns == []
    assert result.table.prenom.tolist() == ["Jean", "Luc"]
