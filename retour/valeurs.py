"""Values as the import wants them: ISO dates, "1"/"0" booleans, plain text, phones.

Also :func:`equivalent`, which tells when a campaign value says what SIECLE already has.
"""

from __future__ import annotations

import re
from datetime import date

from .normalise import fold, is_blank

#: Country names as people write them → SIECLE's 3-digit country codes (the INSEE codes
#: 99nnn without the 99). Only the most frequent ones; any other must be given as a code.
PAYS = {
    "france": "100", "fr": "100", "fra": "100", "allemagne": "109", "italie": "127",
    "belgique": "131", "royaume uni": "132", "angleterre": "132", "espagne": "134",
    "pays bas": "135", "luxembourg": "137", "portugal": "139", "suisse": "140",
    "tunisie": "351", "maroc": "350", "algerie": "352",
}


def iso_date(value: object) -> str | None:
    """SIECLE's JJ/MM/AAAA (or an ISO date) as AAAA-MM-JJ; None when blank or invalid."""
    if is_blank(value):
        return None
    text = str(value).strip()
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", text) or re.fullmatch(
        r"(\d{4})-(\d{2})-(\d{2})", text
    )
    if not match:
        return None
    parts = match.groups()
    year, month, day = (parts[2], parts[1], parts[0]) if "/" in text else parts
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def french_date(iso: str) -> str:
    """AAAA-MM-JJ as JJ/MM/AAAA, for messages."""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def boolean(value: object) -> str | None:
    """SIECLE's 0/1/true/false as "1"/"0"."""
    if is_blank(value):
        return None
    text = str(value).strip().lower()
    if text in ("1", "true", "oui", "o", "x", "vrai"):
        return "1"
    if text in ("0", "false", "non", "n", "faux"):
        return "0"
    return None


def text(value: object) -> str | None:
    if value.__class__ is str:  # the usual case, first: "" and blanks give None
        return " ".join(value.split()) or None
    if is_blank(value):
        return None
    return " ".join(str(value).split())


def phone(value: object) -> str | None:
    raw = text(value)
    return None if raw is None else re.sub(r"[\s.\-/()]", "", raw)


def equivalent(old: object, new: object) -> bool:
    """Whether two values say the same thing, written differently.

    Case, accents and punctuation aside ("L HAY LES ROSES" and "L'Haÿ-les-Roses"), or the
    same phone number in national and international form ("+33639…" and "0639…"). An
    equivalent campaign value leaves SIECLE's as it is, so the send changes nothing there.
    """
    if is_blank(old) or is_blank(new):
        return False
    if old == new:
        return True
    return fold(old) == fold(new) or _national(str(old)) == _national(str(new))


def _national(number: str) -> str:
    digits = re.sub(r"[\s.\-/()]", "", number)
    return "0" + digits[3:] if digits.startswith("+33") else digits


def country(value: object) -> str | None:
    raw = text(value)
    if raw is None:
        return None
    return PAYS.get(fold(raw), raw)
