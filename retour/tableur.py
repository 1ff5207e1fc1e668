"""Read a spreadsheet file (CSV or the first sheet of an XLSX) into raw rows.

The campaign reader (``retour.campagne``) cleans and names what comes out of here; this
module only decodes: encodings and separators for CSV, safety checks and formulas for XLSX.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import logging
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from . import settings
from .errors import RetourError, UnreadableFile, UnsafeFile
from .normalise import is_blank
from .safexml import Payload, is_zip

logger = logging.getLogger(__name__)


# Grid: the raw rows of either format


@dataclass
class Row:
    ligne: int
    cells: list[object]
    uncomputed: frozenset[int] = frozenset()  # indices of formulas without a cached value


@dataclass
class Grid:
    rows: list[Row]  # non-empty rows only, header first
    hint: str  # what to check when no column is recognised
    separator: str | None = None  # CSV only


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".ods")


def read_grid(payload: Payload) -> Grid:
    if is_zip(payload.data):
        return _read_xlsx(payload)
    if payload.data.startswith(_OLE_MAGIC):
        raise UnreadableFile(
            f"Le fichier « {payload.name} » est un classeur Excel ancien (.xls), que retour "
            "ne lit pas. Ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format "
            ".xlsx ou CSV, puis rechargez-le."
        )
    if PurePath(payload.name).suffix.lower() in _WORKBOOK_EXTENSIONS:
        raise UnreadableFile(
            f"Le fichier « {payload.name} » porte l'extension d'un classeur mais n'en est pas "
            "un (contenu endommagé ou renommé). Ouvrez-le dans Excel ou LibreOffice et "
            "enregistrez-le au format .xlsx ou CSV, puis rechargez-le."
        )
    return _read_csv(payload)


# CSV


def _decode(payload: Payload) -> str:
    """UTF-8 (with or without BOM) first, then cp1252 as French Excel saves CSV."""
    data = payload.data
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's BOM
        return _decode_as(payload, data, "utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(payload, data, "utf-16")
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(payload, data[len(codecs.BOM_UTF8) :], "utf-8")
    if b"\x00" in data:
        raise UnreadableFile(
            f"Le fichier « {payload.name} » n'est ni un fichier CSV (texte) ni un classeur "
            ".xlsx. Enregistrez les dossiers au format CSV ou .xlsx, puis rechargez-les."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_ACCENT.search(data):
            line = data[: exc.start].count(b"\n") + 1
            raise UnreadableFile(
                f"Le fichier « {payload.name} » mélange deux encodages : des lignes en UTF-8 et, "
                f"à partir de la ligne {line}, des lignes en Windows-1252 (Latin-1). Les "
                "accents d'une partie des lignes seraient mal lus (« Ã© » au lieu de « é »). "
                "Ouvrez-le dans Excel ou LibreOffice, enregistrez-le au format « CSV UTF-8 », "
                "puis rechargez-le."
            ) from None
        return _decode_as(payload, data, "cp1252")


#: An accented letter, Œ/œ or € written in UTF-8: never typed as such in Windows-1252 text.
_UTF8_ACCENT = re.compile(rb"\xc3[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xe2\x82\xac")


def _decode_as(payload: Payload, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableFile(
            f"Le fichier « {payload.name} » contient à la ligne {line} des caractères "
            "illisibles (encodage inconnu). Enregistrez-le au format « CSV UTF-8 » depuis "
            "Excel ou LibreOffice, puis rechargez-le."
        ) from None


_SEP_LINE = re.compile(r'"?sep=([;,\t|])"?\s*', re.I)
_QUOTED = re.compile(r'"[^"]*"')


def _sniff_separator(text: str) -> tuple[str, str]:
    """The separator (``;``, tab or ``,``) and the text, from the header line.

    A first line ``sep=;`` (a hint Excel reads and hides) is obeyed and removed.
    """
    first, _, rest = text.lstrip("\r\n").partition("\n")
    hinted = _SEP_LINE.fullmatch(first.strip())
    if hinted:
        return hinted.group(1), rest
    header = _QUOTED.sub("", first)
    counts = {sep: header.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])  # ties keep the first: ; then tab
    return (best if counts[best] else ";"), text


def _read_csv(payload: Payload) -> Grid:
    separator, text = _sniff_separator(_decode(payload))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)
    rows = []
    try:
        for ligne, cells in enumerate(reader, start=1):
            if not all(is_blank(cell) for cell in cells):
                rows.append(Row(ligne, list(cells)))
    except csv.Error as exc:
        raise UnreadableFile(
            f"Le fichier « {payload.name} » ne peut pas être lu comme un CSV à la ligne "
            f"{reader.line_num} ({exc}). Vérifiez les guillemets de cette ligne, ou "
            "enregistrez le fichier au format .xlsx, puis rechargez-le."
        ) from None
    hint = (
        "La première ligne non vide doit contenir les titres des colonnes, séparés par "
        "« ; », « , » ou une tabulation."
    )
    return Grid(rows, hint, separator)


# XLSX


def _check_workbook_zip(payload: Payload) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(payload.data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = archive.open("mimetype").read(100) if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        raise _broken_workbook(payload, "archive zip endommagée") from None
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise UnreadableFile(
            f"Le fichier « {payload.name} » est un classeur LibreOffice (.ods). Enregistrez-le "
            "au format .xlsx (« Enregistrer sous », type Excel 2007-365) ou CSV, puis "
            "rechargez-le."
        )
    inflated = sum(info.file_size for info in infos)
    if inflated > settings.MAX_XML_BYTES or any(_is_bomb(info) for info in infos):
        raise UnsafeFile(
            f"Le classeur « {payload.name} » a été refusé : son contenu se décompresse en une "
            "taille anormale (classeur piégé ou corrompu). Enregistrez les dossiers au format "
            "CSV, puis rechargez-les."
        )


def _is_bomb(info: zipfile.ZipInfo) -> bool:
    """A large member inflating far beyond what a spreadsheet compresses (see settings)."""
    return info.file_size > 1 << 20 and (
        info.file_size > settings.MAX_ZIP_RATIO * max(info.compress_size, 1)
    )


def _broken_workbook(payload: Payload, detail: str) -> UnreadableFile:
    return UnreadableFile(
        f"Le classeur « {payload.name} » est illisible ou endommagé ({detail}). Ouvrez-le "
        "dans Excel ou LibreOffice, enregistrez-le de nouveau au format .xlsx (ou CSV), puis "
        "rechargez-le."
    )


def _sheet_rows(data: bytes, data_only: bool) -> tuple[str, Iterator[tuple[object, ...]]]:
    """The first sheet's title and rows (values, or formulas when not ``data_only``)."""
    book = openpyxl.load_workbook(
        io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False
    )
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # the stored size may be wrong; size rows by their cells

    def rows() -> Iterator[tuple[object, ...]]:
        try:
            yield from sheet.iter_rows(min_row=1, min_col=1, values_only=True)
        finally:
            book.close()

    return sheet.title, rows()


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the workbook holds a formula (``<f>`` element)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as stream:
                    if _stream_has_formula(stream):
                        return True
    return False


