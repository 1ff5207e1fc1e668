"""The campaign's responsables (resp1_, resp2_, urgence_) laid over SIECLE's.

A campaign responsable is matched only among the student's own links, legal ones first, by
normalised name and first name (never a school-wide search); unmatched, it becomes a new
person, shared by siblings whose rows name the same person at the same address.
"""

from __future__ import annotations

import re

from .modele import CONTACT, LEGAL, Adresse, Dossier, Lien, Personne
from .nomenclature import Nomenclature
from .normalise import fold
from .valeurs import boolean, country, equivalent, phone, text

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
#: Kinship words that say the person's civilité (1 M., 2 Mme).
CIVILITE_DU_LIEN = {
    "mere": "2", "maman": "2", "grand mere": "2", "tante": "2", "soeur": "2",
    "tutrice": "2", "educatrice": "2", "assistante familiale": "2", "cousine": "2",
    "pere": "1", "papa": "1", "grand pere": "1", "oncle": "1", "frere": "1",
    "tuteur": "1", "educateur": "1", "assistant familial": "1", "cousin": "1",
}


def parente(value: object) -> str | None:
    raw = text(value)
    if raw is None:
        return None
    if re.fullmatch(r"\d{2}", raw):
        return raw
    return PARENTE.get(fold(raw))


def _cell(row: dict, column: str) -> str | None:
    return text(row.get(column))


def overlay_responsable(dossier: Dossier, row: dict, prefix: str, niveau: str,
                         nomenclature: Nomenclature, persons: dict[str, Personne]) -> None:
    """Lay the row's ``prefix`` columns over the matching link of ``dossier`` (or a new one)."""
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
    civilite = (CIVILITES.get(fold(values["civilite"]).replace(" ", ""))
                if values["civilite"] else None)
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


def drop_incomplete_contacts(dossier: Dossier) -> None:
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
