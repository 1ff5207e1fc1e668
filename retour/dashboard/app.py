"""The dashboard: SIECLE's private-import procedure as six steps around one :class:`Retour`.

Files can be dropped in any order. The ``Retour`` is (re)built as soon as the three SIECLE
exports are there, and again whenever a file or a setting changes; completions and send
numbers live in the working folder's state file, so a rebuild loses nothing. Each user
action runs through :meth:`Dashboard._run`: buttons are frozen, the step shows a busy line,
any error becomes a French message in that step, then every step is redrawn from the state.
"""

from __future__ import annotations

import contextlib
import logging
import re
import tempfile
from pathlib import Path
from typing import Callable, Iterator

import ipywidgets as W
import pandas as pd

from .. import settings
from ..campagne import Campagne, read_campagne
from ..demo import generate
from ..dossiers import iso_date
from ..ecriture import check_logiciel
from ..errors import InconsistentExports, RetourError, UnusableInput
from ..pipeline import Resultat, Retour
from ..siecle import Export, check_same_school, read_eleves, read_nomenclature, read_responsables
from . import texts, views
from .chart import divisions_png, show_png
from .choices import code_grid, search_grid
from .ui import STYLE, JournalHandler, Step, escape, heading, message_html

log = logging.getLogger("retour")

#: Upload slot → (step that shows it, reader, extensions offered by the file chooser).
SLOTS: dict[str, tuple[str, Callable, str]] = {
    "campagne": ("dossiers", read_campagne, ".csv,.xlsx"),
    "responsables": ("responsables", read_responsables, ".xml,.zip"),
    "nomenclature": ("nomenclature", read_nomenclature, ".xml,.zip"),
    "eleves": ("divisions", read_eleves, ".xml,.zip"),
}
EXPORTS = ("nomenclature", "eleves", "responsables")
ORDER = ("parametres", "dossiers", "responsables", "nomenclature", "divisions", "export")

#: The demo school's files loaded by the demo button, by slot.
DEMO_FILES = {
    "nomenclature": "ExportXML_Nomenclature.zip",
    "eleves": "ExportXML_ElevesAvecAdresses.zip",
    "responsables": "ExportXML_ResponsablesAvecAdresses.zip",
    "campagne": "dossiers.csv",
}


