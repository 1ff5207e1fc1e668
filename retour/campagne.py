"""Read the campaign file: the dossiers a re-enrolment campaign produced, as CSV or XLSX.

The file holds one dossier per row under a header row. Headers are matched to the canonical
names of ``COLUMNS`` whatever their case, accents, spacing or punctuation, plus a short list
of explicit French synonyms. Every cell is cleaned into a ``str`` or a missing value.

Two kinds of failure, on purpose:

- the file cannot be used at all (missing, empty, not a CSV nor an XLSX, broken workbook,
  undecodable text, no recognised column, two headers naming the same column): raise
  ``UnreadableFile`` (or ``UnsafeFile`` for sizes), never a partial result;
- one cell or one row is wrong (bad date, unknown sex, malformed INE, ragged CSV row, formula
  without a computed value): the file is still read and the cell is reported as one row of
  ``Campagne.problems``, in French, with its line and column, so the administrator can fix
  every mistake in one go.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from . import settings
from .errors import UnreadableFile
from .normalise import fold, is_blank
from .safexml import Source, read_source
from .tableur import Grid, Row, read_grid

logger = logging.getLogger(__name__)

# Columns

STUDENT_COLUMNS = [
    "ine", "nom", "prenom", "prenom2", "prenom3", "date_naissance", "sexe", "nationalite",
    "pays_naissance", "commune_naissance", "ville_naissance", "mef", "division", "options",
    "regime", "date_sortie", "motif_sortie",
]  # fmt: skip
PERSON_PREFIXES = ["resp1_", "resp2_", "urgence_"]
PERSON_FIELDS = [
    "lien", "civilite", "nom", "prenom", "adresse", "code_postal", "ville", "pays",
    "tel_personnel", "tel_portable", "tel_professionnel", "email", "profession",
    "communication_adresse", "paie_frais",
]  # fmt: skip

#: Every canonical column, in the order of ``Campagne.table``.
COLUMNS = STUDENT_COLUMNS + [p + f for p in PERSON_PREFIXES for f in PERSON_FIELDS]

#: Columns of ``Campagne.problems``: ``colonne`` is the header as written in the file (what
#: the user sees), ``champ`` the canonical column (missing for a problem with a whole row).
PROBLEM_COLUMNS = ["ligne", "colonne", "valeur", "message", "champ"]


def _person_columns(*fields: str) -> frozenset[str]:
    return frozenset(p + f for p in PERSON_PREFIXES for f in fields)


DATE_COLUMNS = frozenset({"date_naissance", "date_sortie"})
YES_NO_COLUMNS = _person_columns("communication_adresse", "paie_frais")
PHONE_COLUMNS = _person_columns("tel_personnel", "tel_portable", "tel_professionnel")

# Headers

#: Words that carry no meaning in a header ("Date de naissance", "Nom de l'élève").
_FILLER_WORDS = frozenset({"de", "du", "des", "d", "l", "la", "eleve"})
#: Words spelt several ways, rewritten before matching.
_WORD_REWRITES = {"telephone": "tel", "responsable": "resp"}

#: Whole-header synonyms (as ``header_key`` writes them) that name one column unambiguously.
_SYNONYMS = {
    "ine": ("numeroine", "nine", "noine", "idnational"),
    "nom": ("nomfamille",),
    "prenom": ("prenom1", "premierprenom"),
    "prenom2": ("deuxiemeprenom", "2eprenom"),
    "prenom3": ("troisiemeprenom", "3eprenom"),
    "date_naissance": ("nele", "neele", "datenaiss"),
    "sexe": ("genre",),
    "division": ("classe", "div", "codedivision"),
    "mef": ("codemef", "libellemef"),
    "options": ("option",),
}
#: Ways to name each person of a dossier, before the field ("Responsable légal 1 - Nom").
_PREFIX_ALIASES = {
    "resp1_": ("resp1", "resplegal1", "representantlegal1"),
    "resp2_": ("resp2", "resplegal2", "representantlegal2"),
    "urgence_": ("urgence", "contacturgence", "personneurgence"),
}
#: Synonyms of a person's fields, written after one of the prefixes above.
_FIELD_SYNONYMS = {
    "lien": ("lienparente", "parente"),
    "code_postal": ("cp",),
    "ville": ("commune",),
    "tel_personnel": ("teldomicile", "telfixe"),
    "tel_portable": ("telmobile", "portable", "mobile"),
    "tel_professionnel": ("telpro", "teltravail"),
    "email": ("mail", "courriel", "adressemail", "adresseemail"),
    "paie_frais": ("paielesfrais",),
}


def header_key(header: object) -> str:
    """The form a header is matched under: folded, filler words dropped, no spaces.

    ``header_key("Date de naissance") == "datenaissance" == header_key("DATE_NAISSANCE")``.
    """
    words = (_WORD_REWRITES.get(w, w) for w in fold(header).split())
    return "".join(w for w in words if w not in _FILLER_WORDS)


def _build_keys() -> dict[str, str]:
    keys: dict[str, str] = {}

    def add(key: str, column: str) -> None:
        if keys.setdefault(key, column) != column:
            raise ValueError(f"header key {key!r} names both {keys[key]} and {column}")

    for column in STUDENT_COLUMNS:
        add(header_key(column), column)
    for column, words in _SYNONYMS.items():
        for word in words:
            add(word, column)
    for prefix, aliases in _PREFIX_ALIASES.items():
        for name in PERSON_FIELDS:
            for alias in aliases:
                for word in (header_key(name), *_FIELD_SYNONYMS.get(name, ())):
                    add(alias + word, prefix + name)
    return keys


_KEYS = _build_keys()


def canonical_column(header: object) -> str | None:
    """The canonical column a header names, or None when it names none."""
    return _KEYS.get(header_key(header))


def suggest(header: object) -> str | None:
    """The canonical column a header most likely means ("did you mean"), or None.

    A recognised header gives its own column; an unknown one the closest column by spelling.
    """
    key = header_key(header)
    if not key:
        return None
    if key in _KEYS:
        return _KEYS[key]
    close = difflib.get_close_matches(key, list(_KEYS), n=1, cutoff=0.75)
    return _KEYS[close[0]] if close else None


def split_options(cell: object) -> list[str]:
    """The options of one ``options`` cell: split on , ; / + and new lines, trimmed."""
    if is_blank(cell):
        return []
    parts = re.split(r"[,;/+\r\n]", str(cell))
    return [" ".join(p.split()) for p in parts if p.strip()]


# Result


@dataclass
class Campagne:
    """The dossiers of one campaign file.

    - ``table``: one row per non-empty data row; the columns of ``COLUMNS`` (all of them,
      in order, ``str`` or missing) then ``ligne``, the row number shown by Excel or
      LibreOffice (the header is line 1).
    - ``unknown_columns``: headers that name no canonical column, as written in the file.
    - ``problems``: one row per bad cell or row, columns ``PROBLEM_COLUMNS``.
    - ``source``: the file name shown to the user.
    - ``columns_found``: the canonical columns the file has, in ``COLUMNS`` order.
    - ``headers``: canonical column -> header as written in the file, for messages.
    """

    table: pd.DataFrame
    unknown_columns: list[str]
    problems: pd.DataFrame
    source: str
    columns_found: list[str]
    headers: dict[str, str] = field(default_factory=dict)

    def suggestions(self) -> dict[str, str | None]:
        """Each unknown header with the canonical column it most likely means."""
        return {header: suggest(header) for header in self.unknown_columns}


# Cells

_EXCEL_ERROR = re.compile(
    r"#(N/A|NA|REF!|DIV/0!|VALUE!|VALEUR!|NAME\?|NOM\?|NUM!|NOMBRE!|NULL!|NUL!)", re.I
)
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})" + _TIME)
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_INE = re.compile(r"[0-9A-Z]{11}")
_YES = frozenset({"oui", "o", "yes", "y", "1", "x", "vrai", "true"})
_NO = frozenset({"non", "n", "no", "0", "faux", "false"})
_MALE = frozenset({"m", "h", "g", "masculin", "homme", "garcon", "1"})
_FEMALE = frozenset({"f", "feminin", "femme", "fille", "2"})
_FRANCE = frozenset({"", "france", "fr", "fra", "100"})
_LEFT_EMPTY = "la cellule est laissée vide en attendant"
#: Characters XML cannot hold (control characters, non-characters, lone surrogates): a cell
#: keeps the rest, as the import file could not carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

Cleaned = tuple[str | None, str | None]


def _as_text(raw: object) -> str | None:
    """A cell value as the user sees it: numbers without ".0", dates as JJ/MM/AAAA."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        return "VRAI" if raw else "FAUX"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        shown = raw.strftime("%d/%m/%Y")
        return shown if raw.time() == dt.time() else f"{shown} {raw:%H:%M}"
    if isinstance(raw, dt.date):
        return raw.strftime("%d/%m/%Y")
    return str(raw)


