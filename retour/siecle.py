"""Readers for SIECLE's XML exports: Nomenclature, Élèves, Responsables, Structures.

Each export becomes an :class:`Export` holding its PARAMETRES and one DataFrame per block.
Column names are SIECLE's element (or attribute) names in lower case. A value whose element
is absent is missing (NaN); an element present but empty is the empty string: SIECLE's
exports omit an element whose value is null and write it empty for an empty string
(specification of the XML exports, § "Règle de génération des balises facultatives").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

import pandas as pd
from lxml import etree

from .errors import InconsistentExports, UnreadableFile, WrongExportKind
from .safexml import Payload, Source, parse_xml, xml_payload

#: Root element of each export kind.
ROOTS = {
    "BEE_NOMENCLATURES": "nomenclature",
    "BEE_ELEVES": "eleves",
    "BEE_RESPONSABLES": "responsables",
    "BEE_STRUCTURES": "structures",
}

#: How each kind is named to the user, and where it is exported from in SIECLE.
LABELS = {
    "nomenclature": "Nomenclature",
    "eleves": "Élèves (avec ou sans adresses)",
    "responsables": "Responsables (avec ou sans adresses)",
    "structures": "Structures",
}

EXPORT_PATHS = {
    "nomenclature": "Exportations > En XML > Nomenclature (ExportXML_Nomenclature.zip)",
    "eleves": "Exportations > En XML > Élèves avec adresses (ExportXML_ElevesAvecAdresses.zip)",
    "responsables": (
        "Exportations > En XML > Responsables avec adresses "
        "(ExportXML_ResponsablesAvecAdresses.zip)"
    ),
    "structures": "Exportations > En XML > Structures (ExportXML_Structures.zip)",
}

#: Columns later steps rely on: created empty when a file lacks them. Those in ``REPORTED``
#: are also named in ``Export.missing_fields``: the others are optional in SIECLE's exports.
EXPECTED = {
    "eleves": [
        "eleve_id", "elenoet", "id_national", "ine_bea", "ine_rnie", "id_eleve_etab",
        "id_prv_ele", "nom_de_famille", "nom_usage", "prenom", "prenom2", "prenom3",
        "date_naiss", "doublement", "tel_personnel", "tel_portable", "tel_professionnel",
        "code_pays", "accepte_sms", "mel", "code_regime", "date_entree", "ville_naiss",
        "adresse_id", "code_sexe", "code_pays_nat", "code_statut", "code_mef",
        "code_commune_insee_naiss", "adhesion_transport", "code_provenance",
        "code_motif_sortie", "date_sortie",
    ],
    "scolarite_an_dernier": [
        "eleve_id", "code_mef", "code_structure", "code_rne", "code_nature", "sigle",
        "denom_princ", "denom_compl", "code_commune_insee", "ll_commune_insee",
    ],
    "options": ["eleve_id", "num_option", "code_modalite_elect", "code_matiere"],
    "structures": ["eleve_id", "code_structure", "type_structure"],
    "bourses": ["eleve_id", "code_bourse"],
    "adresses": [
        "adresse_id", "ligne1_adresse", "ligne2_adresse", "ligne3_adresse", "ligne4_adresse",
        "commune_etrangere", "code_postal", "code_pays", "code_commune_insee", "ll_pays",
        "code_departement", "libelle_postal",
    ],
    "personnes": [
        "personne_id", "id_prv_per", "lc_civilite", "ll_civilite", "nom_de_famille",
        "nom_usage", "prenom", "tel_personnel", "tel_portable", "accepte_sms",
        "tel_professionnel", "mel", "communication_adresse", "adresse_id", "code_profession",
    ],
    "responsables": [
        "eleve_id", "personne_id", "niveau_responsabilite", "code_parente",
        "paie_frais_scolaires", "percoit_les_aides", "heberge_eleve",
        "a_contacter_en_priorite",
    ],
    "mefs": ["code_mef", "formation", "libelle_long", "libelle_edition", "mef_rattachement"],
    "matieres": ["code_matiere", "code_gestion", "libelle_court", "libelle_long",
                 "libelle_edition"],
    "programmes": ["code_mef", "code_matiere", "code_modalite_elect"],
    "options_obligatoires": ["code_mef", "code_matiere", "rang_option"],
}

REPORTED = {
    "eleves": {"eleve_id", "id_national", "nom_de_famille", "prenom", "date_naiss",
               "code_sexe", "code_mef", "code_pays", "code_pays_nat", "code_regime"},
    "personnes": {"personne_id", "lc_civilite", "nom_de_famille", "prenom",
                  "code_profession", "communication_adresse"},
    "responsables": {"eleve_id", "personne_id", "niveau_responsabilite", "code_parente",
                     "paie_frais_scolaires", "heberge_eleve"},
    "mefs": {"code_mef", "libelle_long"},
    "matieres": {"code_matiere", "code_gestion", "libelle_court", "libelle_long"},
    "programmes": {"code_mef", "code_matiere", "code_modalite_elect"},
}


@dataclass
class Export:
    """One SIECLE export: its kind, PARAMETRES and one DataFrame per block."""

    kind: str
    source: str
    version: str | None
    parametres: dict[str, str | None]
    tables: dict[str, pd.DataFrame]
    missing_fields: list[str] = field(default_factory=list)

    @property
    def uaj(self) -> str | None:
        return self.parametres.get("uaj")

    @property
    def annee_scolaire(self) -> str | None:
        return self.parametres.get("annee_scolaire")

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v)}" for k, v in self.tables.items())
        return (
            f"<Export {self.kind} {self.uaj} {self.annee_scolaire} from {self.source!r}: "
            f"{sizes}>"
        )


# Entry points


def read_export(source: Source, expected: str | None = None, name: str | None = None) -> Export:
    """Read any SIECLE export (path or bytes; XML or SIECLE's zip).

    ``expected`` is the kind the caller's slot wants ("nomenclature", "eleves",
    "responsables", "structures"); another kind raises :class:`WrongExportKind`.
    """
    payload = xml_payload(source, name)
    if not _looks_like_xml(payload.data):
        wanted = f"un export « {LABELS[expected]} »" if expected else "un export SIECLE"
        where = f" ({EXPORT_PATHS[expected]})" if expected else ""
        raise WrongExportKind(
            f"Le fichier « {payload.name} » n'est ni un XML ni un zip : ce n'est pas {wanted}. "
            f"Déposez le fichier exporté depuis SIECLE{where}."
        )
    root = parse_xml(payload)
    kind = _kind_of(root, payload, expected)
    parametres = _parametres(root, payload)
    donnees = root.find("DONNEES")
    if donnees is None:
        raise UnreadableFile(
            f"Le fichier « {payload.name} » n'a pas de bloc DONNEES : l'export est incomplet. "
            "Refaites l'export depuis SIECLE."
        )
    _check_keys(donnees, kind, payload)
    tables = _READERS[kind](donnees)
    if kind == "responsables":
        parametres["forme_responsables"] = _normalise_responsables(tables["responsables"])
    missing = _complete_expected(tables)
    if kind == "eleves":
        _add_divisions(tables)
    return Export(kind, payload.name, root.get("VERSION"), parametres, tables, missing)


def read_nomenclature(source: Source, name: str | None = None) -> Export:
    """Read ``Nomenclature.xml`` (or ``ExportXML_Nomenclature.zip``)."""
    return read_export(source, "nomenclature", name)


def read_eleves(source: Source, name: str | None = None) -> Export:
    """Read ``ElevesAvecAdresses.xml`` / ``ElevesSansAdresses.xml`` (or their zips)."""
    return read_export(source, "eleves", name)


def read_responsables(source: Source, name: str | None = None) -> Export:
    """Read ``ResponsablesAvecAdresses.xml`` / ``…SansAdresses.xml`` (or their zips)."""
    return read_export(source, "responsables", name)


def read_structures(source: Source, name: str | None = None) -> Export:
    """Read ``Structures.xml`` (or ``ExportXML_Structures.zip``)."""
    return read_export(source, "structures", name)


def check_same_school(*exports: Export | None) -> None:
    """Raise :class:`InconsistentExports` unless every export shares UAJ and year."""
    present = [e for e in exports if e is not None]
    for attribute, what in (("uaj", "l'établissement (UAJ)"), ("annee_scolaire", "l'année")):
        values = {getattr(e, attribute) for e in present}
        if len(values) > 1:
            detail = " ; ".join(
                f"{e.label} « {e.source} » : {getattr(e, attribute)}" for e in present
            )
            raise InconsistentExports(
                f"Les exports ne concernent pas tous {what} : {detail}. Refaites les exports "
                "depuis SIECLE pour le même établissement et la même année scolaire."
            )


# Kind and parameters


def _looks_like_xml(data: bytes) -> bool:
    """Whether ``data`` starts like an XML document (after a BOM and white space)."""
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") or head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")


def _kind_of(root: etree._Element, payload: Payload, expected: str | None) -> str:
    kind = ROOTS.get(root.tag)
    if kind is None:
        wanted = f"un export « {LABELS[expected]} »" if expected else "un export SIECLE"
        raise WrongExportKind(
            f"Le fichier « {payload.name} » n'est pas {wanted} : son élément racine est "
            f"« {root.tag} ». Choisissez le fichier exporté depuis SIECLE"
            + (f" ({EXPORT_PATHS[expected]})." if expected else ".")
        )
    if expected and kind != expected:
        raise WrongExportKind(
            f"Le fichier « {payload.name} » est un export « {LABELS[kind]} », alors qu'un "
            f"export « {LABELS[expected]} » est attendu ici. Déposez le bon fichier "
            f"({EXPORT_PATHS[expected]})."
        )
    return kind


def _parametres(root: etree._Element, payload: Payload) -> dict[str, str | None]:
    block = root.find("PARAMETRES")
    if block is None:
        raise UnreadableFile(
            f"Le fichier « {payload.name} » n'a pas de bloc PARAMETRES (UAJ, année) : "
            "l'export est incomplet. Refaites l'export depuis SIECLE."
        )
    values = _leaves(block)
    for needed in ("uaj", "annee_scolaire"):
        if not values.get(needed):
            raise UnreadableFile(
                f"Le fichier « {payload.name} » n'indique pas {needed.upper()} dans "
                "PARAMETRES. Refaites l'export depuis SIECLE."
            )
    return values


# Flattening helpers


def _leaves(element: etree._Element, into: dict | None = None) -> dict[str, str | None]:
    """Attributes and childless children of ``element`` as lower-case columns.

    A child element wins over an attribute of the same name (they can disagree in real
    exports: the ELENOET attribute and element of one student, for one).
    """
    row = {} if into is None else into
    for key, value in element.items():
        row.setdefault(_lower(key), value.strip())
    for child in element:
        tag = child.tag
        if tag.__class__ is not str or len(child):
            continue
        text = child.text
        row[_lower(tag)] = text.strip() if text else ""
    return row


_LOWER: dict[str, str] = {}


def _lower(name: str) -> str:
    """``name.lower()``, remembered: exports repeat a few dozen names millions of times."""
    lowered = _LOWER.get(name)
    if lowered is None:
        lowered = name.lower()
        if len(_LOWER) < 4096:  # a hostile file's endless names are not all kept
            _LOWER[name] = lowered
    return lowered


def _items(donnees: etree._Element, block: str) -> Iterator[etree._Element]:
    container = donnees.find(block)
    if container is None:
        return iter(())
    return (c for c in container if isinstance(c.tag, str))


def _frame(rows: Iterable[dict]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def _complete_expected(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Create the expected columns a file lacks; name the reported ones a non-empty block lacks.

    An empty block (no bursar, no address in an export "sans adresses") lacks every column
    without anything being wrong, so only blocks that hold rows are reported.
    """
    missing = []
    for name, frame in tables.items():
        for column in EXPECTED.get(name, []):
            if column not in frame.columns:
                frame[column] = pd.Series([None] * len(frame), dtype="str")
                if len(frame) and column in REPORTED.get(name, ()):
                    missing.append(f"{name}.{column}")
    return missing


