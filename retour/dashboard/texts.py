"""Every sentence the dashboard shows, in French, in one place.

Templates use named placeholders (``str.format``); the code fills them and never builds a
sentence itself. Paths inside SIECLE come from :data:`retour.siecle.EXPORT_PATHS`.
"""

from __future__ import annotations

from ..siecle import EXPORT_PATHS

#: State badges: the value stored in ``Step.state`` and the word shown.
A_FAIRE = "à faire"
FAIT = "fait"
SAUTEE = "sautée"
PROBLEME = "problème"

ETAPES = {
    "parametres": "Paramètres de l'envoi",
    "dossiers": "Dossiers de la campagne",
    "responsables": "Responsables",
    "nomenclature": "Codes matières (Nomenclature)",
    "divisions": "Divisions (Élèves)",
    "export": "Export vers SIECLE",
}

_DANS_SIECLE = (
    "Dans SIECLE (Base Élèves Établissement), sur l'année scolaire en préparation : "
    "<b>{chemin}</b>. Déposez le zip reçu ou le fichier XML qu'il contient."
)

AIDES = {
    "parametres": (
        "L'établissement (UAJ) et l'année scolaire sont lus dans les exports SIECLE. Gardez "
        "le même nom de logiciel qu'aux envois précédents de l'établissement : SIECLE s'en "
        "sert pour relier les envois. Le numéro d'envoi suit le dernier enregistré dans le "
        "dossier de travail."
    ),
    "dossiers": (
        "Déposez le fichier des résultats de la campagne de réinscription (CSV ou XLSX) : une "
        "ligne par dossier, les titres des colonnes sur la première ligne. Pour découvrir "
        "l'outil, chargez l'établissement de démonstration : ses trois exports SIECLE et sa "
        "campagne sont déposés d'un coup."
    ),
    "responsables": (
        _DANS_SIECLE.format(chemin=EXPORT_PATHS["responsables"])
        + " Cet export complète ce que la campagne ne demande pas : civilité, profession, "
        "qui paie les frais scolaires, communication de l'adresse aux associations de parents."
    ),
    "nomenclature": (
        _DANS_SIECLE.format(chemin=EXPORT_PATHS["nomenclature"])
        + " Chaque option choisie dans la campagne reçoit son code matière et chaque MEF son "
        "code à 11 caractères. Ce qui n'est pas reconnu automatiquement se choisit ci-dessous ; "
        "les choix sont gardés dans le dossier de travail pour les envois suivants."
    ),
    "divisions": (
        _DANS_SIECLE.format(chemin=EXPORT_PATHS["eleves"])
        + " Il donne la division actuelle de chaque élève, sa scolarité de l'an dernier et "
        "l'identifiant déjà envoyé par un logiciel privé. Vérifiez que le nombre de dossiers "
        "sans division correspond à peu près aux divisions pas encore remplies dans SIECLE ; "
        "cette vérification peut être sautée."
    ),
    "export": (
        "Construisez le fichier, puis déposez-le dans SIECLE : <b>Importations &gt; Dossiers "
        "depuis logiciel privé</b>. Les dossiers bloqués ne partent pas : corrigez-les dans la "
        "campagne (ou dans SIECLE), déposez à nouveau le fichier corrigé ici, puis "
        "reconstruisez le zip."
    ),
}

RAPPELS = [
    "SIECLE intègre le fichier pendant la nuit qui suit le dépôt, puis signale les "
    "anomalies élève par élève.",
    "Si plusieurs fichiers sont déposés dans la même demi-journée, seul le dernier déposé "
    "est intégré.",
    "Un envoi partiel déposé la même demi-journée qu'un envoi complet le remplace : l'envoi "
    "complet est alors perdu.",
]

# Controls

DEPOSER_CAMPAGNE = "Déposer la campagne"
DEPOSER_EXPORT = "Déposer l'export"
DEMO = "Utiliser l'établissement de démonstration"
SAUTER = "Sauter cette étape"
REPRENDRE = "Reprendre cette étape"
CONSTRUIRE = "Construire et valider le zip"
LOGICIEL = "Logiciel"
NUM_ENVOI = "N° d'envoi"
DATE_DEB = "Début de scolarité"
ENCODAGE = "Encodage"
INE_PARTIEL = "Envoi partiel (facultatif) : INE des élèves à envoyer"
INE_PLACEHOLDER = "Un INE par ligne, ou séparés par des virgules. Vide : tous les élèves."
CHERCHER_MATIERE = "Tapez un code ou un libellé…"
CHERCHER_MEF = "Tapez un code MEF ou un libellé…"
CHOISIR = "— choisir —"
JOURNAL = "Journal"
TELECHARGER = "Télécharger {nom}"

