"""Random generation of the demo school's families, students, divisions and ids."""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterable, Sequence

from ..normalise import fold_key
from .donnees import (_ABROAD, _AJACCIO, _BIRTH_ABROAD, _BIRTH_FR, _BOYS, _DOMAINS, _ELDERS,
                      _EXTRAS, _FAMILY_NAMES, _FAR, _GIRLS, _GREC, _LATIN, _LOCAL, _LONG_EXTRAS,
                      _MEN, _MIDDLE, _OTHER_COLLEGES, _PLANTED_INES, _PRIMARIES,
                      _PROFESSION_WEIGHTS, _RETIRED, _STREETS, _WOMEN, _YES_NO, ABSENT_INES,
                      DUPLICATE_INE, LEAVING, MEF_CODES, UNKNOWN_MEF_INE, UNKNOWN_OPTION_INE,
                      Commune)
from .classes import Address, Family, Link, Person, Student


# Generation

class _Ctx:
    """The random source and the id counters of one generation."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._next = {"personne": 1_480_000, "adresse": 2_210_000}
        self._prv: set[int] = set()
        self._ines: set[str] = set(_PLANTED_INES)

    def new_id(self, kind: str) -> int:
        self._next[kind] += _between(self.rng, 1, 9)
        return self._next[kind]

    def new_prv(self) -> int:
        while True:
            value = _between(self.rng, 1, 99_999)
            if value not in self._prv:
                self._prv.add(value)
                return value

    def new_ine(self) -> str:
        rng = self.rng
        while True:
            letters = "".join(_pick(rng, "ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
            ine = f"0{_pick(rng, '5678')}{_below(rng, 10**7):07d}{letters}"
            if ine not in self._ines:
                self._ines.add(ine)
                return ine

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability


def _pick(rng: random.Random, items: Sequence) -> object:
    """``rng.choice``, several times faster (it matters at 30,000 students)."""
    return items[int(rng.random() * len(items))]


def _below(rng: random.Random, stop: int) -> int:
    return int(rng.random() * stop)


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


class _Table:
    """Values with weights, drawn by bisection (``random.choices`` rebuilds its sums)."""

    def __init__(self, pairs: Iterable[tuple]) -> None:
        pairs = list(pairs)
        self.values = [p[0] for p in pairs]
        self.sums = list(itertools.accumulate(p[-1] for p in pairs))

    def draw(self, rng: random.Random) -> object:
        return self.values[bisect.bisect(self.sums, rng.random() * self.sums[-1])]


_LOCAL_TABLE = _Table(_LOCAL)
_BIRTH_FR_TABLE = _Table(_BIRTH_FR)
_PROFESSION_TABLE = _Table(_PROFESSION_WEIGHTS)
_ACTIVE_TABLE = _Table(p for p in _PROFESSION_WEIGHTS if p[0] not in ("73", "76"))
_CHILDREN_TABLE = _Table(((1, 70), (2, 24), (3, 6)))
_LV2_TABLE = _Table((("030602", 62), ("030102", 22), ("030802", 16)))
_REGIME_TABLE = _Table((("2", 62), ("0", 28), ("24", 9), ("3", 1)))
_BOURSE_TABLE = _Table((("N", 15), ("D", 2), (None, 83)))
_OPTION_STYLE_TABLE = _Table((("labels", 50), ("gestion", 20), ("informal", 15), ("codes", 15)))
_MEF_FORM_TABLE = _Table(((1, 55), (2, 30), (None, 15)))  # libellé long, édition, code
_CIVILITE_TABLE = _Table(((0, 60), (1, 30), (2, 10)))
_YES_NO_TABLE = _Table(zip(_YES_NO, (40, 20, 15, 15, 10)))


def _address(ctx: _Ctx, commune: Commune | None = None, long: bool = False) -> Address:
    rng = ctx.rng
    commune = commune or _LOCAL_TABLE.draw(rng)
    number = f"{_between(rng, 1, 180)}{_pick(rng, ('', '', '', '', ' bis', ' ter'))}"
    street = f"{number} {_pick(rng, _STREETS)}"
    if commune.pays != "100":
        street = f"{_pick(rng, ('Rue du Bailli', 'Rua Augusta', 'Rue de Carouge'))} {number}"
    extra = _pick(rng, _LONG_EXTRAS) if long else ""
    if not extra and ctx.chance(0.25):
        extra = _pick(rng, _EXTRAS)
    capitals = ctx.chance(0.25)
    return Address(ctx.new_id("adresse"), street, extra, commune, capitals)


def _phone(rng: random.Random, mobile: bool) -> str:
    """A number from ARCEP's ranges reserved for fiction (01 99 00, 06 39 98)."""
    return ("063998" if mobile else "019900") + f"{_below(rng, 10_000):04d}"


