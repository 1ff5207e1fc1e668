"""The re-enrolment campaign: its rows, and the CSV and XLSX files holding them."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date

from .donnees import (_DATE_COLUMNS, _FAMILY_NAMES, _LATIN, _LIEN_WORDS, _LOCAL, _MATIERES,
                      _MEF_ROWS, _MEN, _OPTION_WORDS, _PROFESSIONS, _REGIME_WORDS, _WOMEN,
                      ABSENT_INES, CAMPAIGN_COLUMNS, DUPLICATE_INE, INCOMPLETE_STUDENT, LEAVING,
                      MEF_CODES, NEW_STUDENTS, NON_LATIN9_NAME, UNKNOWN_MEF_INE, UNKNOWN_MEF_LABEL,
                      UNKNOWN_OPTION_INE, UNKNOWN_OPTION_LABEL, Commune)
from .ecole import (_ACTIVE_TABLE, _CIVILITE_TABLE, _MEF_FORM_TABLE, _OPTION_STYLE_TABLE,
                    _YES_NO_TABLE, _address, _adult, _Ctx, _division_names, _legal, _phone, _pick,
                    _Roles)
from .exports import _UNSAFE, _escape, _zip
from .classes import Address, Link, Student, _fr


# Campaign rows

def _case_variant(rng: random.Random, name: str) -> str:
    """Mostly as SIECLE has it; sometimes in title case or without accents."""
    roll = rng.random()
    if roll < 0.08:
        return name.title()
    if roll < 0.12:
        return _strip_accents(name)
    return name


def _strip_accents(text: str) -> str:
    table = str.maketrans("ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸàâäçéèêëîïôöùûüÿ", "AAACEEEEIIOOUUUYaaaceeeeiioouuuy")
    return text.translate(table).replace("Œ", "OE").replace("œ", "oe")


def _phone_cell(rng: random.Random, digits: str | None) -> str:
    if not digits:
        return ""
    roll = rng.random()
    if roll < 0.6:
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    if roll < 0.9:
        return digits
    return "+33 " + " ".join([digits[1]] + [digits[i:i + 2] for i in range(2, 10, 2)])


def _options_cell(rng: random.Random, options: list[str]) -> str:
    style = _OPTION_STYLE_TABLE.draw(rng)
    if style == "labels":
        return ", ".join(_OPTION_WORDS[c][0] for c in options)
    if style == "gestion":
        return ";".join(_MATIERES[c][0] for c in options)
    if style == "informal":
        return " ; ".join(_OPTION_WORDS[c][1] for c in options)
    return ",".join(options)


def _mef_cell(rng: random.Random, level: int) -> str:
    form = _MEF_FORM_TABLE.draw(rng)
    return MEF_CODES[level] if form is None else _MEF_ROWS[level][form]


def _civilite_cell(rng: random.Random, sex: int) -> str:
    if rng.random() < 0.15:
        return ""
    words = ("M.", "Monsieur", "M") if sex == 1 else ("Mme", "Madame", "MME")
    return words[_CIVILITE_TABLE.draw(rng)]


def _profession_cell(rng: random.Random, code: str | None) -> str:
    roll = rng.random()
    if not code or code in ("73", "76") or roll < 0.4:
        return ""
    if roll < 0.85:
        return code
    return _PROFESSIONS[code][1].capitalize()


def _lien_cell(rng: random.Random, link: Link) -> str:
    words = _LIEN_WORDS.get(link.parente, ("autre",))
    if link.parente == "38" and link.person.sex == 1:
        words = ("grand-père", "grand-parent")
    if link.parente == "50" and link.person.sex == 2:
        words = ("tutrice", "tuteur")
    return _pick(rng, words)


def _person_cells(ctx: _Ctx, prefix: str, link: Link, yes_no: tuple, moved: bool = False,
                  ) -> dict[str, str]:
    rng, person = ctx.rng, link.person
    address = _address(ctx, person.address.commune) if moved and person.address else (
        person.address)
    mobile = _phone(rng, True) if moved or ctx.chance(0.05) else person.mobile
    cells = {
        "lien": _lien_cell(rng, link),
        "civilite": _civilite_cell(rng, person.sex),
        "nom": _case_variant(rng, person.nom),
        "prenom": person.prenom,
        "tel_personnel": _phone_cell(rng, person.home),
        "tel_portable": _phone_cell(rng, mobile),
        "tel_professionnel": _phone_cell(rng, person.work),
        "email": person.email or "",
        "profession": _profession_cell(rng, person.profession),
        "communication_adresse": yes_no[0] if person.communication else yes_no[1],
        "paie_frais": yes_no[0] if link.pays else yes_no[1],
    }
    if link.level == 3:
        cells.update(profession="", communication_adresse="", paie_frais="")
    cells.update(_address_cells(rng, address))
    return {prefix + key: value for key, value in cells.items()}


def _address_cells(rng: random.Random, address: Address | None) -> dict[str, str]:
    if address is None:
        return {}
    commune = address.commune
    foreign = commune.pays != "100"
    town = commune.name if foreign or rng.random() < 0.8 else commune.postal
    country = commune.pays_name if foreign else _pick(rng, ("", "", "", "France"))
    return {"adresse": address.text, "code_postal": commune.cp, "ville": town, "pays": country}


def _student_row(ctx: _Ctx, student: Student) -> dict[str, str]:
    rng = ctx.rng
    keep_middle = ctx.chance(0.4)
    row = dict.fromkeys(CAMPAIGN_COLUMNS, "")
    row.update(
        ine=student.ine,
        nom=_case_variant(rng, student.nom),
        prenom=student.prenom,
        prenom2=(student.prenom2 or "") if keep_middle else "",
        prenom3=(student.prenom3 or "") if keep_middle else "",
        date_naissance=_fr(student.birth),
        sexe=(("M", "F") if ctx.chance(0.85) else ("1", "2"))[student.sex - 1],
        nationalite=student.nationality,
        pays_naissance=student.birth_country,
        commune_naissance=student.birth_insee or "",
        ville_naissance=student.birth_city_written or "",
        mef=_mef_cell(rng, student.level),
        division=student.division if ctx.chance(0.9) else "",
        options=_options_cell(rng, student.options),
        regime=_pick(rng, _REGIME_WORDS[_campaign_regime(ctx, student.regime)]),
    )
    row.update(_responsables_cells(ctx, student.links))
    return row


def _campaign_regime(ctx: _Ctx, regime: str) -> str:
    if ctx.chance(0.05):
        return "0" if regime != "0" else "2"
    return regime


def _responsables_cells(ctx: _Ctx, links: list[Link]) -> dict[str, str]:
    yes_no = _YES_NO_TABLE.draw(ctx.rng)
    legal = [link for link in links if link.level == 1]
    cells = _person_cells(ctx, "resp1_", legal[0], yes_no, moved=ctx.chance(0.03))
    if len(legal) > 1:
        cells.update(_person_cells(ctx, "resp2_", legal[1], yes_no))
    others = [link for link in links if link.level > 1]
    if others:
        cells.update(_person_cells(ctx, "urgence_", others[0], yes_no))
    elif ctx.chance(0.04):
        cells.update(_new_contact(ctx))
    return cells


def _new_contact(ctx: _Ctx) -> dict[str, str]:
    """An emergency contact the family gives, unknown to SIECLE."""
    rng = ctx.rng
    sex = _pick(rng, (1, 2))
    words = ("voisin", "oncle", "autre") if sex == 1 else ("voisine", "tante", "autre")
    return {
        "urgence_lien": _pick(rng, words),
        "urgence_nom": _pick(rng, _FAMILY_NAMES),
        "urgence_prenom": _pick(rng, _MEN if sex == 1 else _WOMEN),
        "urgence_tel_portable": _phone_cell(rng, _phone(rng, True)),
    }


def _planted_rows(ctx: _Ctx, roles: _Roles, rows: dict[str, dict[str, str]]) -> list[dict]:
    """Edit the rows of the planted students; return the extra (duplicate) row."""
    rng = ctx.rng
    rows[UNKNOWN_OPTION_INE]["options"] = f"Anglais LV1, {UNKNOWN_OPTION_LABEL}"
    rows[UNKNOWN_MEF_INE]["mef"] = UNKNOWN_MEF_LABEL
    for ine, day, motif in LEAVING:
        rows[ine].update(date_sortie=day, motif_sortie=motif, division="")
    for ine in ABSENT_INES:
        del rows[ine]
    twin = dict(rows[DUPLICATE_INE])
    student = roles.duplicate
    others = [d for d in _division_names(student.level, 4) if d != twin["division"]]
    options = [o for o in student.options if o != _LATIN] + (
        [] if _LATIN in student.options else [_LATIN])
    twin.update(
        division=_pick(rng, others),
        options=", ".join(_OPTION_WORDS[c][0] for c in options),
        regime="Externe" if student.regime != "0" else "Demi-pensionnaire",  # ambiguous label
        resp1_tel_portable=_phone_cell(rng, _phone(rng, True)),
    )
    return [twin]


@dataclass(frozen=True)
class _Newcomer:
    name: tuple[str, str]
    sex: int
    level: int
    birth: date | None
    nationality: str
    place: tuple  # ("fr", INSEE) or (country code, town)
    parents: tuple  # ((sex, nom, prénom), ...)
    commune: Commune
    options: tuple[str, ...]


_NEWCOMERS = (
    _Newcomer(NEW_STUDENTS[0], 2, 5, date(2014, 3, 14), "122", ("122", "Cracovie"),
              ((2, "KOWALCZYK", "Agnieszka"), (1, "KOWALCZYK", NON_LATIN9_NAME)),
              _LOCAL[1][0], ("030201", "030102")),
    _Newcomer(NEW_STUDENTS[1], 1, 4, date(2013, 7, 18), "100", ("fr", "69383"),
              ((1, "RIVIÈRE", "Jean-Marc"), (2, "ROUSSEAU", "Hélène")),
              _LOCAL[0][0], ("030201", "030602", _LATIN)),
    _Newcomer(NEW_STUDENTS[2], 2, 6, date(2015, 11, 2), "100", ("fr", "94028"),
              ((2, "N'DIAYE", "Fatou"),), _LOCAL[3][0], ("030201",)),
    _Newcomer(INCOMPLETE_STUDENT, 1, 3, None, "100", ("fr", "75114"),
              ((1, "BŒUF", "Grégory"), (2, "BŒUF", "Maryse")), _LOCAL[0][0],
              ("030201", "030602")),
)  # fmt: skip


def _newcomer_row(ctx: _Ctx, new: _Newcomer) -> dict[str, str]:
    rng = ctx.rng
    row = dict.fromkeys(CAMPAIGN_COLUMNS, "")
    abroad = new.place[0] != "fr"
    row.update(
        nom=new.name[0], prenom=new.name[1], date_naissance=_fr(new.birth),
        sexe="MF"[new.sex - 1], nationalite=new.nationality,
        pays_naissance=new.place[0] if abroad else "100",
        commune_naissance="" if abroad else new.place[1],
        ville_naissance=new.place[1] if abroad else "",
        mef=_MEF_ROWS[new.level][1], options=_options_cell(rng, list(new.options)),
        regime="DP DAN",
    )
    home = _address(ctx, new.commune)
    for prefix, (sex, nom, prenom) in zip(("resp1_", "resp2_"), new.parents):
        person = _adult(ctx, sex, nom, home, prenom=prenom)
        person.profession = _ACTIVE_TABLE.draw(rng)
        link = _legal(person, prefix == "resp1_", True)
        cells = _person_cells(ctx, prefix, link, ("oui", "non"))
        cells[prefix + "civilite"] = "Madame" if sex == 2 else "Monsieur"
        cells[prefix + "profession"] = person.profession
        row.update(cells)
    return row


def _campaign(ctx: _Ctx, students: list[Student], roles: _Roles) -> list[dict[str, str]]:
    rows = {s.ine: _student_row(ctx, s) for s in students}
    extra = _planted_rows(ctx, roles, rows)
    result = list(rows.values()) + extra + [_newcomer_row(ctx, n) for n in _NEWCOMERS]
    ctx.rng.shuffle(result)
    return result


# Campaign writing

def campaign_csv(rows: list[dict[str, str]]) -> bytes:
    """The campaign as a French form tool exports it: UTF-8 with BOM, ``;``, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CAMPAIGN_COLUMNS)
    writer.writerows([row[c] for c in CAMPAIGN_COLUMNS] for row in rows)
    return out.getvalue().encode("utf-8-sig")