def _generic(donnees: etree._Element) -> dict[str, pd.DataFrame]:
    """One table per block; a nested complex child makes a table of its own."""
    tables: dict[str, list[dict]] = {}
    for container in donnees:
        if not isinstance(container.tag, str):
            continue
        name = container.tag.lower()
        rows = tables.setdefault(name, [])
        for item in container:
            if not isinstance(item.tag, str):
                continue
            row = _leaves(item)
            rows.append(row)
            keys = {k: v for k, v in item.attrib.items()}
            for child in item:
                if isinstance(child.tag, str) and len(child):
                    nested = {k.lower(): v for k, v in keys.items()}
                    tables.setdefault(f"{name}_{child.tag.lower()}", []).append(
                        _leaves(child, nested)
                    )
    return {name: _frame(rows) for name, rows in tables.items()}


# Readers per kind

#: The key each item of a block must carry (attribute or child element), per kind.
_KEYS = {
    "eleves": (("ELEVES", "ELEVE_ID"), ("OPTIONS", "ELEVE_ID"), ("STRUCTURES", "ELEVE_ID")),
    "responsables": (("PERSONNES", "PERSONNE_ID"), ("RESPONSABLES", "ELEVE_ID"),
                     ("RESPONSABLES", "PERSONNE_ID")),
}


