"""Building blocks of the dashboard: the step frame, state badges, tables and the journal.

Every widget a user acts on gets a CSS class (``retour-…``) so that browser tests can find
it; the look lives in :data:`STYLE`, one ``<style>`` block shown once at the top.
"""

from __future__ import annotations

import html
import logging
import traceback
from collections import deque
from datetime import datetime
from pathlib import Path

import ipywidgets as W
import pandas as pd

from . import texts

#: Colours of the state badges (background, text); every badge has the same box.
BADGE_COLOURS = {
    texts.A_FAIRE: ("#e7ebf0", "#3d4b5c"),
    texts.FAIT: ("#1f7a3a", "#ffffff"),
    texts.SAUTEE: ("#8a5a00", "#ffffff"),
    texts.PROBLEME: ("#b42318", "#ffffff"),
}

#: Rows shown in a table before "… and N more".
MAX_ROWS = 200

STYLE = """
<style>
.retour-app { max-width: 1180px; font-size: 14px; color: #1f2328; }
.retour-app .widget-html-content { line-height: 1.45; }
.retour-etape { border: 1px solid #d0d7de; border-radius: 6px; background: #ffffff; }
.retour-etape h2 { font-size: 17px; margin: 0; line-height: 28px; }
.retour-etape h4 { font-size: 14px; margin: 10px 0 4px 0; }
.retour-aide { color: #3d4b5c; line-height: 1.45; }
.retour-discret { color: #6e7781; }
.retour-badge { display: inline-block; width: 7.5em; text-align: center; padding: 3px 0;
  border-radius: 12px; font-size: 12.5px; font-weight: 600; letter-spacing: 0.02em; }
.retour-message { padding: 6px 10px; border-radius: 4px; line-height: 1.4; }
.retour-message-erreur { background: #fdecea; color: #8c1d13; border-left: 4px solid #b42318; }
.retour-message-info { background: #eaf5ec; color: #14532d; border-left: 4px solid #1f7a3a; }
.retour-message-attente { background: #eef2f7; color: #3d4b5c; border-left: 4px solid #7d8ca0; }
.retour-tableau { max-height: 300px; overflow: auto; border: 1px solid #e1e4e8;
  border-radius: 4px; margin: 2px 0 6px 0; }
.retour-tableau table { border-collapse: collapse; width: 100%; font-size: 13px; }
.retour-tableau th { position: sticky; top: 0; background: #f6f8fa; text-align: left;
  padding: 4px 8px; border-bottom: 1px solid #d0d7de; }
.retour-tableau td { padding: 3px 8px; border-bottom: 1px solid #eef0f2; vertical-align: top;
  line-height: 1.35; }
.retour-progression { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 4px 0 6px 0; }
.retour-progression span.retour-etiquette { color: #3d4b5c; margin-right: 4px; }
.retour-lien-zip { display: inline-block; padding: 7px 14px; background: #1f6feb;
  color: #ffffff !important; border-radius: 5px; text-decoration: none; font-weight: 600; }
.retour-rappels li { margin: 2px 0; }
</style>
"""


def escape(value: object) -> str:
    """HTML-escape any value; missing values become an empty string."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value))


def badge_html(state: str) -> str:
    """The badge of one state, always the same box whatever the word."""
    background, colour = BADGE_COLOURS[state]
    return (
        f'<span class="retour-badge" data-etat="{escape(state)}" '
        f'style="background:{background};color:{colour}">{escape(state)}</span>'
    )


def message_html(kind: str, text: str, raw: bool = False) -> str:
    """A coloured message box: ``kind`` is ``erreur``, ``info`` or ``attente``."""
    body = text if raw else escape(text)
    return f'<div class="retour-message retour-message-{kind}">{body}</div>'


def table_html(frame: pd.DataFrame, columns: list[str], call: str = "",
               max_rows: int = MAX_ROWS, compact: bool = False) -> str:
    """``frame[columns]`` as a scrollable HTML table with French headers, escaped.

    ``call`` names the ``Retour`` method giving the whole table, for the "… and N more"
    line; ``compact`` keeps the table as narrow as its content.
    """
    shown = frame[columns].head(max_rows).rename(columns=texts.COLONNES)
    table = shown.to_html(index=False, escape=True, na_rep="", border=0)
    more = ""
    if len(frame) > max_rows:
        note = texts.LIGNES_EN_PLUS.format(reste=len(frame) - max_rows, appel=call)
        more = f'<div class="retour-discret">{escape(note)}</div>'
    width = ' style="display:inline-block;max-width:100%"' if compact else ""
    return f'<div class="retour-tableau"{width}>{table}</div>{more}'


def heading(text: str) -> str:
    return f"<h4>{escape(text)}</h4>"


class Step(W.VBox):
    """One step of the procedure: number and title, state badge, help, controls, body.

    ``status`` shows the last outcome (busy, error or note); ``body`` what the step found.
    """

    def __init__(self, key: str, number: int, controls: list[W.Widget] | None = None) -> None:
        self.key = key
        self.state = texts.A_FAIRE
        self.badge = W.HTML(badge_html(self.state))
        self.badge.add_class("retour-badge-etape")
        self.badge.add_class(f"retour-badge-{key}")
        title = W.HTML(f"<h2>{number}. {escape(texts.ETAPES[key])}</h2>")
        header = W.HBox([title, self.badge],
                        layout=W.Layout(justify_content="space-between",
                                        align_items="center"))
        help_text = W.HTML(f'<div class="retour-aide">{texts.AIDES[key]}</div>')
        self.controls = W.HBox(controls or [],
                               layout=W.Layout(flex_flow="row wrap", align_items="center",
                                               grid_gap="8px", margin="4px 0"))
        self.status = W.HTML()
        self.status.add_class(f"retour-message-{key}")
        self.body = W.VBox()
        super().__init__([header, help_text, self.controls, self.status, self.body],
                         layout=W.Layout(padding="10px 16px 12px 16px", margin="0 0 12px 0"))
        self.add_class("retour-etape")
        self.add_class(f"retour-etape-{key}")

    def set_state(self, state: str) -> None:
        if state != self.state or not self.badge.value:
            self.state = state
            self.badge.value = badge_html(state)

    def show(self, kind: str | None, text: str = "", raw: bool = False) -> None:
        """Show a message (``erreur``, ``info``, ``attente``), or clear it with None."""
        value = "" if kind is None else message_html(kind, text, raw)
        if self.status.value != value:
            self.status.value = value


class JournalHandler(logging.Handler):
    """Keeps the last records of the ``retour`` logger in an HTML widget (no tracebacks)."""

    def __init__(self, widget: W.HTML, size: int = 200) -> None:
        super().__init__(logging.INFO)
        self.widget = widget
        self.lines: deque[str] = deque(maxlen=size)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            when = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
            line = f"{when} {record.levelname:<8} {record.getMessage()}"
            if record.exc_info and record.exc_info[1] is not None:
                line += f" [{_where(record.exc_info[1])}]"
            self.lines.append(line)
            body = escape("\n".join(self.lines))
            self.widget.value = f'<pre style="max-height:220px;overflow:auto">{body}</pre>'
        except Exception:  # a journal must never break the action it reports
            self.handleError(record)


def _where(error: BaseException) -> str:
    """One line about an exception: its type, message and innermost file and line."""
    frames = traceback.extract_tb(error.__traceback__)
    place = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(error).__name__}: {error}{place}"
