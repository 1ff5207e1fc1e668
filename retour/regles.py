"""Pre-flight checks: what SIECLE checks at integration, run on every dossier before sending.

Each finding names the SIECLE rule it anticipates (the codes of SIECLE's integration
report) and says in French what to fix. A blocking finding keeps the dossier out of the
file; a warning does not. A few findings have codes of our own, for what SIECLE reports
elsewhere: ABSEN (a student the campaign leaves out), CARAC (characters SIECLE cannot
store), PARTI (a partial send), SCHEM (a value the import schema refuses).
"""

from __future__ import annotations

import re
from datetime import date

from .adresse import split_address
from .modele import CONTACT, LEGAL, Adresse, Dossier, Personne
from .nomenclature import MEF_PATTERN, Nomenclature
from .valeurs import french_date

RULES = {
    "ACDIV": "Inscription en division invalide",
    "ACMEF": "Inscription dans un MEF invalide",
    "ADRES": "Règle sur l'adresse non respectée",
    "CIVIL": "Règle sur la civilité non respectée",
    "COMAD": "Règle sur la communication de l'adresse non respectée",
    "CREAT": "Identification de l'élève incorrecte",
    "CSEXE": "Sexe invalide",
    "DNAIS": "Date de naissance invalide",
    "ELNAT": "Code pays de nationalité inconnu",
    "ELNOM": "Nom ou prénom modifié",
    "HETAB": "Établissement de l'année dernière invalide",
    "IDNAT": "Identifiant national (INE) invalide",
    "INOPT": "Inscription aux options invalide",
    "LNAIS": "Lieu de naissance invalide",
    "MEFAD": "MEF de l'année dernière invalide",
    "MODCH": "Modalités de choix des options invalides",
    "OPFAC": "Options facultatives invalides",
    "OPOBL": "Options obligatoires invalides",
    "NBENF": "Nombre d'enfants invalide",
    "PAREN": "Responsables de l'élève invalides",
    "PEPCS": "Profession (PCS) invalide",
    "PROVE": "Provenance invalide",
    "REGIM": "Régime non renseigné",
    "SCOAC": "Dates de scolarité invalides",
    "SCOPR": "Période de scolarité invalide",
    "ABSEN": "Élève absent de la campagne",
    "CARAC": "Caractères que SIECLE ne sait pas enregistrer",
    "PARTI": "Envoi partiel",
    "SCHEM": "Valeur refusée par le schéma d'import",
}

PROFESSIONS = set(
    "10 21 22 23 31 33 34 35 37 38 42 43 44 45 46 47 48 52 53 54 55 56 62 63 65 67 68 69 "
    "71 72 74 75 77 78 85 86 99".split()
)
RETIRED_PROFESSIONS = {"73", "76"}
PARENTES = set("10 20 37 38 39 41 42 50 51 70 90".split())
INE_PATTERN = re.compile(r"^[0-9A-Z]{11}$")
COMMUNE_PATTERN = re.compile(r"^(\d{5}|2[AB]\d{3})$")
UAJ_PATTERN = re.compile(r"^[0-9]{7}[A-Z]$")
NAME_FIELDS = ("nom_de_famille", "nom_usage", "prenom", "prenom2", "prenom3")


def iso8859_15_safe(value: str) -> bool:
    try:
        value.encode("iso-8859-15")
    except UnicodeEncodeError:
        return False
    return True


def check(dossier: Dossier, nomenclature: Nomenclature, annee: int, date_deb_sco: str,
          divisions: set[str]) -> None:
    """Append every finding on ``dossier`` to ``dossier.constats``."""
    _identity(dossier)
    _birth(dossier, annee)
    _civil(dossier)
    if dossier.sortie is not None:
        _leaving(dossier, nomenclature, date_deb_sco)
        return
    _schooling(dossier, nomenclature, divisions)
    _options(dossier, nomenclature)
    _last_year(dossier)
    _responsables(dossier)


