"""The in-memory model of the demo school: addresses, persons, families, students."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from .donnees import _DEMO_SCHOOL, Commune, School


# The model

@dataclass(eq=False)
class Address:
    id: int
    street: str
    extra: str
    commune: Commune
    capitals: bool = False

    @property
    def text(self) -> str:
        """The address on one line, as a family types it."""
        return ", ".join(p for p in (self.extra, self.street) if p)

    def lines(self) -> list[str]:
        """SIECLE's four lines of at most 38 characters."""
        lines = _wrap(self.extra) + _wrap(self.street)
        if self.capitals:
            lines = [line.upper() for line in lines]
        return (lines + ["", "", "", ""])[:4]


@dataclass(eq=False)
class Person:
    id: int
    sex: int
    nom: str
    prenom: str
    address: Address | None
    home: str | None = None
    mobile: str | None = None
    work: str | None = None
    email: str | None = None
    sms: bool = False
    communication: bool = True
    profession: str | None = None
    id_prv: int | None = None
    sparse: bool = False  # a contact: missing fields omitted rather than empty


@dataclass(eq=False)
class Link:
    person: Person
    level: int  # 1 légal, 2 personne en charge, 3 contact
    parente: str
    pays: bool = False
    aides: bool = False
    heberge: bool = False
    priority: bool = False


@dataclass(eq=False)
class Family:
    name: str
    links: list[Link]
    home: Address
    prv: bool = False
    special: bool = False
    kind: str = "couple"


@dataclass(eq=False)
class Student:
    family: Family
    nom: str
    prenom: str
    sex: int
    level: int
    birth: date
    birth_country: str = "100"
    nationality: str = "100"
    birth_insee: str | None = None
    birth_dept: str | None = None
    birth_city: str | None = None  # born abroad: the town as SIECLE stores it
    birth_city_written: str | None = None  # ... and as the family writes it
    prenom2: str | None = None
    prenom3: str | None = None
    nom_usage: str | None = None
    repeating: bool = False
    entry: date = date(2026, 9, 1)
    modified: date = date(2026, 6, 1)
    regime: str = "2"
    prev_school: School = _DEMO_SCHOOL
    prev_mef: str | None = None
    prev_division: str | None = None
    provenance: str = "1"
    options: list[str] = field(default_factory=list)
    siecle_options: list[str] = field(default_factory=list)
    division: str = ""  # planned division for 2026-2027
    in_division: bool = False  # SIECLE already has it (STRUCTURE of type D)
    groups: list[str] = field(default_factory=list)
    group_first: bool = False
    bourse: str | None = None
    transport: bool = False
    sms: bool = False
    mobile: str | None = None
    email: str | None = None
    ine: str = ""
    rnie: bool = True
    eleve_id: int = 0
    elenoet: int = 0
    id_prv: int | None = None

    @property
    def links(self) -> list[Link]:
        return self.family.links

    @property
    def home(self) -> Address:
        return self.family.home


@dataclass
class DemoSchool:
    """Everything ``generate`` writes, before writing: tests and notebooks may inspect it."""

    students: list[Student]
    rows: list[dict[str, str]]
    seed: int

    def persons(self) -> list[Person]:
        seen: dict[int, Person] = {}
        for student in self.students:
            for link in student.links:
                seen.setdefault(link.person.id, link.person)
        return sorted(seen.values(), key=lambda p: p.id)


def _wrap(text: str, width: int = 38) -> list[str]:
    """Greedy word wrap: lines of at most ``width`` characters, cut between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word[:width])
    return lines


@functools.lru_cache(maxsize=None)
def _fr(day: date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""
