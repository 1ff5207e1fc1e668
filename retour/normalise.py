"""Text normalisation shared by every matching step (names, labels, column headers)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Ligatures, and letters with a stroke or of another alphabet's shape, that Unicode does not
#: decompose into a base letter and an accent: "SØREN" is "SOREN", "Łukasz" is "Lukasz".
_LIGATURES = str.maketrans({
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ð": "d",
    "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
})
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: object) -> str:
    """Lower case, no accents, ligatures spelt out, every other run of signs one space.

    ``fold("  Hélène-Œdipe ") == "helene oedipe"``; ``fold(None) == ""``.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return _fold(str(text))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    raw = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", raw)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", bare.lower()).strip()


def fold_key(text: object) -> str:
    """``fold`` without spaces: for headers and codes where spacing varies."""
    return fold(text).replace(" ", "")


def is_blank(value: object) -> bool:
    """True for None, NaN, pandas' NA and strings holding only white space."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN, NA
    except (TypeError, ValueError):
        return False