def _identity(d: Dossier) -> None:
    e = d.eleve
    ine = e.get("id_national")
    if ine and not INE_PATTERN.match(ine):
        d.signaler("IDNAT", f"L'INE « {ine} » n'a pas la forme attendue (11 chiffres et "
                   "lettres, par exemple 070832327JA). Corrigez-le dans la campagne.",
                   "id_national")
    for name in NAME_FIELDS:
        value = e.get(name)
        if value and len(value) > 100:
            d.signaler("CREAT", f"Le champ {name} dépasse 100 caractères : raccourcissez-le.", name)
        if value and not iso8859_15_safe(value):
            d.signaler("CARAC", f"« {value} » contient des caractères que SIECLE remplacera par "
                       "« ? ». Vérifiez l'orthographe.", name, bloquant=False)
    for name, label in (("nom_de_famille", "nom"), ("prenom", "prénom")):
        if not e.get(name):
            d.signaler("CREAT", f"Le {label} de l'élève manque : complétez-le.", name)


def _birth(d: Dossier, annee: int) -> None:
    born = d.eleve.get("date_naiss")
    if not born:
        d.signaler("DNAIS", "La date de naissance manque ou est invalide : indiquez-la au "
                   "format JJ/MM/AAAA.", "date_naiss")
        return
    year = int(born[:4])
    if not annee - 30 <= year <= annee - 2:
        d.signaler("DNAIS", f"La date de naissance {french_date(born)} est invraisemblable pour "
                   f"l'année scolaire {annee}-{annee + 1} : vérifiez-la.", "date_naiss")


def _civil(d: Dossier) -> None:
    e = d.eleve
    if e.get("code_sexe") not in ("1", "2"):
        d.signaler("CSEXE", "Le sexe de l'élève manque ou est invalide : indiquez M ou F.",
                   "code_sexe")
    nat = e.get("code_pays_nat")
    if not nat or not re.fullmatch(r"\d{3}", nat):
        d.signaler("ELNAT", f"Le code pays de nationalité « {nat or ''} » est absent ou "
                   "invalide : indiquez un code pays SIECLE à 3 chiffres (100 pour la France).",
                   "code_pays_nat", bloquant=d.sortie is None or bool(nat))
    pays = e.get("code_pays")
    if not pays or not re.fullmatch(r"\d{3}", pays):
        d.signaler("LNAIS", "Le pays de naissance manque ou n'est pas un code pays SIECLE à 3 "
                   "chiffres : complétez-le (100 pour la France).", "code_pays")
    elif pays == "100":
        commune = e.get("code_commune_insee_naiss")
        if not commune or not COMMUNE_PATTERN.match(commune):
            d.signaler("LNAIS", f"Né(e) en France : le code INSEE de la commune de naissance "
                       f"« {commune or ''} » manque ou est invalide (5 caractères, ex. 75112 "
                       "ou 2A004).", "code_commune_insee_naiss", bloquant=d.sortie is None)
    else:
        ville = e.get("ville_naiss")
        if not ville or len(ville) > 32:
            d.signaler("LNAIS", "Né(e) à l'étranger : la ville de naissance manque ou dépasse "
                       "32 caractères.", "ville_naiss", bloquant=d.sortie is None or bool(ville))
    if not e.get("code_regime"):
        shown = e.get("regime_saisi")
        d.signaler("REGIM", (f"Le régime « {shown} » est inconnu de la nomenclature"
                             if shown else "Le régime manque")
                   + " : indiquez un régime de la nomenclature (externe, demi-pensionnaire…).",
                   "code_regime")
    for name, label in (("doublement", "le doublement"),
                        ("adhesion_transport", "l'adhésion au transport scolaire")):
        if e.get(name) not in ("0", "1"):
            d.signaler("CREAT", f"SIECLE exige {label}, inconnu pour cet élève : inscrivez "
                       "d'abord l'élève dans SIECLE, ou complétez sa fiche.", name)


def _leaving(d: Dossier, nomenclature: Nomenclature, date_deb_sco: str) -> None:
    sortie = d.sortie or {}
    if not sortie.get("code_motif_sortie"):
        d.signaler("SCOPR", f"Motif de sortie « {sortie.get('saisie_motif') or ''} » absent ou "
                   "inconnu de la nomenclature : choisissez un motif de sortie de SIECLE.",
                   "code_motif_sortie")
    left = sortie.get("date_sortie")
    if not left:
        d.signaler("SCOPR", f"Date de sortie « {sortie.get('saisie_date') or ''} » absente ou "
                   "invalide : indiquez-la au format JJ/MM/AAAA.", "date_sortie")
        return
    entered = d.eleve.get("date_entree")
    if entered and left < entered:
        d.signaler("SCOPR", f"La date de sortie {french_date(left)} précède la date d'entrée "
                   f"{french_date(entered)} : corrigez-la.", "date_sortie")


