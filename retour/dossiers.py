"""Reconciliation: SIECLE's students and the campaign rows become dossiers.

Rows match SIECLE by INE; a row without INE by normalised name, first name and birth
date. Each campaign row and each SIECLE student ends in exactly one dossier. Identity
fields of a student SIECLE knows are never overwritten: a difference is reported (ELNOM,
DNAIS) and SIECLE's value kept, since SIECLE refuses an identity changed by an import.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import pandas as pd

from .campagne import split_options
from .modele import CONTACT, LEGAL, NIVEAUX, Adresse, Dossier, Lien, Personne
from .nomenclature import Nomenclature
from .normalise import fold, is_blank
from .siecle import Export

IDENTITY = {"nom": "nom_de_famille", "prenom": "prenom", "prenom2": "prenom2", "prenom3": "prenom3"}
RESPONSABLE_PREFIXES = (("resp1_", LEGAL), ("resp2_", LEGAL), ("urgence_", CONTACT))
RESPONSABLE_FIELDS = (
    "lien", "civilite", "nom", "prenom", "adresse", "code_postal", "ville", "pays",
    "tel_personnel", "tel_portable", "tel_professionnel", "email", "profession",
    "communication_adresse", "paie_frais",
)

PARENTE = {
    "mere": "10", "maman": "10", "pere": "20", "papa": "20",
    "frere": "37", "soeur": "37", "fratrie": "37",
    "grand mere": "38", "grand pere": "38", "grand parent": "38", "grands parents": "38",
    "ascendant": "38",
    "oncle": "39", "tante": "39", "cousin": "39", "cousine": "39", "famille": "39",
    "autre membre de la famille": "39",
    "educateur": "41", "educatrice": "41",
    "assistant familial": "42", "assistante familiale": "42", "famille d accueil": "42",
    "tuteur": "50", "tutrice": "50",
    "ase": "51", "aide sociale a l enfance": "51",
    "eleve": "70", "lui meme": "70", "elle meme": "70",
    "autre": "90", "autre lien": "90",
}
CIVILITES = {
    "m": "1", "mr": "1", "monsieur": "1", "1": "1",
    "mme": "2", "madame": "2", "mlle": "2", "mademoiselle": "2", "2": "2",
}
#: Country names as people write them → SIECLE's 3-digit country codes (the INSEE codes
#: 99XXX without 99). Only the most frequent ones; anything else must be given as a code.
PAYS = {
    "france": "100", "fr": "100", "fra": "100", "allemagne": "109", "italie": "127",
    "belgique": "131", "royaume uni": "132", "angleterre": "132", "espagne": "134",
    "pays bas": "135", "luxembourg": "137", "portugal": "139", "suisse": "140",
    "tunisie": "351", "maroc": "350", "algerie": "352",
}
#: Kinship words that say the person's civilité (1 M., 2 Mme).
CIVILITE_DU_LIEN = {
    "mere": "2", "maman": "2", "grand mere": "2", "tante": "2", "soeur": "2",
    "tutrice": "2", "educatrice": "2", "assistante familiale": "2", "cousine": "2",
    "pere": "1", "papa": "1", "grand pere": "1", "oncle": "1", "frere": "1",
    "tuteur": "1", "educateur": "1", "assistant familial": "1", "cousin": "1",
}


# Small conversions


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


def parente(value: object) -> str | None:
    raw = text(value)
    if raw is None:
        return None
    if re.fullmatch(r"\d{2}", raw):
        return raw
    return PARENTE.get(fold(raw))


# SIECLE side


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts; a missing or blank value is None, but "" (present, empty) stays.

    Built column by column: ``DataFrame.to_dict("records")`` boxes every cell, slowly.
    """
    columns = list(frame.columns)
    values = [[v if v.__class__ is str and (not v or not v.isspace()) else _present(v)
               for v in frame[c].tolist()] for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)] if columns else [
        {} for _ in range(len(frame))]


def _present(value: object) -> object:
    if value.__class__ is str:
        return value if not value or not value.isspace() else None
    return None if is_blank(value) else value


