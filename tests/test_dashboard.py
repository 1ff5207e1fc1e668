"""The dashboard without a browser: uploads, states, messages, tables of codes, the zip."""

from __future__ import annotations

import base64
import html
import io
import logging
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import ipywidgets as W
import pytest

from retour.dashboard import Dashboard
from retour.dashboard import app as app_module
from retour.dashboard import texts
from retour.validation import validate_import

FILES = {
    "campagne": "dossiers.csv",
    "responsables": "ExportXML_ResponsablesAvecAdresses.zip",
    "nomenclature": "Nomenclature.xml",
    "eleves": "ElevesAvecAdresses.xml",
}


def drop(app: Dashboard, slot: str, data: bytes, name: str) -> None:
    """Do what the browser does: set the FileUpload's value (ipywidgets 8 shape)."""
    upload: W.FileUpload = getattr(app, f"upload_{slot}")
    upload.value = ({
        "name": name, "type": "", "size": len(data), "content": memoryview(data),
        "last_modified": datetime(2026, 6, 15, tzinfo=timezone.utc),
    },)


def drop_file(app: Dashboard, slot: str, folder: Path, name: str | None = None) -> None:
    name = name or FILES[slot]
    drop(app, slot, (folder / name).read_bytes(), name)


def status(app: Dashboard, step: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", app.steps[step].status.value))


def combos(app: Dashboard, kind: str) -> list[W.Combobox]:
    return [child for grid in app.grilles.children if isinstance(grid, W.GridBox)
            for child in grid.children
            if isinstance(child, W.Combobox) and f"retour-combo-{kind}" in child._dom_classes]


@pytest.fixture
def app(tmp_path):
    board = Dashboard(tmp_path / "travail")
    yield board
    board.close()


@pytest.fixture
def loaded(app, demo):
    for slot in FILES:
        drop_file(app, slot, demo)
    return app


# Start


def test_dashboard_starts_empty_with_every_step_to_do(app, tmp_path):
    assert (tmp_path / "travail").is_dir()
    assert set(app.etats.values()) == {texts.A_FAIRE}
    assert app.retour is None
    assert app.bouton_export.disabled
    assert app.sauter.disabled
    assert app.construction.layout.display == "none"
    assert "le fichier de la campagne (étape 1)" in app.contenu["export"].value
    for key, step in app.steps.items():
        assert f"retour-etape-{key}" in step._dom_classes
        assert 'data-etat="à faire"' in step.badge.value


def test_every_interactive_widget_has_a_css_hook(app):
    for widget in app._actionable:
        assert any(c.startswith("retour-") for c in widget._dom_classes), widget


# Uploads in any order


def test_uploads_in_any_order_build_the_retour_once_the_three_exports_are_there(app, demo):
    drop_file(app, "eleves", demo)
    assert app.etats["divisions"] == texts.FAIT
    assert app.retour is None
    assert "l'export Nomenclature (étape 3)" in html.unescape(app.contenu["divisions"].value)
    assert app.upload_eleves.value == ()

    drop_file(app, "campagne", demo)
    assert "402 ligne(s)" in status(app, "dossiers")
    drop_file(app, "nomenclature", demo, "ExportXML_Nomenclature.zip")
    assert app.retour is None
    drop_file(app, "responsables", demo, "ResponsablesAvecAdresses.xml")

    assert app.retour is not None
    assert app.etats["parametres"] == texts.FAIT
    assert app.etats["dossiers"] == texts.FAIT
    assert app.etats["export"] == texts.A_FAIRE
    assert "0999999F" in app.identite.value and "2026-2027" in app.identite.value
    assert app.date_deb.value == "01/09/2026"
    assert app.num_envoi.value == "1"
    assert app.logiciel.value == "RETOUR"
    assert not app.bouton_export.disabled


def test_campaign_summary_lists_counts_and_unmatched_rows(loaded):
    html = loaded.contenu["dossiers"].value
    resume = loaded.retour.resume()
    assert f"<td>{resume['lignes']}</td>" in html
    assert texts.RESUME["non_rapprochees"] in html
    assert "doublon INE" in html and "non reconnu" in html


def test_campaign_unknown_columns_and_bad_cells_are_shown(app, demo):
    text = (demo / "dossiers.csv").read_bytes().decode("utf-8-sig")
    header, first, rest = text.split("\n", 2)
    header = header.replace("date_naissance", "date naisance").replace(";sexe;", ";Téléfone;")
    first = first.replace("28/09/2013", "31/02/2013")
    drop(app, "campagne", "\n".join([header, first, rest]).encode("utf-8"), "campagne.csv")

    html = app.contenu["dossiers"].value
    assert app.etats["dossiers"] == texts.FAIT
    assert texts.TITRE_INCONNUES in html
    assert "« Téléfone »" in html
    assert "vouliez-vous dire « date_naissance »" in html


def test_xlsx_campaign_is_read(app, demo):
    drop_file(app, "campagne", demo, "dossiers.xlsx")
    assert app.etats["dossiers"] == texts.FAIT
    assert "« dossiers.xlsx » lu : 402 ligne(s)" in status(app, "dossiers")


def test_demo_button_loads_the_four_files(app):
    app.demo.click()
    assert app.retour is not None
    assert app.fichiers["campagne"].source == "dossiers.csv"
    assert app.etats["dossiers"] == texts.FAIT
    assert "démonstration" in status(app, "dossiers")
    assert app.etats["responsables"] == texts.FAIT


# Errors become French messages, and the next upload works


def test_wrong_kind_shows_a_french_message_then_the_right_file_works(app, demo):
    drop_file(app, "eleves", demo, "Nomenclature.xml")
    assert app.etats["divisions"] == texts.PROBLEME
    message = status(app, "divisions")
    assert "est un export « Nomenclature »" in message
    assert "Traceback" not in app.steps["divisions"].status.value
    assert app.fichiers["eleves"] is None
    assert not app.upload_eleves.disabled

    drop_file(app, "eleves", demo)
    assert app.etats["divisions"] == texts.FAIT
    assert "400 élève(s)" in status(app, "divisions")


def test_a_bad_file_keeps_the_previous_one(loaded, demo):
    drop(loaded, "nomenclature", b"<BEE_NOMENCLATURES><PARAMETRES>", "casse.xml")
    assert loaded.etats["nomenclature"] == texts.PROBLEME
    assert "« Nomenclature.xml » reste utilisé" in status(loaded, "nomenclature")
    assert loaded.retour is not None


@pytest.mark.parametrize("data, words", [
    (b"", "vide"),
    (b"PK\x03\x04 pas un zip", "zip"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', "DTD"),
    (b"une feuille de calcul ?", "ni un XML ni un zip"),
])
def test_broken_or_hostile_files_are_refused_in_french(app, data, words):
    drop(app, "responsables", data, "piege.xml")
    assert app.etats["responsables"] == texts.PROBLEME
    assert words.lower() in status(app, "responsables").lower()


def test_exports_of_another_school_are_a_problem_until_replaced(app, demo):
    other = (demo / "ElevesAvecAdresses.xml").read_bytes().replace(b"0999999F", b"0999998E")
    drop(app, "eleves", other, "autre.xml")
    drop_file(app, "nomenclature", demo)
    drop_file(app, "responsables", demo)
    assert app.retour is None
    assert app.etats["responsables"] == texts.PROBLEME
    assert "ne concernent pas tous l'établissement" in status(app, "responsables")
    assert app.etats["parametres"] == texts.PROBLEME
    assert app.etats["export"] == texts.A_FAIRE

    drop_file(app, "eleves", demo)
    assert app.retour is not None
    assert texts.PROBLEME not in app.etats.values()


def test_unexpected_errors_are_logged_and_shown_without_traceback(app, demo, monkeypatch,
                                                                  caplog):
    def boom(data, name=None):
        raise RuntimeError("panne")

    monkeypatch.setitem(app_module.SLOTS, "campagne", ("dossiers", boom, ".csv"))
    with caplog.at_level(logging.WARNING, logger="retour"):
        drop_file(app, "campagne", demo)
    assert app.etats["dossiers"] == texts.PROBLEME
    assert "erreur inattendue" in status(app, "dossiers")
    assert "panne" not in status(app, "dossiers")
    assert any(r.exc_info and "panne" in str(r.exc_info[1]) for r in caplog.records)
    assert "panne" in app.journal.value and "Traceback" not in app.journal.value
    assert not app.upload_campagne.disabled


# Step 3: codes to complete


def test_responsables_step_says_what_siecle_completed(loaded):
    page = html.unescape(loaded.contenu["responsables"].value)
    assert "Complété depuis SIECLE" in page
    assert "profession" in page and "responsable absent de SIECLE" in page


def test_option_table_lists_unresolved_options_with_the_nomenclature_choices(loaded):
    [combo] = combos(loaded, "option")
    labels = [c.value for c in loaded.grilles.children[1].children
              if "retour-libelle-option" in c._dom_classes]
    assert labels == list(loaded.retour.options_a_completer()["libelle"])
    assert "Chinois LV2" in labels
    shown = dict(loaded.retour.nomenclature.matiere_choices())
    assert list(combo.options) == list(shown)
    assert loaded.etats["nomenclature"] == texts.A_FAIRE


def test_picking_a_subject_is_saved_and_reused_next_time(loaded, demo, tmp_path):
    [combo] = combos(loaded, "option")
    combo.value = "nimporte quoi"
    assert loaded.retour.options_a_completer()["libelle"].tolist() == ["Chinois LV2"]

    choice = next(c for c in combo.options if "ANGLAIS LV2" in c)
    combo.value = choice
    assert loaded.retour.options_a_completer().empty
    assert combos(loaded, "option") == []
    assert "choix enregistré" in status(loaded, "nomenclature")
    assert "chinois lv2" in loaded.choix_gardes.value

    again = Dashboard(tmp_path / "travail")
    try:
        for slot in FILES:
            drop_file(again, slot, demo)
        assert again.retour.options_a_completer().empty
    finally:
        again.close()


def test_picking_a_mef_and_a_regime(app, demo):
    csv = (demo / "dossiers.csv").read_bytes().replace(
        b";Demi-pensionnaire dans l'\xc3\xa9tablissement;", b";Pension du lundi;", 1)
    drop(app, "campagne", csv, "dossiers.csv")
    for slot in ("responsables", "nomenclature", "eleves"):
        drop_file(app, slot, demo)

    [mef] = combos(app, "mef")
    mef.value = next(c for c in mef.options if c.startswith("10110001110"))
    assert app.retour.mefs_a_completer().empty

    menus = [c for grid in app.grilles.children if isinstance(grid, W.GridBox)
             for c in grid.children if isinstance(c, W.Dropdown)]
    assert len(menus) == 1 and "Pension du lundi" in str(app.grilles.children)
    menus[0].value = "3"
    assert app.retour.codes_a_completer().empty
    assert app.retour.etat.codes["regimes"] == {"pension du lundi": "3"}


# Step 4: divisions


def test_division_chart_and_missing_divisions_then_skip(loaded):
    [output] = loaded.graphique.outputs
    png = base64.b64decode(output["data"]["image/png"])
    assert png.startswith(b"\x89PNG")
    missing = loaded.retour.sans_division()
    assert f"Dossiers sans division ({len(missing)})" in loaded.sans_division.value
    assert not loaded.sauter.disabled

    loaded.sauter.click()
    assert loaded.etats["divisions"] == texts.SAUTEE
    assert loaded.graphique.outputs == ()
    assert loaded.sauter.description == texts.REPRENDRE
    loaded.sauter.click()
    assert loaded.etats["divisions"] == texts.FAIT
    assert len(loaded.graphique.outputs) == 1


# Step 0: settings


def test_bad_settings_are_a_problem_and_block_the_export(loaded):
    loaded.logiciel.value = "UN NOM BIEN TROP LONG"
    assert loaded.etats["parametres"] == texts.PROBLEME
    assert "de 1 à 10 caractères" in loaded.contenu["parametres"].value
    loaded.date_deb.value = "31/02/2026"
    assert "JJ/MM/AAAA" in loaded.contenu["parametres"].value
    loaded.num_envoi.value = "douze"
    assert "entier de 0 à 99 999" in loaded.contenu["parametres"].value

    assert loaded.construire() is None
    assert loaded.etats["export"] == texts.PROBLEME
    assert "Corrigez d'abord les paramètres" in status(loaded, "export")

    loaded.logiciel.value = "MONLOGI"
    loaded.date_deb.value = "02/09/2026"
    loaded.num_envoi.value = "7"
    assert loaded.etats["parametres"] == texts.FAIT
    result = loaded.construire()
    assert result is not None
    xml = result.xml.decode("utf-8")
    assert "<LOGICIEL>MONLOGI</LOGICIEL>" in xml
    assert "<NUM_ENVOI>7</NUM_ENVOI>" in xml


# Step 5: export


def test_build_and_download_the_zip(loaded, reference_schema):
    assert loaded.etats["export"] == texts.A_FAIRE
    assert "Dossiers bloqués" in loaded.contenu["export"].value
    assert "IDNAT" in loaded.contenu["export"].value
    assert loaded.details.get_title(1).startswith("Ce que le fichier changera")

    loaded.bouton_export.click()
    result = loaded.resultat
    assert loaded.etats["export"] == texts.FAIT
    assert result is not None and result.zip.is_file()
    assert result.zip.parent == loaded.dossier_travail
    assert "construit et validé" in status(loaded, "export")

    link = loaded.telechargement.value
    assert f'download="{result.zip.name}"' in link
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    assert base64.b64decode(payload) == result.zip.read_bytes()
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(payload))) as archive:
        [member] = archive.namelist()
        xml = archive.read(member)
    assert member == result.zip.stem + ".xml"
    assert validate_import(xml) == []
    from lxml import etree

    assert reference_schema.validate(etree.fromstring(xml)), reference_schema.error_log

    assert loaded.num_envoi.value == "2"
    assert "Dernier envoi enregistré : n° 1" in loaded.contenu["parametres"].value


def test_a_change_after_the_build_withdraws_the_download(loaded, demo):
    loaded.construire()
    assert loaded.telechargement.value
    drop_file(loaded, "campagne", demo)
    assert loaded.resultat is None
    assert loaded.telechargement.value == ""
    assert loaded.etats["export"] == texts.A_FAIRE


def test_partial_send_and_unknown_ine(loaded):
    ines = loaded.retour.bilan().query("statut == 'envoyé'")["ine"].head(3).tolist()
    loaded.ine.value = "\n".join(ines)
    result = loaded.construire()
    assert result is not None and result.envoyes == 3

    loaded.ine.value = "000000000XX"
    assert loaded.construire() is None
    assert loaded.etats["export"] == texts.PROBLEME
    assert "000000000XX" in status(loaded, "export")


def test_iso_8859_15_encoding(loaded):
    loaded.encodage.value = "iso-8859-15"
    result = loaded.construire()
    assert result.xml.startswith(b"<?xml version='1.0' encoding='ISO-8859-15'?>")


def test_close_detaches_the_journal(tmp_path):
    board = Dashboard(tmp_path)
    logger = logging.getLogger("retour")
    assert board._journal_handler in logger.handlers
    board.close()
    assert board._journal_handler not in logger.handlers