def _schooling(d: Dossier, nomenclature: Nomenclature, divisions: set[str]) -> None:
    s = d.scolarite
    mef = s.get("code_mef")
    if not mef:
        shown = s.get("mef_saisi")
        d.signaler("ACMEF", (f"Le MEF « {shown} » est inconnu de la nomenclature"
                             if shown else "Le MEF manque")
                   + " : indiquez un MEF de l'établissement (code ou libellé, ex. 5EME).",
                   "code_mef")
    elif not MEF_PATTERN.match(mef) or mef not in nomenclature.mefs:
        d.signaler("ACMEF", f"Le MEF {mef} n'existe pas dans la nomenclature de "
                   "l'établissement : choisissez un MEF ouvert dans SIECLE.", "code_mef")
    division = s.get("code_division")
    if division and len(division) > 8:
        d.signaler("ACDIV", f"Le code de division « {division} » dépasse 8 caractères.",
                   "code_division")
    elif division and divisions and division not in divisions:
        d.signaler("ACDIV", f"La division « {division} » n'existe pas encore dans SIECLE : "
                   "créez-la dans SIECLE (Structures) avant l'import, sinon SIECLE refusera "
                   "l'inscription en division.", "code_division", bloquant=False)


def _options(d: Dossier, nomenclature: Nomenclature) -> None:
    mef = d.scolarite.get("code_mef")
    if not mef:
        return
    for token in d.options_saisies:
        if nomenclature.resolve_option(token) is None:
            d.signaler("INOPT", f"L'option « {token} » n'a pas de code matière : choisissez la "
                       "matière correspondante à l'étape « Codes matières ».", "options")
    if len(d.options) > 12:
        d.signaler("INOPT", f"{len(d.options)} options : SIECLE en accepte 12 au plus.", "options")
    label = nomenclature.mef_label(mef) or mef
    for code, modality in d.options:
        name = nomenclature.matiere_label(code) or code
        if not nomenclature.modalities(mef, code):
            d.signaler("INOPT", f"La matière {name} ({code}) n'est pas au programme du MEF "
                       f"{label} : retirez l'option ou changez de MEF.", "options")
        elif len(modality) != 1:
            d.signaler("MODCH", f"Modalité d'élection inconnue pour {name} en {label}.", "options")
    ranked = [c for c, _ in d.options if nomenclature.rank(mef, c) is not None]
    minimum = nomenclature.min_options(mef)
    if minimum and nomenclature.has_programmes(mef) and len(ranked) < minimum and not any(
        c.regle == "INOPT" for c in d.constats
    ):
        d.signaler("OPOBL", f"Le MEF {label} demande au moins {minimum} option(s) "
                   f"obligatoire(s) (langues…), la campagne en donne {len(ranked)} : "
                   "complétez les options.", "options", bloquant=False)


def _last_year(d: Dossier) -> None:
    a = d.an_dernier
    if not a.get("code_rne"):
        d.signaler("HETAB", "L'établissement de l'année dernière est inconnu (élève absent de "
                   "SIECLE) : inscrivez d'abord l'élève dans SIECLE.", "code_rne")
    elif not UAJ_PATTERN.match(a["code_rne"]):
        d.signaler("HETAB", f"Le code de l'établissement de l'année dernière « {a['code_rne']} »"
                   " n'est pas un UAJ valide.", "code_rne")
    provenance = a.get("code_provenance")
    if not provenance or len(provenance) != 1:
        d.signaler("PROVE", "La provenance de l'élève (code à 1 caractère) manque : "
                   "complétez-la dans SIECLE.", "code_provenance")
    last_mef = a.get("code_mef")
    if last_mef and not MEF_PATTERN.match(last_mef):
        d.signaler("MEFAD", f"Le MEF de l'année dernière « {last_mef} » n'a pas 11 caractères.",
                   "code_mef")


def _responsables(d: Dossier) -> None:
    legal = [l for l in d.liens if l.niveau == LEGAL]
    if not 1 <= len(legal) <= 2:
        d.signaler("PAREN", f"L'élève a {len(legal)} responsable(s) légal(aux) : SIECLE en "
                   "exige 1 ou 2. Vérifiez les responsables de la campagne.", "responsables")
    for link in d.liens:
        person = link.personne
        who = f"{person.prenom or ''} {person.nom_de_famille or ''}".strip()
        if link.code_parente not in PARENTES:
            d.signaler("PAREN", f"Lien de parenté de {who} absent ou inconnu : indiquez-le "
                       "(mère, père, tuteur…).", "code_parente")
        if link.niveau != CONTACT and link.heberge_eleve not in ("0", "1"):
            d.signaler("PAREN", f"SIECLE exige de savoir si {who} héberge l'élève, ce que la "
                       "campagne ne dit pas : ajoutez ce responsable dans SIECLE.",
                       "heberge_eleve")
        _person(d, person, who, link.niveau == LEGAL)


