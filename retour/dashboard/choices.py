"""Editable tables of labels the nomenclature could not name, one chosen code per row.

A ``GridBox`` of labels and real form controls: a ``Combobox`` (type to search among the
nomenclature's entries) for subjects and MEF, a ``Dropdown`` for the short lists of régimes
and leaving reasons. A pick calls ``on_pick`` with the label and the chosen code.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as W

from . import texts
from .ui import escape

Pick = Callable[[str, str], None]


def _header(labels: tuple[str, ...]) -> list[W.Widget]:
    return [W.HTML(f"<b>{escape(label)}</b>") for label in labels]


def _grid(kind: str, columns: str, cells: list[W.Widget]) -> W.GridBox:
    grid = W.GridBox(cells, layout=W.Layout(grid_template_columns=columns,
                                            grid_gap="4px 14px", align_items="center",
                                            width="100%", margin="2px 0 8px 0"))
    grid.add_class("retour-choix")
    grid.add_class(f"retour-choix-{kind}")
    return grid


def search_grid(kind: str, headers: tuple[str, ...], rows: list[tuple[str, int]],
                choices: list[tuple[str, str]], placeholder: str, on_pick: Pick) -> W.GridBox:
    """One row per (label, students) with a searchable ``Combobox`` of ``choices``.

    ``choices`` are (text shown, code); the text shown is what the user types or picks.
    """
    codes = dict(choices)
    cells = _header(headers)
    for index, (label, count) in enumerate(rows):
        name = W.Label(label)
        name.add_class(f"retour-libelle-{kind}")
        combo = W.Combobox(options=[shown for shown, _ in choices], placeholder=placeholder,
                           ensure_option=True, continuous_update=False,
                           layout=W.Layout(width="auto"))
        combo.add_class(f"retour-combo-{kind}")
        combo.add_class(f"retour-combo-{kind}-{index}")

        def picked(change: dict, label: str = label) -> None:
            code = codes.get(change["new"])
            if code is not None:
                on_pick(label, code)

        combo.observe(picked, names="value")
        cells += [name, W.Label(str(count)), combo]
    return _grid(kind, "minmax(12em, 1fr) 5em minmax(22em, 2fr)", cells)


def code_grid(rows: list[tuple[str, str, int, dict[str, str]]],
              on_pick: Callable[[str, str, str], None]) -> W.GridBox:
    """One row per (nature, label, students, code → label) with a ``Dropdown``."""
    cells = _header(texts.ENTETES_CODES)
    for index, (nature, label, count, known) in enumerate(rows):
        name = W.Label(label)
        name.add_class("retour-libelle-code")
        options = [(texts.CHOISIR, "")] + [(f"{code} · {text}", code)
                                           for code, text in sorted(known.items())]
        menu = W.Dropdown(options=options, value="", layout=W.Layout(width="auto"))
        menu.add_class("retour-menu-code")
        menu.add_class(f"retour-menu-code-{index}")

        def picked(change: dict, nature: str = nature, label: str = label) -> None:
            if change["new"]:
                on_pick(nature, label, change["new"])

        menu.observe(picked, names="value")
        cells += [W.Label(texts.NATURES.get(nature, nature)), name, W.Label(str(count)), menu]
    return _grid("code", "10em minmax(12em, 1fr) 5em minmax(18em, 2fr)", cells)
