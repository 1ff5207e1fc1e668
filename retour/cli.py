"""The command line: ``python -m retour COMMANDE …`` (messages in French)."""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

from .errors import RetourError, UnusableInput as UsageError

DESCRIPTION = (
    "Retour des réinscriptions vers la Base Élèves SIECLE : lit les exports SIECLE et le "
    "fichier de la campagne, vérifie chaque dossier et écrit le zip à déposer dans "
    "« Importations > Dossiers depuis logiciel privé »."
)


class FrenchParser(argparse.ArgumentParser):
    """argparse speaking French: usage line, section titles, help flag and errors."""

    ERRORS = (
        ("the following arguments are required: ", "arguments obligatoires manquants : "),
        ("unrecognized arguments: ", "arguments inconnus : "),
        ("invalid choice: ", "choix invalide : "),
        ("choose from ", "choisissez parmi "),
        ("invalid int value: ", "nombre entier invalide : "),
        ("expected one argument", "une valeur est attendue"),
        ("argument ", "argument "),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--aide", action="help", help="affiche cette aide et s'arrête")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "utilisation :", 1)

    def error(self, message: str):
        for english, french in self.ERRORS:
            message = message.replace(english, french)
        self.print_usage(sys.stderr)
        self.exit(2, f"Erreur : {message}\n")


class Progress:
    """One line on standard error per step, with its duration."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet

    def step(self, label: str):
        progress = self

        class _Step:
            def __enter__(self):
                self.start = time.perf_counter()
                if not progress.quiet:
                    print(f"… {label}", file=sys.stderr, flush=True)

            def __exit__(self, kind, value, tb):
                if kind is None and not progress.quiet:
                    took = time.perf_counter() - self.start
                    print(f"  fait ({took:.1f} s)", file=sys.stderr, flush=True)

        return _Step()


def _inputs(parser: argparse.ArgumentParser, dossiers_required: bool = False) -> None:
    parser.add_argument("--nomenclature", required=True, metavar="CHEMIN",
                        help="Nomenclature.xml ou ExportXML_Nomenclature.zip")
    parser.add_argument("--eleves", required=True, metavar="CHEMIN",
                        help="ElevesAvecAdresses.xml ou son zip")
    parser.add_argument("--responsables", required=True, metavar="CHEMIN",
                        help="ResponsablesAvecAdresses.xml ou son zip")
    parser.add_argument("--dossiers", required=dossiers_required, metavar="CHEMIN",
                        help="fichier de la campagne (CSV ou XLSX) ; sans lui, les données "
                             "de SIECLE partent telles quelles")
    for flag, what in (("--option", "code matière d'une option"), ("--mef", "code MEF"),
                       ("--regime", "code régime"), ("--motif", "code motif de sortie")):
        parser.add_argument(flag, action="append", default=[], metavar="LIBELLE=CODE",
                            help=f"donne le {what} d'un libellé non reconnu (répétable ; "
                                 "retenu pour les envois suivants)")


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(prog="python -m retour", description=DESCRIPTION)
    parser.add_argument("-q", "--silencieux", action="store_true",
                        help="n'affiche pas la progression")
    commands = parser.add_subparsers(dest="commande", metavar="COMMANDE",
                                     title="commandes", parser_class=FrenchParser)

    demo = commands.add_parser("demo", help="écrit l'établissement de démonstration")
    demo.add_argument("dossier", metavar="DOSSIER")
    demo.add_argument("--eleves", type=int, default=400, metavar="N",
                      help="nombre d'élèves (400 par défaut)")

    export = commands.add_parser("export", help="vérifie et écrit le zip à déposer dans SIECLE")
    _inputs(export)
    export.add_argument("--out", required=True, metavar="DOSSIER",
                        help="dossier de sortie (il garde aussi l'état : n° d'envoi, codes)")
    export.add_argument("--ine", metavar="INE1,INE2,...", help="envoi partiel : ces INE seulement")
    export.add_argument("--logiciel", metavar="NOM",
                        help="nom du logiciel (10 caractères au plus ; RETOUR par défaut)")
    export.add_argument("--num-envoi", type=int, metavar="N",
                        help="numéro d'envoi (par défaut : le précédent + 1)")
    export.add_argument("--date-debut", metavar="JJ/MM/AAAA",
                        help="date de début de scolarité (1er septembre par défaut)")
    export.add_argument("--encodage", default="utf-8", choices=["utf-8", "iso-8859-15"],
                        help="encodage du XML (utf-8 par défaut)")

    verifier = commands.add_parser("verifier", help="vérifie les dossiers sans écrire de fichier")
    _inputs(verifier)
    verifier.add_argument("--out", metavar="DOSSIER",
                          help="dossier de travail (codes matières complétés)")

    modele = commands.add_parser("modele", help="écrit un modèle XLSX de campagne pré-rempli")
    modele.add_argument("--nomenclature", required=True, metavar="CHEMIN")
    modele.add_argument("--eleves", required=True, metavar="CHEMIN")
    modele.add_argument("--responsables", required=True, metavar="CHEMIN")
    modele.add_argument("--out", required=True, metavar="FICHIER.xlsx")

    qualification = commands.add_parser(
        "qualification", help="écrit le fichier de qualification (établissement de démonstration)")
    qualification.add_argument("dossier", metavar="DOSSIER")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.commande is None:
        parser.print_help()
        return 2
    progress = Progress(args.silencieux)
    try:
        return COMMANDS[args.commande](args, progress)
    except RetourError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrompu : aucun fichier n'a été écrit.", file=sys.stderr)
        return 130
    except Exception as error:  # the user never gets a traceback
        if os.environ.get("RETOUR_DEBUG"):
            raise
        print(f"Erreur inattendue ({type(error).__name__} : {error}). Aucun fichier n'a été "
              "écrit. Relancez avec RETOUR_DEBUG=1 pour le détail et signalez-la.",
              file=sys.stderr)
        return 3


def _retour(args, progress: Progress, dossier_travail=None, **options):
    from .campagne import read_campagne
    from .pipeline import Retour
    from .siecle import read_eleves, read_nomenclature, read_responsables

    with progress.step("Lecture de la nomenclature"):
        nomenclature = read_nomenclature(args.nomenclature)
    with progress.step("Lecture des élèves"):
        eleves = read_eleves(args.eleves)
    with progress.step("Lecture des responsables"):
        responsables = read_responsables(args.responsables)
    campagne = None
    if getattr(args, "dossiers", None):
        with progress.step("Lecture de la campagne"):
            campagne = read_campagne(args.dossiers)
        _report_campagne(campagne)
    # Completions given here are saved with the send, not before: a failed run writes nothing.
    retour = Retour(nomenclature, eleves, responsables, campagne,
                    dossier_travail=dossier_travail, sauvegarde_auto=False, **options)
    _complete(retour, args)
    with progress.step("Rapprochement et vérification des dossiers"):
        retour.dossiers
    return retour


def _pairs(values: list[str], flag: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        label, sep, code = value.rpartition("=")
        if not sep or not label.strip() or not code.strip():
            raise UsageError(f"{flag} « {value} » : écrivez LIBELLE=CODE, par exemple "
                             f"{flag} \"Chinois LV2=031402\".")
        pairs[label.strip()] = code.strip()
    return pairs


def _complete(retour, args) -> None:
    """Record the completions given on the command line (saved in the working folder)."""
    if args.option:
        retour.completer_options(_pairs(args.option, "--option"))
    if args.mef:
        retour.completer_mefs(_pairs(args.mef, "--mef"))
    if args.regime:
        retour.completer_codes("regimes", _pairs(args.regime, "--regime"))
    if args.motif:
        retour.completer_codes("motifs_sortie", _pairs(args.motif, "--motif"))


def _report_campagne(campagne) -> None:
    if campagne.unknown_columns:
        print("Colonnes inconnues de la campagne (ignorées) : "
              + ", ".join(campagne.unknown_columns), file=sys.stderr)
    for problem in campagne.problems.itertuples():
        print(f"Campagne, ligne {problem.ligne}, colonne {problem.colonne} : {problem.message}",
              file=sys.stderr)


def _summary(retour, ine=None) -> None:
    bilan = retour.bilan(ine)
    counts = bilan["statut"].value_counts()
    print(f"Dossiers : {len(bilan)} ; envoyés : {counts.get('envoyé', 0)} ; bloqués : "
          f"{counts.get('bloqué', 0)} ; hors envoi partiel : {counts.get('hors envoi partiel', 0)}",
          file=sys.stderr)
    for table, flag, what in ((retour.options_a_completer(), "--option", "Options sans code"),
                              (retour.mefs_a_completer(), "--mef", "MEF non reconnus"),
                              (retour.codes_a_completer(), "--regime/--motif",
                               "Régimes ou motifs de sortie non reconnus")):
        if len(table):
            print(f"{what} (à compléter avec {flag} LIBELLE=CODE) : "
                  + ", ".join(f"{r.libelle} ({r.eleves} élève(s))" for r in table.itertuples()),
                  file=sys.stderr)


def _cmd_demo(args, progress: Progress) -> int:
    from .demo import MAX_ELEVES, MIN_ELEVES, generate

    if not MIN_ELEVES <= args.eleves <= MAX_ELEVES:
        print(f"Erreur : --eleves doit être compris entre {MIN_ELEVES} et {MAX_ELEVES} : "
              "choisissez un autre nombre d'élèves.", file=sys.stderr)
        return 2
    with progress.step(f"Écriture de l'établissement de démonstration ({args.eleves} élèves)"):
        files = generate(args.dossier, eleves=args.eleves)
    for path in files.values():
        print(path)
    return 0


def _cmd_export(args, progress: Progress) -> int:
    ine = [i for i in (args.ine or "").split(",") if i.strip()] or None
    retour = _retour(args, progress, dossier_travail=args.out, logiciel=args.logiciel,
                     num_envoi=args.num_envoi, date_deb_sco=args.date_debut,
                     encodage=args.encodage)
    with progress.step("Construction, validation et écriture du zip"):
        resultat = retour.exporter(args.out, ine)  # validates before anything is written
    blocked = Path(args.out) / f"{resultat.nom}-bloques.csv"
    with open(blocked, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["ine", "nom", "prenom", "regle", "motif"])
        for row in resultat.bloques.itertuples():
            writer.writerow([row.ine, row.nom, row.prenom, row.regle, row.motif])
    _summary(retour, ine)
    print(f"Blocages : {blocked}", file=sys.stderr)
    print("Rappel : SIECLE intègre le fichier la nuit suivante ; seul le dernier fichier déposé "
          "dans une même demi-journée est pris en compte.", file=sys.stderr)
    print(resultat.zip)
    return 0


def _cmd_verifier(args, progress: Progress) -> int:
    retour = _retour(args, progress, dossier_travail=args.out)
    table = retour.constats()
    writer = csv.writer(sys.stdout, delimiter=";")
    writer.writerow(["ine", "nom", "prenom", "lignes", "regle", "gravite", "motif"])
    for row in table.itertuples():
        writer.writerow([row.ine, row.nom, row.prenom, row.lignes, row.regle, row.gravite,
                         row.motif])
    _summary(retour)
    return 0


def _cmd_modele(args, progress: Progress) -> int:
    from .gabarit import template_rows, write_template
    from .nomenclature import Nomenclature
    from .siecle import check_same_school, read_eleves, read_nomenclature, read_responsables

    with progress.step("Lecture des exports SIECLE"):
        nomenclature = read_nomenclature(args.nomenclature)
        eleves = read_eleves(args.eleves)
        responsables = read_responsables(args.responsables)
        check_same_school(nomenclature, eleves, responsables)
    with progress.step("Écriture du modèle"):
        path = write_template(args.out, template_rows(eleves, responsables,
                                                      Nomenclature(nomenclature)))
    print(path)
    return 0


def _cmd_qualification(args, progress: Progress) -> int:
    from .qualification import build_qualification

    with progress.step("Construction du fichier de qualification"):
        path = build_qualification(args.dossier)
    print(path)
    return 0


COMMANDS = {
    "demo": _cmd_demo,
    "export": _cmd_export,
    "verifier": _cmd_verifier,
    "modele": _cmd_modele,
    "qualification": _cmd_qualification,
}
