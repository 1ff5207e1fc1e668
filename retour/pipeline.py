"""One send, step by step: the library API behind the CLI and the dashboard.

    retour = Retour.depuis_fichiers("Nomenclature.xml", "ElevesAvecAdresses.xml",
                                    "ResponsablesAvecAdresses.xml", "dossiers.csv")
    retour.rapprochement()        # how each campaign row met SIECLE
    retour.options_a_completer()  # labels without a subject code
    retour.completer_options({"chinois lv2": "031402"})
    retour.divisions()            # per division, SIECLE vs dossiers
    retour.bloques()              # what keeps a dossier out, and what to do
    retour.exporter("sortie")     # the zip, validated

Each step returns a pandas DataFrame whose columns are named in lower case.
"""

from __future__ import annotations

import gc
import logging
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from . import settings
from .campagne import Campagne, read_campagne
from .dossiers import SiecleIndex, build_dossiers, dossier_from_siecle, iso_date
from .ecriture import (Envoi, assign_ids, build_document, check_logiciel, offending_students,
                       schema_errors, serialise, write_zip)
from .errors import UnusableInput
from .etat import EtatStore
from .modele import BLOQUANT, Dossier
from .nomenclature import Nomenclature
from .normalise import fold, is_blank
from .regles import check, school_start
from .siecle import Export, check_same_school, read_eleves, read_nomenclature, read_responsables
from .validation import in_french, validate_import

log = logging.getLogger("retour")


@dataclass
class Resultat:
    """What an export produced."""

    zip: Path | None
    nom: str
    xml: bytes
    envoyes: int
    bloques: pd.DataFrame