def _address(row: dict | None) -> Adresse | None:
    if not row:
        return None
    lines = [text(row.get(f"ligne{i}_adresse")) for i in range(1, 5)]
    lines = [line for line in lines if line]
    foreign = text(row.get("commune_etrangere"))
    result = Adresse(
        lignes=lines,
        code_postal=text(row.get("code_postal")),
        ll_postal=text(row.get("libelle_postal")) or text(row.get("ll_postal")),
        commune_etrangere=foreign,
        code_pays=text(row.get("code_pays")),
    )
    if not (lines or result.code_postal or foreign):
        return None
    return result


class SiecleIndex:
    """SIECLE's students and responsables, indexed for matching."""

    def __init__(self, eleves: Export, responsables: Export | None) -> None:
        self.eleves = _records(eleves["eleves"])
        self.by_id = {row["eleve_id"]: row for row in self.eleves}
        self.by_ine: dict[str, list[dict]] = defaultdict(list)
        self.by_identity: dict[tuple, list[dict]] = defaultdict(list)
        for row in self.eleves:
            ines = {row.get(c) for c in ("id_national", "ine_rnie", "ine_bea") if row.get(c)}
            for ine in ines:
                self.by_ine[str(ine).upper()].append(row)
            key = (fold(row.get("nom_de_famille")), fold(row.get("prenom")),
                   iso_date(row.get("date_naiss")))
            self.by_identity[key].append(row)

        self.last_year = {r["eleve_id"]: r for r in _records(eleves["scolarite_an_dernier"])}
        self.options: dict[str, list[dict]] = defaultdict(list)
        for row in _records(eleves["options"]):
            self.options[row["eleve_id"]].append(row)
        self.bourses: dict[str, list[str]] = defaultdict(list)
        for row in _records(eleves["bourses"]):
            if row.get("code_bourse"):
                self.bourses[row["eleve_id"]].append(row["code_bourse"])
        self.student_addresses = {r["adresse_id"]: r for r in _records(eleves["adresses"])}

        self.persons: dict[str, Personne] = {}
        self.links: dict[str, list[dict]] = defaultdict(list)
        if responsables is not None:
            addresses = {r["adresse_id"]: r for r in _records(responsables["adresses"])}
            for row in _records(responsables["personnes"]):
                self.persons[row["personne_id"]] = _person(row, addresses)
            for row in _records(responsables["responsables"]):
                self.links[row["eleve_id"]].append(row)

    def links_of(self, eleve_id: str) -> list[Lien]:
        links = []
        for row in self.links.get(eleve_id, []):
            person = self.persons.get(row["personne_id"])
            niveau = NIVEAUX.get(str(row.get("niveau_responsabilite") or ""))
            if person is None or niveau is None:
                continue
            links.append(Lien(
                personne=person,
                niveau=niveau,
                code_parente=text(row.get("code_parente")),
                paie_frais_scolaires=boolean(row.get("paie_frais_scolaires")),
                heberge_eleve=boolean(row.get("heberge_eleve")),
                percoit_les_aides=boolean(row.get("percoit_les_aides")),
                a_contacter_en_priorite=boolean(row.get("a_contacter_en_priorite")),
            ))
        order = {LEGAL: 0, "PERSONNE_EN_CHARGE": 1, CONTACT: 2}
        return sorted(links, key=lambda link: order[link.niveau])


def _person(row: dict, addresses: dict) -> Personne:
    civilite = CIVILITES.get(fold(row.get("lc_civilite")).replace(" ", ""))
    id_prv = row.get("id_prv_per")
    return Personne(
        cle=f"P{row['personne_id']}",
        personne_id=row["personne_id"],
        id_prv_per=int(id_prv) if id_prv and str(id_prv).isdigit() else None,
        code_civilite=civilite,
        nom_de_famille=text(row.get("nom_de_famille")),
        nom_usage=text(row.get("nom_usage")),
        prenom=text(row.get("prenom")),
        adresse=_address(addresses.get(row.get("adresse_id"))),
        communication_adresse=boolean(row.get("communication_adresse")),
        code_profession=text(row.get("code_profession")),
        tel_personnel=phone(row.get("tel_personnel")),
        tel_professionnel=phone(row.get("tel_professionnel")),
        tel_portable=phone(row.get("tel_portable")),
        accepte_sms=boolean(row.get("accepte_sms")),
        email=text(row.get("mel")),
    )