def _check_keys(donnees: etree._Element, kind: str, payload: Payload) -> None:
    """Refuse an item without its join key: its data could not be tied to anyone."""
    for block, key in _KEYS.get(kind, ()):
        for item in _items(donnees, block):
            value = item.get(key) or item.findtext(key)
            if not (value or "").strip():
                raise UnreadableFile(
                    f"Le fichier « {payload.name} » a un élément {item.tag} sans {key} "
                    f"(ligne {item.sourceline}) : l'export est incomplet ou a été modifié. "
                    "Refaites l'export depuis SIECLE."
                )


def _read_nomenclature(donnees: etree._Element) -> dict[str, pd.DataFrame]:
    tables = _generic(donnees)
    for name in ("mefs", "matieres", "programmes", "options_obligatoires"):
        tables.setdefault(name, _frame([]))
    return tables


def _read_structures(donnees: etree._Element) -> dict[str, pd.DataFrame]:
    return _generic(donnees)


def _read_eleves(donnees: etree._Element) -> dict[str, pd.DataFrame]:
    eleves, last_year = [], []
    for item in _items(donnees, "ELEVES"):
        row = _leaves(item)
        eleves.append(row)
        scolarite = item.find("SCOLARITE_AN_DERNIER")
        if scolarite is not None:
            last_year.append(_leaves(scolarite, {"eleve_id": row.get("eleve_id")}))

    options = []
    for holder in _items(donnees, "OPTIONS"):
        # The names OPTION and OPTIONS_ELEVE were swapped in one schema version: take
        # whichever element carries ELEVE_ID as the holder, its children as options.
        eleve_id = holder.get("ELEVE_ID")
        for option in holder:
            if isinstance(option.tag, str) and len(option):
                options.append(_leaves(option, {"eleve_id": eleve_id}))

    structures = []
    for holder in _items(donnees, "STRUCTURES"):
        eleve_id = holder.get("ELEVE_ID")
        for structure in holder:
            if isinstance(structure.tag, str):
                structures.append(_leaves(structure, {"eleve_id": eleve_id}))

    bourses = [_leaves(item) for item in _items(donnees, "BOURSES")]
    adresses = [_leaves(item) for item in _items(donnees, "ADRESSES")]

    return {
        "eleves": _frame(eleves),
        "scolarite_an_dernier": _frame(last_year),
        "options": _frame(options),
        "structures": _frame(structures),
        "bourses": _frame(bourses),
        "adresses": _frame(adresses),
    }


