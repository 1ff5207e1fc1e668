"""The small state kept between runs: send numbers, private ids, completed codes.

It lives in one JSON file (``settings.STATE_FILE``) in the working folder, keyed by school
and year, so that a second run of the same send gives the same ids and the next send the
next number.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .errors import UnusableInput


@dataclass
class Etat:
    """State of one school and year."""

    num_envoi: int = 0
    logiciel: str | None = None
    id_prv_ele: dict[str, int] = field(default_factory=dict)
    id_prv_per: dict[str, int] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    mefs: dict[str, str] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    envois: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "num_envoi": self.num_envoi,
            "logiciel": self.logiciel,
            "id_prv_ele": self.id_prv_ele,
            "id_prv_per": self.id_prv_per,
            "options": self.options,
            "mefs": self.mefs,
            "codes": self.codes,
            "envois": self.envois,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Etat":
        return cls(
            num_envoi=int(data.get("num_envoi", 0)),
            logiciel=data.get("logiciel"),
            id_prv_ele={k: int(v) for k, v in data.get("id_prv_ele", {}).items()},
            id_prv_per={k: int(v) for k, v in data.get("id_prv_per", {}).items()},
            options=dict(data.get("options", {})),
            mefs=dict(data.get("mefs", {})),
            codes={k: dict(v) for k, v in data.get("codes", {}).items()},
            envois=list(data.get("envois", [])),
        )


class EtatStore:
    """The state file of a working folder, holding one :class:`Etat` per school and year."""

    def __init__(self, folder: str | os.PathLike | None) -> None:
        self.path = Path(folder) / settings.STATE_FILE if folder is not None else None
        self._data = self._load()

    def _load(self) -> dict:
        if self.path is None or not self.path.exists():
            return {}
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise UnusableInput(
                f"Le fichier d'état « {self.path} » est illisible. Déplacez-le ou "
                "supprimez-le : les numéros d'envoi et les codes complétés seront à redonner."
            ) from None

    def get(self, uaj: str, annee: str) -> Etat:
        return Etat.from_json(self._data.get(f"{uaj}-{annee}", {}))

    def put(self, uaj: str, annee: str, etat: Etat) -> None:
        self._data[f"{uaj}-{annee}"] = etat.to_json()
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so an interrupted run never leaves half a state file.
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".etat-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self._data, handle, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, self.path)