def _collapse(text: str, keep_lines: bool) -> str:
    if not keep_lines:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _clean_text(text: str) -> Cleaned:
    return text, None


def _clean_date(text: str) -> Cleaned:
    dmy, ymd = _DMY.fullmatch(text), _YMD.fullmatch(text)
    if dmy:
        day, month, year = dmy.group(1, 3, 4)
    elif ymd:
        year, month, day = ymd.group(1, 2, 3)
    else:
        return None, _bad_date(text)
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None, _bad_date(text, ", un jour qui existe dans le mois")
    if not 1900 <= date.year <= 2100:
        return None, _bad_date(text, " avec une année entre 1900 et 2100")
    return date.isoformat(), None


def _bad_date(text: str, detail: str = "") -> str:
    return (
        f"date invalide « {text} » : attendu JJ/MM/AAAA{detail} (par exemple 05/09/2012). "
        f"Corrigez la date dans le fichier ; {_LEFT_EMPTY}."
    )


def _clean_yes_no(text: str) -> Cleaned:
    word = fold(text)
    if word in _YES:
        return "1", None
    if word in _NO:
        return "0", None
    return None, (
        f"réponse « {text} » non reconnue : attendu oui ou non (ou o/n, 1/0, x pour oui). "
        f"Corrigez la cellule ; {_LEFT_EMPTY}."
    )