def dossier_from_siecle(row: dict, index: SiecleIndex) -> Dossier:
    """SIECLE's record of one student, in the import's terms."""
    eleve_id = row["eleve_id"]
    id_prv = row.get("id_prv_ele")
    eleve = {
        "id_prv_ele": id_prv if id_prv and str(id_prv).isdigit() else None,
        "id_national": text(row.get("id_national")),
        "ine_bea": text(row.get("ine_bea")),
        "ine_rnie": text(row.get("ine_rnie")),
        "nom_de_famille": text(row.get("nom_de_famille")),
        "nom_usage": text(row.get("nom_usage")),
        "prenom": text(row.get("prenom")),
        "prenom2": text(row.get("prenom2")),
        "prenom3": text(row.get("prenom3")),
        "code_pays_nat": text(row.get("code_pays_nat")),
        "date_naiss": iso_date(row.get("date_naiss")),
        "code_sexe": text(row.get("code_sexe")),
        "code_pays": text(row.get("code_pays")),
        "code_commune_insee_naiss": text(row.get("code_commune_insee_naiss")),
        "ville_naiss": text(row.get("ville_naiss")),
        "date_entree": iso_date(row.get("date_entree")),
        "tel_personnel": phone(row.get("tel_personnel")),
        "tel_professionnel": phone(row.get("tel_professionnel")),
        "tel_portable": phone(row.get("tel_portable")),
        "accepte_sms": boolean(row.get("accepte_sms")),
        "email": text(row.get("mel")),
        "adhesion_transport": boolean(row.get("adhesion_transport")),
        "code_regime": text(row.get("code_regime")),
        "doublement": boolean(row.get("doublement")),
    }
    last = index.last_year.get(eleve_id, {})
    options = sorted(index.options.get(eleve_id, []), key=lambda o: _int(o.get("num_option")))
    sortie = None
    if row.get("date_sortie") or row.get("code_motif_sortie"):
        sortie = {"date_sortie": iso_date(row.get("date_sortie")),
                  "code_motif_sortie": text(row.get("code_motif_sortie")),
                  "saisie_date": text(row.get("date_sortie")),
                  "saisie_motif": text(row.get("code_motif_sortie"))}
    return Dossier(
        cle=f"E{eleve_id}",
        origine="siecle",
        eleve_id=eleve_id,
        eleve=eleve,
        adresse=_address(index.student_addresses.get(row.get("adresse_id"))),
        liens=index.links_of(eleve_id),
        options_saisies=[o["code_matiere"] for o in options if o.get("code_matiere")],
        scolarite={
            "code_mef": text(row.get("code_mef")),
            "mef_saisi": text(row.get("code_mef")),
            "code_division": text(row.get("division")),
            "code_statut": text(row.get("code_statut")),
        },
        an_dernier={
            "code_rne": text(last.get("code_rne")),
            "code_provenance": text(row.get("code_provenance")),
            "code_mef": text(last.get("code_mef")),
            "code_division": text(last.get("code_structure")),
        },
        sortie=sortie,
        bourses=list(index.bourses.get(eleve_id, [])),
        siecle=row,
    )


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


# Campaign side


def _cell(row: dict, column: str) -> str | None:
    return text(row.get(column))


def _ine(row: dict) -> str | None:
    value = _cell(row, "ine")
    return value.upper().replace(" ", "") if value else None


def match_rows(rows: list[dict], index: SiecleIndex) -> dict[str, list]:
    """Group campaign rows by the dossier they feed.

    Returns key → [kind, SIECLE row or None, [campaign rows]] where kind says how the
    match was made: "ine", "identite", "nouveau", "doublon", "ambigu", "incomplet".
    """
    groups: dict[str, list] = {}
    by_ine: dict[str, list[dict]] = defaultdict(list)
    without_ine = []
    for row in rows:
        ine = _ine(row)
        (by_ine[ine].append(row) if ine else without_ine.append(row))

    for ine, same in by_ine.items():
        known = index.by_ine.get(ine, [])
        siecle_row = known[0] if len(known) == 1 else None
        key = f"E{siecle_row['eleve_id']}" if siecle_row else f"N{ine}"
        kind = "doublon" if len(same) > 1 else ("ine" if siecle_row else "nouveau")
        groups[key] = [kind, siecle_row, same]

    for row in without_ine:
        identity = (fold(row.get("nom")), fold(row.get("prenom")),
                    iso_date(row.get("date_naissance")))
        known = [r for r in index.by_identity.get(identity, [])
                 if f"E{r['eleve_id']}" not in groups] if all(identity) else []
        line = row.get("ligne")
        if len(known) == 1:
            groups[f"E{known[0]['eleve_id']}"] = ["identite", known[0], [row]]
        elif len(known) > 1:
            groups[f"L{line}"] = ["ambigu", None, [row]]
        else:
            kind = "nouveau" if _complete_identity(row) == [] else "incomplet"
            groups[f"N{'|'.join(str(p) for p in identity)}|{line}"] = [kind, None, [row]]
    return groups


