"""Checks a written import file against the project's SIECLE import schema.

The schema (``retour/schema/import_eleves.xsd``) ships with the package. libxml2 reports
schema errors in English; each one is reworded here in plain French for the administrator,
with the line, the element path and the student or person concerned. A message that cannot
be reworded keeps libxml2's text in parentheses.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Callable

from lxml import etree

from .errors import UnusableInput
from .safexml import safe_parser

#: Package data holding the schema, relative to the ``retour`` package.
SCHEMA_PACKAGE = "retour"
SCHEMA_PATH = ("schema", "import_eleves.xsd")

#: Messages listed in the exception raised by ``assert_valid_import``.
MAX_LISTED = 20

_NO_DTD = (
    "Le fichier produit déclare une DTD ou des entités, ce qu'un fichier d'import SIECLE "
    "ne doit pas contenir."
)

# A compiled schema keeps one error log: validations must not overlap.
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def load_schema() -> etree.XMLSchema:
    """The compiled import schema, read once from the package data."""
    resource = resources.files(SCHEMA_PACKAGE)
    for part in SCHEMA_PATH:
        resource = resource / part
    data = resource.read_bytes()
    document = etree.fromstring(data, safe_parser())
    return etree.XMLSchema(document)


def validate_import(xml: bytes) -> list[str]:
    """French messages, one per schema error of ``xml``; an empty list when it is valid."""
    head = xml[:65536]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        return [_NO_DTD]
    try:
        root = etree.fromstring(xml, safe_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        where = f" à la ligne {line}" if line else ""
        return [f"Le fichier produit n'est pas un XML bien formé{where} ({exc.msg})."]
    if root.getroottree().docinfo.internalDTD is not None:
        return [_NO_DTD]
    schema = load_schema()
    with _LOCK:
        schema.validate(root)
        entries = list(schema.error_log)
    entries = _without_echoes(entries)
    context = _Context(root)
    return [_message(entry, context) for entry in entries]


def assert_valid_import(xml: bytes) -> None:
    """Raise ``UnusableInput`` listing the first schema errors when ``xml`` is not valid."""
    messages = validate_import(xml)
    if not messages:
        return
    lines = [f"- {message}" for message in messages[:MAX_LISTED]]
    rest = len(messages) - MAX_LISTED
    if rest > 0:
        lines.append(f"… et {rest} autre{'s' if rest > 1 else ''}")
    raise UnusableInput(
        "Le fichier produit ne respecte pas le schéma d'import SIECLE :\n" + "\n".join(lines)
    )


# ----------------------------------------------------------------------------------------------
# Where: line, path and the student or person concerned
# ----------------------------------------------------------------------------------------------

_RECORD = re.compile(r"^/IMPORT_ELEVES/DONNEES/(ELEVES/ELEVE|PERSONNES/PERSONNE)(?:\[(\d+)\])?")


class _Context:
    """Finds the student or person an error path points into."""

    def __init__(self, root: etree._Element) -> None:
        self._root = root
        self._records: dict[str, list[etree._Element]] = {}

    def describe(self, path: str) -> str:
        match = _RECORD.match(path or "")
        if match is None:
            return ""
        kind = match.group(1)
        if kind not in self._records:
            self._records[kind] = self._root.findall(f"DONNEES/{kind}")
        records = self._records[kind]
        index = int(match.group(2) or 1) - 1
        if not 0 <= index < len(records):
            return ""
        record = records[index]
        names = " ".join(
            _short(text.strip())
            for text in (record.findtext("NOM_DE_FAMILLE"), record.findtext("PRENOM"))
            if text and text.strip()
        )
        if kind == "ELEVES/ELEVE":
            label, id_name = "élève", "ID_PRV_ELE"
        else:
            label, id_name = "responsable", "ID_PRV_PER"
        ident = (record.findtext(id_name) or "").strip()
        ident = f"{id_name} {_short(ident)}" if ident else ""
        if names and ident:
            return f"{label} {names}, {ident}"
        return f"{label} {names or ident}".strip()


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _without_echoes(entries: list[etree._LogEntry]) -> list[etree._LogEntry]:
    """Drop the identity-constraint warning libxml2 adds after a value already refused."""
    refused = {(e.line, e.path) for e in entries if "No precomputed value" not in e.message}
    return [
        e for e in entries
        if "No precomputed value" not in e.message or (e.line, e.path) not in refused
    ]


def _message(entry: etree._LogEntry, context: _Context) -> str:
    where = f"Ligne {entry.line}" if entry.line else "Ligne inconnue"
    path = entry.path or ""
    if path:
        where += f", {path}"
    who = context.describe(path)
    if who:
        where += f" ({who})"
    return f"{where} : {in_french(entry.message)}"


# ----------------------------------------------------------------------------------------------
# What: libxml2's English reworded
# ----------------------------------------------------------------------------------------------

_SUBJECT = re.compile(r"^Element '([^']*)'(?:, attribute '([^']*)')?: (.*)$", re.S)

_PATTERNS = {
    r"\w{11}": "11 lettres ou chiffres, sans espace ni ponctuation",
    r"\w{8}": "8 lettres ou chiffres, sans espace ni ponctuation",
    r"\d{4}": "une année sur 4 chiffres",
    r"\d{2}/\d{2}/\d{4}": "une date JJ/MM/AAAA",
}

_TYPES = {
    "xs:boolean": "n'est pas un booléen valide (true, false, 1 ou 0 attendu)",
    "xs:date": "n'est pas une date valide (format AAAA-MM-JJ attendu)",
    "xs:int": "n'est pas un nombre entier valide",
    "xs:unsignedByte": "n'est pas un nombre entier de 0 à 255",
    "number0to99999": "n'est pas un nombre entier valide (de 0 à 99999)",
    "number0to99": "n'est pas un nombre entier valide (de 0 à 99)",
}

# Identity constraints of the schema: the field they watch and what must be unique.
_CONSTRAINTS = {
    "personPrivateIdKey": ("ID_PRV_PER", "déjà utilisé par un autre responsable"),
    "studentPrivateIdUnique": ("ID_PRV_ELE", "déjà utilisé par un autre élève"),
    "studentNationalIdUnique": ("ID_NATIONAL", "déjà porté par un autre élève"),
    "studentIneBeaUnique": ("INE_BEA", "déjà porté par un autre élève"),
    "studentIneRnieUnique": ("INE_RNIE", "déjà porté par un autre élève"),
    "grantCodeUnique": ("CODE_BOURSE", "la même bourse figure deux fois pour cet élève"),
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def _expected(names: str) -> str:
    items = [name.strip() for name in names.split(",") if name.strip()]
    if len(items) == 1:
        return items[0]
    return "l'un de " + ", ".join(items)


def in_french(raw: str) -> str:
    """Plain French for libxml2's most common schema messages; raw text otherwise."""
    raw = raw.strip()
    subject = _SUBJECT.match(raw)
    if subject is None:
        return f"le schéma refuse cette partie du fichier ({raw})"
    element, attribute, detail = subject.groups()
    element = re.sub(r"^\{[^}]*\}", "", element)
    what = f"attribut {attribute}" if attribute else f"élément {element}"
    for pattern, render in _REWORDINGS:
        match = pattern.search(detail.strip())
        if match:
            return render(match, element, what)
    return f"{what} refusé par le schéma ({raw})"