def _add_divisions(tables: dict[str, pd.DataFrame]) -> None:
    """A student's division is the STRUCTURE of type D wherever it stands; G are groups."""
    structures = tables["structures"]
    kind = structures["type_structure"].fillna("").str.upper()
    divisions = structures[kind == "D"].drop_duplicates("eleve_id").set_index("eleve_id")
    groups = structures[kind == "G"].groupby("eleve_id")["code_structure"].agg(", ".join)
    eleves = tables["eleves"]
    eleves["division"] = eleves["eleve_id"].map(divisions["code_structure"])
    eleves["groupes"] = eleves["eleve_id"].map(groups)


def _read_responsables(donnees: etree._Element) -> dict[str, pd.DataFrame]:
    return {
        name.lower(): _frame(_leaves(item) for item in _items(donnees, name))
        for name in ("PERSONNES", "RESPONSABLES", "ADRESSES")
    }


def _normalise_responsables(links: pd.DataFrame) -> str:
    """Give the older form (RESP_LEGAL…) the newer columns; return which form was read.

    Older exports: RESP_LEGAL 1 or 2 for the legal responsables (0 otherwise),
    RESP_FINANCIER for who pays, PERS_CONTACT for a contact. Newer exports:
    NIVEAU_RESPONSABILITE 1 légal, 2 personne en charge, 3 contact, PAIE_FRAIS_SCOLAIRES.
    """
    if "niveau_responsabilite" in links.columns or "resp_legal" not in links.columns:
        return "nouvelle"
    legal = links["resp_legal"].isin(["1", "2"])
    contact = links.get("pers_contact", pd.Series("", index=links.index)).eq("1")
    links["niveau_responsabilite"] = "2"
    links.loc[contact, "niveau_responsabilite"] = "3"
    links.loc[legal, "niveau_responsabilite"] = "1"
    if "paie_frais_scolaires" not in links.columns and "resp_financier" in links.columns:
        links["paie_frais_scolaires"] = links["resp_financier"]
    return "ancienne"


_READERS = {
    "nomenclature": _read_nomenclature,
    "eleves": _read_eleves,
    "responsables": _read_responsables,
    "structures": _read_structures,
}
