"""Address lines as SIECLE's import wants them: at most 4 lines of at most 38 characters."""

from __future__ import annotations

LINE_LENGTH = 38
MAX_LINES = 4


def split_address(text: str, width: int = LINE_LENGTH,
                  max_lines: int = MAX_LINES) -> list[str] | None:
    """Split ``text`` on word boundaries into lines of at most ``width`` characters.

    Existing line breaks are kept as breaks. A word longer than ``width`` is cut (there is
    no better place to break it). Returns None when the address needs more than
    ``max_lines`` lines: the caller reports it rather than dropping words.
    """
    lines: list[str] = []
    for paragraph in text.replace("\r", "\n").split("\n"):
        words = paragraph.split()
        current = ""
        for word in words:
            while len(word) > width:
                if current:
                    lines.append(current)
                    current = ""
                lines.append(word[:width])
                word = word[width:]
            candidate = f"{current} {word}" if current else word
            if len(candidate) <= width:
                current = candidate
            else:
                lines.append(current)
                current = word
        if current:
            lines.append(current)
    if len(lines) > max_lines:
        return None
    return lines