def _too_long(m: re.Match, element: str, what: str) -> str:
    size, limit = int(m["size"]), int(m["limit"])
    return f"{what} trop long : {_plural(size, 'caractère')} pour {limit} au maximum."


def _too_short(m: re.Match, element: str, what: str) -> str:
    size, limit = int(m["size"]), int(m["limit"])
    if size == 0:
        return f"{what} vide, donc trop court : {_plural(limit, 'caractère')} au minimum."
    return f"{what} trop court : {_plural(size, 'caractère')} pour {limit} au minimum."


def _wrong_length(m: re.Match, element: str, what: str) -> str:
    size, limit = int(m["size"]), int(m["limit"])
    return (f"{what} de longueur incorrecte : {_plural(size, 'caractère')} au lieu de "
            f"{limit} exactement.")


def _bad_format(m: re.Match, element: str, what: str) -> str:
    wanted = _PATTERNS.get(m["pattern"], f"motif {m['pattern']}")
    return f"{what} : « {m['value']} » n'a pas le format attendu ({wanted})."


def _above(m: re.Match, element: str, what: str) -> str:
    return f"{what} : {m['value']} dépasse le maximum autorisé ({m['limit']})."


def _below(m: re.Match, element: str, what: str) -> str:
    return f"{what} : {m['value']} est en dessous du minimum autorisé ({m['limit']})."


def _bad_value(m: re.Match, element: str, what: str) -> str:
    reason = _TYPES.get(m["type"], f"n'est pas une valeur valide (type {m['type']})")
    return f"{what} : « {m['value']} » {reason}."


