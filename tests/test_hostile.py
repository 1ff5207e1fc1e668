"""Bad and hostile inputs, generated here, in every slot, through the library and the CLI.

Each one must end in a French message (a ``RetourError`` naming the file), never in a
traceback or a partial output, and leave the process able to read the next good file.
Cases already covered for one reader by ``test_safexml.py`` and ``test_campagne.py`` are
carried here to the other slots and to the command line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import struct
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from retour import demo
from retour.campagne import COLUMNS, read_campagne
from retour.errors import (InconsistentExports, RetourError, UnreadableFile, UnsafeFile,
                           UnusableInput, WrongExportKind)
from retour.pipeline import Retour
from retour.siecle import read_eleves, read_nomenclature, read_responsables

ROOT = Path(__file__).resolve().parents[1]
XML_SLOTS = ("nomenclature", "eleves", "responsables")
SLOTS = XML_SLOTS + ("dossiers",)
FILES = {"nomenclature": "Nomenclature.xml", "eleves": "ElevesAvecAdresses.xml",
         "responsables": "ResponsablesAvecAdresses.xml", "dossiers": "dossiers.csv"}
READERS = {"nomenclature": read_nomenclature, "eleves": read_eleves,
           "responsables": read_responsables, "dossiers": read_campagne}
ROOT_TAGS = {"nomenclature": b"BEE_NOMENCLATURES", "eleves": b"BEE_ELEVES",
             "responsables": b"BEE_RESPONSABLES"}
#: What each message should tell the administrator to do next.
ADVICE = re.compile(r"refaites|vérifiez|déposez|enregistrez|ouvrez|téléchargez|choisissez|"
                    r"corrigez|indiquez|ajoutez|rechargez|doit contenir", re.I)
BIG = 450_000_000  # far beyond any school's file, and beyond every limit


# Building the bad files


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def streamed_zip(name: str, head: bytes, filler: bytes, repeat: int, tail: bytes) -> bytes:
    """A zip whose member is ``head + filler * repeat + tail``, written without holding it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w", force_zip64=False) as member:
            member.write(head)
            for _ in range(repeat):
                member.write(filler)
            member.write(tail)
    return buffer.getvalue()


def patch_zip(data: bytes, file_size: int | None = None, flags: int = 0,
              method: int | None = None) -> bytes:
    """Rewrite the first member's headers (local and central): a zip that lies."""
    out = bytearray(data)
    end = out.rfind(b"PK\x05\x06")
    central = struct.unpack_from("<I", out, end + 16)[0]
    for offset, flag_at, method_at, size_at in ((0, 6, 8, 22), (central, 8, 10, 24)):
        flag = struct.unpack_from("<H", out, offset + flag_at)[0]
        struct.pack_into("<H", out, offset + flag_at, flag | flags)
        if method is not None:
            struct.pack_into("<H", out, offset + method_at, method)
        if file_size is not None:
            struct.pack_into("<I", out, offset + size_at, file_size)
    return bytes(out)


def corrupt_deflate(data: bytes) -> bytes:
    out = bytearray(data)
    start = 30 + struct.unpack_from("<H", out, 26)[0] + 400
    for index in range(start, start + 64):
        out[index] ^= 0x5A
    return bytes(out)


def laughs(root: bytes) -> bytes:
    entities = b'<!ENTITY l0 "lollollollollollollollollollol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
    return (b'<?xml version="1.0"?>\n<!DOCTYPE %s [%s]>\n<%s><PARAMETRES><UAJ>&l9;</UAJ>'
            b"</PARAMETRES></%s>" % (root, entities, root, root))


def with_doctype(good: bytes, doctype: bytes) -> bytes:
    declaration, rest = good.split(b"?>", 1)
    return declaration + b"?>" + doctype + rest


def other_kind(files: dict[str, bytes], slot: str) -> bytes:
    return files[{"nomenclature": "eleves", "eleves": "responsables",
                  "responsables": "nomenclature"}[slot]]


def sparse(path: Path, size: int = BIG) -> None:
    """A file as big as ``size`` on paper, holding no block on disk."""
    with open(path, "wb") as handle:
        handle.truncate(size)


