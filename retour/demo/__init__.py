"""A fictional collège, deterministic: its three SIECLE exports and a re-enrolment campaign.

``generate(folder)`` writes what an administrator would have in hand when preparing the
2026-2027 school year of the "demo school" (``DEMO_UAJ``):

- ``Nomenclature.xml``, ``ElevesAvecAdresses.xml``, ``ResponsablesAvecAdresses.xml``: the
  exports as SIECLE writes them (ISO-8859-15, upper-case element names, ``JJ/MM/AAAA``
  dates), each also zipped under SIECLE's name (``ExportXML_Nomenclature.zip`` ...);
- ``dossiers.csv`` (UTF-8 with BOM, ``;``) and ``dossiers.xlsx`` (first sheet, real dates):
  the campaign results, one row per dossier, columns ``CAMPAIGN_COLUMNS``.

Everything derives from ``random.Random(seed)``: the same seed and size give byte-identical
files (no current time anywhere). The data are realistic on purpose: accents and ligatures
(``œ``, ``Ÿ`` in ``L'HAŸ``), hyphens and apostrophes in names, siblings sharing their
responsables, single-parent families, a tutor, a child in foster care (a "personne en
charge"), contacts, students born abroad or in Corsica (``2A004``), addresses longer than
SIECLE's 38-character lines, students without a division yet, groups listed before the
division, ``ID_PRV_ELE``/``ID_PRV_PER`` for a family a private program sent before, bursars,
retired profession codes 73 and 76.

The campaign holds planted anomalies, the same whatever the seed (see the constants below):
``ABSENT_INES`` are in SIECLE but have no row; ``LEAVING`` leave the school; rows for
``NEW_STUDENTS`` have no INE and no SIECLE record; ``INCOMPLETE_STUDENT`` lacks a birth date;
``UNKNOWN_OPTION_INE`` chose ``UNKNOWN_OPTION_LABEL``; ``UNKNOWN_MEF_INE`` is enrolled in
``UNKNOWN_MEF_LABEL``; ``DUPLICATE_INE`` has two rows with different data; the father of
the first new student has a first name (``NON_LATIN9_NAME``) ISO-8859-15 cannot store.
"""

from __future__ import annotations

from pathlib import Path

from .fichier_campagne import _campaign, campaign_csv, campaign_xlsx
from .donnees import (ABSENT_INES, ANNEE_SCOLAIRE, CAMPAIGN_COLUMNS, DATE_EXPORT, DEMO_ANNEE,
                      DEMO_UAJ, DUPLICATE_INE, EXPORT_FILES, INCOMPLETE_STUDENT, LEAVING,
                      MAX_ELEVES, MEF_CODES, MIN_ELEVES, NEW_STUDENTS, NON_LATIN9_NAME,
                      UNKNOWN_MEF_INE, UNKNOWN_MEF_LABEL, UNKNOWN_OPTION_INE, UNKNOWN_OPTION_LABEL)
from .ecole import _Ctx, _divisions, _identify, _plant, _population
from .exports import _export_zip, eleves_xml, nomenclature_xml, responsables_xml
from .classes import DemoSchool

# Private names the tests reach as demo._MATIERES, demo._uaj and demo._wrap.
from .donnees import _MATIERES, _uaj  # noqa: F401
from .classes import _wrap  # noqa: F401

__all__ = [
    "ABSENT_INES", "ANNEE_SCOLAIRE", "CAMPAIGN_COLUMNS", "DATE_EXPORT", "DEMO_ANNEE",
    "DEMO_UAJ", "DUPLICATE_INE", "EXPORT_FILES", "INCOMPLETE_STUDENT", "LEAVING",
    "MAX_ELEVES", "MEF_CODES", "MIN_ELEVES", "NEW_STUDENTS", "NON_LATIN9_NAME",
    "UNKNOWN_MEF_INE", "UNKNOWN_MEF_LABEL", "UNKNOWN_OPTION_INE", "UNKNOWN_OPTION_LABEL",
    "DemoSchool", "build", "campaign_csv", "campaign_xlsx", "eleves_xml", "generate",
    "nomenclature_xml", "responsables_xml",
]  # fmt: skip


def build(eleves: int = 400, seed: int = 2026) -> DemoSchool:
    """The demo school in memory: students (export order) and campaign rows (file order)."""
    if not MIN_ELEVES <= eleves <= MAX_ELEVES:
        most = f"{MAX_ELEVES:_}".replace("_", " ")
        raise ValueError(
            "Le nombre d'élèves de l'établissement de démonstration doit être compris entre "
            f"{MIN_ELEVES} et {most} ; {eleves} demandé."
        )
    ctx = _Ctx(seed)
    students = _population(ctx, eleves)
    _divisions(ctx, students)
    order = _identify(ctx, students)
    roles = _plant(ctx, order)
    return DemoSchool(order, _campaign(ctx, order, roles), seed)


def generate(folder: str | Path, eleves: int = 400, seed: int = 2026) -> dict[str, Path]:
    """Write the demo school's exports and campaign into ``folder``; return name -> path.

    Files: ``Nomenclature.xml``, ``ElevesAvecAdresses.xml``, ``ResponsablesAvecAdresses.xml``
    (ISO-8859-15), the three ``ExportXML_*.zip`` holding them, ``dossiers.csv`` and
    ``dossiers.xlsx``. ``eleves`` students are in SIECLE (between ``MIN_ELEVES`` and
    ``MAX_ELEVES``); the campaign has ``eleves + 2`` rows:

    - every SIECLE student once, except the 3 ``ABSENT_INES``;
    - the 2 students of ``LEAVING`` with ``date_sortie`` and ``motif_sortie`` (code ``12``,
      then the label "Départ à l'étranger" of motif ``20``), division empty;
    - a second row for ``DUPLICATE_INE``, with another division, options, régime and phone;
    - ``UNKNOWN_OPTION_INE`` with options "Anglais LV1, Chinois LV2";
    - ``UNKNOWN_MEF_INE`` with the MEF "5EME SEGPA";
    - 3 new students ``NEW_STUDENTS`` without INE (complete identity, responsables with an
      address; the father of the first one is named ``NON_LATIN9_NAME``);
    - 1 new student ``INCOMPLETE_STUDENT`` without INE nor birth date.

    Other rows vary as a real campaign does: about 10 % without division, MEF as label or
    code, options as labels, codes gestion or codes matière separated by "," or ";", sexe
    M/F or 1/2, yes/no as oui/non, o/n, 1/0 or x, names sometimes in another case or without
    accents, empty civilités and professions, a few changed phones or addresses.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    school = build(eleves, seed)
    contents = {
        "Nomenclature.xml": nomenclature_xml(),
        "ElevesAvecAdresses.xml": eleves_xml(school),
        "ResponsablesAvecAdresses.xml": responsables_xml(school),
    }
    for name in list(contents):
        contents[EXPORT_FILES[name][0]] = _export_zip(name, contents[name])
    contents["dossiers.csv"] = campaign_csv(school.rows)
    contents["dossiers.xlsx"] = campaign_xlsx(school.rows)
    paths = {}
    for name, data in contents.items():
        paths[name] = target / name
        paths[name].write_bytes(data)
    return paths