class Retour:
    """One send: SIECLE's three exports, the campaign, the settings and every step."""

    def __init__(
        self,
        nomenclature: Export,
        eleves: Export,
        responsables: Export | None,
        campagne: Campagne | None = None,
        *,
        dossier_travail: str | Path | None = None,
        logiciel: str | None = None,
        num_envoi: int | None = None,
        date_deb_sco: str | None = None,
        encodage: str = "utf-8",
        sauvegarde_auto: bool = True,
    ) -> None:
        check_same_school(nomenclature, eleves, responsables)
        self.exports = {"nomenclature": nomenclature, "eleves": eleves,
                        "responsables": responsables}
        self.campagne = campagne
        self.uaj = str(eleves.uaj)
        self.annee = str(eleves.annee_scolaire)
        self.store = EtatStore(dossier_travail)
        self.etat = self.store.get(self.uaj, self.annee)
        self.logiciel = check_logiciel(logiciel or self.etat.logiciel or settings.DEFAULT_LOGICIEL)
        self.num_envoi = num_envoi
        self.date_deb_sco = self._start(date_deb_sco)
        if encodage.lower().replace("_", "-") not in ("utf-8", "iso-8859-15"):
            raise UnusableInput(f"Encodage « {encodage} » inconnu : choisissez utf-8 ou "
                                "iso-8859-15.")
        self.encodage = encodage.lower().replace("_", "-")
        self.sauvegarde_auto = sauvegarde_auto
        self._dossiers: list[Dossier] | None = None
        self._nomenclature: Nomenclature | None = None

    @classmethod
    def depuis_fichiers(cls, nomenclature, eleves, responsables, dossiers=None, **options):
        """Read the files (paths or bytes) and start a send."""
        return cls(
            read_nomenclature(nomenclature),
            read_eleves(eleves),
            read_responsables(responsables) if responsables is not None else None,
            read_campagne(dossiers) if dossiers is not None else None,
            **options,
        )

    def _start(self, value: str | None) -> str:
        if value is None:
            return school_start(int(self.annee))
        start = iso_date(value)
        if start is None:
            raise UnusableInput(f"Date de début de scolarité « {value} » invalide : indiquez "
                                "JJ/MM/AAAA.")
        return start

    # Building

    @property
    def nomenclature(self) -> Nomenclature:
        """Look-ups over the Nomenclature with the saved completions (cached)."""
        if self._nomenclature is None:
            self._nomenclature = Nomenclature(self.exports["nomenclature"], self.etat.options,
                                              self.etat.mefs, self.etat.codes)
        return self._nomenclature

    @property
    def dossiers(self) -> list[Dossier]:
        """Every dossier, built and checked (cached until a completion changes)."""
        if self._dossiers is None:
            nomenclature = self.nomenclature
            table = self.campagne.table if self.campagne is not None else None
            divisions = set(self.exports["eleves"]["structures"].query(
                "type_structure == 'D'")["code_structure"].dropna())
            with _collector_paused():
                dossiers = build_dossiers(self.exports["eleves"], self.exports["responsables"],
                                          table, nomenclature)
                for dossier in dossiers:
                    check(dossier, nomenclature, int(self.annee), self.date_deb_sco, divisions)
            self._dossiers = dossiers
            log.info("%d dossiers construits", len(dossiers))
        return self._dossiers

    def _completed(self) -> None:
        """After a completion: save it (unless told to wait for the send) and rebuild."""
        if self.sauvegarde_auto:
            self._save()
        self._dossiers = None
        self._nomenclature = None

    # Steps as tables

    def rapprochement(self) -> pd.DataFrame:
        """One row per dossier: where it comes from and how the campaign row was matched."""
        rows = []
        for d in self.dossiers:
            rows.append({
                "lignes": ", ".join(str(x) for x in d.lignes),
                "eleve_id": d.eleve_id,
                "ine": d.ine,
                "nom": d.eleve.get("nom_de_famille"),
                "prenom": d.eleve.get("prenom"),
                "origine": d.origine,
                "rapprochement": d.rapprochement,
            })
        return pd.DataFrame(rows)

    def resume(self) -> dict[str, int]:
        """Counts for the dashboard: rows, matched, new, unmatched, unknown columns, bad cells."""
        table = self.rapprochement()
        counts = Counter(table["rapprochement"])
        campagne = self.campagne
        return {
            "lignes": 0 if campagne is None else len(campagne.table),
            "rapprochees": counts["INE"] + counts["identité"],
            "nouveaux": counts["nouvel élève"],
            "non_rapprochees": counts["non reconnu"] + counts["ambigu"] + counts["doublon INE"],
            "absents": counts["absent de la campagne"],
            "colonnes_inconnues": 0 if campagne is None else len(campagne.unknown_columns),
            "cellules_invalides": 0 if campagne is None else len(campagne.problems),
        }

    def responsables_completes(self) -> pd.DataFrame:
        """What the Responsables export supplied where the campaign was silent.

        One row per student, responsable and field: ine, nom, prenom, responsable, champ,
        valeur; a responsable SIECLE does not know has champ "responsable absent de SIECLE".
        """
        rows = [{"ine": d.ine, "nom": d.eleve.get("nom_de_famille"),
                 "prenom": d.eleve.get("prenom"), "responsable": who, "champ": label,
                 "valeur": value}
                for d in self.dossiers for who, label, value in d.completes]
        columns = ["ine", "nom", "prenom", "responsable", "champ", "valeur"]
        return pd.DataFrame(rows, columns=columns)

    def options_a_completer(self) -> pd.DataFrame:
        """Labels of options without a subject code: label, how many students, chosen code."""
        nomenclature = self.nomenclature
        counts: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for d in self.dossiers:
            for token in set(d.options_saisies):
                if nomenclature.resolve_option(token) is None:
                    counts[fold(token)] += 1
                    shown.setdefault(fold(token), token)
        rows = [{"libelle": shown[k], "eleves": n, "code_matiere": ""}
                for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        return pd.DataFrame(rows, columns=["libelle", "eleves", "code_matiere"])

    def completer_options(self, choix: dict[str, str]) -> None:
        """Record label → CODE_MATIERE choices, saved for the next runs."""
        self._complete(self.etat.options, self.nomenclature.matieres, choix, "Le code matière")

    def mefs_a_completer(self) -> pd.DataFrame:
        counts: Counter[str] = Counter()
        for d in self.dossiers:
            if d.scolarite.get("mef_saisi") and not d.scolarite.get("code_mef"):
                counts[d.scolarite["mef_saisi"]] += 1
        return pd.DataFrame([{"libelle": k, "eleves": n, "code_mef": ""}
                             for k, n in counts.most_common()],
                            columns=["libelle", "eleves", "code_mef"])

    def completer_mefs(self, choix: dict[str, str]) -> None:
        """Record label → CODE_MEF choices, saved for the next runs."""
        self._complete(self.etat.mefs, self.nomenclature.mefs, choix, "Le MEF")

    def codes_a_completer(self) -> pd.DataFrame:
        """Régimes and leaving reasons the nomenclature cannot name: nature, libelle, eleves."""
        counts: Counter[tuple[str, str]] = Counter()
        for d in self.dossiers:
            if d.eleve.get("regime_saisi") and not d.eleve.get("code_regime"):
                counts[("regimes", d.eleve["regime_saisi"])] += 1
            sortie = d.sortie or {}
            if sortie.get("saisie_motif") and not sortie.get("code_motif_sortie"):
                counts[("motifs_sortie", sortie["saisie_motif"])] += 1
        rows = [{"nature": nature, "libelle": label, "eleves": n, "code": ""}
                for (nature, label), n in counts.most_common()]
        return pd.DataFrame(rows, columns=["nature", "libelle", "eleves", "code"])

    def completer_codes(self, nature: str, choix: dict[str, str]) -> None:
        """Record label → code choices for ``regimes`` or ``motifs_sortie``, saved."""
        known = set(self.nomenclature.codes(nature)) or None  # no block: nothing to check
        self._complete(self.etat.codes.setdefault(nature, {}), known, choix, "Le code")

    def _complete(self, store: dict[str, str], known: set[str] | None,
                  choix: dict[str, str], what: str) -> None:
        """Check every choice against the nomenclature, then record them all, or none."""
        chosen = {fold(label): str(code).strip() for label, code in choix.items()
                  if not is_blank(code)}
        for label, code in choix.items():
            if not is_blank(code) and known is not None and str(code).strip() not in known:
                raise UnusableInput(f"{what} « {code} » choisi pour « {label} » n'existe pas "
                                    "dans la nomenclature.")
        store.update(chosen)
        self._completed()

    def divisions(self) -> pd.DataFrame:
        """Per division: students in SIECLE now, and in the dossiers; "(sans division)" last."""
        siecle = Counter(self.exports["eleves"]["eleves"]["division"].fillna("(sans division)"))
        dossiers = Counter(d.scolarite.get("code_division") or "(sans division)"
                           for d in self.dossiers if d.sortie is None)
        names = sorted((set(siecle) | set(dossiers)) - {"(sans division)"}) + ["(sans division)"]
        return pd.DataFrame([{"division": n, "siecle": siecle[n], "dossiers": dossiers[n]}
                             for n in names])

    def sans_division(self) -> pd.DataFrame:
        rows = [{"lignes": ", ".join(map(str, d.lignes)), "ine": d.ine,
                 "nom": d.eleve.get("nom_de_famille"), "prenom": d.eleve.get("prenom"),
                 "mef": self.nomenclature.mef_label(d.scolarite.get("code_mef"))}
                for d in self.dossiers
                if d.sortie is None and not d.scolarite.get("code_division")]
        return pd.DataFrame(rows, columns=["lignes", "ine", "nom", "prenom", "mef"])

    def constats(self, ine: list[str] | None = None) -> pd.DataFrame:
        """Every finding: ine, nom, prenom, lignes, regle, gravite, motif, champ."""
        rows = []
        for d in self._selection(ine)[0]:
            for c in d.constats:
                rows.append({"ine": d.ine or "", "nom": d.eleve.get("nom_de_famille") or "",
                             "prenom": d.eleve.get("prenom") or "",
                             "lignes": ", ".join(map(str, d.lignes)), "regle": c.regle,
                             "gravite": c.gravite, "motif": c.motif, "champ": c.champ})
        columns = ["ine", "nom", "prenom", "lignes", "regle", "gravite", "motif", "champ"]
        return pd.DataFrame(rows, columns=columns)

    def bloques(self, ine: list[str] | None = None) -> pd.DataFrame:
        table = self.constats(ine)
        return table[table["gravite"] == BLOQUANT].reset_index(drop=True)

    def avertissements(self, ine: list[str] | None = None) -> pd.DataFrame:
        table = self.constats(ine)
        return table[table["gravite"] != BLOQUANT].reset_index(drop=True)

    def bilan(self, ine: list[str] | None = None) -> pd.DataFrame:
        """Each dossier once: sent, blocked (with the first reason) or outside a partial send."""
        chosen, _ = self._selection(ine)
        chosen_keys = {d.cle for d in chosen}
        rows = []
        for d in self.dossiers:
            if d.cle not in chosen_keys:
                statut, motif = "hors envoi partiel", ""
            elif d.bloque:
                first = next(c for c in d.constats if c.gravite == BLOQUANT)
                statut, motif = "bloqué", f"{first.regle} : {first.motif}"
            else:
                statut, motif = "envoyé", ""
            rows.append({"lignes": ", ".join(map(str, d.lignes)), "eleve_id": d.eleve_id,
                         "ine": d.ine, "nom": d.eleve.get("nom_de_famille"),
                         "prenom": d.eleve.get("prenom"), "origine": d.origine,
                         "statut": statut, "motif": motif})
        return pd.DataFrame(rows)

    def changements(self) -> pd.DataFrame:
        """For each student SIECLE knows, the values the file would change: field, before, after."""
        index = SiecleIndex(self.exports["eleves"], self.exports["responsables"])
        nomenclature = self.nomenclature
        rows = []
        for d in self.dossiers:
            if d.eleve_id is None or d.bloque or d.origine == "siecle":
                continue
            before = dossier_from_siecle(index.by_id[d.eleve_id], index)
            for field, old, new in _differences(before, d, nomenclature):
                rows.append({"ine": d.ine, "nom": d.eleve.get("nom_de_famille"),
                             "prenom": d.eleve.get("prenom"), "champ": field,
                             "siecle": old, "fichier": new})
        return pd.DataFrame(rows, columns=["ine", "nom", "prenom", "champ", "siecle", "fichier"])

    # Export

    def _selection(self, ine: list[str] | None) -> tuple[list[Dossier], list[str]]:
        if not ine:
            return self.dossiers, []
        wanted = {i.strip().upper() for i in ine if i.strip()}
        chosen = [d for d in self.dossiers if (d.ine or "").upper() in wanted]
        found = {(d.ine or "").upper() for d in chosen}
        return chosen, sorted(wanted - found)

    def exporter(self, dossier_sortie: str | Path | None = None,
                 ine: list[str] | None = None, moment: datetime | None = None) -> Resultat:
        """Build, validate and (when ``dossier_sortie`` is given) write the zip."""
        chosen, unknown = self._selection(ine)
        if unknown:
            raise UnusableInput("INE absent(s) des dossiers : " + ", ".join(unknown)
                                + ". Vérifiez la liste de l'envoi partiel.")
        moment = moment or datetime.now()
        for d in self.dossiers:
            d.constats = [c for c in d.constats if c.regle != "PARTI"]
        if ine:
            earlier = self._same_half_day(moment)
            detail = (f" L'envoi n° {earlier['num_envoi']} ({earlier['eleves']} élèves) a été "
                      "préparé cette même demi-journée : s'il a été déposé, celui-ci le "
                      "remplacera." if earlier else "")
            for d in chosen:
                d.signaler("PARTI", "Envoi partiel : s'il est déposé la même demi-journée "
                           "qu'un envoi complet, il le remplace (seul le dernier fichier "
                           "déposé est intégré)." + detail, bloquant=False)
        num = self.num_envoi if self.num_envoi is not None else self.etat.num_envoi + 1
        envoi = Envoi(self.uaj, self.annee, num, self.logiciel, self.date_deb_sco,
                      self.encodage, moment)
        if not 0 <= num <= 99999:
            raise UnusableInput(f"Numéro d'envoi {num} invalide : de 0 à 99 999.")

        xml, sent = self._document(chosen, envoi)
        if not sent:
            raise UnusableInput("Aucun dossier ne peut être envoyé : tous sont bloqués. "
                                "Corrigez les motifs listés puis recommencez.")
        path = None
        if dossier_sortie is not None:
            path = write_zip(xml, envoi, dossier_sortie)
            self.etat.num_envoi = num
            self.etat.logiciel = self.logiciel
            self.etat.envois.append({"nom": envoi.nom, "num_envoi": num, "eleves": len(sent),
                                     "partiel": bool(ine), "moment": moment.isoformat()})
            self._save()
            log.info("Envoi %s écrit : %d élèves", path, len(sent))
        return Resultat(path, envoi.nom, xml, len(sent), self.bloques(ine))

    def _same_half_day(self, moment: datetime) -> dict | None:
        """The last full send prepared in the same half-day as ``moment``, if any."""
        for envoi in reversed(self.etat.envois):
            when = envoi.get("moment")
            if not when or envoi.get("partiel"):
                continue
            then = datetime.fromisoformat(when)
            if then.date() == moment.date() and (then.hour < 12) == (moment.hour < 12):
                return envoi
        return None

    def _document(self, chosen: list[Dossier], envoi: Envoi) -> tuple[bytes, list[Dossier]]:
        """Serialise the unblocked dossiers; block any the schema refuses, then retry."""
        for _ in range(5):
            sent = [d for d in chosen if not d.bloque]
            if sent and all(d.sortie is not None for d in sent):
                # The import requires at least one PERSONNE; leaving students bring none.
                raise UnusableInput(
                    "Seuls des élèves sortants peuvent partir dans cet envoi : le fichier "
                    "d'import SIECLE doit contenir au moins un responsable, ce qu'un élève "
                    "sortant n'apporte pas. Corrigez les motifs des dossiers bloqués, ou "
                    "ajoutez à l'envoi un élève qui reste dans l'établissement.")
            ele_ids, per_ids = self._ids(sent)
            root = build_document(sent, envoi, ele_ids, per_ids)
            xml = serialise(root, envoi.encodage)
            errors = schema_errors(xml, root) if sent else []
            if not errors:
                return xml, sent
            refused = offending_students(xml, errors)
            if not refused:
                raise UnusableInput("Le fichier produit ne respecte pas le schéma d'import : "
                                    + " ; ".join(validate_import(xml)[:5]))
            for d in sent:
                for message in refused.get(str(ele_ids[d.cle]), []):
                    d.signaler("SCHEM", f"Valeur refusée par le schéma d'import : "
                               f"{in_french(message).rstrip('.')}. Corrigez-la dans la campagne.")
        raise UnusableInput("Le fichier produit ne respecte pas le schéma d'import.")

    def _ids(self, sent: list[Dossier]) -> tuple[dict[str, int], dict[str, int]]:
        everyone = sorted(self.dossiers, key=lambda d: d.cle)
        ele_ids = assign_ids(self.etat.id_prv_ele, [
            (d.cle, int(d.eleve["id_prv_ele"]) if d.eleve.get("id_prv_ele") else None)
            for d in everyone
        ])
        persons = {}
        for d in everyone:
            for link in d.liens:
                persons.setdefault(link.personne.cle, link.personne)
        per_ids = assign_ids(self.etat.id_prv_per, [
            (key, persons[key].id_prv_per) for key in sorted(persons)
        ])
        self.etat.id_prv_ele.update(ele_ids)
        self.etat.id_prv_per.update(per_ids)
        return ele_ids, per_ids

    def _save(self) -> None:
        self.store.put(self.uaj, self.annee, self.etat)


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while the dossiers are built.

    Dossiers and persons hold no reference cycles, so reference counting frees them all the
    same; but each full collection rescans every live object, which cost about a tenth of
    the time on 30 000 students.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _differences(before: Dossier, after: Dossier, nomenclature: Nomenclature):
    for key, new in after.eleve.items():
        if key.endswith("_saisi"):
            continue
        old = before.eleve.get(key)
        if (old or None) != (new or None):
            yield key, old, new
    for key in ("code_mef", "code_division"):
        old, new = before.scolarite.get(key), after.scolarite.get(key)
        if (old or None) != (new or None):
            yield key, old, new
    old_options = ", ".join(before.options_saisies)
    new_options = ", ".join(c for c, _ in after.options)
    if old_options != new_options:
        yield "options", old_options, new_options
    old_people = {l.personne.cle: l for l in before.liens}
    for link in after.liens:
        person = link.personne
        previous = old_people.get(person.cle)
        who = f"responsable {person.prenom} {person.nom_de_famille}"
        if previous is None:
            yield who, "", "ajouté"
            continue
        for field in ("code_civilite", "code_profession", "tel_personnel", "tel_portable",
                      "tel_professionnel", "email", "communication_adresse"):
            old, new = getattr(previous.personne, field), getattr(person, field)
            if (old or None) != (new or None):
                yield f"{who} : {field}", old, new
        if previous.personne.adresse != person.adresse:
            yield f"{who} : adresse", _address_text(previous.personne.adresse), \
                _address_text(person.adresse)
        for field in ("code_parente", "paie_frais_scolaires"):
            old, new = getattr(previous, field), getattr(link, field)
            if (old or None) != (new or None):
                yield f"{who} : {field}", old, new


def _address_text(adresse) -> str:
    if adresse is None:
        return ""
    parts = adresse.lignes + [adresse.code_postal or "", adresse.ll_postal or "",
                              adresse.commune_etrangere or "", adresse.code_pays or ""]
    return " ".join(p for p in parts if p)