def xlsx(rows: list[list[object]], extra_sheet: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        book.create_sheet("Notes").append(["rien"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_sheet_replaced(data: bytes, build: Callable[[bytes], bytes] | None = None,
                        stream: tuple[bytes, int] | None = None) -> bytes:
    """The workbook with its first sheet rewritten, or padded by ``filler * repeat``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, member)
            elif stream:
                head, tail = member.split(b"<sheetData>", 1)
                with target.open(info.filename, "w", force_zip64=False) as handle:
                    handle.write(head + b"<sheetData>")
                    for _ in range(stream[1]):
                        handle.write(stream[0])
                    handle.write(tail)
            else:
                target.writestr(info.filename, build(member))
    return out.getvalue()


@dataclass
class Case:
    """One bad file: how to make it for a slot, the error and what its message says."""

    make: Callable[[dict[str, bytes], str, Path], None]
    error: type[RetourError] | tuple[type[RetourError], ...]
    says: str | tuple[str, ...]  # in the message (one of them, for a tuple)
    suffix: str = ".xml"
    slots: tuple[str, ...] = XML_SLOTS


def data(build: Callable[[dict[str, bytes], str], bytes]):
    def make(files: dict[str, bytes], slot: str, path: Path) -> None:
        path.write_bytes(build(files, slot))
    return make


#: A file that is no XML at all in an export's slot: refused before parsing, or by it.
NOT_XML = (UnreadableFile, WrongExportKind)
NOT_XML_SAYS = ("n'est ni un XML ni un zip", "ce n'est pas un document XML")

XML_CASES = {
    "billion-laughs": Case(data(lambda f, s: laughs(ROOT_TAGS[s])), UnsafeFile,
                           "DTD ou des entités"),
    "billion-laughs-utf16": Case(
        data(lambda f, s: laughs(ROOT_TAGS[s]).decode().replace(
            'version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")),
        UnsafeFile, "entités"),
    "external-entity": Case(data(lambda f, s: with_doctype(
        f[s], b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>')), UnsafeFile,
        "DTD ou des entités"),
    "external-dtd": Case(data(lambda f, s: with_doctype(
        f[s], b'<!DOCTYPE %s SYSTEM "http://127.0.0.1:9/x.dtd">' % ROOT_TAGS[s])), UnsafeFile,
        "DTD"),
    "parameter-entity": Case(data(lambda f, s: with_doctype(
        f[s], b'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>')),
        UnsafeFile, "DTD"),
    "zip-bomb": Case(data(lambda f, s: streamed_zip(
        FILES[s], f[s][:60], b" " * (1 << 20), 24, b"")), UnsafeFile, "taille anormale",
        suffix=".zip"),
    "zip-member-lies-small": Case(data(lambda f, s: patch_zip(streamed_zip(
        FILES[s], f[s], b" " * (1 << 20), 8, b""), file_size=len(f[s]))), UnreadableFile,
        "endommagée", suffix=".zip"),
    "zip-claims-450-mb": Case(data(lambda f, s: patch_zip(zipped({FILES[s]: f[s]}),
                                                          file_size=BIG)),
                              UnsafeFile, "450 Mo", suffix=".zip"),
    "zip-two-xml": Case(data(lambda f, s: zipped({FILES[s]: f[s], "copie.xml": f[s]})),
                        UnreadableFile, "exactement un fichier XML", suffix=".zip"),
    "zip-no-xml": Case(data(lambda f, s: zipped({"lisez-moi.txt": b"rien"})), UnreadableFile,
                       "exactement un fichier XML", suffix=".zip"),
    "zip-empty": Case(data(lambda f, s: zipped({})), UnreadableFile, "aucun fichier",
                      suffix=".zip"),
    "zip-too-many": Case(data(lambda f, s: zipped({**{f"n{i}.txt": b"x" for i in range(20)},
                                                   FILES[s]: f[s]})),
                         UnsafeFile, "contient 21 fichiers", suffix=".zip"),
    "zip-parent-path": Case(data(lambda f, s: zipped({"../../" + FILES[s]: f[s]})), UnsafeFile,
                            "chemin suspect", suffix=".zip"),
    "zip-absolute-path": Case(data(lambda f, s: zipped({"/tmp/" + FILES[s]: f[s]})),
                              UnsafeFile, "chemin suspect", suffix=".zip"),
    "zip-backslashes": Case(data(lambda f, s: zipped({"..\\..\\" + FILES[s]: f[s]})),
                            UnsafeFile, "chemin suspect", suffix=".zip"),
    "zip-drive-letter": Case(data(lambda f, s: zipped({"C:\\SIECLE\\" + FILES[s]: f[s]})),
                             UnsafeFile, "chemin suspect", suffix=".zip"),
    "zip-corrupt-stream": Case(data(lambda f, s: corrupt_deflate(zipped({FILES[s]: f[s]}))),
                               UnreadableFile, "endommagée", suffix=".zip"),
    "zip-encrypted": Case(data(lambda f, s: patch_zip(zipped({FILES[s]: f[s]}), flags=1)),
                          UnreadableFile, "endommagée", suffix=".zip"),
    "zip-unknown-method": Case(data(lambda f, s: patch_zip(zipped({FILES[s]: f[s]}),
                                                           method=99)),
                               UnreadableFile, "endommagée", suffix=".zip"),
    "truncated": Case(data(lambda f, s: f[s][: len(f[s]) * 2 // 3]), UnreadableFile,
                      "n'est pas un XML valide"),
    "claims-utf8-holds-latin9": Case(
        data(lambda f, s: f[s].replace(b"ISO-8859-15", b"UTF-8", 1)), UnreadableFile,
        "encodage annoncé ne correspond pas"),
    "claims-latin9-holds-utf8": Case(
        data(lambda f, s: f[s].decode("iso-8859-15").encode("utf-8")), UnreadableFile,
        "annonce l'encodage ISO-8859-15 mais son contenu est en UTF-8"),
    "claims-utf16-holds-8-bit": Case(
        data(lambda f, s: f[s].replace(b"ISO-8859-15", b"UTF-16", 1)), UnreadableFile,
        "n'est pas un XML valide"),
    "empty": Case(data(lambda f, s: b""), UnreadableFile, "est vide"),
    "blank": Case(data(lambda f, s: b" \r\n\t\n"), UnreadableFile, "est vide"),
    "another-export": Case(data(other_kind), WrongExportKind, "alors qu'un export"),
    "structures-export": Case(data(lambda f, s: f["eleves"].replace(
        b"BEE_ELEVES", b"BEE_STRUCTURES")), WrongExportKind, "export « Structures »"),
    "foreign-xml": Case(data(lambda f, s: b'<?xml version="1.0"?><html><body/></html>'),
                        WrongExportKind, "son élément racine est « html »"),
    "campaign-csv": Case(data(lambda f, s: f["dossiers"]), NOT_XML, NOT_XML_SAYS, suffix=".csv"),
    "campaign-xlsx": Case(data(lambda f, s: f["xlsx"]), UnreadableFile,
                          "exactement un fichier XML", suffix=".xlsx"),
    "pdf": Case(data(lambda f, s: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"),
                NOT_XML, NOT_XML_SAYS, suffix=".pdf"),
    "without-donnees": Case(data(lambda f, s: re.sub(rb"<DONNEES>.*</DONNEES>", b"", f[s],
                                                     flags=re.S)),
                            UnreadableFile, "pas de bloc DONNEES"),
    "too-deep": Case(data(lambda f, s: b"<%s>%s%s</%s>" % (
        ROOT_TAGS[s], b"<a>" * 5000, b"</a>" * 5000, ROOT_TAGS[s])), UnreadableFile,
        "n'est pas un XML valide"),
    "another-school": Case(data(lambda f, s: f[s].replace(
        b"<UAJ>%s</UAJ>" % demo.DEMO_UAJ.encode(), b"<UAJ>0590181B</UAJ>")),
        InconsistentExports, "l'établissement (UAJ)"),
    "another-year": Case(data(lambda f, s: f[s].replace(
        b"<ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE>", b"<ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>")),
        InconsistentExports, "l'année"),
    "450-mb-file": Case(lambda f, s, path: sparse(path), UnsafeFile, "pèse 450 Mo"),
}


def campaign_text(files: dict[str, bytes]) -> str:
    return files["dossiers"].decode("utf-8-sig")


def mixed_encodings(files: dict[str, bytes], slot: str) -> bytes:
    lines = campaign_text(files).splitlines(keepends=True)
    half = len(lines) // 2
    return ("".join(lines[:half]).encode("utf-8")
            + "".join(lines[half:]).encode("cp1252", errors="replace"))


def xlsx_bomb(files: dict[str, bytes], slot: str) -> bytes:
    return xlsx_sheet_replaced(files["xlsx"], stream=(b" " * (1 << 20), 24))


def xlsx_claims_450_mb(files: dict[str, bytes], slot: str) -> bytes:
    return patch_zip(files["xlsx"], file_size=BIG)


def xlsx_entities(files: dict[str, bytes], slot: str) -> bytes:
    doctype = laughs(b"worksheet").split(b"\n")[1]
    return xlsx_sheet_replaced(files["xlsx"], lambda sheet: sheet.replace(
        b"?>", b"?>" + doctype, 1).replace(b">ine</t>", b">&l9;</t>", 1))


CAMPAIGN = ("dossiers",)
CAMPAIGN_CASES = {
    "csv-empty": Case(data(lambda f, s: b""), UnreadableFile, "est vide", ".csv", CAMPAIGN),
    "csv-mixed-encodings": Case(data(mixed_encodings), UnreadableFile,
                                "mélange deux encodages", ".csv", CAMPAIGN),
    "csv-utf16-without-bom": Case(
        data(lambda f, s: campaign_text(f).encode("utf-16-le")), UnreadableFile,
        "ni un fichier CSV", ".csv", CAMPAIGN),
    "csv-undecodable": Case(data(lambda f, s: f["dossiers"] + b"\x81\x8d\x8f\x90;\r\n"),
                            UnreadableFile, "caractères illisibles", ".csv", CAMPAIGN),
    "csv-wrong-delimiter": Case(data(lambda f, s: campaign_text(f).replace(";", "|").encode()),
                                UnreadableFile, "aucune colonne reconnue", ".csv", CAMPAIGN),
    "csv-quote-never-closed": Case(
        data(lambda f, s: f["dossiers"].replace(b"\r\n", b'\r\n"' + b"x" * 140_000, 1)),
        UnreadableFile,
        "guillemets", ".csv", CAMPAIGN),
    "csv-duplicate-columns": Case(
        data(lambda f, s: f["dossiers"].replace(b"ine;", b"ine;INE;", 1)), UnreadableFile,
        "deux colonnes pour « ine »", ".csv", CAMPAIGN),
    "csv-is-an-export": Case(data(lambda f, s: f["eleves"]), UnreadableFile,
                             "aucune colonne reconnue", ".csv", CAMPAIGN),
    "csv-is-an-export-zip": Case(data(lambda f, s: zipped({FILES["eleves"]: f["eleves"]})),
                                 UnreadableFile, "illisible ou endommagé", ".zip", CAMPAIGN),
    "csv-450-mb": Case(lambda f, s, path: sparse(path), UnsafeFile, "pèse 450 Mo", ".csv",
                       CAMPAIGN),
    "xlsx-bomb": Case(data(xlsx_bomb), UnsafeFile, "taille anormale", ".xlsx", CAMPAIGN),
    "xlsx-claims-450-mb": Case(data(xlsx_claims_450_mb), UnsafeFile, "taille anormale",
                               ".xlsx", CAMPAIGN),
    "xlsx-entities": Case(data(xlsx_entities), UnreadableFile, "illisible ou endommagé",
                          ".xlsx", CAMPAIGN),
    "xlsx-truncated": Case(data(lambda f, s: f["xlsx"][: len(f["xlsx"]) // 2]),
                           UnreadableFile, "illisible ou endommagé", ".xlsx", CAMPAIGN),
    "xlsx-old-xls": Case(data(lambda f, s: codecs.decode("d0cf11e0a1b11ae1", "hex") * 64),
                         UnreadableFile, "Excel ancien", ".xls", CAMPAIGN),
}

ALL_CASES = {**XML_CASES, **CAMPAIGN_CASES}
API_PARAMS = [pytest.param(name, slot, id=f"{name}-{slot}")
              for name, case in ALL_CASES.items() for slot in case.slots]


# Fixtures


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> dict[str, Path]:
    """A small demo school: the good files every bad one stands in for."""
    folder = tmp_path_factory.mktemp("ecole")
    paths = demo.generate(folder, eleves=12)
    return {"nomenclature": paths["Nomenclature.xml"], "eleves": paths["ElevesAvecAdresses.xml"],
            "responsables": paths["ResponsablesAvecAdresses.xml"],
            "dossiers": paths["dossiers.csv"], "xlsx": paths["dossiers.xlsx"]}


@pytest.fixture(scope="module")
def contents(school) -> dict[str, bytes]:
    return {slot: path.read_bytes() for slot, path in school.items()}


def bad_file(contents, folder: Path, name: str, slot: str) -> Path:
    case = ALL_CASES[name]
    path = folder / f"{slot}-{name}{case.suffix}"
    case.make(contents, slot, path)
    return path


def says(case: Case, message: str) -> bool:
    return any(part in message for part in (
        case.says if isinstance(case.says, tuple) else (case.says,)))


def assert_french(message: str, name: str) -> None:
    assert f"« {name}" in message or f"« {name} ›" in message, message
    assert ADVICE.search(message), message
    assert "Traceback" not in message


# The library


@pytest.mark.parametrize("name, slot", API_PARAMS)
def test_bad_file_refused_in_french_and_next_read_works(school, contents, tmp_path, name,
                                                        slot):
    case = ALL_CASES[name]
    path = bad_file(contents, tmp_path, name, slot)
    inputs = {s: school[s] for s in SLOTS} | {slot: path}

    with pytest.raises(RetourError) as caught:
        Retour.depuis_fichiers(inputs["nomenclature"], inputs["eleves"],
                               inputs["responsables"], inputs["dossiers"])

    assert isinstance(caught.value, case.error), caught.value
    assert says(case, str(caught.value)), caught.value
    assert_french(str(caught.value), path.name)
    good = READERS[slot](school[slot])  # the same process goes on with the good file
    if slot == "dossiers":
        assert len(good.table) == 14
    else:
        assert good.uaj == demo.DEMO_UAJ


def test_zip_bombs_stay_cheap_to_build(contents, tmp_path):
    """The bombs claim far more than they weigh: the tests stay light on memory."""
    for name in ("zip-bomb", "xlsx-bomb", "zip-claims-450-mb", "450-mb-file"):
        slot = ALL_CASES[name].slots[0]
        path = bad_file(contents, tmp_path, name, slot)
        assert os.stat(path).st_blocks * 512 < 2_000_000, name


def test_xinclude_is_not_followed(contents):
    data = contents["eleves"].replace(
        b"<BEE_ELEVES ", b'<BEE_ELEVES xmlns:xi="http://www.w3.org/2001/XInclude" ', 1
    ).replace(b"<NOM_DE_FAMILLE>", b'<NOM_DE_FAMILLE><xi:include href="/etc/passwd" '
              b'parse="text"/>', 1)
    eleves = read_eleves(data, name="xi.xml")["eleves"]
    assert not eleves["nom_de_famille"].fillna("").str.contains("root").any()


SAMPLE = "nom;prenom;resp1_ville\r\nŒDIPE-ŸVES;Zoé;Besançon\r\nÉLÉONORE;Ève;L'Haÿ-les-Roses\r\n"


@pytest.mark.parametrize("encoded", [
    codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"),
    codecs.BOM_UTF32_BE + SAMPLE.encode("utf-32-be"),
    codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
    SAMPLE.encode("cp1252"),
    SAMPLE.replace("Œ", "OE").replace("Ÿ", "Y").encode("latin-1"),
], ids=["utf-32-le", "utf-32-be", "utf-16-be", "cp1252", "latin-1"])
def test_odd_but_legitimate_campaign_encodings_keep_every_accent(encoded):
    table = read_campagne(encoded, "autre.csv").table
    expected = SAMPLE if b"OE" not in encoded else SAMPLE.replace("Œ", "OE").replace("Ÿ", "Y")
    rows = [line.split(";") for line in expected.split("\r\n")[1:-1]]
    assert table[["nom", "prenom", "resp1_ville"]].values.tolist() == rows


def campaign_rows(contents) -> list[list[str]]:
    return list(csv.reader(io.StringIO(campaign_text(contents)), delimiter=";"))


def campaign_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_invisible_control_characters_do_not_reach_the_file(school, contents):
    rows = campaign_rows(contents)
    header = rows[0]
    phone, first = header.index("resp1_tel_portable"), header.index("prenom2")
    for row in rows[1:]:
        row[phone] = "06\x0012\x0134\x1f56\ufffe78"
        row[first] = "\x07" + row[first]
    retour = Retour.depuis_fichiers(school["nomenclature"], school["eleves"],
                                    school["responsables"], campaign_bytes(rows))

    table = retour.campagne.table
    assert not table[COLUMNS].stack().str.contains("[\x00-\x08\x0b-\x1f\ufffe]").any()
    assert set(table["resp1_tel_portable"]) == {"0612345678"}
    assert "ELNOM" not in set(retour.constats()["regle"])  # "\x07Marie" is Marie
    assert retour.exporter(None).envoyes > 0


def test_merged_cells_formulas_sheets_and_typed_dates_still_export(school):
    table = read_campagne(school["xlsx"]).table
    columns = list(demo.CAMPAIGN_COLUMNS)
    rows = [columns] + [[None if pd.isna(record[c]) else record[c] for c in columns]
                        for record in table.to_dict("records")]
    for row in rows[1:]:  # real dates, as a spreadsheet keeps them
        for column in ("date_naissance", "date_sortie"):
            if row[columns.index(column)]:
                row[columns.index(column)] = dt.date.fromisoformat(row[columns.index(column)])
    rows[1][columns.index("options")] = '=CONCATENATE("Anglais", " LV1")'
    book = openpyxl.load_workbook(io.BytesIO(xlsx(rows, extra_sheet=True)))
    division = get_column_letter(columns.index("division") + 1)
    book.active.merge_cells(f"{division}2:{division}3")
    out = io.BytesIO()
    book.save(out)

    retour = Retour.depuis_fichiers(school["nomenclature"], school["eleves"],
                                    school["responsables"], out.getvalue())
    problems = retour.campagne.problems
    assert problems["message"].str.contains("formule dont la valeur n'a jamais").any()
    read = retour.campagne.table
    assert read["date_naissance"].dropna().tolist() == table["date_naissance"].dropna().tolist()
    assert pd.isna(read.loc[1, "division"]) and read.loc[0, "division"] == table.loc[0, "division"]
    assert retour.exporter(None).envoyes > 0


def test_only_leaving_students_cannot_make_a_file(school):
    retour = Retour.depuis_fichiers(school["nomenclature"], school["eleves"],
                                    school["responsables"], school["dossiers"])
    with pytest.raises(UnusableInput, match="Seuls des élèves sortants") as caught:
        retour.exporter(None, ine=[demo.LEAVING[0][0]])
    assert "Element" not in str(caught.value)  # no untranslated schema message
    assert retour.exporter(None).envoyes > 0


# The command line: every case through ``python -m retour export``, run side by side


CLI_ARGS = {
    "arg-bad-start-date": ["--date-debut", "31/02/2026"],
    "arg-num-envoi-too-big": ["--num-envoi", "100000"],
    "arg-unknown-ine": ["--ine", "000000000XX"],
    "arg-only-leaving": ["--ine", demo.LEAVING[0][0]],
    "arg-only-blocked": ["--ine", demo.DUPLICATE_INE],
}
CLI_MESSAGES = {
    "arg-bad-start-date": "Date de début de scolarité « 31/02/2026 » invalide",
    "arg-num-envoi-too-big": "Numéro d'envoi 100000 invalide",
    "arg-unknown-ine": "INE absent(s) des dossiers : 000000000XX",
    "arg-only-leaving": "Seuls des élèves sortants",
    "arg-only-blocked": "tous sont bloqués",
}
#: One case of each kind for the command line (the library meets them all, in every slot).
CLI_XML_CASES = (
    "billion-laughs", "external-entity", "zip-bomb", "zip-member-lies-small",
    "zip-claims-450-mb", "zip-two-xml", "zip-parent-path", "zip-drive-letter",
    "zip-corrupt-stream", "truncated", "claims-latin9-holds-utf8", "empty", "another-export",
    "campaign-csv", "another-school", "another-year", "450-mb-file",
)
CLI_CAMPAIGN_CASES = (
    "csv-empty", "csv-mixed-encodings", "csv-quote-never-closed", "csv-is-an-export",
    "csv-450-mb", "xlsx-bomb", "xlsx-entities",
)


def cli_jobs() -> dict[str, tuple[str, str | None]]:
    """Job → (case, slot): the XML cases with the slots taking turns, then bad settings."""
    jobs: dict[str, tuple[str, str | None]] = {}
    for number, name in enumerate(CLI_XML_CASES):
        jobs[name] = (name, XML_SLOTS[number % 3])
    for name in CLI_CAMPAIGN_CASES:
        jobs[name] = (name, "dossiers")
    for name in CLI_ARGS:
        jobs[name] = (name, None)
    return jobs


JOBS = cli_jobs()


def run_cli(args: list[str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "RETOUR_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "retour", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def export_args(inputs: dict[str, Path], out: Path) -> list[str]:
    return ["export", "--nomenclature", str(inputs["nomenclature"]),
            "--eleves", str(inputs["eleves"]), "--responsables", str(inputs["responsables"]),
            "--dossiers", str(inputs["dossiers"]), "--out", str(out)]


@pytest.fixture(scope="module")
def cli_runs(school, contents, tmp_path_factory):
    """Every CLI case, in parallel subprocesses: (result, output folder, bad file)."""
    planned = {}
    for job, (name, slot) in JOBS.items():
        folder = tmp_path_factory.mktemp(job)
        inputs = {s: school[s] for s in SLOTS}
        path = None
        if slot is not None:
            path = inputs[slot] = bad_file(contents, folder, name, slot)
        out = folder / "sortie"
        planned[job] = (export_args(inputs, out) + CLI_ARGS.get(job, []), out, path)
    workers = max(2, os.cpu_count() or 2)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {job: pool.submit(run_cli, args) for job, (args, _, _) in planned.items()}
        return {job: (futures[job].result(), out, path)
                for job, (_, out, path) in planned.items()}


@pytest.mark.parametrize("job", list(JOBS))
def test_cli_refuses_in_french_and_writes_nothing(cli_runs, job):
    done, out, path = cli_runs[job]
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout == ""
    error = done.stderr[done.stderr.index("Erreur : "):]
    if path is not None:
        assert says(ALL_CASES[JOBS[job][0]], error)
        assert_french(error, path.name)
    else:
        assert CLI_MESSAGES[job] in error
    written = list(out.rglob("*")) if out.exists() else []
    assert not [p for p in written if p.suffix in (".zip", ".csv", ".xml")], written


def test_cli_next_good_run_in_the_same_folder_works(cli_runs, school):
    _, out, _ = cli_runs["zip-bomb"]
    done = run_cli(export_args(school, out))
    assert done.returncode == 0, done.stderr
    zips = list(out.glob("*.zip"))
    assert len(zips) == 1 and re.fullmatch(rf"{demo.DEMO_UAJ}PRIVE2026\d{{12}}\.zip",
                                           zips[0].name)