IDENTITY_NEEDED = {
    "nom": "nom", "prenom": "prénom", "date_naissance": "date de naissance", "sexe": "sexe",
    "nationalite": "nationalité", "pays_naissance": "pays de naissance", "mef": "MEF",
}


def _complete_identity(row: dict) -> list[str]:
    """What a new student's row lacks to identify them (French field names)."""
    missing = [label for column, label in IDENTITY_NEEDED.items() if is_blank(row.get(column))]
    if not (_cell(row, "commune_naissance") or _cell(row, "ville_naissance")):
        missing.append("commune ou ville de naissance")
    return missing


def new_dossier(key: str, row: dict) -> Dossier:
    """A student SIECLE does not know, from the campaign row alone."""
    return Dossier(
        cle=key,
        origine="campagne",
        eleve={"id_national": _ine(row)},
        scolarite={},
        an_dernier={},
    )


def overlay(dossier: Dossier, row: dict, nomenclature: Nomenclature,
            persons: dict[str, Personne]) -> None:
    """Lay the campaign row over the dossier: a non-empty cell wins, but for identity."""
    eleve = dossier.eleve
    line = row.get("ligne")
    dossier.lignes.append(line)
    known = dossier.origine != "campagne"
    if known:
        dossier.origine = "siecle+campagne"

    # Identity
    for column, element in IDENTITY.items():
        given = _cell(row, column)
        if not given:
            continue
        current = eleve.get(element)
        if not known or not current:
            eleve[element] = given
        elif fold(given) != fold(current):
            dossier.signaler(
                "ELNOM",
                f"La campagne donne « {given} » comme {column.replace('nom', 'nom ')} "
                f"mais SIECLE a « {current} ». Le fichier garde la valeur de SIECLE : "
                "corrigez l'identité directement dans SIECLE (fiche de l'élève) si besoin.",
                element, bloquant=False,
            )
    born = iso_date(row.get("date_naissance"))
    if born:
        if known and eleve.get("date_naiss") and born != eleve["date_naiss"]:
            dossier.signaler(
                "DNAIS",
                f"La campagne donne la date de naissance {_fr(born)} mais SIECLE a "
                f"{_fr(eleve['date_naiss'])}. Le fichier garde celle de SIECLE : corrigez-la "
                "dans SIECLE si besoin.", "date_naiss", bloquant=False,
            )
        elif not eleve.get("date_naiss"):
            eleve["date_naiss"] = born

    # Civil data: a non-empty cell wins
    for column, element in (("sexe", "code_sexe"), ("nationalite", "code_pays_nat")):
        if _cell(row, column):
            eleve[element] = country(row[column]) if column == "nationalite" else _cell(row, column)
    birth_country = country(row.get("pays_naissance"))
    if birth_country:
        eleve["code_pays"] = birth_country
    if _cell(row, "commune_naissance"):
        eleve["code_commune_insee_naiss"] = _cell(row, "commune_naissance").upper()
        eleve["ville_naiss"] = None
    if _cell(row, "ville_naissance") and eleve.get("code_pays") != "100":
        if not equivalent(eleve.get("ville_naiss"), _cell(row, "ville_naissance")):
            eleve["ville_naiss"] = _cell(row, "ville_naissance")
        eleve["code_commune_insee_naiss"] = None

    # Schooling
    mef = _cell(row, "mef")
    if mef:
        dossier.scolarite["mef_saisi"] = mef
        dossier.scolarite["code_mef"] = nomenclature.resolve_mef(mef)
    if _cell(row, "division"):
        dossier.scolarite["code_division"] = _cell(row, "division")
    if _cell(row, "options"):
        dossier.options_saisies = split_options(row["options"])
    if _cell(row, "regime"):
        eleve["regime_saisi"] = _cell(row, "regime")
        eleve["code_regime"] = nomenclature.resolve_code("regimes", row["regime"])
    if _cell(row, "date_sortie") or _cell(row, "motif_sortie"):
        dossier.sortie = {
            "date_sortie": iso_date(row.get("date_sortie")),
            "saisie_date": _cell(row, "date_sortie"),
            "code_motif_sortie": nomenclature.resolve_code("motifs_sortie", row.get("motif_sortie")),
            "saisie_motif": _cell(row, "motif_sortie"),
        }

    # Responsables
    for prefix, niveau in RESPONSABLE_PREFIXES:
        _overlay_responsable(dossier, row, prefix, niveau, nomenclature, persons)