def _clean_sexe(text: str) -> Cleaned:
    word = fold(text)
    if word in _MALE:
        return "1", None
    if word in _FEMALE:
        return "2", None
    return None, (
        f"sexe « {text} » non reconnu : attendu M ou F (ou 1 pour masculin, 2 pour "
        f"féminin). Corrigez la cellule ; {_LEFT_EMPTY}."
    )


def _clean_ine(text: str) -> Cleaned:
    """Upper case without spaces. A malformed INE is reported but kept.

    Kept because the matcher may still find the student with it (one wrong character among
    eleven, or an INE typed with a dash), and because dropping it would hide what the user
    typed; the problem row tells the administrator to check it.
    """
    ine = re.sub(r"\s+", "", text).upper()
    if _INE.fullmatch(ine):
        return ine, None
    return ine, (
        f"INE « {text} » mal formé : un INE compte 11 chiffres ou lettres (par exemple "
        "1234567890A). Vérifiez-le dans le fichier ; la valeur est gardée telle quelle pour "
        "retrouver l'élève."
    )


def _clean_phone(text: str) -> Cleaned:
    """A 9-digit number lost its leading 0 in a spreadsheet: give it back."""
    if text.isascii() and text.isdigit() and len(text) == 9:
        return "0" + text, None
    return text, None


_CLEANERS: dict[str, Callable[[str], Cleaned]] = {
    "ine": _clean_ine,
    "sexe": _clean_sexe,
    **dict.fromkeys(DATE_COLUMNS, _clean_date),
    **dict.fromkeys(YES_NO_COLUMNS, _clean_yes_no),
    **dict.fromkeys(PHONE_COLUMNS, _clean_phone),
}


def clean_cell(column: str, raw: object) -> Cleaned:
    """Clean one cell of a canonical column: ``(value, problem)``.

    ``value`` is a ``str`` or None (empty or unusable); ``problem`` a French sentence
    saying what is wrong and what to do, or None. Postal codes are completed per row (they
    depend on the country), see ``_pad_postal_codes``.
    """
    text = _as_text(raw)
    if text is not None:
        text = _collapse(_NOT_XML.sub("", text), keep_lines=column == "options")
    else:
        text = ""
    if not text:
        return None, None
    if _EXCEL_ERROR.fullmatch(text):
        return None, (
            f"la cellule contient l'erreur de formule « {text} » : corrigez la formule ou "
            f"remplacez-la par une valeur ; {_LEFT_EMPTY}."
        )
    return _CLEANERS.get(column, _clean_text)(text)


def _pad_postal_codes(record: dict[str, object]) -> None:
    """Give back the leading 0 a spreadsheet took from a French postal code (6000 -> 06000)."""
    for prefix in PERSON_PREFIXES:
        code = record.get(prefix + "code_postal")
        if not (isinstance(code, str) and code.isascii() and code.isdigit() and len(code) == 4):
            continue
        if fold(record.get(prefix + "pays")) in _FRANCE:
            record[prefix + "code_postal"] = code.zfill(5)