def _unexpected(m: re.Match, element: str, what: str) -> str:
    if m["expected"]:
        return (f"{what} inattendu à cet endroit ; attendu ici : {_expected(m['expected'])} "
                "(élément manquant ou éléments dans le désordre).")
    return (f"{what} inattendu à cet endroit : il est en trop (nombre maximal atteint) "
            "ou placé dans le désordre.")


def _missing(m: re.Match, element: str, what: str) -> str:
    return f"élément manquant à la fin de {element} ; attendu : {_expected(m['expected'])}."


def _missing_attribute(m: re.Match, element: str, what: str) -> str:
    return f"attribut {m['name']} manquant sur {element}, alors qu'il est obligatoire."


def _unknown_attribute(m: re.Match, element: str, what: str) -> str:
    return f"attribut {m['name']} non prévu par le schéma sur {element}."


def _duplicate(m: re.Match, element: str, what: str) -> str:
    value = m["values"].strip().strip("'")
    field, why = _CONSTRAINTS.get(m["name"], ("valeur", "elle doit être unique"))
    return f"{field} « {value} » en double : {why}."


def _key_missing(m: re.Match, element: str, what: str) -> str:
    field, _ = _CONSTRAINTS.get(m["name"], ("identifiant", ""))
    return f"{what} : {field} absent ou invalide, alors que cet identifiant est obligatoire."


def _text_in_container(m: re.Match, element: str, what: str) -> str:
    return f"{what} contient du texte alors qu'il ne doit contenir que des éléments."


def _elements_in_value(m: re.Match, element: str, what: str) -> str:
    return f"{what} contient des éléments alors qu'il ne doit contenir que du texte."


def _wrong_root(m: re.Match, element: str, what: str) -> str:
    return (f"l'élément racine est {element} ; un fichier d'import SIECLE commence par "
            "IMPORT_ELEVES, sans espace de noms.")


_LENGTH = r"The value (?:'.*' )?has a length of '(?P<size>\d+)'; "
_REWORDINGS: list[tuple[re.Pattern, Callable[[re.Match, str, str], str]]] = [
    (re.compile(r"^\[facet 'maxLength'\] " + _LENGTH
                + r"this exceeds the allowed maximum length of '(?P<limit>\d+)'", re.S),
     _too_long),
    (re.compile(r"^\[facet 'minLength'\] " + _LENGTH
                + r"this underruns the allowed minimum length of '(?P<limit>\d+)'", re.S),
     _too_short),
    (re.compile(r"^\[facet 'length'\] " + _LENGTH
                + r"this differs from the allowed length of '(?P<limit>\d+)'", re.S),
     _wrong_length),
    (re.compile(r"^\[facet 'pattern'\] The value '(?P<value>.*)' is not accepted by the "
                r"pattern '(?P<pattern>.*)'\.$", re.S),
     _bad_format),
    (re.compile(r"^\[facet 'maxInclusive'\] The value '(?P<value>.*)' is greater than the "
                r"maximum value allowed \('(?P<limit>.*)'\)", re.S),
     _above),
    (re.compile(r"^\[facet 'minInclusive'\] The value '(?P<value>.*)' is less than the "
                r"minimum value allowed \('(?P<limit>.*)'\)", re.S),
     _below),
    (re.compile(r"^'(?P<value>.*)' is not a valid value of the (?:local )?atomic type "
                r"'(?P<type>.*)'\.$", re.S),
     _bad_value),
    (re.compile(r"^This element is not expected\."
                r"(?: Expected is (?:one of )?\( (?P<expected>.*) \)\.)?$", re.S),
     _unexpected),
    (re.compile(r"^Missing child element\(s\)\. "
                r"Expected is (?:one of )?\( (?P<expected>.*) \)\.$", re.S),
     _missing),
    (re.compile(r"^The attribute '(?P<name>.*)' is required but missing\.$", re.S),
     _missing_attribute),
    (re.compile(r"^The attribute '(?P<name>.*)' is not allowed\.$", re.S),
     _unknown_attribute),
    (re.compile(r"^Duplicate key-sequence \[(?P<values>.*)\] in (?:key|unique) "
                r"identity-constraint '(?P<name>.*)'\.$", re.S),
     _duplicate),
    (re.compile(r"^Not all fields of key identity-constraint '(?P<name>.*)' evaluate to a "
                r"node\.$", re.S),
     _key_missing),
    (re.compile(r"^Character content other than whitespace is not allowed"),
     _text_in_container),
    (re.compile(r"^Element content is not allowed"), _elements_in_value),
    (re.compile(r"^No matching global declaration available for the validation root"),
     _wrong_root),
]
