"""A fictional collège, deterministic: its three SIECLE exports and a re-enrolment campaign.

``generate(folder)`` writes what an administrator would have in hand when preparing the
2026-2027 school year of the "demo school" (``DEMO_UAJ``):

- ``Nomenclature.xml``, ``ElevesAvecAdresses.xml``, ``ResponsablesAvecAdresses.xml``: the
  exports as SIECLE writes them (ISO-8859-15, upper-case element names, ``JJ/MM/AAAA``
  dates), each also zipped under SIECLE's name (``ExportXML_Nomenclature.zip`` ...);
- ``dossiers.csv`` (UTF-8 with BOM, ``;``) and ``dossiers.xlsx`` (first sheet, real dates):
  the campaign results, one row per dossier, columns ``CAMPAIGN_COLUMNS``.

Everything derives from ``random.Random(seed)``: the same seed and size give byte-identical
files (no current time anywhere). The data are realistic on purpose: accents and ligatures
(``œ``, ``Ÿ`` in ``L'HAŸ``), hyphens and apostrophes in names, siblings sharing their
responsables, single-parent families, a tutor, a child in foster care (a "personne en
charge"), contacts, students born abroad or in Corsica (``2A004``), addresses longer than
SIECLE's 38-character lines, students without a division yet, groups listed before the
division, ``ID_PRV_ELE``/``ID_PRV_PER`` for a family a private program sent before, bursars,
retired profession codes 73 and 76.

The campaign holds planted anomalies, the same whatever the seed (see the constants below):
``ABSENT_INES`` are in SIECLE but have no row; ``LEAVING`` leave the school; rows for
``NEW_STUDENTS`` have no INE and no SIECLE record; ``INCOMPLETE_STUDENT`` lacks a birth date;
``UNKNOWN_OPTION_INE`` chose ``UNKNOWN_OPTION_LABEL``; ``UNKNOWN_MEF_INE`` is enrolled in
``UNKNOWN_MEF_LABEL``; ``DUPLICATE_INE`` has two rows with different data; the father of
the first new student has a first name (``NON_LATIN9_NAME``) ISO-8859-15 cannot store.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import math
import random
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .normalise import fold_key

__all__ = [
    "ABSENT_INES", "ANNEE_SCOLAIRE", "CAMPAIGN_COLUMNS", "DATE_EXPORT", "DEMO_ANNEE",
    "DEMO_UAJ", "DUPLICATE_INE", "EXPORT_FILES", "INCOMPLETE_STUDENT", "LEAVING",
    "MAX_ELEVES", "MEF_CODES", "MIN_ELEVES", "NEW_STUDENTS", "NON_LATIN9_NAME",
    "UNKNOWN_MEF_INE", "UNKNOWN_MEF_LABEL", "UNKNOWN_OPTION_INE", "UNKNOWN_OPTION_LABEL",
    "DemoSchool", "build", "campaign_csv", "campaign_xlsx", "eleves_xml", "generate",
    "nomenclature_xml", "responsables_xml",
]  # fmt: skip

# Public facts about the demo school

#: The demo school's UAJ: 7 characters and a valid check letter, in a département that
#: does not exist (099), so that it can never be taken for a real school.
DEMO_UAJ = "0999999F"
#: The school year being prepared (2026-2027), as SIECLE writes ``ANNEE_SCOLAIRE``.
DEMO_ANNEE = 2026
ANNEE_SCOLAIRE = DEMO_ANNEE
#: Date of the three exports.
DATE_EXPORT = date(2026, 6, 15)
MIN_ELEVES = 10
MAX_ELEVES = 50_000

#: MEF of each level (6 for 6EME ... 3 for 3EME).
MEF_CODES = {6: "10010012110", 5: "10110001110", 4: "10210001110", 3: "10310019110"}

#: Export name -> (zip name, time of export). The zips hold the XML under the same name.
EXPORT_FILES = {
    "Nomenclature.xml": ("ExportXML_Nomenclature.zip", "17:42:08"),
    "ElevesAvecAdresses.xml": ("ExportXML_ElevesAvecAdresses.zip", "17:43:51"),
    "ResponsablesAvecAdresses.xml": ("ExportXML_ResponsablesAvecAdresses.zip", "17:44:37"),
}

# Planted anomalies of the campaign (the same for every seed and size)

#: Students in SIECLE with no row in the campaign.
ABSENT_INES = ("070512384HB", "061948273KD", "072203915LF")
#: Students leaving: (INE, date_sortie, motif_sortie as written in the campaign).
LEAVING = (
    ("071186420MC", "01/09/2026", "12"),
    ("062534817PE", "01/09/2026", "Départ à l'étranger"),
)
#: Two rows carry this INE, with different division, options, régime and phone.
DUPLICATE_INE = "070793562RA"
#: This student's options include a label the nomenclature does not know.
UNKNOWN_OPTION_INE = "061220748SG"
UNKNOWN_OPTION_LABEL = "Chinois LV2"
#: This student's MEF is a label the nomenclature does not know.
UNKNOWN_MEF_INE = "072641093TJ"
UNKNOWN_MEF_LABEL = "5EME SEGPA"
#: New students (no INE, not in SIECLE), complete identity: (nom, prénom).
NEW_STUDENTS = (("KOWALCZYK", "Zofia"), ("RIVIÈRE", "Noé"), ("N'DIAYE", "Aminata"))
#: A new student whose row lacks the birth date.
INCOMPLETE_STUDENT = ("BŒUF", "Anatole")
#: First name (resp2 of the first new student) outside ISO-8859-15.
NON_LATIN9_NAME = "Łukasz"

_PLANTED_INES = frozenset(
    ABSENT_INES + tuple(i for i, _, _ in LEAVING)
    + (DUPLICATE_INE, UNKNOWN_OPTION_INE, UNKNOWN_MEF_INE)
)

# The campaign file

_STUDENT_COLUMNS = (
    "ine", "nom", "prenom", "prenom2", "prenom3", "date_naissance", "sexe", "nationalite",
    "pays_naissance", "commune_naissance", "ville_naissance", "mef", "division", "options",
    "regime", "date_sortie", "motif_sortie",
)  # fmt: skip
_PERSON_FIELDS = (
    "lien", "civilite", "nom", "prenom", "adresse", "code_postal", "ville", "pays",
    "tel_personnel", "tel_portable", "tel_professionnel", "email", "profession",
    "communication_adresse", "paie_frais",
)  # fmt: skip
CAMPAIGN_COLUMNS = _STUDENT_COLUMNS + tuple(
    p + f for p in ("resp1_", "resp2_", "urgence_") for f in _PERSON_FIELDS
)
_DATE_COLUMNS = frozenset({"date_naissance", "date_sortie"})

# Nomenclature

_MEF_ROWS = {  # level: (formation, libellé long, libellé édition, MEFSTAT, opened)
    6: ("6EME", "6EME", "6ème", "21110010012", "01/09/1995"),
    5: ("5G", "5EME", "5ème", "21120010001", "01/09/1992"),
    4: ("4G", "4EME", "4ème", "21150010001", "01/09/1992"),
    3: ("3EME", "3EME", "3ème", "21160010019", "01/09/2002"),
}
#: code matière: (code gestion, libellé court, libellé long, libellé édition, ETP)
_MATIERES = {
    "020100": ("FRANC", "FRANCAIS", "FRANCAIS", "Français", 0),
    "061300": ("MATHS", "MATHEMATIQUES", "MATHEMATIQUES", "Mathématiques", 0),
    "044200": ("HI-GE", "HISTOIRE-GEOGRAPHIE", "HISTOIRE-GEOGRAPHIE", "Histoire-géographie", 0),
    "044100": ("EMC", "ENS. MORAL & CIVIQUE", "ENSEIGNEMENT MORAL ET CIVIQUE",
               "Enseignement moral et civique", 0),
    "062900": ("SVT", "SCIENCES VIE & TERRE", "SCIENCES DE LA VIE ET DE LA TERRE",
               "Sciences de la vie et de la Terre", 0),
    "063700": ("PH-CH", "PHYSIQUE-CHIMIE", "PHYSIQUE-CHIMIE", "Physique-chimie", 0),
    "070100": ("TECHN", "TECHNOLOGIE", "TECHNOLOGIE", "Technologie", 0),
    "090100": ("A-PLA", "ARTS PLASTIQUES", "ARTS PLASTIQUES", "Arts plastiques", 0),
    "090200": ("EDMUS", "EDUCATION MUSICALE", "EDUCATION MUSICALE", "Éducation musicale", 0),
    "100100": ("EPS", "ED.PHYSIQUE & SPORT.", "EDUCATION PHYSIQUE ET SPORTIVE",
               "Éducation physique et sportive", 0),
    "030201": ("AGL1", "ANGLAIS LV1", "ANGLAIS LV1", "Anglais LV1", 1),
    "030101": ("ALL1", "ALLEMAND LV1", "ALLEMAND LV1", "Allemand LV1", 1),
    "030202": ("AGL2", "ANGLAIS LV2", "ANGLAIS LV2", "Anglais LV2", 1),
    "030102": ("ALL2", "ALLEMAND LV2", "ALLEMAND LV2", "Allemand LV2", 1),
    "030602": ("ESP2", "ESPAGNOL LV2", "ESPAGNOL LV2", "Espagnol LV2", 1),
    "030802": ("ITA2", "ITALIEN LV2", "ITALIEN LV2", "Italien LV2", 1),
    "020300": ("LCALA", "LCA LATIN", "LANGUES ET CULTURES DE L'ANTIQUITE LATIN",
               "Langues et cultures de l'Antiquité latin", 1),
    "020400": ("LCAGR", "LCA GREC", "LANGUES ET CULTURES DE L'ANTIQUITE GREC",
               "Langues et cultures de l'Antiquité grec", 1),
}  # fmt: skip
_COMMON_HOURS = {  # code matière: hours in 6EME, then from 5EME
    "020100": ("4.50", "4.50"), "061300": ("4.50", "3.50"), "044200": ("3.00", "3.00"),
    "044100": ("0.50", "0.50"), "062900": ("1.50", "1.50"), "063700": ("1.50", "1.50"),
    "070100": ("1.00", "1.50"), "090100": ("1.00", "1.00"), "090200": ("1.00", "1.00"),
    "100100": ("4.00", "3.00"),
}  # fmt: skip
_LV1 = ("030201", "030101")
_LV2 = ("030202", "030102", "030602", "030802")
_LATIN, _GREC = "020300", "020400"
_MODALITES = {"O": ("OBLIG.", "OPTION OBLIGATOIRE"), "F": ("FACULT.", "OPTION FACULTATIVE"),
              "S": ("COMMUN", "ENSEIGNEMENT COMMUN")}  # fmt: skip
_REGIMES = {
    "0": ("EXTERNE", "EXTERNE LIBRE"),
    "2": ("DP DAN", "DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT"),
    "24": ("DP 4J", "DEMI-PENSIONNAIRE 4 JOURS"),
    "3": ("INTERNE", "INTERNE DANS L'ETABLISSEMENT"),
}
_PARENTES = {
    "10": ("MERE", "MERE"), "20": ("PERE", "PERE"), "37": ("FRATRIE", "FRATRIE"),
    "38": ("ASCENDANT", "ASCENDANT"), "39": ("AUT. FAM.", "AUTRE MEMBRE DE LA FAMILLE"),
    "41": ("EDUCATEUR", "EDUCATEUR"), "42": ("ASS. FAM.", "ASSISTANT FAMILIAL"),
    "50": ("TUTEUR", "TUTEUR"), "51": ("ASE", "AIDE SOCIALE A L'ENFANCE"),
    "70": ("ELEVE", "ELEVE"), "90": ("AUTRE LIEN", "AUTRE LIEN"),
}  # fmt: skip
_BOURSES = {"N": ("NATION", "BOURSE NATIONALE DE COLLEGE", 1),
            "D": ("DEPART", "BOURSE DEPARTEMENTALE", 0)}  # fmt: skip
_PROFESSIONS = {
    "10": ("AGRICULTEUR EXPLOITANT", "AGRICULTEURS EXPLOITANTS"),
    "21": ("ARTISAN", "ARTISANS"),
    "22": ("COMMERCANT ET ASSIMILE", "COMMERCANTS ET ASSIMILES"),
    "23": ("CHEF D'ENTREPRISE", "CHEFS D'ENTREPRISE DE 10 SALARIES OU PLUS"),
    "31": ("PROFESSION LIBERALE", "PROFESSIONS LIBERALES"),
    "33": ("CADRE FONCTION PUBLIQUE", "CADRES DE LA FONCTION PUBLIQUE"),
    "34": ("PROFESSEUR, SCIENTIFIQUE", "PROFESSEURS, PROFESSIONS SCIENTIFIQUES"),
    "35": ("INFORMATION, ARTS, SPECT.", "PROFESSIONS DE L'INFORMATION, DES ARTS ET DES SPECTACLES"),
    "37": ("CADRE ADM. ET COMMERCIAL", "CADRES ADMINISTRATIFS ET COMMERCIAUX D'ENTREPRISE"),
    "38": ("INGENIEUR, CADRE TECHN.", "INGENIEURS ET CADRES TECHNIQUES D'ENTREPRISE"),
    "42": ("PROFESSEUR DES ECOLES", "PROFESSEURS DES ECOLES, INSTITUTEURS ET ASSIMILES"),
    "43": ("PROF. INTERM. SANTE", "PROFESSIONS INTERMEDIAIRES DE LA SANTE ET DU TRAVAIL SOCIAL"),
    "44": ("CLERGE, RELIGIEUX", "CLERGE, RELIGIEUX"),
    "45": ("PROF. INTERM. FONCT. PUB.",
           "PROFESSIONS INTERMEDIAIRES ADMINISTRATIVES DE LA FONCTION PUBLIQUE"),
    "46": ("PROF. INTERM. ENTREPRISE",
           "PROFESSIONS INTERMEDIAIRES ADMINISTRATIVES ET COMMERCIALES DES ENTREPRISES"),
    "47": ("TECHNICIEN", "TECHNICIENS"),
    "48": ("CONTREMAITRE", "CONTREMAITRES, AGENTS DE MAITRISE"),
    "52": ("EMPLOYE FONCTION PUBLIQUE",
           "EMPLOYES CIVILS ET AGENTS DE SERVICE DE LA FONCTION PUBLIQUE"),
    "53": ("POLICIER, MILITAIRE", "POLICIERS ET MILITAIRES"),
    "54": ("EMPLOYE ADMINISTRATIF", "EMPLOYES ADMINISTRATIFS D'ENTREPRISE"),
    "55": ("EMPLOYE DE COMMERCE", "EMPLOYES DE COMMERCE"),
    "56": ("SERVICES AUX PARTICULIERS", "PERSONNELS DES SERVICES DIRECTS AUX PARTICULIERS"),
    "62": ("OUVRIER QUALIFIE INDUSTR.", "OUVRIERS QUALIFIES DE TYPE INDUSTRIEL"),
    "63": ("OUVRIER QUALIFIE ARTISAN.", "OUVRIERS QUALIFIES DE TYPE ARTISANAL"),
    "65": ("OUVRIER QUALIF. TRANSPORT",
           "OUVRIERS QUALIFIES DE LA MANUTENTION, DU MAGASINAGE ET DU TRANSPORT"),
    "67": ("OUVRIER NON QUALIF. INDUS", "OUVRIERS NON QUALIFIES DE TYPE INDUSTRIEL"),
    "68": ("OUVRIER NON QUALIF. ARTIS", "OUVRIERS NON QUALIFIES DE TYPE ARTISANAL"),
    "69": ("OUVRIER AGRICOLE", "OUVRIERS AGRICOLES"),
    "71": ("RETRAITE AGRICULTEUR", "RETRAITES AGRICULTEURS EXPLOITANTS"),
    "72": ("RETRAITE ARTISAN, COMM.", "RETRAITES ARTISANS, COMMERCANTS, CHEFS D'ENTREPRISE"),
    "74": ("RETRAITE CADRE", "RETRAITES CADRES"),
    "75": ("RETRAITE PROF. INTERM.", "RETRAITES DES PROFESSIONS INTERMEDIAIRES"),
    "77": ("RETRAITE EMPLOYE", "RETRAITES EMPLOYES"),
    "78": ("RETRAITE OUVRIER", "RETRAITES OUVRIERS"),
    "85": ("SANS ACTIVITE < 60 ANS", "PERSONNES SANS ACTIVITE PROFESSIONNELLE DE MOINS DE 60 ANS"),
    "86": ("SANS ACTIVITE >= 60 ANS", "PERSONNES SANS ACTIVITE PROFESSIONNELLE DE 60 ANS ET PLUS"),
    "99": ("NON RENSEIGNEE", "NON RENSEIGNEE (INCONNUE OU SANS OBJET)"),
}  # fmt: skip
_PROVENANCES = {
    "1": ("MEME ETAB", "MEME ETABLISSEMENT"),
    "2": ("PUBLIC", "AUTRE ETABLISSEMENT PUBLIC"),
    "3": ("PRIVE", "ETABLISSEMENT PRIVE SOUS CONTRAT"),
    "4": ("ETRANGER", "ETABLISSEMENT A L'ETRANGER"),
    "5": ("1ER DEGRE", "ECOLE DU PREMIER DEGRE"),
    "9": ("INCONNUE", "PROVENANCE INCONNUE"),
}
_MOTIFS_SORTIE = {
    "10": ("PUB ACAD", "SUITE ETUDES 2ND DEGRE PUBLIC ACADEMIE"),
    "11": ("PUB H ACAD", "SUITE ETUDES 2ND DEGRE PUBLIC HORS ACAD."),
    "12": ("DEMENAGEMT", "DEMENAGEMENT"),
    "13": ("PRIVE", "SUITE ETUDES 2ND DEGRE PRIVE"),
    "20": ("ETRANGER", "DEPART A L'ETRANGER"),
    "43": ("DECES", "DECES"),
    "99": ("INCONNU", "INCONNU"),
}
_STATUTS = {"ST": ("SCOLAIRE", "ELEVE SCOLAIRE"), "AP": ("APPRENTI", "APPRENTI")}
_CIVILITES = {"1": ("M.", "MONSIEUR"), "2": ("MME", "MADAME")}

# Places

@dataclass(frozen=True)
class Commune:
    """A town as people write it, and as SIECLE codes it."""

    name: str
    postal: str  # LIBELLE_POSTAL, or the foreign town in COMMUNE_ETRANGERE
    cp: str
    insee: str
    dept: str
    pays: str = "100"
    pays_label: str = "FRANCE"
    pays_name: str = ""  # the country as a family writes it in the campaign


_LOCAL = (  # (commune, weight) around the school
    (Commune("L'Haÿ-les-Roses", "L HAY LES ROSES", "94240", "94038", "094"), 40),
    (Commune("Fresnes", "FRESNES", "94260", "94034", "094"), 15),
    (Commune("Chevilly-Larue", "CHEVILLY LARUE", "94550", "94021", "094"), 12),
    (Commune("Villejuif", "VILLEJUIF", "94800", "94076", "094"), 10),
    (Commune("Cachan", "CACHAN", "94230", "94016", "094"), 6),
    (Commune("Bourg-la-Reine", "BOURG LA REINE", "92340", "92014", "092"), 6),
    (Commune("Thiais", "THIAIS", "94320", "94073", "094"), 5),
    (Commune("Antony", "ANTONY", "92160", "92002", "092"), 4),
    (Commune("Rungis", "RUNGIS", "94150", "94065", "094"), 2),
)
_FAR = (
    Commune("Paris", "PARIS", "75013", "75113", "075"),
    Commune("Lyon", "LYON", "69003", "69383", "069"),
    Commune("Rennes", "RENNES", "35000", "35238", "035"),
    Commune("Bastia", "BASTIA", "20200", "2B033", "02B"),
    Commune("Pointe-à-Pitre", "POINTE A PITRE", "97110", "97120", "971"),
)
_AJACCIO = Commune("Ajaccio", "AJACCIO", "20000", "2A004", "02A")
_ABROAD = (
    Commune("Bruxelles", "BRUXELLES", "1050", "", "", "131", "BELGIQUE", "Belgique"),
    Commune("Lisbonne", "LISBONNE", "1200-195", "", "", "139", "PORTUGAL", "Portugal"),
    Commune("Genève", "GENEVE", "1204", "", "", "140", "SUISSE", "Suisse"),
)
_BIRTH_FR = (  # ((INSEE code, département), weight)
    (("94038", "094"), 6), (("94076", "094"), 10), (("94043", "094"), 12),
    (("94028", "094"), 8), (("92002", "092"), 6), (("92023", "092"), 6),
    (("75112", "075"), 6), (("75114", "075"), 8), (("75113", "075"), 5),
    (("94081", "094"), 4), (("91228", "091"), 3), (("69383", "069"), 2),
    (("13205", "013"), 2), (("59350", "059"), 2), (("33063", "033"), 1),
    (("31555", "031"), 1), (("44109", "044"), 1), (("2A004", "02A"), 1),
    (("2B033", "02B"), 1), (("97120", "971"), 1), (("97411", "974"), 1),
)  # fmt: skip
_BIRTH_ABROAD = (  # (country code, town as SIECLE stores it, town as families write it)
    ("350", "CASABLANCA", "Casablanca"), ("351", "ALGER", "Alger"), ("352", "TUNIS", "Tunis"),
    ("139", "PORTO", "Porto"), ("134", "MADRID", "Madrid"), ("131", "BRUXELLES", "Bruxelles"),
    ("335", "BAMAKO", "Bamako"), ("341", "DAKAR", "Dakar"), ("122", "CRACOVIE", "Cracovie"),
    ("114", "BUCAREST", "Bucarest"), ("401", "MONTRÉAL", "Montréal"), ("155", "KYIV", "Kyiv"),
    ("216", "SHANGHAI", "Shanghai"), ("243", "HÔ CHI MINH-VILLE", "Hô Chi Minh-Ville"),
)  # fmt: skip
_STREETS = (
    "rue Jean Jaurès", "avenue du Général de Gaulle", "rue de la République",
    "allée des Tilleuls", "rue Victor Hugo", "boulevard Paul Vaillant-Couturier",
    "avenue de la Paix", "rue des Jardins", "impasse des Églantiers", "place de l'Église",
    "chemin des Prés", "rue Émile Zola", "avenue Aristide Briand", "rue de Bicêtre",
    "rue Léon Blum", "rue des Écoles", "sentier des Vignes", "rue du 8 Mai 1945",
    "avenue Gabriel Péri", "rue Pasteur", "rue de l'Abbé Grégoire", "rue Henri Barbusse",
    "allée du Château d'Eau", "rue de la Fontaine", "avenue Larroumès", "rue Œttingen",
    "cité des Roses", "rue des Côtes", "avenue Flouquet", "rue Hélène Boucher",
)  # fmt: skip
_EXTRAS = (
    "Bâtiment B", "Appartement 24", "Escalier 3, 2e étage", "Résidence du Parc",
    "Bât. A2, porte 117", "Les Hauts de Bièvre, bâtiment F", "Appt 5, 1er étage gauche",
)  # fmt: skip
_LONG_EXTRAS = (
    "Résidence les Jardins de la Méditerranée, bâtiment C, escalier 4",
    "Résidence Sainte-Geneviève du Plateau, bâtiment des Érables, appartement 1204",
    "Chez Monsieur et Madame Bourguignon-Lefèvre, pavillon du fond de la cour",
)  # fmt: skip


@dataclass(frozen=True)
class School:
    """A school as ``SCOLARITE_AN_DERNIER`` describes it."""

    uaj: str
    nature: str
    sigle: str
    denom: str
    compl: str
    street: str
    phone: str
    insee: str
    commune: str


def _uaj(digits: str) -> str:
    """A UAJ from its 7 digits: the check letter is the number modulo 23 in this alphabet."""
    return digits + "ABCDEFGHJKLMNPRSTUVWXYZ"[int(digits) % 23]


def _school(digits: str, nature: str, sigle: str, denom: str, compl: str, where: tuple) -> School:
    street, phone, insee, commune = where
    return School(_uaj(digits), nature, sigle, denom, compl, street, phone, insee, commune)


_HERE = ("12 avenue des Quatre Vents", "0199000100", "94038", "L'HAŸ-LES-ROSES")
_DEMO_SCHOOL = _school(DEMO_UAJ[:7], "340", "CLG", "COLLEGE", "DES QUATRE VENTS", _HERE)
_PRIMARIES = (
    _school("0999101", "151", "E.E.PU", "ECOLE ELEMENTAIRE PUBLIQUE", "PAUL BERT",
            ("3 rue Paul Bert", "0199000210", "94038", "L'HAŸ-LES-ROSES")),
    _school("0999102", "151", "E.E.PU", "ECOLE ELEMENTAIRE PUBLIQUE", "LES PETITS PRÉS",
            ("40 rue des Prés", "0199000220", "94038", "L'HAŸ-LES-ROSES")),
    _school("0999103", "151", "E.E.PU", "ECOLE ELEMENTAIRE PUBLIQUE", "LA ROSERAIE",
            ("1 place de la Roseraie", "0199000230", "94034", "FRESNES")),
    _school("0999104", "151", "E.E.PU", "ECOLE ELEMENTAIRE PUBLIQUE", "JEAN MOULIN",
            ("18 avenue Jean Moulin", "0199000240", "94021", "CHEVILLY-LARUE")),
    _school("0999105", "152", "E.P.PU", "ECOLE PRIMAIRE PUBLIQUE", "LES CÈDRES",
            ("7 allée des Cèdres", "0199000250", "94076", "VILLEJUIF")),
)  # fmt: skip
_OTHER_COLLEGES = (
    (_school("0999201", "340", "CLG", "COLLEGE", "DU BOIS JOLI",
             ("2 rue du Bois Joli", "0199000310", "94034", "FRESNES")), "2"),
    (_school("0999202", "340", "CLG", "COLLEGE", "ALBERT CAMUS",
             ("55 rue Garibaldi", "0199000320", "69383", "LYON 3E ARRONDISSEMENT")), "2"),
    (_school("0999301", "340", "CLG PR", "COLLEGE PRIVE", "SAINTE-THÉRÈSE",
             ("9 rue de l'Abbaye", "0199000330", "92014", "BOURG-LA-REINE")), "3"),
)  # fmt: skip

# People

_FAMILY_NAMES = (
    "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND",
    "LEROY", "MOREAU", "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID",
    "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "LEFEBVRE",
    "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ", "LEGRAND", "GARNIER",
    "FAURE", "ROUSSEAU", "BLANC", "GUÉRIN", "MULLER", "HENRY", "ROUSSEL", "NICOLAS",
    "PERRIN", "MORIN", "MATHIEU", "CLÉMENT", "GAUTHIER", "DUMONT", "LOPEZ", "FONTAINE",
    "CHEVALIER", "ROBIN", "MASSON", "SANCHEZ", "GÉRARD", "NGUYEN", "BOYER", "DENIS",
    "LEMAIRE", "DUVAL", "JOLY", "ROGER", "ROCHE", "NOËL", "MEYER", "LUCAS", "MEUNIER",
    "PEREZ", "MARCHAND", "DUFOUR", "BLANCHARD", "BARBIER", "BRUNET", "SCHMITT", "LEROUX",
    "COLIN", "FERNANDES", "RENARD", "ARNAUD", "CARON", "AUBERT", "GIRAUD", "LECLERC",
    "VIDAL", "BOURGEOIS", "RENAUD", "LEMOINE", "PICARD", "FABRE", "DUPUIS", "OLIVIER",
    "DA SILVA", "HUBERT", "LE GALL", "GUILLAUME", "MOULIN", "BERGER", "LECOMTE", "MÉNARD",
    "FLEURY", "DESCHAMPS", "BENOÎT", "MAILLARD", "AUBRY", "LE ROUX", "PRÉVOST", "POIRIER",
    "CHARPENTIER", "HUET", "BAILLY", "LE GOFF", "CHAUVIN", "BOUCHER", "LEMAÎTRE", "BOUVIER",
    "CŒURDEROY", "L'HAŸ", "D'ALMEIDA", "SAINT-ANDRÉ", "BÉRANGER", "ÉLIE", "MÜLLER",
    "ÇELIK", "DIALLO", "TRAORÉ", "KONÉ", "BEN SAÏD", "AÏT-ALI", "HADDAD", "BENALI", "TRAN",
    "DOS SANTOS", "O'CONNOR", "DE LA FONTAINE", "LE BRIS", "CASTEL-JALOUX", "DIOP",
)  # fmt: skip
_GIRLS = (
    "Emma", "Léa", "Chloé", "Manon", "Inès", "Jade", "Louise", "Zoé", "Camille", "Lina",
    "Léna", "Anaïs", "Maëlys", "Noémie", "Éloïse", "Héloïse", "Clémence", "Océane", "Maëlle",
    "Zoë", "Lætitia", "Agathe", "Salomé", "Romane", "Margaux", "Juliette", "Alice", "Ambre",
    "Rose", "Mathilde", "Sarah", "Yasmine", "Aïcha", "Fatoumata", "Maïwenn", "Gaëlle",
    "Joséphine", "Léonie", "Adèle", "Cléa", "Anaëlle", "Eugénie", "Marie-Lou", "Jeanne",
)  # fmt: skip
_BOYS = (
    "Lucas", "Hugo", "Louis", "Gabriel", "Raphaël", "Jules", "Adam", "Arthur", "Noé", "Léo",
    "Maël", "Timéo", "Théo", "Nathan", "Mathéo", "Enzo", "Ethan", "Sacha", "Noah", "Mohamed",
    "Yanis", "Rayan", "Ibrahim", "Élie", "Loïc", "Gaël", "Joël", "Anaël", "Benoît", "Jérôme",
    "Clément", "Mathis", "Baptiste", "Côme", "Amaury", "Aymeric", "Grégoire", "Anatole",
    "Valentin", "Titouan", "Thibaut", "Jean-Baptiste", "Pierre-Louis", "Mamadou",
)  # fmt: skip
_WOMEN = (
    "Nathalie", "Isabelle", "Sandrine", "Céline", "Stéphanie", "Aurélie", "Émilie", "Julie",
    "Virginie", "Sophie", "Hélène", "Valérie", "Karine", "Élodie", "Séverine", "Agnès",
    "Lætitia", "Anne-Sophie", "Marie-Hélène", "Nadia", "Samira", "Fatima", "Mélanie",
    "Caroline", "Géraldine", "Françoise", "Maryse", "Chloé", "Zoé", "Noëlle",
)  # fmt: skip
_MEN = (
    "Stéphane", "Sébastien", "Nicolas", "Christophe", "Frédéric", "Olivier", "Jérôme",
    "Laurent", "David", "Julien", "Cédric", "Grégory", "Jean-François", "Jean-Marc",
    "Thierry", "Éric", "Franck", "Hervé", "Karim", "Mehdi", "Rachid", "Mamadou", "Ludovic",
    "François", "Benoît", "Raphaël", "Xavier", "Loïc", "Noël", "Anthony",
)  # fmt: skip
_ELDERS = {1: ("Jean-Claude", "Gérard", "Bernard", "Michel", "René", "André"),
           2: ("Monique", "Jacqueline", "Françoise", "Josiane", "Éliane", "Geneviève")}
_MIDDLE = {1: ("Jean", "Pierre", "Paul", "Marie", "Louis", "Joseph", "Émile", "Ahmed"),
           2: ("Marie", "Louise", "Anne", "Rose", "Jeanne", "Cécile", "Béatrice", "Fatou")}
_PROFESSION_WEIGHTS = (
    ("10", 1), ("21", 4), ("22", 4), ("23", 2), ("31", 4), ("33", 5), ("34", 4), ("35", 2),
    ("37", 8), ("38", 7), ("42", 3), ("43", 6), ("44", 0.1), ("45", 3), ("46", 6), ("47", 5),
    ("48", 3), ("52", 7), ("53", 3), ("54", 7), ("55", 5), ("56", 6), ("62", 4), ("63", 3),
    ("65", 3), ("67", 2), ("68", 2), ("69", 0.5), ("85", 5), ("99", 3), ("73", 0.6),
    ("76", 0.6),
)  # fmt: skip
_RETIRED = ("71", "72", "74", "75", "77", "78", "73", "76")
_OPTION_WORDS = {  # code matière: (label, informal label)
    "030201": ("Anglais LV1", "anglais lv1"), "030101": ("Allemand LV1", "allemand lv1"),
    "030202": ("Anglais LV2", "anglais lv2"), "030102": ("Allemand LV2", "allemand lv2"),
    "030602": ("Espagnol LV2", "espagnol lv2"), "030802": ("Italien LV2", "italien lv2"),
    "020300": ("LCA Latin", "latin"), "020400": ("LCA Grec", "grec"),
}  # fmt: skip
_REGIME_WORDS = {
    "0": ("0", "Externe", "externe", "EXTERNE"),
    "2": ("2", "DP DAN", "Demi-pensionnaire dans l'établissement", "dp dan"),
    "24": ("24", "DP 4J", "Demi-pensionnaire 4 jours"),
    "3": ("3", "Interne", "interne"),
}
_YES_NO = (("oui", "non"), ("Oui", "Non"), ("o", "n"), ("1", "0"), ("x", ""))
_LIEN_WORDS = {
    "10": ("mère", "Mère", "MERE"), "20": ("père", "Père", "PERE"),
    "50": ("tuteur",), "42": ("assistante familiale", "famille d'accueil"),
    "38": ("grand-mère", "grand-parent"), "39": ("tante", "autre"), "90": ("autre", "voisine"),
}  # fmt: skip
_DOMAINS = ("example.com", "example.org", "example.net")


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


def _wrap(text: str, width: int = 38) -> list[str]:
    """Greedy word wrap: lines of at most ``width`` characters, cut between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word[:width])
    return lines


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


