"""What each step shows, as HTML built from the data: pure functions, no widget state.

The app decides *when* to redraw; these functions decide *what* a step says about the
files, the :class:`Retour` and its findings. Every value from a file is escaped.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd

from ..campagne import Campagne
from ..modele import BLOQUANT
from ..pipeline import Resultat, Retour
from ..siecle import Export
from . import texts
from .ui import badge_html, escape, heading, message_html, table_html

#: Findings about responsables shown at step 2.
RESPONSABLE_RULES = ("PAREN", "CIVIL", "PEPCS")
#: How a campaign row met no SIECLE student, shown at step 1.
UNMATCHED = ("non reconnu", "ambigu", "doublon INE")
FINDING_COLUMNS = ["regle", "nom", "prenom", "ine", "lignes", "motif"]


def discreet(text: str) -> str:
    return f'<span class="retour-discret">{escape(text)}</span>'


def lines(parts: list[str]) -> str:
    return "".join(f"<div>{part}</div>" for part in parts)


def loaded_note(slot: str, item: Export | Campagne) -> str:
    """The note shown once a file is read: its name and what it holds."""
    if isinstance(item, Campagne):
        text = texts.LU_CAMPAGNE.format(nom=item.source, lignes=len(item.table),
                                        colonnes=len(item.columns_found))
    elif slot == "nomenclature":
        text = texts.LU_NOMENCLATURE.format(nom=item.source, mefs=len(item["mefs"]),
                                            matieres=len(item["matieres"]))
    elif slot == "eleves":
        text = texts.LU_ELEVES.format(nom=item.source, eleves=len(item["eleves"]),
                                      divisions=item["eleves"]["division"].nunique())
    else:
        text = texts.LU_RESPONSABLES.format(nom=item.source, personnes=len(item["personnes"]),
                                            liens=len(item["responsables"]))
    return escape(text)


def progression_html(states: dict[str, str]) -> str:
    """The strip of every step's number, short title and badge."""
    parts = []
    for number, (key, state) in enumerate(states.items()):
        label = escape(f"{number} · {texts.ETAPES[key].split(' (')[0]}")
        parts.append(f'<span><span class="retour-etiquette">{label}</span>'
                     f"{badge_html(state)}</span>")
    return f'<div class="retour-progression">{"".join(parts)}</div>'


# Step 0


def identity_html(export: Export | None) -> str:
    """UAJ and school year, read from an export (never typed)."""
    if export is None:
        return texts.UAJ_INCONNU
    annee = str(export.annee_scolaire)
    suivante = int(annee) + 1 if annee.isdigit() else "?"
    return texts.UAJ_ANNEE.format(uaj=escape(export.uaj), annee=escape(annee),
                                  suivante=suivante)


def parametres_html(errors: list[str], dossier_travail: Path, retour: Retour | None) -> str:
    parts = [message_html("erreur", error) for error in errors]
    parts.append(texts.DOSSIER_TRAVAIL.format(chemin=escape(dossier_travail)))
    if retour is not None:
        if retour.etat.envois:
            last = retour.etat.envois[-1]
            parts.append(escape(texts.DERNIER_ENVOI.format(
                num=last.get("num_envoi"), nom=last.get("nom"), eleves=last.get("eleves"),
                partiel=texts.PARTIEL if last.get("partiel") else "")))
        else:
            parts.append(escape(texts.AUCUN_ENVOI))
    return lines(parts)


# Step 1


def dossiers_html(campagne: Campagne, retour: Retour | None, waiting: str) -> str:
    """Counts of the reconciliation, unmatched rows, unknown columns and bad cells."""
    parts = []
    if retour is not None:
        resume = retour.resume()
        counts = pd.DataFrame({"element": list(texts.RESUME.values()),
                               "compte": [resume.get(k, 0) for k in texts.RESUME]})
        parts += [heading(texts.TITRE_RESUME),
                  table_html(counts, ["element", "compte"], compact=True)]
        table = retour.rapprochement()
        unmatched = table[table["rapprochement"].isin(UNMATCHED)]
        if len(unmatched):
            parts += [heading(texts.TITRE_NON_RAPPROCHEES),
                      table_html(unmatched, ["lignes", "nom", "prenom", "ine", "rapprochement"],
                                 "app.retour.rapprochement()")]
    else:
        parts.append(discreet(texts.ATTENTE_AUTRES.format(manque=waiting)))
    if campagne.unknown_columns:
        items = []
        for column, guess in campagne.suggestions().items():
            template = texts.SUGGESTION if guess else texts.SANS_SUGGESTION
            items.append(f"<li>{escape(template.format(colonne=column, suggestion=guess))}</li>")
        parts += [heading(texts.TITRE_INCONNUES), f"<ul>{''.join(items)}</ul>"]
    if len(campagne.problems):
        parts += [heading(texts.TITRE_PROBLEMES),
                  table_html(campagne.problems, ["ligne", "colonne", "valeur", "message"],
                             "app.fichiers['campagne'].problems")]
    return "".join(parts)