# Assembly


@dataclass
class _Layout:
    fields: dict[int, str]  # column index -> canonical column
    labels: dict[int, str]  # column index -> header as written
    unknown: list[str]


def _label(index: int, cell: object) -> str:
    text = _as_text(cell)
    if text and text.strip():
        return " ".join(text.split())
    return f"(colonne {get_column_letter(index + 1)} sans titre)"


def _map_headers(header: Row, data: list[Row], source: str) -> _Layout:
    layout = _Layout({}, {}, [])
    for index, cell in enumerate(header.cells):
        label = _label(index, cell)
        column = canonical_column(cell) if not is_blank(cell) else None
        if column is None:
            if not is_blank(cell) or _has_data(data, index):
                layout.unknown.append(label)
            continue
        twin = next((i for i, c in layout.fields.items() if c == column), None)
        if twin is not None:
            raise _duplicate(source, column, (twin, layout.labels[twin]), (index, label))
        layout.fields[index] = column
        layout.labels[index] = label
    return layout


def _has_data(rows: list[Row], index: int) -> bool:
    return any(index < len(row.cells) and not is_blank(row.cells[index]) for row in rows)


def _duplicate(
    source: str, column: str, first: tuple[int, str], second: tuple[int, str]
) -> UnreadableFile:
    (i, a), (j, b) = first, second
    return UnreadableFile(
        f"Le fichier « {source} » a deux colonnes pour « {column} » : « {a} » (colonne "
        f"{get_column_letter(i + 1)}) et « {b} » (colonne {get_column_letter(j + 1)}). "
        "Supprimez ou renommez l'une des deux, puis rechargez le fichier."
    )


def _no_column(source: str, header: Row, hint: str) -> UnreadableFile:
    found = ", ".join(f"« {_label(i, c)} »" for i, c in enumerate(header.cells)) or "aucun"
    expected = ", ".join(STUDENT_COLUMNS)
    fields = ", ".join(PERSON_FIELDS)
    return UnreadableFile(
        f"Le fichier « {source} » ne contient aucune colonne reconnue (titres lus : {found}). "
        f"{hint} Colonnes attendues : {expected}, et pour chaque responsable (titres "
        f"commençant par resp1_, resp2_ ou urgence_) : {fields}."
    )


def _problem(
    row: Row, index: int | None, layout: _Layout | None, value: object, text: str
) -> dict[str, object]:
    """One row of ``problems``; ``index`` None for a problem with the whole row."""
    if index is None or layout is None:
        where = {"colonne": None, "champ": None, "message": f"Ligne {row.ligne} : {text}"}
        return {"ligne": row.ligne, "valeur": _as_text(value), **where}
    label, letter = layout.labels[index], get_column_letter(index + 1)
    return {
        "ligne": row.ligne,
        "colonne": label,
        "valeur": _as_text(value),
        "message": f"Ligne {row.ligne}, colonne {letter} « {label} » : {text}",
        "champ": layout.fields[index],
    }


def _ragged(row: Row, header: Row, separator: str) -> dict[str, object] | None:
    """A CSV row with more or fewer fields than the header: reported, still read.

    Empty fields past the header, or missing fields under untitled trailing columns, are
    the harmless trace of trailing separators and pass.
    """
    count, width = len(row.cells), len(header.cells)
    titled = width
    while titled and is_blank(header.cells[titled - 1]):
        titled -= 1
    sep = "tabulation" if separator == "\t" else separator
    if any(_swallows_lines(cell, separator, titled) for cell in row.cells):
        text = (
            "un guillemet (\") ouvert dans cette ligne n'est pas refermé : les lignes "
            "suivantes ont été lues comme une seule cellule. Refermez ou supprimez ce "
            "guillemet, puis rechargez le fichier."
        )
    elif count > width and not all(is_blank(cell) for cell in row.cells[width:]):
        text = (
            f"{count} valeurs pour {width} colonnes : une valeur contient sans doute le "
            f"séparateur « {sep} » sans être entre guillemets, et les valeurs de la ligne "
            "sont décalées. Corrigez la ligne, puis rechargez le fichier."
        )
    elif count < titled:
        text = (
            f"{count} valeurs pour {titled} colonnes : il manque des séparateurs « {sep} », et "
            "les valeurs de la ligne sont peut-être décalées. Vérifiez la ligne, puis "
            "rechargez le fichier."
        )
    else:
        return None
    glue = " | " if separator == "\t" else separator
    shown = glue.join(" ".join(str(cell).split()) for cell in row.cells)
    return _problem(row, None, None, shown if len(shown) <= 200 else shown[:200] + "…", text)