def _stream_has_formula(stream: IO[bytes]) -> bool:
    tail = b""
    while chunk := stream.read(1 << 20):
        if _FORMULA_TAG.search(tail + chunk):
            return True
        tail = chunk[-16:]
    return False


def _is_formula(value: object) -> bool:
    if isinstance(value, str):
        return value.startswith("=")
    return isinstance(value, (ArrayFormula, DataTableFormula))


def _read_xlsx(payload: Payload) -> Grid:
    """Rows of the first sheet, cached formula values, bounded by ``MAX_XLSX_CELLS``.

    A sheet with formulas is read twice side by side: with ``data_only`` a formula gives its
    cached value, or None when no spreadsheet ever computed it, which only the formula read
    tells apart from an empty cell.
    """
    _check_workbook_zip(payload)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            title, values = _sheet_rows(payload.data, data_only=True)
            formulas: Iterator[tuple[object, ...]] = iter(())
            if _has_formulas(payload.data):
                _, formulas = _sheet_rows(payload.data, data_only=False)
            rows = _collect_rows(payload, values, formulas)
    except RetourError:
        raise
    except Exception as exc:  # any parser failure on a user's file means "unreadable"
        raise _broken_workbook(payload, f"{type(exc).__name__} : {exc}") from None
    width = max((len(row.cells) for row in rows), default=0)
    for row in rows:
        row.cells.extend([None] * (width - len(row.cells)))
    hint = (
        f"Seule la première feuille (« {title} ») est lue : placez-y les dossiers, avec les "
        "titres des colonnes sur la première ligne non vide."
    )
    return Grid(rows, hint)


def _collect_rows(
    payload: Payload,
    values: Iterable[tuple[object, ...]],
    formulas: Iterable[tuple[object, ...]],
) -> list[Row]:
    rows, cells = [], 0
    pairs = itertools.zip_longest(values, formulas, fillvalue=())
    for ligne, (row_values, row_formulas) in enumerate(pairs, start=1):
        cells += max(len(row_values), len(row_formulas))
        if cells > settings.MAX_XLSX_CELLS:
            raise UnsafeFile(
                f"Le classeur « {payload.name} » a été refusé : sa première feuille dépasse "
                f"{settings.MAX_XLSX_CELLS} cellules, bien plus qu'un fichier de dossiers. "
                "Vérifiez le fichier choisi, ou enregistrez les dossiers seuls au format CSV."
            )
        found = list(row_values)
        uncomputed = frozenset(
            i
            for i, formula in enumerate(row_formulas)
            if _is_formula(formula) and (i >= len(found) or found[i] is None)
        )
        while found and is_blank(found[-1]):
            found.pop()
        if found or uncomputed:
            rows.append(Row(ligne, found, uncomputed))
    return rows