# Step 2


def responsables_html(export: Export, constats: pd.DataFrame | None, waiting: str,
                      completes: pd.DataFrame | None = None) -> str:
    """What the export holds, what it completed, and the findings about responsables."""
    forme = export.parametres.get("forme_responsables") or "nouvelle"
    parts = [escape(texts.RESPONSABLES_LUS.format(
        personnes=len(export["personnes"]), liens=len(export["responsables"]), forme=forme))]
    if export.missing_fields:
        parts.append(escape(texts.CHAMPS_ABSENTS.format(champs=", ".join(export.missing_fields))))
    if constats is None:
        parts.append(discreet(texts.ATTENTE_AUTRES.format(manque=waiting)))
        return lines(parts)
    if completes is not None and len(completes):
        counts = (completes["champ"].value_counts().rename_axis("champ")
                  .reset_index(name="compte"))
        parts += [heading(texts.TITRE_RESP_COMPLETES),
                  table_html(counts, ["champ", "compte"], compact=True),
                  f"<details><summary>{escape(texts.RESP_COMPLETES_DETAIL)}</summary>"
                  + table_html(completes, ["nom", "prenom", "ine", "responsable", "champ",
                                           "valeur"], "app.retour.responsables_completes()")
                  + "</details>"]
    found = constats[constats["regle"].isin(RESPONSABLE_RULES)]
    found = found.sort_values("gravite", kind="stable")
    if len(found):
        parts += [heading(texts.TITRE_RESP_CONSTATS),
                  table_html(found, ["regle", "gravite", "nom", "prenom", "ine", "motif"],
                             "app.retour.constats()")]
    else:
        parts.append(escape(texts.RESP_SANS_CONSTAT))
    return lines(parts)


# Step 3


def saved_choices_html(retour: Retour) -> str:
    """The label → code completions kept in the state file, as a short list."""
    etat = retour.etat
    items = sorted(etat.options.items()) + sorted(etat.mefs.items())
    for nature, chosen in sorted(etat.codes.items()):
        items += [(f"{texts.NATURES.get(nature, nature)} « {label} »", code)
                  for label, code in sorted(chosen.items())]
    if not items:
        return ""
    entries = "".join(f"<li>{escape(label)} → <code>{escape(code)}</code></li>"
                      for label, code in items)
    return heading(texts.TITRE_CHOIX_GARDES) + f"<ul>{entries}</ul>"


# Step 4


def sans_division_html(table: pd.DataFrame) -> str:
    if not len(table):
        return escape(texts.TOUS_ONT_DIVISION)
    return heading(texts.TITRE_SANS_DIVISION.format(nombre=len(table))) + table_html(
        table, ["lignes", "nom", "prenom", "ine", "mef"], "app.retour.sans_division()")


# Step 5


def blocked_count(retour: Retour, ine: list[str] | None = None) -> int:
    """Dossiers kept out of the send (a dossier may have several blocking findings)."""
    return int(retour.bilan(ine)["statut"].eq("bloqué").sum())


def export_html(retour: Retour, constats: pd.DataFrame) -> tuple[str, str, int]:
    """The summary and blocked dossiers; the warnings table; the number of warnings."""
    blocked = constats[constats["gravite"] == BLOQUANT]
    warnings = constats[constats["gravite"] != BLOQUANT]
    total = len(retour.dossiers)
    kept_out = blocked_count(retour)
    parts = [texts.BILAN.format(dossiers=total, prets=total - kept_out, bloques=kept_out,
                                avertissements=len(warnings)),
             heading(texts.TITRE_BLOQUES)]
    if len(blocked):
        parts.append(table_html(blocked, FINDING_COLUMNS, "app.retour.bloques()"))
    else:
        parts.append(escape(texts.AUCUN_BLOQUE))
    warnings_table = table_html(warnings, FINDING_COLUMNS, "app.retour.avertissements()")
    return "".join(parts), warnings_table, len(warnings)


def changes_html(changes: pd.DataFrame) -> str:
    return table_html(changes, ["nom", "prenom", "ine", "champ", "siecle", "fichier"],
                      "app.retour.changements()")


def download_link(resultat: Resultat | None) -> str:
    """An anchor holding the zip as a data: URI (no file served, nothing shared)."""
    if resultat is None or resultat.zip is None:
        return ""
    name = resultat.zip.name
    data = base64.b64encode(resultat.zip.read_bytes()).decode("ascii")
    return (f'<a class="retour-lien-zip" download="{escape(name)}" '
            f'href="data:application/zip;base64,{data}">'
            f"{escape(texts.TELECHARGER.format(nom=name))}</a>")