# Progress

LECTURE = "Lecture de « {nom} »…"
LECTURE_DEMO = "Création et lecture de l'établissement de démonstration…"
PRISE_EN_COMPTE = "Prise en compte des paramètres…"
ENREGISTREMENT = "Enregistrement du choix pour « {libelle} »…"
CONSTRUCTION = "Construction et validation du fichier…"
EN_COURS = "⏳ {action}"

# Results of an action

LU_CAMPAGNE = (
    "« {nom} » lu : {lignes} ligne(s), {colonnes} colonne(s) reconnue(s)."
)
LU_NOMENCLATURE = "« {nom} » lu : {mefs} MEF, {matieres} matière(s)."
LU_ELEVES = "« {nom} » lu : {eleves} élève(s), {divisions} division(s)."
LU_RESPONSABLES = "« {nom} » lu : {personnes} personne(s), {liens} lien(s) avec les élèves."
DEMO_CHARGEE = (
    "Établissement de démonstration chargé : les trois exports SIECLE et la campagne "
    "« {nom} »."
)
PRECEDENT_GARDE = " Le fichier précédent « {nom} » reste utilisé."
CHOIX_ENREGISTRE = "« {libelle} » → {code} : choix enregistré pour cet envoi et les suivants."
ZIP_CONSTRUIT = (
    "Fichier <b>{nom}</b> construit et validé par le schéma d'import : {envoyes} élève(s) "
    "envoyé(s), {bloques} dossier(s) bloqué(s) laissé(s) de côté. Copie enregistrée dans "
    "« {chemin} »."
)
SAUTEE_NOTE = "Vérification des divisions sautée. Elle peut être reprise à tout moment."

# Errors

INATTENDUE = (
    "Une erreur inattendue s'est produite ({action}). Rien n'a été modifié ; réessayez, et si "
    "l'erreur revient, signalez-la avec les lignes du journal en bas de page."
)
AFFICHAGE_IMPOSSIBLE = (
    "Cette étape n'a pas pu être affichée à cause d'une erreur inattendue ; le journal en bas "
    "de page en donne le détail."
)
DATE_INVALIDE = (
    "La date de début de scolarité « {valeur} » est invalide : indiquez-la au format "
    "JJ/MM/AAAA (par exemple 01/09/{annee})."
)
NUM_INVALIDE = "Le numéro d'envoi « {valeur} » est invalide : indiquez un entier de 0 à 99 999."
PARAMETRES_A_CORRIGER = "Corrigez d'abord les paramètres de l'envoi (étape 0) : {detail}"
MANQUE_POUR_EXPORT = "Il manque encore : {manque}."
INCOHERENTS = "Les exports déposés ne concernent pas le même établissement ou la même année."

# What a step waits for

NOMS_FICHIERS = {
    "campagne": "le fichier de la campagne (étape 1)",
    "responsables": "l'export Responsables (étape 2)",
    "nomenclature": "l'export Nomenclature (étape 3)",
    "eleves": "l'export Élèves (étape 4)",
}
ATTENTE_EXPORTS = "En attente de {manque} pour construire les dossiers."
ATTENTE_FICHIER = "Aucun fichier déposé pour l'instant."
ATTENTE_AUTRES = "Fichier déposé. La suite de l'étape s'affichera une fois déposés : {manque}."

# Step 0

UAJ_ANNEE = (
    "Établissement (UAJ) : <b>{uaj}</b> · année scolaire : <b>{annee}-{suivante}</b> "
    "<span class='retour-discret'>(lus dans les exports)</span>"
)
UAJ_INCONNU = (
    "Établissement (UAJ) et année scolaire : <span class='retour-discret'>lus dans les "
    "exports SIECLE dès qu'ils sont déposés</span>"
)
DOSSIER_TRAVAIL = (
    "Dossier de travail : <code>{chemin}</code> <span class='retour-discret'>(zips "
    "construits, numéros d'envoi, codes choisis)</span>"
)
NUM_PROCHAIN = "Prochain numéro : {num}"
DERNIER_ENVOI = "Dernier envoi enregistré : n° {num} ({nom}, {eleves} élève(s){partiel})."
PARTIEL = ", partiel"
AUCUN_ENVOI = "Aucun envoi enregistré dans ce dossier de travail pour cet établissement."

# Step 1