def _person(d: Dossier, p: Personne, who: str, legal: bool) -> None:
    if p.code_civilite not in ("1", "2"):
        d.signaler("CIVIL", f"La civilité de {who} manque : indiquez M. ou Mme.", "code_civilite")
    for name, label in (("nom_de_famille", "nom"), ("prenom", "prénom")):
        value = getattr(p, name)
        if not value or len(value) > 100:
            d.signaler("PAREN", f"Le {label} du responsable {who} manque ou dépasse 100 "
                       "caractères.", name)
        elif not iso8859_15_safe(value):
            d.signaler("CARAC", f"« {value} » contient des caractères que SIECLE remplacera par "
                       "« ? ».", name, bloquant=False)
    profession = p.code_profession
    if profession in RETIRED_PROFESSIONS:
        d.signaler("PEPCS", f"La profession {profession} de {who} est un code retiré que SIECLE "
                   "n'accepte plus : choisissez la profession actuelle.", "code_profession")
    elif profession not in PROFESSIONS:
        what = f"« {profession} » est inconnue" if profession else "manque"
        d.signaler("PEPCS", f"La profession de {who} {what} : indiquez un code PCS à 2 chiffres "
                   "de la nomenclature (99 si elle n'est pas renseignée).", "code_profession")
    for name in ("tel_personnel", "tel_professionnel", "tel_portable"):
        value = getattr(p, name)
        if value and len(value) > 20:
            d.signaler("PAREN", f"Le téléphone {value} de {who} dépasse 20 caractères.", name)
    if p.email and (len(p.email) > 254 or "@" not in p.email):
        d.signaler("PAREN", f"L'adresse électronique « {p.email} » de {who} est invalide.", "email")
    if p.adresse is None:
        if legal:
            d.signaler("ADRES", f"L'adresse du responsable légal {who} manque : complétez-la.",
                       "adresse")
        return
    if legal and p.communication_adresse not in ("0", "1"):
        d.signaler("COMAD", f"On ne sait pas si {who} accepte que son adresse soit communiquée "
                   "aux associations de parents : SIECLE garde sa valeur actuelle. Précisez-le "
                   "dans la colonne communication_adresse si besoin.", "communication_adresse",
                   bloquant=False)
    _address(d, p.adresse, who)


def _address(d: Dossier, a: Adresse, who: str) -> None:
    lines = split_address("\n".join(a.lignes))
    if lines is None:
        d.signaler("ADRES", f"L'adresse de {who} ne tient pas en 4 lignes de 38 caractères : "
                   "abrégez-la.", "adresse")
    elif any(not iso8859_15_safe(line) for line in lines):
        d.signaler("CARAC", f"L'adresse de {who} contient des caractères que SIECLE remplacera "
                   "par « ? ».", "adresse", bloquant=False)
    if not a.code_pays or not re.fullmatch(r"\d{3}", a.code_pays):
        d.signaler("ADRES", f"Le pays de l'adresse de {who} « {a.code_pays or ''} » n'est pas "
                   "un code pays SIECLE à 3 chiffres (100 pour la France).", "adresse")
    elif a.code_pays == "100":
        if not a.code_postal or not re.fullmatch(r"\d{5}", a.code_postal):
            d.signaler("ADRES", f"Le code postal de {who} « {a.code_postal or ''} » manque ou "
                       "n'a pas 5 chiffres.", "code_postal")
        if not a.ll_postal or len(a.ll_postal) > 32:
            d.signaler("ADRES", f"La commune de l'adresse de {who} manque ou dépasse 32 "
                       "caractères.", "ville")
    elif not a.commune_etrangere or len(a.commune_etrangere) > 32:
        d.signaler("ADRES", f"La ville (étrangère) de l'adresse de {who} manque ou dépasse 32 "
                   "caractères.", "ville")


def school_start(annee: int) -> str:
    """Default start of schooling: 1 September of the school year."""
    return date(annee, 9, 1).isoformat()