@functools.lru_cache(maxsize=None)
def _slug(name: str) -> str:
    return fold_key(name.replace("Ł", "L").replace("ł", "l"))


def _email(rng: random.Random, prenom: str, nom: str) -> str:
    suffix = str(_between(rng, 1, 99)) if rng.random() < 0.25 else ""
    return f"{_slug(prenom)}.{_slug(nom)}{suffix}@{_pick(rng, _DOMAINS)}"


def _adult(ctx: _Ctx, sex: int, nom: str, address: Address | None, elder: bool = False,
           prv: bool = False, prenom: str | None = None) -> Person:
    rng = ctx.rng
    pool = _ELDERS[sex] if elder else (_MEN if sex == 1 else _WOMEN)
    prenom = prenom or _pick(rng, pool)
    person = Person(ctx.new_id("personne"), sex, nom, prenom, address)
    person.mobile = _phone(rng, True) if ctx.chance(0.92) else None
    person.home = _phone(rng, False) if ctx.chance(0.45) else None
    person.work = _phone(rng, False) if not elder and ctx.chance(0.3) else None
    person.email = _email(rng, prenom, nom) if ctx.chance(0.8) else None
    person.sms = ctx.chance(0.6)
    person.communication = ctx.chance(0.7)
    if elder:
        person.profession = _pick(rng, _RETIRED)
    else:
        person.profession = _PROFESSION_TABLE.draw(rng)
    person.id_prv = ctx.new_prv() if prv else None
    return person


# Families

@dataclass(frozen=True)
class _Plan:
    kind: str
    children: int
    name: str | None = None
    prv: bool = False
    contact: bool = False
    far: Commune | None = None
    long_address: bool = False
    birth: tuple | None = None  # forced birth place of the first child


#: The first families, so that every size holds the cases worth showing.
_FORCED = (
    _Plan("tutor", 1, birth=("350", "CASABLANCA", "Casablanca")),
    _Plan("single_mother", 3, name="L'HAŸ", long_address=True),
    _Plan("couple", 2, name="CŒURDEROY", prv=True, contact=True),
    _Plan("foster", 1, birth=("2A004", "02A")),
    _Plan("separated", 1, far=_ABROAD[0]),
    _Plan("separated", 2, far=_AJACCIO, long_address=True),
    _Plan("two_mothers", 1),
)
_KINDS = (("couple", 62), ("separated", 15), ("single_mother", 14), ("single_father", 4),
          ("two_mothers", 1), ("tutor", 0.5), ("foster", 0.5))  # fmt: skip
_KIND_TABLE = _Table(_KINDS)


def _random_plan(ctx: _Ctx) -> _Plan:
    rng = ctx.rng
    kind = _KIND_TABLE.draw(rng)
    children = _CHILDREN_TABLE.draw(rng)
    far = None
    if kind == "separated" and ctx.chance(0.25):
        far = _pick(rng, _FAR + _ABROAD) if ctx.chance(0.8) else _AJACCIO
    return _Plan(kind, children, prv=ctx.chance(0.04), contact=ctx.chance(0.08), far=far,
                 long_address=ctx.chance(0.04))


def _other_name(rng: random.Random, name: str) -> str:
    while True:
        other = _pick(rng, _FAMILY_NAMES)
        if other != name:
            return other