class Dashboard(W.VBox):
    """The whole app. ``retour`` is the current :class:`Retour` (None until it can be built).

    ``dossier_travail`` receives the zips and the state file (created when absent).
    """

    def __init__(self, dossier_travail: str | Path = "retour-travail") -> None:
        self.dossier_travail = Path(dossier_travail).expanduser().resolve()
        self.dossier_travail.mkdir(parents=True, exist_ok=True)
        #: The folder as the user named it: what the page shows.
        self.dossier_affiche = Path(dossier_travail)
        self.retour: Retour | None = None
        self.fichiers: dict[str, Export | Campagne | None] = dict.fromkeys(SLOTS)
        self.resultat: Resultat | None = None
        self._errors: dict[str, str] = {}
        self._notes: dict[str, str] = {}
        self._coherence: str | None = None
        self._coherence_steps: set[str] = set()
        self._param_errors: list[str] = []
        self._divisions_sautees = False
        self._touched: set[str] = set()
        self._quiet = False
        self._grid_key: tuple | None = None
        self._garbage: list[W.Widget] = []
        self._chart_key: tuple | None = None

        self.steps = {
            "parametres": Step("parametres", 0),
            "dossiers": Step("dossiers", 1, self._build_dossiers()),
            "responsables": Step("responsables", 2, [self._upload("responsables")]),
            "nomenclature": Step("nomenclature", 3, [self._upload("nomenclature")]),
            "divisions": Step("divisions", 4, self._build_divisions()),
            "export": Step("export", 5),
        }
        self._fill_bodies(self._build_parametres())
        self.progression = W.HTML()
        self.progression.add_class("retour-progression-etapes")
        self.journal = W.HTML()
        journal = W.Accordion([self.journal], selected_index=None)
        journal.set_title(0, texts.JOURNAL)
        journal.add_class("retour-journal")
        header = W.HTML(STYLE)
        super().__init__([header, self.progression, *self.steps.values(), journal],
                         layout=W.Layout(padding="4px 8px"))
        self.add_class("retour-app")

        self._journal_handler = JournalHandler(self.journal)
        log.addHandler(self._journal_handler)
        self._own_level = log.level == logging.NOTSET
        if self._own_level:
            log.setLevel(logging.INFO)
        self._refresh()
        self._freeze(False)

    # Public actions (the widgets call them; so can a notebook or a test)

    @property
    def etats(self) -> dict[str, str]:
        """State of each step: « à faire », « fait », « sautée » or « problème »."""
        return {key: step.state for key, step in self.steps.items()}

    def charger(self, slot: str, data: bytes, nom: str) -> bool:
        """Read ``data`` (an upload named ``nom``) into ``slot``; True when it was accepted.

        ``slot`` is ``campagne``, ``nomenclature``, ``eleves`` or ``responsables``.
        """
        step, reader, _ = SLOTS[slot]
        previous = self.fichiers[slot]

        def action() -> None:
            try:
                loaded = reader(data, name=nom)
            except RetourError as error:
                if previous is None:
                    raise
                kept = texts.PRECEDENT_GARDE.format(nom=previous.source)
                raise type(error)(str(error) + kept) from None
            self.fichiers[slot] = loaded
            self.resultat = None
            self._notes[step] = views.loaded_note(slot, loaded)
            self._rebuild()
            if self._coherence:
                raise InconsistentExports(self._coherence)

        return self._run(step, texts.LECTURE.format(nom=nom), action)

    def charger_demo(self) -> bool:
        """Generate the demo school in a temporary folder and load its four files."""

        def action() -> None:
            with tempfile.TemporaryDirectory(prefix="retour-demo-") as folder:
                paths = generate(folder)
                loaded = {slot: SLOTS[slot][1](paths[name].read_bytes(), name=name)
                          for slot, name in DEMO_FILES.items()}
            self.fichiers.update(loaded)
            self.resultat = None
            for slot, item in loaded.items():
                step = SLOTS[slot][0]
                self._errors.pop(step, None)
                self._notes[step] = views.loaded_note(slot, item)
            self._notes["dossiers"] = escape(texts.DEMO_CHARGEE.format(
                nom=DEMO_FILES["campagne"]))
            self._rebuild()

        return self._run("dossiers", texts.LECTURE_DEMO, action)

    def sauter_divisions(self, sauter: bool = True) -> None:
        """Skip (or take back) the division check of step 4."""

        def action() -> None:
            self._divisions_sautees = sauter
            self._notes["divisions"] = escape(texts.SAUTEE_NOTE) if sauter else ""

        self._run("divisions", texts.ETAPES["divisions"], action)

    def completer(self, quoi: str, libelle: str, code: str, nature: str = "") -> bool:
        """Record a code for a label: ``quoi`` is ``option``, ``mef`` or ``code``."""

        def action() -> None:
            if self.retour is None:
                raise UnusableInput(texts.ATTENTE_EXPORTS.format(manque=self._missing_text()))
            if quoi == "option":
                self.retour.completer_options({libelle: code})
            elif quoi == "mef":
                self.retour.completer_mefs({libelle: code})
            else:
                self.retour.completer_codes(nature, {libelle: code})
            self.resultat = None
            self._notes["nomenclature"] = escape(texts.CHOIX_ENREGISTRE.format(
                libelle=libelle, code=code))

        return self._run("nomenclature", texts.ENREGISTREMENT.format(libelle=libelle), action)

    def construire(self) -> Resultat | None:
        """Build, validate and write the zip (step 5); the result, or None on a problem."""

        def action() -> None:
            missing = self._missing_text()
            if missing or self.retour is None:
                raise UnusableInput(texts.MANQUE_POUR_EXPORT.format(
                    manque=missing or texts.INCOHERENTS))
            if self._param_errors:
                raise UnusableInput(texts.PARAMETRES_A_CORRIGER.format(
                    detail=" ".join(self._param_errors)))
            ine = [i for i in re.split(r"[\s,;]+", self.ine.value) if i]
            self.resultat = self.retour.exporter(self.dossier_travail, ine=ine or None)
            self._touched.discard("num_envoi")
            self._fill_defaults()
            self._notes["export"] = texts.ZIP_CONSTRUIT.format(
                nom=escape(self.resultat.nom), envoyes=self.resultat.envoyes,
                bloques=views.blocked_count(self.retour, ine or None),
                chemin=escape(self.dossier_affiche / self.resultat.zip.name))

        self.resultat = None
        return self.resultat if self._run("export", texts.CONSTRUCTION, action) else None

    def close(self) -> None:
        """Detach the journal from the ``retour`` logger, then close the widget."""
        log.removeHandler(self._journal_handler)
        if self._own_level:
            log.setLevel(logging.NOTSET)
            self._own_level = False
        self._collect_garbage()
        super().close()

    # Widgets

    def _upload(self, slot: str) -> W.FileUpload:
        label = texts.DEPOSER_CAMPAGNE if slot == "campagne" else texts.DEPOSER_EXPORT
        upload = W.FileUpload(accept=SLOTS[slot][2], multiple=False, description=label,
                              layout=W.Layout(width="auto"))
        upload.add_class("retour-upload")
        upload.add_class(f"retour-upload-{slot}")
        upload.observe(lambda change: self._on_upload(slot, change), names="value")
        setattr(self, f"upload_{slot}", upload)
        return upload

    def _build_parametres(self) -> list[W.Widget]:
        style = {"description_width": "initial"}
        self.logiciel = W.Text(value=settings.DEFAULT_LOGICIEL, description=texts.LOGICIEL,
                               continuous_update=False, style=style,
                               layout=W.Layout(width="15em"))
        self.num_envoi = W.Text(description=texts.NUM_ENVOI, continuous_update=False,
                                style=style, layout=W.Layout(width="12em"))
        self.date_deb = W.Text(description=texts.DATE_DEB, placeholder="01/09/AAAA",
                               continuous_update=False, style=style,
                               layout=W.Layout(width="17em"))
        self.encodage = W.Dropdown(options=[("UTF-8", "utf-8"), ("ISO-8859-15", "iso-8859-15")],
                                   value="utf-8", description=texts.ENCODAGE, style=style,
                                   layout=W.Layout(width="14em"))
        fields = {"logiciel": self.logiciel, "num_envoi": self.num_envoi,
                  "date_deb_sco": self.date_deb, "encodage": self.encodage}
        for name, field in fields.items():
            field.add_class(f"retour-param-{name.replace('_', '-')}")
            field.observe(lambda change, name=name: self._on_param(name), names="value")
        return list(fields.values())

    def _build_dossiers(self) -> list[W.Widget]:
        self.demo = W.Button(description=texts.DEMO, icon="graduation-cap",
                             layout=W.Layout(width="auto"))
        self.demo.add_class("retour-demo")
        self.demo.on_click(lambda _: self.charger_demo())
        return [self._upload("campagne"), self.demo]

    def _build_divisions(self) -> list[W.Widget]:
        self.sauter = W.Button(description=texts.SAUTER, icon="forward",
                               layout=W.Layout(width="auto"))
        self.sauter.add_class("retour-sauter-divisions")
        self.sauter.on_click(lambda _: self.sauter_divisions(not self._divisions_sautees))
        return [self._upload("eleves"), self.sauter]

    def _fill_bodies(self, fields: list[W.Widget]) -> None:
        """The persistent widgets of each step's body; ``_refresh`` only changes values."""
        self.contenu = {key: W.HTML() for key in ORDER}
        for key, widget in self.contenu.items():
            widget.add_class(f"retour-contenu-{key}")
            self.steps[key].body.children = [widget]

        self.identite = W.HTML()
        self.identite.add_class("retour-identite")
        self.steps["parametres"].body.children = [
            self.identite,
            W.HBox(fields, layout=W.Layout(flex_flow="row wrap", grid_gap="8px 16px",
                                           margin="6px 0")),
            self.contenu["parametres"]]

        self.grilles = W.VBox()
        self.choix_gardes = W.HTML()
        self.steps["nomenclature"].body.children = [
            self.contenu["nomenclature"], self.grilles, self.choix_gardes]

        self.graphique = W.Output(layout=W.Layout(margin="4px 0"))
        self.graphique.add_class("retour-graphique-divisions")
        self.sans_division = W.HTML()
        self.steps["divisions"].body.children = [
            self.contenu["divisions"], self.graphique, self.sans_division]

        self.avertissements = W.HTML()
        self.changements = W.HTML()
        self.details = W.Accordion([self.avertissements, self.changements], selected_index=None)
        self.details.add_class("retour-details-export")
        self.ine = W.Textarea(placeholder=texts.INE_PLACEHOLDER,
                              layout=W.Layout(width="100%", height="4.5em"))
        self.ine.add_class("retour-ine")
        ine_label = W.HTML(heading(texts.INE_PARTIEL))
        self.bouton_export = W.Button(description=texts.CONSTRUIRE, icon="file-archive-o",
                                      button_style="primary", layout=W.Layout(width="auto"))
        self.bouton_export.add_class("retour-construire")
        self.bouton_export.on_click(lambda _: self.construire())
        self.telechargement = W.HTML()
        self.telechargement.add_class("retour-telechargement")
        rappels = "".join(f"<li>{escape(r)}</li>" for r in texts.RAPPELS)
        self.rappels = W.HTML(heading(texts.TITRE_RAPPELS)
                              + f'<ul class="retour-rappels">{rappels}</ul>')
        self.construction = W.VBox([
            ine_label, self.ine,
            W.HBox([self.bouton_export, self.telechargement],
                   layout=W.Layout(grid_gap="16px", align_items="center", margin="8px 0"))])
        self.steps["export"].body.children = [
            self.contenu["export"], self.details, self.construction, self.rappels]

    @property
    def _actionable(self) -> list[W.Widget]:
        uploads = [getattr(self, f"upload_{slot}") for slot in SLOTS]
        return uploads + [self.demo, self.sauter, self.bouton_export, self.logiciel,
                          self.num_envoi, self.date_deb, self.encodage, self.ine]

    # Events

    def _on_upload(self, slot: str, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[-1]
        content = item["content"]
        data = content.tobytes() if isinstance(content, memoryview) else bytes(content)
        name = str(item.get("name") or "fichier déposé")
        # Forget the upload at once: the same file can be dropped again, memory is freed.
        change["owner"].value = ()
        self.charger(slot, data, name)

    def _on_param(self, name: str) -> None:
        if self._quiet:
            return
        self._touched.add(name)

        def action() -> None:
            self.resultat = None
            self._rebuild()

        self._run("parametres", texts.PRISE_EN_COMPTE, action)

    def _on_pick(self, quoi: str) -> Callable[[str, str], None]:
        return lambda libelle, code: self.completer(quoi, libelle, code)

    # Running an action

    def _run(self, step: str, what: str, action: Callable[[], None]) -> bool:
        """Freeze, show ``what`` as busy, run, turn any error into a French message."""
        ok = False
        self._freeze(True)
        self.steps[step].show("attente", texts.EN_COURS.format(action=what))
        try:
            action()
            self._errors.pop(step, None)
            ok = True
        except RetourError as error:
            self._errors[step] = str(error)
            if isinstance(error, InconsistentExports):
                self._coherence_steps.add(step)
            log.warning("%s : %s", texts.ETAPES[step], error)
        except Exception:
            log.exception("Erreur inattendue (%s)", what)
            self._errors[step] = texts.INATTENDUE.format(action=what)
        finally:
            self._refresh()
            self._freeze(False)
        return ok

    def _freeze(self, frozen: bool) -> None:
        for widget in self._actionable:
            widget.disabled = frozen
        if not frozen:
            self.sauter.disabled = self.fichiers["eleves"] is None
            self.bouton_export.disabled = self.retour is None or bool(self._missing_text())

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        self._quiet, before = True, self._quiet
        try:
            yield
        finally:
            self._quiet = before

    # Building the Retour

    def _rebuild(self) -> None:
        """A new ``Retour`` from the files and settings, when the three exports are there."""
        self.retour = None
        self._coherence = None
        exports = [self.fichiers[slot] for slot in EXPORTS]
        if any(e is None for e in exports):
            return
        try:
            check_same_school(*exports)
        except InconsistentExports as error:
            self._coherence = str(error)
            return
        for step in self._coherence_steps:
            self._errors.pop(step, None)
        self._coherence_steps.clear()
        self.retour = Retour(*exports, self.fichiers["campagne"],
                             dossier_travail=self.dossier_travail, **self._read_params())
        self._fill_defaults()

    def _read_params(self) -> dict:
        """The settings typed by the user; bad ones are listed and left to their default."""
        errors, params = [], {"encodage": self.encodage.value}
        if "logiciel" in self._touched:
            try:
                params["logiciel"] = check_logiciel(self.logiciel.value)
            except UnusableInput as error:
                errors.append(str(error))
        date = self.date_deb.value.strip()
        if "date_deb_sco" in self._touched and date:
            if iso_date(date) is None:
                annee = self._annee() or "AAAA"
                errors.append(texts.DATE_INVALIDE.format(valeur=date, annee=annee))
            else:
                params["date_deb_sco"] = date
        num = self.num_envoi.value.strip()
        if "num_envoi" in self._touched and num:
            if not num.isdigit() or not 0 <= int(num) <= 99999:
                errors.append(texts.NUM_INVALIDE.format(valeur=num))
            else:
                params["num_envoi"] = int(num)
        self._param_errors = errors
        return params

    def _fill_defaults(self) -> None:
        """Show the values the Retour will use in the fields the user did not change."""
        retour = self.retour
        if retour is None:
            return
        with self._quietly():
            if "logiciel" not in self._touched:
                self.logiciel.value = retour.logiciel
            if "date_deb_sco" not in self._touched:
                year, month, day = retour.date_deb_sco.split("-")
                self.date_deb.value = f"{day}/{month}/{year}"
            if "num_envoi" not in self._touched:
                self.num_envoi.value = str(retour.etat.num_envoi + 1)

    def _annee(self) -> str | None:
        loaded = [self.fichiers[slot] for slot in ("eleves", "nomenclature", "responsables")]
        return next((e.annee_scolaire for e in loaded if e is not None), None)

    def _missing(self) -> list[str]:
        return [slot for slot in ("campagne", *EXPORTS) if self.fichiers[slot] is None]

    def _missing_text(self) -> str:
        return ", ".join(texts.NOMS_FICHIERS[slot] for slot in self._missing())

    def _exports_missing_text(self) -> str:
        return ", ".join(texts.NOMS_FICHIERS[slot] for slot in EXPORTS
                         if self.fichiers[slot] is None) or texts.INCOHERENTS

    # Drawing every step from the state

    def _refresh(self) -> None:
        self._collect_garbage()
        constats = None
        if self.retour is not None:
            try:
                constats = self.retour.constats()
            except Exception:
                log.exception("Erreur inattendue (constats)")
        renderers = {
            "parametres": self._render_parametres,
            "dossiers": self._render_dossiers,
            "responsables": lambda: self._render_responsables(constats),
            "nomenclature": self._render_nomenclature,
            "divisions": self._render_divisions,
            "export": lambda: self._render_export(constats),
        }
        for key, render in renderers.items():
            step = self.steps[key]
            try:
                state = render()
            except Exception:
                log.exception("Erreur inattendue (affichage de l'étape %s)", key)
                step.set_state(texts.PROBLEME)
                step.show("erreur", texts.AFFICHAGE_IMPOSSIBLE)
                continue
            if key in self._errors:
                state = texts.PROBLEME
                step.show("erreur", self._errors[key])
            elif self._notes.get(key):
                step.show("info", self._notes[key], raw=True)
            else:
                step.show(None)
            step.set_state(state)
        self.progression.value = views.progression_html(self.etats)

    def _render_parametres(self) -> str:
        loaded = next((self.fichiers[s] for s in ("eleves", "nomenclature", "responsables")
                       if self.fichiers[s] is not None), None)
        self.identite.value = views.identity_html(loaded)
        errors = ([self._coherence] if self._coherence else []) + self._param_errors
        self.contenu["parametres"].value = views.parametres_html(
            errors, self.dossier_affiche, self.retour)
        if errors:
            return texts.PROBLEME
        return texts.FAIT if self.retour is not None else texts.A_FAIRE

    def _render_dossiers(self) -> str:
        campagne = self.fichiers["campagne"]
        if campagne is None:
            self.contenu["dossiers"].value = views.discreet(texts.ATTENTE_FICHIER)
            return texts.A_FAIRE
        self.contenu["dossiers"].value = views.dossiers_html(
            campagne, self.retour, self._exports_missing_text())
        return texts.FAIT

    def _render_responsables(self, constats: pd.DataFrame | None) -> str:
        export = self.fichiers["responsables"]
        if export is None:
            self.contenu["responsables"].value = views.discreet(texts.ATTENTE_FICHIER)
            return texts.A_FAIRE
        completes = self.retour.responsables_completes() if self.retour is not None else None
        self.contenu["responsables"].value = views.responsables_html(
            export, constats, self._exports_missing_text(), completes)
        return texts.FAIT

    def _render_nomenclature(self) -> str:
        export = self.fichiers["nomenclature"]
        if export is None or self.retour is None:
            waiting = (texts.ATTENTE_FICHIER if export is None else
                       texts.ATTENTE_AUTRES.format(manque=self._exports_missing_text()))
            self.contenu["nomenclature"].value = views.discreet(waiting)
            self._set_grids(None, [])
            self.choix_gardes.value = ""
            return texts.A_FAIRE if export is None else texts.FAIT
        retour = self.retour
        options = retour.options_a_completer()
        mefs = retour.mefs_a_completer()
        codes = retour.codes_a_completer()
        nomenclature = retour.nomenclature
        matieres = nomenclature.matiere_choices()
        option_rows = list(zip(options["libelle"], options["eleves"]))
        mef_rows = list(zip(mefs["libelle"], mefs["eleves"]))
        code_rows = [(n, label, count, nomenclature.codes(n))
                     for n, label, count in zip(codes["nature"], codes["libelle"],
                                                codes["eleves"])]
        key = (tuple(option_rows), tuple(mef_rows),
               tuple(row[:3] for row in code_rows), len(matieres))
        if key != self._grid_key:
            grids: list[W.Widget] = []
            if option_rows:
                grids += [W.HTML(heading(texts.TITRE_OPTIONS)),
                          search_grid("option", texts.ENTETES_OPTIONS, option_rows, matieres,
                                      texts.CHERCHER_MATIERE, self._on_pick("option"))]
            if mef_rows:
                choices = nomenclature.mef_choices()
                grids += [W.HTML(heading(texts.TITRE_MEFS)),
                          search_grid("mef", texts.ENTETES_MEFS, mef_rows, choices,
                                      texts.CHERCHER_MEF, self._on_pick("mef"))]
            if code_rows:
                grids += [W.HTML(heading(texts.TITRE_CODES)),
                          code_grid(code_rows, lambda nature, libelle, code: self.completer(
                              "code", libelle, code, nature))]
            self._set_grids(key, grids)
        todo = bool(option_rows or mef_rows or code_rows)
        self.contenu["nomenclature"].value = "" if todo else escape(texts.TOUT_RECONNU)
        self.choix_gardes.value = views.saved_choices_html(retour)
        return texts.A_FAIRE if todo else texts.FAIT

    def _set_grids(self, key: tuple | None, grids: list[W.Widget]) -> None:
        if key == self._grid_key:
            return
        self._garbage.extend(self.grilles.children)
        self.grilles.children = grids
        self._grid_key = key

    def _render_divisions(self) -> str:
        export = self.fichiers["eleves"]
        self.sauter.description = texts.REPRENDRE if self._divisions_sautees else texts.SAUTER
        table = None
        if export is None:
            content, state = views.discreet(texts.ATTENTE_FICHIER), texts.A_FAIRE
        elif self._divisions_sautees:
            content, state = "", texts.SAUTEE
        elif self.retour is None:
            waiting = texts.ATTENTE_AUTRES.format(manque=self._exports_missing_text())
            content, state = views.discreet(waiting), texts.FAIT
        else:
            content, state = "", texts.FAIT
            table = self.retour.divisions()
        self.contenu["divisions"].value = content
        self._show_chart(table)
        self.sans_division.value = ("" if table is None else
                                    views.sans_division_html(self.retour.sans_division()))
        return state

    def _show_chart(self, table: pd.DataFrame | None) -> None:
        key = None if table is None else tuple(map(tuple, table.astype(str).to_numpy()))
        if key == self._chart_key:
            return
        show_png(self.graphique, None if table is None else divisions_png(table))
        self._chart_key = key

    def _render_export(self, constats: pd.DataFrame | None) -> str:
        ready = self.retour is not None and constats is not None and not self._missing()
        for widget in (self.details, self.construction):
            widget.layout.display = None if ready else "none"
        if not ready:
            manque = self._missing_text() or texts.INCOHERENTS
            self.contenu["export"].value = message_html(
                "attente", texts.MANQUE_POUR_EXPORT.format(manque=manque))
            self.telechargement.value = ""
            return texts.A_FAIRE
        summary, warnings, count = views.export_html(self.retour, constats)
        changes = self.retour.changements()
        self.contenu["export"].value = summary
        self.avertissements.value = warnings
        self.changements.value = views.changes_html(changes)
        self.details.set_title(0, texts.TITRE_AVERTISSEMENTS.format(nombre=count))
        self.details.set_title(1, texts.TITRE_CHANGEMENTS.format(nombre=len(changes)))
        self.telechargement.value = views.download_link(self.resultat)
        return texts.FAIT if self.resultat is not None else texts.A_FAIRE

    def _collect_garbage(self) -> None:
        """Close the widgets of grids replaced at the previous refresh (never the current)."""
        garbage, self._garbage = self._garbage, []
        for widget in garbage:
            for child in getattr(widget, "children", ()):
                child.close()
            widget.close()
