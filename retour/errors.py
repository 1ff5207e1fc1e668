"""Exceptions raised when a run cannot go on.

Every message is French, meant for the administrator: it says what is wrong, in which file
(or row, or element) and what to do next.

    RetourError
    ├── UnreadableFile      the file cannot be read or parsed (broken XML, bad zip, empty)
    ├── UnsafeFile          the file looks hostile (entities, DTD, zip bomb, odd paths, too big)
    ├── WrongExportKind     a SIECLE export of another kind was given in a slot
    ├── InconsistentExports the exports do not come from the same school or year
    └── UnusableInput       anything else that stops the run (missing option, bad setting)
"""

from __future__ import annotations


class RetourError(Exception):
    """Base class: the message is French and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnreadableFile(RetourError):
    """A file cannot be read: broken XML, broken zip, empty file, unknown encoding."""


class UnsafeFile(RetourError):
    """A file was refused for safety: entities, DTD, zip bomb, odd member paths, size."""


class WrongExportKind(RetourError):
    """A SIECLE export of another kind was given where one kind was expected."""


class InconsistentExports(RetourError):
    """The exports of one send do not share the same UAJ or school year."""


class UnusableInput(RetourError):
    """Any other input that stops the run: a missing setting, a bad option value."""