def _family(ctx: _Ctx, plan: _Plan, special: bool) -> Family:
    rng = ctx.rng
    name = plan.name or _pick(rng, _FAMILY_NAMES)
    home = _address(ctx, long=plan.long_address)
    build = _FAMILY_BUILDERS[plan.kind]
    links, home, child_name = build(ctx, plan, name, home)
    if plan.contact:
        elder = _adult(ctx, _pick(rng, (1, 2)), name, None, elder=True, prv=plan.prv)
        elder.sparse = True
        if special:
            elder.profession = "73"  # a retired code SIECLE no longer accepts
        links.append(Link(elder, 3, "38"))
    return Family(child_name, links, home, plan.prv, special, plan.kind)


def _couple(ctx: _Ctx, plan: _Plan, name: str, home: Address) -> tuple:
    rng = ctx.rng
    mother_name = name if ctx.chance(0.5) else _other_name(rng, name)
    mother = _adult(ctx, 2, mother_name, home, prv=plan.prv)
    father_home = home
    if plan.kind == "separated":
        father_home = _address(ctx, plan.far or None)
    father = _adult(ctx, 1, name, father_home, prv=plan.prv)
    first, second = (mother, father) if ctx.chance(0.7) else (father, mother)
    if plan.kind == "separated":
        first, second = mother, father
    links = [_legal(first, True, True), _legal(second, False, second.address is home)]
    if ctx.chance(0.2):
        links[1].pays = True
    child_name = name
    if mother_name != name and ctx.chance(0.1):
        child_name = f"{name} {mother_name}"
    return links, home, child_name


def _legal(person: Person, first: bool, heberge: bool) -> Link:
    parente = "10" if person.sex == 2 else "20"
    return Link(person, 1, parente, pays=first, aides=first, heberge=heberge, priority=first)


def _single(ctx: _Ctx, plan: _Plan, name: str, home: Address) -> tuple:
    sex = 1 if plan.kind == "single_father" else 2
    parent = _adult(ctx, sex, name, home, prv=plan.prv)
    return [_legal(parent, True, True)], home, name


def _two_mothers(ctx: _Ctx, plan: _Plan, name: str, home: Address) -> tuple:
    first = _adult(ctx, 2, name, home, prv=plan.prv)
    second = _adult(ctx, 2, _other_name(ctx.rng, name), home, prv=plan.prv)
    return [_legal(first, True, True), _legal(second, False, True)], home, name


def _tutor(ctx: _Ctx, plan: _Plan, name: str, home: Address) -> tuple:
    tutor = _adult(ctx, 1, _other_name(ctx.rng, name), home, prv=plan.prv)
    tutor.profession = "76"  # a retired code SIECLE no longer accepts
    link = Link(tutor, 1, "50", pays=True, aides=True, heberge=True, priority=True)
    return [link], home, name


def _foster(ctx: _Ctx, plan: _Plan, name: str, home: Address) -> tuple:
    """A child placed with a foster carer (personne en charge), mother still légal."""
    mother = _adult(ctx, 2, name, home, prv=plan.prv)
    carer_home = _address(ctx)
    carer = _adult(ctx, 2, _other_name(ctx.rng, name), carer_home, prv=plan.prv)
    links = [
        Link(mother, 1, "10", pays=False, aides=True, heberge=False, priority=False),
        Link(carer, 2, "42", pays=False, aides=False, heberge=True, priority=True),
    ]
    return links, carer_home, name


_FAMILY_BUILDERS: dict[str, Callable[..., tuple]] = {
    "couple": _couple, "separated": _couple, "single_mother": _single,
    "single_father": _single, "two_mothers": _two_mothers, "tutor": _tutor, "foster": _foster,
}  # fmt: skip


# Students

def _student(ctx: _Ctx, family: Family, birth: tuple | None) -> Student:
    rng = ctx.rng
    sex = _pick(rng, (1, 2))
    level = _pick(rng, (6, 5, 4, 3))
    repeating = ctx.chance(0.02)
    year = 2009 + level - (1 if repeating or ctx.chance(0.03) else 0)
    born = date(year, 1, 1) + timedelta(days=_below(rng, 365))
    student = Student(family, family.name, _pick(rng, _BOYS if sex == 1 else _GIRLS), sex,
                      level, born, repeating=repeating)
    _given_names(ctx, student)
    _birth_place(ctx, student, birth)
    _schooling(ctx, student)
    _options(ctx, student)
    _daily(ctx, student)
    return student