_XLSX_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006"
_XLSX_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XLSX_PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{_PKG_NS}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG_NS}/relationships"><Relationship Id="rId1" '
        f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook {_XLSX_NS} xmlns:r="{_REL_NS}"><sheets>'
        '<sheet name="Dossiers" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG_NS}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'<styleSheet {_XLSX_NS}><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="dd/mm/yyyy"/></numFmts><fonts count="2"><font><sz val="11"/>'
        '<name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font>'
        '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
        '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border>'
        '<left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" '
        'xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
        'xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}
_EXCEL_EPOCH = date(1899, 12, 30)


def _column_letters(count: int) -> list[str]:
    return [name[1:] for name in _division_names(0, count)]


def _text_cell(ref: str, text: str, style: str = "") -> str:
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    if _UNSAFE.search(text):
        text = _escape(text)
    return f'<c r="{ref}" t="inlineStr"{style}><is><t{space}>{text}</t></is></c>'


def _sheet_row(number: int, row: dict[str, str], letters: list[str]) -> str:
    cells = []
    for column, letter in zip(CAMPAIGN_COLUMNS, letters):
        value = row[column]
        if not value:
            continue
        if column in _DATE_COLUMNS:
            day, month, year = (int(part) for part in value.split("/"))
            serial = (date(year, month, day) - _EXCEL_EPOCH).days
            cells.append(f'<c r="{letter}{number}" s="1"><v>{serial}</v></c>')
        elif value[0].isspace() or value[-1].isspace() or _UNSAFE.search(value):
            cells.append(_text_cell(f"{letter}{number}", value))
        else:
            cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t>{value}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _sheet_xml(rows: list[dict[str, str]]) -> str:
    letters = _column_letters(len(CAMPAIGN_COLUMNS))
    header = "".join(_text_cell(f"{letters[i]}1", c, ' s="2"')
                     for i, c in enumerate(CAMPAIGN_COLUMNS))  # fmt: skip
    body = [_sheet_row(n, row, letters) for n, row in enumerate(rows, 2)]
    last = f"{letters[-1]}{len(rows) + 1}"
    return (
        f'<worksheet {_XLSX_NS}><dimension ref="A1:{last}"/><sheetViews><sheetView '
        'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        f'state="frozen"/></sheetView></sheetViews><sheetData><row r="1">{header}</row>'
        f'{"".join(body)}</sheetData></worksheet>'
    )


def campaign_xlsx(rows: list[dict[str, str]]) -> bytes:
    """The same rows as a workbook: one sheet, text cells, real dates, fixed zip times."""
    parts = dict(_XLSX_PARTS)
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(rows)
    return _zip({name: (_XLSX_HEAD + xml).encode("utf-8") for name, xml in parts.items()},
                (2026, 6, 15, 18, 0, 0))  # fmt: skip
