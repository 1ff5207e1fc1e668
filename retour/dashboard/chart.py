"""The division chart: students per division in SIECLE and in the campaign's dossiers.

Drawn with matplotlib's object API (no pyplot, so no global figure and no backend to pick)
into PNG bytes, then shown in an ``ipywidgets.Output`` by setting its outputs directly: it
works the same in Voilà, in JupyterLab and in tests without a kernel.
"""

from __future__ import annotations

import base64
import io

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from . import texts

SIECLE_COLOUR = "#8c9bab"
DOSSIERS_COLOUR = "#1f6feb"


def divisions_png(table: pd.DataFrame) -> bytes:
    """Grouped bars from ``Retour.divisions()`` (division, siecle, dossiers), as PNG."""
    names = [str(n) for n in table["division"].tolist()]
    siecle = [int(n) for n in table["siecle"].tolist()]
    dossiers = [int(n) for n in table["dossiers"].tolist()]
    width = max(7.0, min(14.0, 0.55 * len(names) + 2.5))
    figure = Figure(figsize=(width, 3.8), dpi=90, layout="constrained")
    axes = figure.subplots()
    positions = list(range(len(names)))
    left = axes.bar([p - 0.2 for p in positions], siecle, width=0.4, label=texts.SERIE_SIECLE,
                    color=SIECLE_COLOUR)
    right = axes.bar([p + 0.2 for p in positions], dossiers, width=0.4,
                     label=texts.SERIE_DOSSIERS, color=DOSSIERS_COLOUR)
    for bars in (left, right):
        axes.bar_label(bars, padding=2, fontsize=7)
    axes.set_xticks(positions, names, rotation=45 if len(names) > 14 else 0, fontsize=8)
    axes.set_title(texts.TITRE_GRAPHIQUE, fontsize=11)
    axes.set_xlabel(texts.AXE_X)
    axes.set_ylabel(texts.AXE_Y)
    axes.set_ylim(0, max(siecle + dossiers + [1]) * 1.15)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, fontsize=8, loc="upper left")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def show_png(output: W.Output, png: bytes | None) -> None:
    """Replace what ``output`` shows with the PNG (or clear it with None)."""
    if png is None:
        output.outputs = ()
        return
    output.outputs = ({
        "output_type": "display_data",
        "data": {
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": texts.TITRE_GRAPHIQUE,
        },
        "metadata": {},
    },)