def _given_names(ctx: _Ctx, student: Student) -> None:
    rng = ctx.rng
    names = [n for n in _MIDDLE[student.sex] if n != student.prenom]
    if ctx.chance(0.55):
        student.prenom2 = _pick(rng, names)
        if ctx.chance(0.3):
            student.prenom3 = _pick(rng, [n for n in names if n != student.prenom2])
    if ctx.chance(0.01):
        student.nom_usage = _other_name(rng, student.nom)


def _birth_place(ctx: _Ctx, student: Student, birth: tuple | None) -> None:
    rng = ctx.rng
    if birth is None:
        birth = _pick(rng, _BIRTH_ABROAD) if ctx.chance(0.06) else _BIRTH_FR_TABLE.draw(rng)
    if len(birth[0]) == 5:  # (INSEE code, département)
        student.birth_insee, student.birth_dept = birth
        if ctx.chance(0.04):
            student.nationality = _pick(rng, ("139", "350", "351", "131"))
        return
    country, city, written = birth
    student.birth_country, student.birth_city, student.birth_city_written = country, city, written
    student.nationality = country if ctx.chance(0.6) else "100"


def _schooling(ctx: _Ctx, student: Student) -> None:
    rng, level = ctx.rng, student.level
    previous = level if student.repeating else level + 1
    if previous == 7:
        student.prev_school = _pick(rng, _PRIMARIES)
        student.provenance = "5"
        student.entry = date(2026, 9, 1)
        return
    student.prev_mef = MEF_CODES[previous]
    if ctx.chance(0.05):
        student.prev_school, student.provenance = _pick(rng, _OTHER_COLLEGES)
        student.prev_division = f"{previous}E{_between(rng, 1, 6)}"
        student.entry = date(2026, 9, 1)
        return
    started = 2020 + level - (1 if student.repeating else 0)  # year of entry in 6EME
    student.entry = date(started, 9, 1)
    if ctx.chance(0.06):  # arrived during one of the school years since
        year, month = _between(rng, started, 2025), _pick(rng, (11, 1, 3))
        student.entry = date(year if month == 11 else year + 1, month, 4)
    student.prev_division = "?"  # drawn once divisions are known


def _options(ctx: _Ctx, student: Student) -> None:
    rng = ctx.rng
    lv1 = "030101" if ctx.chance(0.12) else "030201"
    options = [lv1]
    if student.level <= 5:
        if lv1 == "030101":
            options.append("030202")
        else:
            options.append(_LV2_TABLE.draw(rng))
        if ctx.chance(0.22):
            options.append(_LATIN)
        if ctx.chance(0.04):
            options.append(_GREC)
    student.options = options
    kept = options
    if student.level == 5 and ctx.chance(0.3):
        kept = options[:1]  # LV2 chosen for next year, not yet entered in SIECLE
    elif ctx.chance(0.25):
        kept = options[:2]
    student.siecle_options = list(kept)


def _daily(ctx: _Ctx, student: Student) -> None:
    rng = ctx.rng
    student.regime = _REGIME_TABLE.draw(rng)
    student.bourse = _BOURSE_TABLE.draw(rng)
    student.transport = ctx.chance(0.12)
    student.sms = ctx.chance(0.3)
    student.rnie = ctx.chance(0.7)
    student.modified = date(2025, 9, 1) + timedelta(days=_below(rng, 284))
    if student.level == 3 and ctx.chance(0.12):
        student.mobile = _phone(rng, True)
        student.email = _email(rng, student.prenom, student.nom) if ctx.chance(0.4) else None
    if student.family.prv:
        student.id_prv = ctx.new_prv()


def _population(ctx: _Ctx, count: int) -> list[Student]:
    students: list[Student] = []
    index = 0
    while len(students) < count:
        special = index < len(_FORCED)
        plan = _FORCED[index] if special else _random_plan(ctx)
        family = _family(ctx, plan, special)
        for child in range(min(plan.children, count - len(students))):
            birth = plan.birth if child == 0 else None
            students.append(_student(ctx, family, birth))
        index += 1
    return students


# Divisions, ids, planted anomalies