def _fr(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def _overlay_responsable(dossier: Dossier, row: dict, prefix: str, niveau: str,
                         nomenclature: Nomenclature, persons: dict[str, Personne]) -> None:
    values = {f: _cell(row, prefix + f) for f in RESPONSABLE_FIELDS}
    if not any(values.values()):
        return
    who = {"resp1_": "responsable 1", "resp2_": "responsable 2"}.get(prefix, "contact d'urgence")
    if not (values["nom"] and values["prenom"]):
        dossier.signaler(
            "PAREN",
            f"Le {who} de la ligne {row.get('ligne')} n'a pas de nom ou de prénom : ses "
            "informations ne peuvent pas être rattachées. Complétez le nom et le prénom.",
            prefix + "nom",
        )
        return

    # Match within the student's own links only, legal ones first
    candidates = [l for l in dossier.liens if niveau != LEGAL or l.niveau == LEGAL]
    candidates += [l for l in dossier.liens if l not in candidates]
    wanted = (fold(values["nom"]), fold(values["prenom"]))
    link = next((l for l in candidates if wanted in _names(l.personne)), None)
    if link is None:
        person = _new_person(values, persons)
        link = Lien(personne=person, niveau=niveau)
        dossier.liens.append(link)

    person = link.personne
    _note_completions(dossier, link, values)
    line = row.get("ligne")
    civilite = CIVILITES.get(fold(values["civilite"]).replace(" ", "")) if values["civilite"] else None
    code_parente = parente(values["lien"])
    if values["lien"] and code_parente is None:
        dossier.signaler(
            "PAREN",
            f"Lien de parenté « {values['lien']} » du {who} non reconnu : indiquez mère, père, "
            "tuteur, grand-parent… ou un code de parenté SIECLE à 2 chiffres.", prefix + "lien",
        )
    if code_parente:
        link.code_parente = code_parente
    if civilite is None and not person.code_civilite and values["lien"]:
        civilite = CIVILITE_DU_LIEN.get(fold(values["lien"]))
    if values["paie_frais"] and niveau != CONTACT:
        link.paie_frais_scolaires = boolean(values["paie_frais"])

    updates = {
        "code_civilite": civilite,
        "tel_personnel": phone(values["tel_personnel"]),
        "tel_portable": phone(values["tel_portable"]),
        "tel_professionnel": phone(values["tel_professionnel"]),
        "email": values["email"],
        "communication_adresse": boolean(values["communication_adresse"]),
    }
    if values["profession"]:
        updates["code_profession"] = (
            nomenclature.resolve_code("professions", values["profession"])
            or values["profession"]
        )
    for field_name, value in updates.items():
        if value:
            _set(dossier, person, field_name, value, line, who)
    if any(values[f] for f in ("adresse", "code_postal", "ville", "pays")):
        given = _campaign_address(values)
        if not _same_address(person.adresse, given):
            person.adresse = given


#: Campaign fields that SIECLE's Responsables export completes, with how to show them.
COMPLETED_FROM_SIECLE = (
    ("civilite", "code_civilite", "civilité"),
    ("profession", "code_profession", "profession"),
    ("communication_adresse", "communication_adresse", "communication de l'adresse"),
    ("paie_frais", "paie_frais_scolaires", "paie les frais scolaires"),
)
FIELD_LABELS = {
    "code_civilite": "la civilité", "code_profession": "la profession",
    "tel_personnel": "le téléphone personnel", "tel_portable": "le téléphone portable",
    "tel_professionnel": "le téléphone professionnel", "email": "l'adresse électronique",
    "communication_adresse": "la communication de l'adresse",
}


def _note_completions(dossier: Dossier, link: Lien, values: dict) -> None:
    """Record what SIECLE supplies where the campaign row is silent about this person."""
    person = link.personne
    who = f"{person.prenom} {person.nom_de_famille}"
    if person.personne_id is None:
        if not any(entry[0] == who for entry in dossier.completes):
            dossier.completes.append((who, "responsable absent de SIECLE", ""))
        return
    for column, attribute, label in COMPLETED_FROM_SIECLE:
        holder = link if attribute == "paie_frais_scolaires" else person
        known = getattr(holder, attribute)
        if not values[column] and known:
            dossier.completes.append((who, label, known))


def _names(person: Personne) -> set[tuple[str, str]]:
    first = fold(person.prenom)
    return {(fold(n), first) for n in (person.nom_de_famille, person.nom_usage) if n}


def _same_address(old: Adresse | None, new: Adresse) -> bool:
    if old is None:
        return False
    if old == new:
        return True
    def text(a: Adresse) -> str:
        return " ".join([*a.lignes, a.code_postal or "", a.ll_postal or "",
                         a.commune_etrangere or "", a.code_pays or ""])
    return fold(text(old)) == fold(text(new))


def _set(dossier: Dossier, person: Personne, name: str, value: str, line, who: str) -> None:
    if equivalent(getattr(person, name), value):
        return
    earlier = person.modifie_par.get(name)
    if earlier and earlier[0] != line and earlier[1] != value:
        dossier.signaler(
            "PAREN",
            f"Le {who} ({person.prenom} {person.nom_de_famille}) est aussi responsable d'un "
            f"autre élève dont la ligne {earlier[0]} donne « {earlier[1]} » pour "
            f"{FIELD_LABELS.get(name, name)} ; la ligne {line} donne « {value} ». La dernière "
            "valeur est gardée : vérifiez.",
            name, bloquant=False,
        )
    setattr(person, name, value)
    person.modifie_par[name] = (line, value)


def _new_person(values: dict, persons: dict[str, Personne]) -> Personne:
    """A responsable SIECLE does not know; siblings' rows naming them share one person."""
    key = "N" + "|".join(fold(values[f]) for f in ("nom", "prenom", "code_postal", "adresse"))
    if key not in persons:
        persons[key] = Personne(cle=key, nom_de_famille=values["nom"], prenom=values["prenom"])
    return persons[key]


def _campaign_address(values: dict) -> Adresse:
    code_pays = country(values["pays"]) or ("100" if values["code_postal"] else None)
    foreign = code_pays not in (None, "100")
    return Adresse(
        lignes=[values["adresse"]] if values["adresse"] else [],
        code_postal=None if foreign else values["code_postal"],
        ll_postal=None if foreign else values["ville"],
        commune_etrangere=values["ville"] if foreign else None,
        code_pays=code_pays,
    )


# The whole step


def build_dossiers(
    eleves: Export,
    responsables: Export | None,
    campagne_table: pd.DataFrame | None,
    nomenclature: Nomenclature,
) -> list[Dossier]:
    """Every SIECLE student and every campaign row, each in exactly one dossier."""
    index = SiecleIndex(eleves, responsables)
    persons: dict[str, Personne] = {}
    rows = _records(campagne_table) if campagne_table is not None else []
    groups = match_rows(rows, index)

    dossiers = []
    used = set()
    for key, (kind, siecle_row, group_rows) in groups.items():
        if siecle_row is not None:
            dossier = dossier_from_siecle(siecle_row, index)
            used.add(siecle_row["eleve_id"])
        else:
            dossier = new_dossier(key, group_rows[0])
        for row in group_rows:
            overlay(dossier, row, nomenclature, persons)
        _flag_match(dossier, kind, group_rows)
        dossier.rapprochement = MATCH_LABELS[kind]
        dossiers.append(dossier)

    for row in index.eleves:
        if row["eleve_id"] not in used:
            dossier = dossier_from_siecle(row, index)
            if campagne_table is not None:
                dossier.rapprochement = "absent de la campagne"
                dossier.signaler(
                    "ABSEN",
                    "Élève présent dans SIECLE mais absent de la campagne : il est envoyé "
                    "avec les données de SIECLE, inchangées. Ajoutez-le à la campagne s'il "
                    "doit changer de MEF, de division ou d'options.", bloquant=False,
                )
            dossiers.append(dossier)
    for dossier in dossiers:
        _drop_incomplete_contacts(dossier)
        _derive(dossier, nomenclature)
    return dossiers


def _drop_incomplete_contacts(dossier: Dossier) -> None:
    """A new emergency contact SIECLE cannot take (no civilité or profession) is left out.

    The import requires both for every person. Blocking the student for a contact would
    hold back the whole dossier; the contact is reported instead.
    """
    kept = []
    for link in dossier.liens:
        person = link.personne
        missing = [label for value, label in ((person.code_civilite, "civilité"),
                                              (person.code_profession, "profession"))
                   if not value]
        if link.niveau == CONTACT and person.personne_id is None and missing:
            lacking = " et ".join(missing) + (" manquent" if len(missing) > 1 else " manque")
            dossier.signaler(
                "PAREN",
                f"Le contact {person.prenom} {person.nom_de_famille} n'est pas envoyé : "
                f"{lacking}. Complétez la campagne ou ajoutez ce contact dans SIECLE.",
                "urgence_nom", bloquant=False,
            )
            continue
        kept.append(link)
    dossier.liens = kept


MATCH_LABELS = {
    "ine": "INE", "identite": "identité", "nouveau": "nouvel élève", "doublon": "doublon INE",
    "ambigu": "ambigu", "incomplet": "non reconnu",
}


def _flag_match(dossier: Dossier, kind: str, rows: list[dict]) -> None:
    lines = ", ".join(str(r.get("ligne")) for r in rows)
    if kind == "doublon":
        dossier.signaler(
            "IDNAT",
            f"L'INE {dossier.ine or _ine(rows[0])} apparaît sur plusieurs lignes de la "
            f"campagne ({lines}) : aucune n'est envoyée. Gardez une seule ligne par élève.",
            "id_national",
        )
    elif kind == "ambigu":
        dossier.signaler(
            "CREAT",
            f"La ligne {lines} (sans INE) correspond à plusieurs élèves de SIECLE de mêmes "
            "nom, prénom et date de naissance : indiquez l'INE de l'élève.", "id_national",
        )
    elif kind == "incomplet":
        missing = ", ".join(_complete_identity(rows[0]))
        dossier.signaler(
            "CREAT",
            f"La ligne {lines} ne correspond à aucun élève de SIECLE et son identité est "
            f"incomplète pour créer un nouvel élève (manque : {missing}). Indiquez l'INE "
            "ou complétez la ligne.", "id_national",
        )


def _derive(dossier: Dossier, nomenclature: Nomenclature) -> None:
    """Values that follow from others: repeating a year, which options go out."""
    mef = dossier.scolarite.get("code_mef")
    last_mef = dossier.an_dernier.get("code_mef")
    if mef and last_mef and dossier.origine != "siecle":
        dossier.eleve["doublement"] = "1" if mef == last_mef else "0"
    resolve_options(dossier, nomenclature)


def resolve_options(dossier: Dossier, nomenclature: Nomenclature) -> None:
    """Options as (CODE_MATIERE, CODE_MODALITE_ELECT), ranked ones first then optional ones."""
    mef = dossier.scolarite.get("code_mef")
    resolved = []
    for token in dossier.options_saisies:
        code = nomenclature.resolve_option(token)
        if code is None or not mef:
            continue
        if code in (c for c, _ in resolved):
            continue
        resolved.append((code, nomenclature.modality(mef, code) or ""))
    ranked = sorted(
        (o for o in resolved if nomenclature.rank(mef, o[0]) is not None),
        key=lambda o: nomenclature.rank(mef, o[0]),
    )
    dossier.options = ranked + [o for o in resolved if o not in ranked]