# Campaign rows

@functools.lru_cache(maxsize=None)
def _fr(day: date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


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


def build(eleves: int = 400, seed: int = 2026) -> DemoSchool:
    """The demo school in memory: students (export order) and campaign rows (file order)."""
    if not MIN_ELEVES <= eleves <= MAX_ELEVES:
        most = f"{MAX_ELEVES:_}".replace("_", " ")
        raise ValueError(
            "Le nombre d'élèves de l'établissement de démonstration doit être compris entre "
            f"{MIN_ELEVES} et {most} ; {eleves} demandé."
        )
    ctx = _Ctx(seed)
    students = _population(ctx, eleves)
    _divisions(ctx, students)
    order = _identify(ctx, students)
    roles = _plant(ctx, order)
    return DemoSchool(order, _campaign(ctx, order, roles), seed)


# XML writing

_DECLARATION = '<?xml version="1.0" encoding="ISO-8859-15"?>\n'
_INDENTS = ["  " * depth for depth in range(16)]


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_UNSAFE = re.compile("[&<>]")


class _Xml:
    """A tiny indented XML writer: ``None`` omits an element, ``""`` writes it empty."""

    def __init__(self) -> None:
        self.parts: list[str] = [_DECLARATION]
        self.depth = 0

    def open(self, tag: str, **attrs: object) -> None:
        extra = "".join([f' {k}="{_escape(str(v))}"' for k, v in attrs.items()]) if attrs else ""
        self.parts.append(f"{_INDENTS[self.depth]}<{tag}{extra}>\n")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.parts.append(f"{_INDENTS[self.depth]}</{tag}>\n")

    def leaves(self, pairs: Iterable[tuple[str, object]]) -> None:
        indent = _INDENTS[self.depth]
        self.parts.append("".join([
            f"{indent}<{tag}>{_escape(v) if type(v) is str and _UNSAFE.search(v) else v}</{tag}>\n"
            for tag, v in pairs if v is not None
        ]))  # fmt: skip

    def item(self, tag: str, pairs: Iterable[tuple[str, object]], **attrs: object) -> None:
        self.open(tag, **attrs)
        self.leaves(pairs)
        self.close(tag)

    def section(self, tag: str, items: Sequence, write: Callable[[_Xml, object], None]) -> None:
        if not items:
            self.parts.append(f"{_INDENTS[self.depth]}<{tag} />\n")
            return
        self.open(tag)
        for item in items:
            write(self, item)
        self.close(tag)

    def to_bytes(self) -> bytes:
        return "".join(self.parts).encode("iso8859_15")


def _root(root: str, version: str, clock: str) -> _Xml:
    xml = _Xml()
    xml.open(root, VERSION=version)
    xml.item("PARAMETRES", [
        ("UAJ", DEMO_UAJ), ("ANNEE_SCOLAIRE", DEMO_ANNEE), ("DATE_EXPORT", _fr(DATE_EXPORT)),
        ("HORODATAGE", f"{_fr(DATE_EXPORT)} {clock}"),
    ])  # fmt: skip
    xml.open("DONNEES")
    return xml


def _finish(xml: _Xml, root: str) -> bytes:
    xml.close("DONNEES")
    xml.close(root)
    return xml.to_bytes()


def _codes(tag: str, key: str, table: dict, fields: Sequence[str]) -> Callable:
    """A writer of one nomenclature item: key as attribute, then the labels."""

    def write(xml: _Xml, code: str) -> None:
        xml.item(tag, zip(fields, table[code]), **{key: code})

    return write


def _write_mef(xml: _Xml, level: int) -> None:
    formation, long, edition, mefstat, opened = _MEF_ROWS[level]
    code = MEF_CODES[level]
    xml.item("MEF", [
        ("FORMATION", formation), ("LIBELLE_LONG", long), ("LIBELLE_EDITION", edition),
        ("STATUT_MEF", 1), ("MEF_RATTACHEMENT", code), ("CODE_MEFSTAT", mefstat),
        ("NB_OPT_OBLIG", 1 if level == 6 else 2), ("NB_OPT_MINI", 1 if level == 6 else 2),
        ("RENFORCEMENT_LANGUES", 0), ("INSCRIPTION_ETAB", 1), ("MEF_ORIGINE", 1),
        ("MEF_SELECTIONNE", 1), ("MEF_SELORIG", 1), ("DATE_OUVERTURE", opened),
        ("DATE_FERMETURE", "31/12/9999"),
    ], CODE_MEF=code)  # fmt: skip


def _programmes() -> list[tuple[str, str, str, str]]:
    rows = []
    for level in (6, 5, 4, 3):
        mef = MEF_CODES[level]
        for code, hours in _COMMON_HOURS.items():
            rows.append((mef, code, "S", hours[0 if level == 6 else 1]))
        rows += [(mef, code, "O", "4.00" if level == 6 else "3.00") for code in _LV1]
        if level <= 5:
            rows += [(mef, code, "O", "2.50") for code in _LV2]
            rows += [(mef, _LATIN, "F", "1.00" if level == 5 else "2.00")]
            rows += [(mef, _GREC, "F", "1.00" if level == 5 else "2.00")]
    return rows


def _options_obligatoires() -> list[tuple[str, str, int]]:
    rows = []
    for level in (6, 5, 4, 3):
        rows += [(MEF_CODES[level], code, 1) for code in _LV1]
        if level <= 5:
            rows += [(MEF_CODES[level], code, 2) for code in _LV2]
    return rows


def nomenclature_xml() -> bytes:
    """The Nomenclature export of the demo school (it does not depend on the seed)."""
    xml = _root("BEE_NOMENCLATURES", "3.1", EXPORT_FILES["Nomenclature.xml"][1])
    labels = ("LIBELLE_COURT", "LIBELLE_LONG")
    xml.section("MEFS", (6, 5, 4, 3), _write_mef)
    xml.section("MATIERES", list(_MATIERES), _codes("MATIERE", "CODE_MATIERE", _MATIERES, (
        "CODE_GESTION", "LIBELLE_COURT", "LIBELLE_LONG", "LIBELLE_EDITION", "MATIERE_ETP")))
    xml.section("PROGRAMMES", _programmes(), lambda x, r: x.item("PROGRAMME", zip(
        ("CODE_MEF", "CODE_MATIERE", "CODE_MODALITE_ELECT", "HORAIRE"), r)))
    xml.section("OPTIONS_OBLIGATOIRES", _options_obligatoires(), lambda x, r: x.item(
        "OPTION_OBLIGATOIRE", zip(("CODE_MEF", "CODE_MATIERE", "RANG_OPTION"), r)))
    blocks = (
        ("MODALITES_ELECTION", "MODALITE_ELECTION", "CODE_MODALITE_ELECT", _MODALITES, labels),
        ("REGIMES", "REGIME", "CODE_REGIME", _REGIMES, labels),
        ("LIENS_PARENTE", "LIEN_PARENTE", "CODE_PARENTE", _PARENTES, labels),
        ("BOURSES", "BOURSE", "CODE_BOURSE", _BOURSES, labels + ("BOURSE_NATIONALE",)),
        ("PROFESSIONS", "PROFESSION", "CODE_PROFESSION", _PROFESSIONS, labels),
        ("PROVENANCES", "PROVENANCE", "CODE_PROVENANCE", _PROVENANCES, labels),
        ("MOTIFS_SORTIE", "MOTIF_SORTIE", "CODE_MOTIF_SORTIE", _MOTIFS_SORTIE, labels),
        ("STATUTS_ELEVE", "STATUT_ELEVE", "CODE_STATUT", _STATUTS, labels),
        ("CIVILITES", "CIVILITE", "CODE_CIVILITE", _CIVILITES, labels),
    )
    for container, tag, key, table, fields in blocks:
        xml.section(container, list(table), _codes(tag, key, table, fields))
    return _finish(xml, "BEE_NOMENCLATURES")


def _siecle_phone(digits: str | None, plus: bool) -> str | None:
    if not digits:
        return None
    return "+33" + digits[1:] if plus else digits


def _eleve_fields(s: Student) -> list[tuple[str, object]]:
    plus = s.elenoet % 3 != 0
    return [
        ("ID_NATIONAL", s.ine), ("INE_RNIE", s.ine if s.rnie else None),
        ("ELENOET", s.elenoet), ("ID_ELEVE_ETAB", f"{s.elenoet:05d}{DEMO_UAJ[1:-1]}"),
        ("ID_PRV_ELE", s.id_prv), ("NOM_DE_FAMILLE", s.nom), ("NOM_USAGE", s.nom_usage),
        ("PRENOM", s.prenom), ("PRENOM2", s.prenom2), ("PRENOM3", s.prenom3),
        ("DATE_NAISS", _fr(s.birth)), ("DOUBLEMENT", int(s.repeating)),
        ("TEL_PORTABLE", _siecle_phone(s.mobile, plus)), ("CODE_PAYS", s.birth_country),
        ("ACCEPTE_SMS", int(s.sms)), ("DATE_MODIFICATION", _fr(s.modified)),
        ("MEL", s.email), ("CODE_REGIME", s.regime), ("DATE_ENTREE", _fr(s.entry)),
        ("VILLE_NAISS", s.birth_city or ""), ("ADRESSE_ID", s.home.id),
        ("CODE_SEXE", s.sex), ("CODE_PAYS_NAT", s.nationality), ("CODE_STATUT", "ST"),
        ("CODE_MEF", MEF_CODES[s.level]), ("CODE_DEPARTEMENT_NAISS", s.birth_dept),
        ("CODE_COMMUNE_INSEE_NAISS", s.birth_insee),
        ("ADHESION_TRANSPORT", int(s.transport)), ("CODE_PROVENANCE", s.provenance),
    ]  # fmt: skip


def _scolarite_fields(s: Student) -> list[tuple[str, object]]:
    school = s.prev_school
    return [
        ("CODE_MEF", s.prev_mef), ("CODE_STRUCTURE", s.prev_division),
        ("CODE_RNE", school.uaj), ("CODE_NATURE", school.nature), ("SIGLE", school.sigle),
        ("DENOM_PRINC", school.denom), ("DENOM_COMPL", school.compl),
        ("LIGNE1_ADRESSE", school.street), ("BOITE_POSTALE", ""),
        ("MEL", f"ce.{school.uaj}@ac-demo.example"), ("TELEPHONE", school.phone),
        ("CODE_COMMUNE_INSEE", school.insee), ("LL_COMMUNE_INSEE", school.commune),
    ]  # fmt: skip


def _write_eleve(xml: _Xml, s: Student) -> None:
    xml.open("ELEVE", ELEVE_ID=s.eleve_id, ELENOET=s.elenoet)
    xml.leaves(_eleve_fields(s))
    xml.item("SCOLARITE_AN_DERNIER", _scolarite_fields(s))
    xml.close("ELEVE")


def _write_options(xml: _Xml, s: Student) -> None:
    xml.open("OPTION", ELEVE_ID=s.eleve_id, ELENOET=s.elenoet)
    for number, code in enumerate(s.siecle_options, 1):
        modalite = "F" if code in (_LATIN, _GREC) else "O"
        xml.item("OPTIONS_ELEVE", [
            ("NUM_OPTION", number), ("CODE_MODALITE_ELECT", modalite), ("CODE_MATIERE", code),
        ])  # fmt: skip
    xml.close("OPTION")


def _structures(s: Student) -> list[tuple[str, str]]:
    division = [(s.division, "D")] if s.in_division else []
    groups = [(code, "G") for code in s.groups]
    return groups + division if s.group_first else division + groups


def _write_structures(xml: _Xml, s: Student) -> None:
    xml.open("STRUCTURES_ELEVE", ELEVE_ID=s.eleve_id, ELENOET=s.elenoet)
    for code, kind in _structures(s):
        xml.item("STRUCTURE", [("CODE_STRUCTURE", code), ("TYPE_STRUCTURE", kind)])
    xml.close("STRUCTURES_ELEVE")


def _write_bourse(xml: _Xml, s: Student) -> None:
    xml.item("BOURSE", [("CODE_BOURSE", s.bourse)], ELEVE_ID=s.eleve_id, ELENOET=s.elenoet)


def _write_address(xml: _Xml, a: Address) -> None:
    commune = a.commune
    foreign = commune.pays != "100"
    lines = a.lines()
    xml.item("ADRESSE", [
        ("LIGNE1_ADRESSE", lines[0]), ("LIGNE2_ADRESSE", lines[1]),
        ("LIGNE3_ADRESSE", lines[2]), ("LIGNE4_ADRESSE", lines[3]),
        ("COMMUNE_ETRANGERE", commune.postal if foreign else ""),
        ("CODE_POSTAL", "" if foreign else commune.cp), ("CODE_PAYS", commune.pays),
        ("CODE_COMMUNE_INSEE", commune.insee), ("LL_PAYS", commune.pays_label),
        ("CODE_DEPARTEMENT", commune.dept), ("LIBELLE_POSTAL", "" if foreign else commune.postal),
    ], ADRESSE_ID=a.id)  # fmt: skip


def _unique_addresses(addresses: Iterable[Address | None]) -> list[Address]:
    seen = {a.id: a for a in addresses if a is not None}
    return [seen[key] for key in sorted(seen)]


def eleves_xml(school: DemoSchool) -> bytes:
    """The ElevesAvecAdresses export."""
    students = school.students
    xml = _root("BEE_ELEVES", "3.0", EXPORT_FILES["ElevesAvecAdresses.xml"][1])
    xml.section("ELEVES", students, _write_eleve)
    xml.section("OPTIONS", [s for s in students if s.siecle_options], _write_options)
    xml.section("STRUCTURES", [s for s in students if _structures(s)], _write_structures)
    xml.section("BOURSES", [s for s in students if s.bourse], _write_bourse)
    xml.section("ADRESSES", _unique_addresses(s.home for s in students), _write_address)
    return _finish(xml, "BEE_ELEVES")


def _person_fields(p: Person) -> list[tuple[str, object]]:
    empty = None if p.sparse else ""
    plus = p.id % 4 != 0

    def phone(digits: str | None) -> str | None:
        return _siecle_phone(digits, plus) or empty

    return [
        ("ID_PRV_PER", p.id_prv), ("LC_CIVILITE", _CIVILITES[str(p.sex)][0]),
        ("LL_CIVILITE", _CIVILITES[str(p.sex)][1]), ("NOM_DE_FAMILLE", p.nom),
        ("PRENOM", p.prenom), ("TEL_PERSONNEL", phone(p.home)),
        ("TEL_PORTABLE", phone(p.mobile)), ("ACCEPTE_SMS", int(p.sms)),
        ("TEL_PROFESSIONNEL", phone(p.work)), ("MEL", p.email or empty),
        ("COMMUNICATION_ADRESSE", int(p.communication)),
        ("ADRESSE_ID", p.address.id if p.address else None),
        ("CODE_PROFESSION", p.profession),
    ]  # fmt: skip


def _write_personne(xml: _Xml, p: Person) -> None:
    xml.item("PERSONNE", _person_fields(p), PERSONNE_ID=p.id)


def _write_link(xml: _Xml, pair: tuple[Student, Link]) -> None:
    student, link = pair
    flag = {True: "true", False: "false"}
    xml.item("RESPONSABLE_ELEVE", [
        ("ELEVE_ID", student.eleve_id), ("PERSONNE_ID", link.person.id),
        ("NIVEAU_RESPONSABILITE", link.level), ("CODE_PARENTE", link.parente),
        ("PAIE_FRAIS_SCOLAIRES", int(link.pays)), ("PERCOIT_LES_AIDES", flag[link.aides]),
        ("HEBERGE_ELEVE", flag[link.heberge]), ("A_CONTACTER_EN_PRIORITE", flag[link.priority]),
    ])  # fmt: skip


def responsables_xml(school: DemoSchool) -> bytes:
    """The ResponsablesAvecAdresses export."""
    persons = school.persons()
    links = [(s, link) for s in school.students for link in s.links]
    xml = _root("BEE_RESPONSABLES", "2.1", EXPORT_FILES["ResponsablesAvecAdresses.xml"][1])
    xml.section("PERSONNES", persons, _write_personne)
    xml.section("RESPONSABLES", links, _write_link)
    xml.section("ADRESSES", _unique_addresses(p.address for p in persons), _write_address)
    return _finish(xml, "BEE_RESPONSABLES")


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


# Files

_ZIP_LEVEL = 1  # fast, and an export still shrinks about 25 times


def _zip(members: dict[str, bytes], when: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compresslevel=_ZIP_LEVEL) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def _export_zip(name: str, data: bytes) -> bytes:
    hours, minutes, seconds = (int(p) for p in EXPORT_FILES[name][1].split(":"))
    when = (DATE_EXPORT.year, DATE_EXPORT.month, DATE_EXPORT.day, hours, minutes, seconds)
    return _zip({name: data}, when)


def generate(folder: str | Path, eleves: int = 400, seed: int = 2026) -> dict[str, Path]:
    """Write the demo school's exports and campaign into ``folder``; return name -> path.

    Files: ``Nomenclature.xml``, ``ElevesAvecAdresses.xml``, ``ResponsablesAvecAdresses.xml``
    (ISO-8859-15), the three ``ExportXML_*.zip`` holding them, ``dossiers.csv`` and
    ``dossiers.xlsx``. ``eleves`` students are in SIECLE (between ``MIN_ELEVES`` and
    ``MAX_ELEVES``); the campaign has ``eleves + 2`` rows:

    - every SIECLE student once, except the 3 ``ABSENT_INES``;
    - the 2 students of ``LEAVING`` with ``date_sortie`` and ``motif_sortie`` (code ``12``,
      then the label "Départ à l'étranger" of motif ``20``), division empty;
    - a second row for ``DUPLICATE_INE``, with another division, options, régime and phone;
    - ``UNKNOWN_OPTION_INE`` with options "Anglais LV1, Chinois LV2";
    - ``UNKNOWN_MEF_INE`` with the MEF "5EME SEGPA";
    - 3 new students ``NEW_STUDENTS`` without INE (complete identity, responsables with an
      address; the father of the first one is named ``NON_LATIN9_NAME``);
    - 1 new student ``INCOMPLETE_STUDENT`` without INE nor birth date.

    Other rows vary as a real campaign does: about 10 % without division, MEF as label or
    code, options as labels, codes gestion or codes matière separated by "," or ";", sexe
    M/F or 1/2, yes/no as oui/non, o/n, 1/0 or x, names sometimes in another case or without
    accents, empty civilités and professions, a few changed phones or addresses.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    school = build(eleves, seed)
    contents = {
        "Nomenclature.xml": nomenclature_xml(),
        "ElevesAvecAdresses.xml": eleves_xml(school),
        "ResponsablesAvecAdresses.xml": responsables_xml(school),
    }
    for name in list(contents):
        contents[EXPORT_FILES[name][0]] = _export_zip(name, contents[name])
    contents["dossiers.csv"] = campaign_csv(school.rows)
    contents["dossiers.xlsx"] = campaign_xlsx(school.rows)
    paths = {}
    for name, data in contents.items():
        paths[name] = target / name
        paths[name].write_bytes(data)
    return paths