def _division_names(level: int, count: int) -> list[str]:
    names = []
    for k in range(count):
        letters = ""
        k += 1
        while k:
            k, rest = divmod(k - 1, 26)
            letters = chr(65 + rest) + letters
        names.append(f"{level}{letters}")
    return names


def _divisions(ctx: _Ctx, students: list[Student]) -> None:
    rng = ctx.rng
    by_level = {level: [s for s in students if s.level == level] for level in (6, 5, 4, 3)}
    names = {lv: _division_names(lv, max(1, math.ceil(len(group) / 28)))
             for lv, group in by_level.items()}  # fmt: skip
    for level, group in by_level.items():
        order = group[:]
        rng.shuffle(order)
        for i, student in enumerate(order):
            student.division = names[level][i % len(names[level])]
            student.in_division = ctx.chance(0.7)
            if student.prev_division == "?":
                previous = level if student.repeating else level + 1
                student.prev_division = _pick(rng, names[min(previous, 6)])
            _groups(ctx, student, len(names[level]))
    _guarantee_structures(students)


def _guarantee_structures(students: list[Student]) -> None:
    """Whatever the draws: one student with a group listed before the division, one
    without division, one bursar."""
    with_lv2 = [s for s in students if len(s.options) > 1]
    first = with_lv2[0] if with_lv2 else students[0]
    first.in_division, first.group_first = True, True
    first.groups = first.groups or [f"{first.level}{_GROUP_PREFIXES.get(first.options[-1], 'AP')}1"]
    second = next(s for s in students if s is not first)
    second.in_division, second.groups = False, []
    students[-1].bourse = students[-1].bourse or "N"


_GROUP_PREFIXES = {"030202": "AGL", "030102": "ALL", "030602": "ESP", "030802": "ITA",
                   _LATIN: "LAT", _GREC: "GRE"}  # fmt: skip


def _groups(ctx: _Ctx, student: Student, divisions: int) -> None:
    if not student.in_division or student.level == 6 or not ctx.chance(0.6):
        return
    size = max(1, divisions // 2)
    for code in student.options[1:]:
        short = _GROUP_PREFIXES[code]
        student.groups.append(f"{student.level}{short}{_between(ctx.rng, 1, size)}")
    student.group_first = bool(student.groups) and ctx.chance(0.15)


def _identify(ctx: _Ctx, students: list[Student]) -> list[Student]:
    """Give ELEVE_ID and ELENOET in order of arrival, and INEs; return the export order."""
    rng = ctx.rng
    order = sorted(students, key=lambda s: (s.entry, rng.random()))
    eleve_id, elenoet = 3_104_000, 1000
    for student in order:
        eleve_id += _between(rng, 1, 40)
        elenoet += 1 if ctx.chance(0.95) else 2
        student.eleve_id, student.elenoet = eleve_id, elenoet
        student.ine = ctx.new_ine()
    return order


@dataclass
class _Roles:
    absent: list[Student]
    leaving: list[Student]
    duplicate: Student
    unknown_option: Student
    unknown_mef: Student


def _plant(ctx: _Ctx, students: list[Student]) -> _Roles:
    """Choose the students of the planted anomalies and give them the constant INEs."""
    rng = ctx.rng
    pool = sorted(students, key=lambda s: (s.family.special, rng.random()))
    taken: list[Student] = []

    def pick(prefer: Callable[[Student], bool] = lambda s: True) -> Student:
        free = [s for s in pool if s not in taken]
        chosen = next((s for s in free if prefer(s)), free[0])
        taken.append(chosen)
        return chosen

    roles = _Roles(
        unknown_option=pick(lambda s: s.level <= 5),
        unknown_mef=pick(lambda s: s.level == 5),
        duplicate=pick(),
        leaving=[pick(), pick()],
        absent=[pick(), pick(), pick()],
    )
    roles.unknown_option.ine = UNKNOWN_OPTION_INE
    roles.unknown_mef.ine = UNKNOWN_MEF_INE
    roles.duplicate.ine = DUPLICATE_INE
    for student, (ine, _, _) in zip(roles.leaving, LEAVING):
        student.ine = ine
    for student, ine in zip(roles.absent, ABSENT_INES):
        student.ine = ine
    return roles