RESUME = {
    "lignes": "Lignes du fichier",
    "rapprochees": "Rapprochées d'un élève de SIECLE",
    "nouveaux": "Nouveaux élèves",
    "non_rapprochees": "Non rapprochées (à vérifier)",
    "absents": "Élèves de SIECLE absents de la campagne",
    "colonnes_inconnues": "Colonnes inconnues",
    "cellules_invalides": "Cellules invalides",
}
TITRE_RESUME = "Rapprochement avec SIECLE"
TITRE_NON_RAPPROCHEES = "Lignes non rapprochées"
TITRE_PROBLEMES = "Cellules à corriger dans le fichier"
TITRE_INCONNUES = "Colonnes inconnues (ignorées)"
SUGGESTION = "« {colonne} » : vouliez-vous dire « {suggestion} » ?"
SANS_SUGGESTION = "« {colonne} » : aucune colonne connue ne ressemble à ce titre."
CHAMPS_ABSENTS = "Champs absents de l'export (valeurs laissées vides) : {champs}."

# Step 2

RESPONSABLES_LUS = (
    "{personnes} personne(s) et {liens} lien(s) avec les élèves lus dans l'export "
    "(forme {forme}). Civilité, profession, paiement des frais et communication de "
    "l'adresse manquant dans la campagne sont repris de SIECLE."
)
TITRE_RESP_CONSTATS = "Responsables à reprendre (règles PAREN, CIVIL, PEPCS)"
TITRE_RESP_COMPLETES = "Complété depuis SIECLE (la campagne ne le disait pas)"
RESP_COMPLETES_DETAIL = "Le détail, responsable par responsable"
RESP_SANS_CONSTAT = "Aucun problème de responsable : tous ont été complétés."

# Step 3

TITRE_OPTIONS = "Options sans code matière"
TITRE_MEFS = "MEF non reconnus"
TITRE_CODES = "Régimes et motifs de sortie non reconnus"
TOUT_RECONNU = "Toutes les options, tous les MEF et tous les codes sont reconnus."
TITRE_CHOIX_GARDES = "Correspondances enregistrées (reprises aux envois suivants)"
NATURES = {"regimes": "Régime", "motifs_sortie": "Motif de sortie"}
ENTETES_OPTIONS = ("Libellé saisi", "Élèves", "Matière de la nomenclature")
ENTETES_MEFS = ("Libellé saisi", "Élèves", "MEF de la nomenclature")
ENTETES_CODES = ("Nature", "Libellé saisi", "Élèves", "Code de la nomenclature")

# Step 4

TITRE_GRAPHIQUE = "Élèves par division : SIECLE et dossiers de la campagne"
AXE_X = "Division"
AXE_Y = "Nombre d'élèves"
SERIE_SIECLE = "SIECLE (aujourd'hui)"
SERIE_DOSSIERS = "Dossiers de la campagne"
TITRE_SANS_DIVISION = "Dossiers sans division ({nombre})"
TOUS_ONT_DIVISION = "Tous les dossiers ont une division."

# Step 5

BILAN = (
    "{dossiers} dossier(s) : <b>{prets}</b> prêt(s) à partir, <b>{bloques}</b> bloqué(s), "
    "{avertissements} avertissement(s)."
)
TITRE_BLOQUES = "Dossiers bloqués : ce qu'il faut corriger"
AUCUN_BLOQUE = "Aucun dossier bloqué."
TITRE_AVERTISSEMENTS = "Avertissements ({nombre})"
TITRE_CHANGEMENTS = "Ce que le fichier changera dans SIECLE ({nombre})"
TITRE_RAPPELS = "À savoir avant de déposer"
LIGNES_EN_PLUS = "… et {reste} autre(s) ligne(s) : voir {appel} dans JupyterLab."

#: Column headers of the tables shown, by DataFrame column.
COLONNES = {
    "ligne": "Ligne",
    "lignes": "Ligne(s)",
    "colonne": "Colonne",
    "valeur": "Valeur",
    "message": "Problème",
    "ine": "INE",
    "nom": "Nom",
    "prenom": "Prénom",
    "regle": "Règle",
    "gravite": "Gravité",
    "motif": "À faire",
    "champ": "Champ",
    "mef": "MEF",
    "origine": "Origine",
    "rapprochement": "Rapprochement",
    "siecle": "Dans SIECLE",
    "fichier": "Dans le fichier",
    "libelle": "Libellé",
    "code": "Code",
    "compte": "Nombre",
    "element": "Dossiers",
    "responsable": "Responsable",
}