def _swallows_lines(cell: object, separator: str, titled: int) -> bool:
    """Whether a quoted cell holds whole CSV lines: the mark of a quote never closed.

    A cell may span several lines (an address, a list of options), but a line inside it
    with as many separators as a row has is a row read into the cell.
    """
    if not isinstance(cell, str) or "\n" not in cell:
        return False
    needed = max(1, titled - 1)
    return any(line.count(separator) >= needed for line in cell.splitlines()[1:])


_UNCOMPUTED = (
    "la cellule contient une formule dont la valeur n'a jamais été calculée : ouvrez le "
    "fichier dans Excel ou LibreOffice, enregistrez-le, puis rechargez-le ; "
    f"{_LEFT_EMPTY}."
)


def _clean_row(
    row: Row, layout: _Layout
) -> tuple[dict[str, object], list[dict[str, object]]]:
    record: dict[str, object] = {"ligne": row.ligne}
    problems = []
    for index, column in layout.fields.items():
        raw = row.cells[index] if index < len(row.cells) else None
        if index in row.uncomputed:
            problems.append(_problem(row, index, layout, None, _UNCOMPUTED))
            continue
        value, trouble = clean_cell(column, raw)
        record[column] = value
        if trouble:
            problems.append(_problem(row, index, layout, _collapse_raw(column, raw), trouble))
    _pad_postal_codes(record)
    return record, problems


def _collapse_raw(column: str, raw: object) -> str | None:
    text = _as_text(raw)
    return _collapse(text, keep_lines=column == "options") if text else None


def _table(records: list[dict[str, object]]) -> pd.DataFrame:
    data = {c: pd.Series([r.get(c) for r in records], dtype="str") for c in COLUMNS}
    data["ligne"] = pd.Series([r["ligne"] for r in records], dtype="int64")
    return pd.DataFrame(data)


def _problem_table(problems: list[dict[str, object]]) -> pd.DataFrame:
    data = {c: pd.Series([p[c] for p in problems], dtype="str") for c in PROBLEM_COLUMNS}
    data["ligne"] = pd.Series([p["ligne"] for p in problems], dtype="int64")
    return pd.DataFrame(data)[PROBLEM_COLUMNS]


def _assemble(grid: Grid, source: str) -> Campagne:
    if not grid.rows:
        raise UnreadableFile(
            f"Le fichier « {source} » ne contient aucune ligne. {grid.hint} Vérifiez le "
            "fichier choisi."
        )
    header, data = grid.rows[0], grid.rows[1:]
    layout = _map_headers(header, data, source)
    if not layout.fields:
        raise _no_column(source, header, grid.hint)

    # Rows
    records, problems = [], []
    for row in data:
        ragged = _ragged(row, header, grid.separator) if grid.separator else None
        if ragged:
            problems.append(ragged)
        record, row_problems = _clean_row(row, layout)
        records.append(record)
        problems.extend(row_problems)

    found = set(layout.fields.values())
    return Campagne(
        table=_table(records),
        unknown_columns=layout.unknown,
        problems=_problem_table(problems),
        source=source,
        columns_found=[c for c in COLUMNS if c in found],
        headers={column: layout.labels[i] for i, column in layout.fields.items()},
    )


def read_campagne(source: Source, name: str | None = None) -> Campagne:
    """Read a campaign file (CSV or XLSX, a path or uploaded bytes).

    **Parameters:**

    - ``source``: a path, or the bytes of an upload.
    - ``name``: the upload's file name, shown in messages (a path gives its own).

    The format is sniffed from the content (an XLSX is a zip), the extension only serves to
    explain a mismatch. Raises ``UnreadableFile`` (French message) when the file cannot be
    used at all, ``UnsafeFile`` when it is far too big; bad cells go to ``problems``.
    """
    payload = read_source(source, name, limit=settings.MAX_TABLE_BYTES)
    campagne = _assemble(read_grid(payload), payload.name)
    logger.info(
        "Campagne « %s » : %d dossiers, %d colonnes reconnues, %d inconnues, %d problèmes",
        campagne.source,
        len(campagne.table),
        len(campagne.columns_found),
        len(campagne.unknown_columns),
        len(campagne.problems),
    )
    return campagne
