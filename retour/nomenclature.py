"""What the Nomenclature export answers: MEF and subject codes, modalities, ranks, codes.

Labels are matched after :func:`retour.normalise.fold` (any case, any accents); a label
that names two different codes is ambiguous and stays unresolved, for the user to choose.
Completions the user made (label → code) are consulted first.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

import pandas as pd

from .normalise import fold, fold_key, is_blank
from .siecle import Export

MEF_PATTERN = re.compile(r"^[0-9A-Z]{11}$")

#: Priority among modalities when a subject has several in one MEF's PROGRAMMES (the
#: "modalité double" case): an option of the obligatory list is O, another one F; the
#: rest (S, …) only when alone.
MODALITY_PRIORITY = ("O", "F")


def _index(frame: pd.DataFrame, code_column: str, label_columns: list[str]) -> dict[str, set]:
    index: dict[str, set] = defaultdict(set)
    if code_column not in frame.columns:
        return index
    for column in label_columns:
        if column not in frame.columns:
            continue
        for code, label in zip(frame[code_column], frame[column]):
            if not is_blank(code) and not is_blank(label):
                index[fold(label)].add(str(code).strip())
    return index


def _memoised(method):
    """Remember a look-up's answers per instance: what it reads (the export, the completions
    given to the constructor) never changes after init."""

    @functools.wraps(method)
    def look_up(self, *args):
        memo = self.__dict__.setdefault("_memo", {})
        key = (method.__name__, *args)
        if key not in memo:
            memo[key] = method(self, *args)
        return memo[key]

    return look_up


def _code_column(frame: pd.DataFrame) -> str | None:
    return next((c for c in frame.columns if c.startswith("code_")), None)


class Nomenclature:
    """Look-ups over one Nomenclature export and the user's saved completions."""

    def __init__(
        self,
        export: Export,
        option_completions: dict[str, str] | None = None,
        mef_completions: dict[str, str] | None = None,
        code_completions: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.export = export
        self.code_completions = {k: dict(v) for k, v in (code_completions or {}).items()}
        self._codes: dict[str, dict[str, str]] = {}
        self._labels: dict[str, dict[str, set]] = {}
        self.option_completions = dict(option_completions or {})
        self.mef_completions = dict(mef_completions or {})
        mefs = export["mefs"]
        matieres = export["matieres"]
        self.mefs = {str(c) for c in mefs["code_mef"].dropna()}
        self.matieres = {str(c) for c in matieres["code_matiere"].dropna() if str(c)}
        self._mef_labels = _index(
            mefs, "code_mef", ["libelle_long", "formation", "libelle_edition"]
        )
        self._matiere_labels = _index(
            matieres, "code_matiere", ["libelle_court", "libelle_long", "libelle_edition"]
        )
        self._gestion = _index(matieres, "code_matiere", ["code_gestion"])
        self._programmes = self._load_programmes(export["programmes"])
        self._ranks = self._load_ranks(export["options_obligatoires"])
        self.mef_rows = mefs.set_index("code_mef", drop=False) if len(mefs) else mefs
        self.matiere_rows = (
            matieres.drop_duplicates("code_matiere").set_index("code_matiere", drop=False)
            if len(matieres) else matieres
        )

    # Loading

    @staticmethod
    def _load_programmes(frame: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
        programmes: dict[tuple[str, str], list[str]] = defaultdict(list)
        for mef, matiere, modalite in zip(
            frame["code_mef"], frame["code_matiere"], frame["code_modalite_elect"]
        ):
            if is_blank(mef) or is_blank(matiere) or is_blank(modalite):
                continue
            modalities = programmes[(str(mef), str(matiere))]
            if modalite not in modalities:
                modalities.append(str(modalite))
        return programmes

    @staticmethod
    def _load_ranks(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
        ranks = {}
        columns = (frame["code_mef"], frame["code_matiere"], frame["rang_option"])
        for mef, matiere, rang in zip(*columns):
            try:
                ranks[(str(mef), str(matiere))] = int(str(rang))
            except ValueError:
                continue
        return ranks

    # MEF

    def resolve_mef(self, value: object) -> str | None:
        """The CODE_MEF named by ``value`` (a code or a label), or None."""
        if is_blank(value):
            return None
        text = str(value).strip()
        if text.upper() in self.mefs:
            return text.upper()
        saved = self.mef_completions.get(fold(text))
        if saved:
            return saved
        codes = self._mef_labels.get(fold(text), set())
        return next(iter(codes)) if len(codes) == 1 else None

    @_memoised
    def mef_label(self, code: str | None) -> str:
        if code is None or code not in self.mefs or not len(self.mef_rows):
            return ""
        row = self.mef_rows.loc[code]
        row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
        for column in ("libelle_edition", "libelle_long", "formation"):
            if column in row and not is_blank(row[column]):
                return str(row[column])
        return code

    def mef_choices(self) -> list[tuple[str, str]]:
        """(label shown to the user, code) for every MEF, sorted by code."""
        return [(f"{code} · {self.mef_label(code)}", code) for code in sorted(self.mefs)]

    # Subjects

    @_memoised
    def resolve_option(self, token: object) -> str | None:
        """The CODE_MATIERE named by ``token``: a code matière, a code gestion or a label."""
        if is_blank(token):
            return None
        text = str(token).strip()
        if text in self.matieres:
            return text
        saved = self.option_completions.get(fold(text))
        if saved:
            return saved
        for index, key in ((self._gestion, fold(text)), (self._matiere_labels, fold(text))):
            codes = index.get(key, set())
            if len(codes) == 1:
                return next(iter(codes))
        compact = fold_key(text)
        codes = {c for k, v in self._gestion.items() if k.replace(" ", "") == compact for c in v}
        if len(codes) == 1:
            return next(iter(codes))
        return self._by_words(fold(text))

    def _by_words(self, folded: str) -> str | None:
        """Last resort: the one subject whose labels hold every word of ``folded``.

        "latin" finds "LCA LATIN"; "anglais" finds LV1 and LV2 and stays unresolved.
        """
        words = set(folded.split())
        if not words or len(folded) < 4:
            return None
        codes = {c for label, found in self._matiere_labels.items()
                 if words <= set(label.split()) for c in found}
        return next(iter(codes)) if len(codes) == 1 else None

    @_memoised
    def matiere_label(self, code: str) -> str:
        if code not in self.matieres or not len(self.matiere_rows):
            return ""
        row = self.matiere_rows.loc[code]
        for column in ("libelle_edition", "libelle_long", "libelle_court"):
            if column in row and not is_blank(row[column]):
                return str(row[column])
        return code

    def matiere_choices(self) -> list[tuple[str, str]]:
        """(label shown to the user, code) for every subject, sorted by label."""
        choices = []
        frame = self.export["matieres"]
        for code, gestion, label in zip(
            frame["code_matiere"], frame["code_gestion"], frame["libelle_long"]
        ):
            if is_blank(code):
                continue
            shown = f"{code} · {'' if is_blank(gestion) else str(gestion).strip()} · "
            shown += "" if is_blank(label) else str(label).strip()
            choices.append((shown, str(code)))
        return sorted(set(choices), key=lambda c: fold(c[0].split(" · ", 2)[-1]))

    def modalities(self, code_mef: str, code_matiere: str) -> list[str]:
        return self._programmes.get((code_mef, code_matiere), [])

    def modality(self, code_mef: str, code_matiere: str) -> str | None:
        """CODE_MODALITE_ELECT for a subject in a MEF, from PROGRAMMES; None when absent."""
        found = self.modalities(code_mef, code_matiere)
        if len(found) == 1:
            return found[0]
        wanted = "O" if self.rank(code_mef, code_matiere) is not None else "F"
        if wanted in found:
            return wanted
        return next((m for m in MODALITY_PRIORITY if m in found), found[0] if found else None)

    def rank(self, code_mef: str, code_matiere: str) -> int | None:
        return self._ranks.get((code_mef, code_matiere))

    @_memoised
    def has_programmes(self, code_mef: str) -> bool:
        return any(mef == code_mef for mef, _ in self._programmes)

    @_memoised
    def min_options(self, code_mef: str) -> int | None:
        if code_mef not in self.mefs or "nb_opt_mini" not in self.mef_rows.columns:
            return None
        value = self.mef_rows.loc[code_mef, "nb_opt_mini"]
        value = value.iloc[0] if isinstance(value, pd.Series) else value
        try:
            return int(str(value))
        except ValueError:
            return None

    # Other codes (régimes, motifs de sortie, …)

    def codes(self, block: str) -> dict[str, str]:
        """Code → label of a simple block of the export (``regimes``, ``motifs_sortie``…)."""
        if block not in self._codes:
            self._codes[block] = self._load_codes(block)
        return self._codes[block]

    def _load_codes(self, block: str) -> dict[str, str]:
        frame = self.export.tables.get(block)
        if frame is None or not len(frame):
            return {}
        code_column = _code_column(frame)
        labels = [c for c in ("libelle_long", "libelle_court") if c in frame.columns]
        result = {}
        for row in frame.to_dict("records"):
            code = row.get(code_column)
            if is_blank(code):
                continue
            label = next((row[c] for c in labels if not is_blank(row[c])), "")
            result[str(code).strip()] = str(label)
        return result

    def _code_labels(self, block: str) -> dict[str, set]:
        if block not in self._labels:
            frame = self.export.tables[block]
            self._labels[block] = _index(frame, _code_column(frame),
                                         ["libelle_court", "libelle_long"])
        return self._labels[block]

    def resolve_code(self, block: str, value: object) -> str | None:
        """A code of ``block`` named by its code or one of its labels; None if unknown.

        When the export lacks the block, a code is accepted as written (nothing to check it
        against) and a label is not.
        """
        if is_blank(value):
            return None
        text = str(value).strip()
        known = self.codes(block)
        if not known:
            return text if len(text) <= 2 and text.isalnum() else None
        if text in known:
            return text
        saved = self.code_completions.get(block, {}).get(fold(text))
        if saved:
            return saved
        codes = self._code_labels(block).get(fold(text), set())
        return next(iter(codes)) if len(codes) == 1 else None
