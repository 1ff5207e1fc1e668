"""The static tables of the demo school: public facts, planted anomalies, codes, places, names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
