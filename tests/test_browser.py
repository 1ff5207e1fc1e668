"""The dashboard served by Voilà and driven in headless Chromium (Debian's, via Playwright).

One scenario on the demo school: a file of the wrong kind first, then the four files, a
subject code picked in the table, the division chart, the step skipped, the zip built,
downloaded and validated. Screenshots of each step go to ``$RETOUR_CAPTURES`` (default
``tests/screenshots/``); ``RETOUR_CAPTURES=docs/captures`` refreshes the README's.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "retour_base_eleves.ipynb"
CHROMIUM = Path(os.environ.get("RETOUR_CHROMIUM", "/usr/bin/chromium"))
REFERENCE_XSD = ROOT.parent / "shared" / "reference" / "schema_Import_3.1_avec_correction.xsd"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
READY = "Tableau de bord prêt"
#: Generous: the first execution in a fresh environment compiles and builds font caches.
RENDER_TIMEOUT_MS = 180_000
ACTION_TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"voila s'est arrêté :\n{log.read_text(errors='replace')[-3000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"voila n'écoute pas après {timeout} s :\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium absent ({CHROMIUM}) : apt-get install -y chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voilà serving a copy of the notebook, with the project's voila.json: url, folder."""
    pytest.importorskip("voila")
    folder = tmp_path_factory.mktemp("voila")
    # The notebook and voila.json are copied into a folder of the test's own, laid out as in
    # the repo, so the working folder (the default "retour-travail", beside the notebook)
    # starts empty and the page shows no path of the machine.
    (folder / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, folder / "notebooks" / NOTEBOOK.name)
    shutil.copy(ROOT / "voila.json", folder / "voila.json")
    work = folder / "notebooks" / "retour-travail"
    log = folder / "voila.log"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("RETOUR_TRAVAIL", "RETOUR_DEMO")}
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "voila", f"notebooks/{NOTEBOOK.name}", "--no-browser",
             f"--port={port}"],
            cwd=folder, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        _wait_for_port(port, process, log, timeout=90)
        yield f"http://127.0.0.1:{port}/", work
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def captures() -> Path:
    folder = Path(os.environ.get("RETOUR_CAPTURES", ROOT / "tests" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _upload(page, slot: str, path: Path) -> None:
    with page.expect_file_chooser(timeout=ACTION_TIMEOUT_MS) as chooser:
        page.locator(f".retour-upload-{slot}").click()
    chooser.value.set_files(str(path))


def _capture(page, step: str, path: Path) -> None:
    page.locator(f".retour-etape-{step}").screenshot(path=str(path), animations="disabled")


def test_demo_school_from_upload_to_zip(chromium, voila, demo, captures, tmp_path):
    from playwright.sync_api import expect

    url, work = voila
    context = chromium.new_context(accept_downloads=True, locale="fr-FR",
                                   viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    badge = lambda step: page.locator(f".retour-badge-{step} .retour-badge")  # noqa: E731
    message = lambda step: page.locator(f".retour-message-{step}")  # noqa: E731

    # Render
    started = time.monotonic()
    page.goto(url, timeout=RENDER_TIMEOUT_MS)
    page.get_by_text(READY).wait_for(timeout=RENDER_TIMEOUT_MS)
    page.locator(".retour-upload-campagne").wait_for(timeout=RENDER_TIMEOUT_MS)
    print(f"rendu en {time.monotonic() - started:.1f} s")
    page.screenshot(path=str(captures / "vue-ensemble.png"))

    # A file of the wrong kind: a French message, then the right file is accepted
    _upload(page, "eleves", demo / "Nomenclature.xml")
    expect(message("divisions")).to_contain_text("est un export « Nomenclature »")
    expect(badge("divisions")).to_have_attribute("data-etat", "problème")
    expect(message("divisions")).not_to_contain_text("Traceback")

    # The four files
    for slot, name, step in [
        ("campagne", "dossiers.csv", "dossiers"),
        ("responsables", "ExportXML_ResponsablesAvecAdresses.zip", "responsables"),
        ("nomenclature", "Nomenclature.xml", "nomenclature"),
        ("eleves", "ExportXML_ElevesAvecAdresses.zip", "divisions"),
    ]:
        _upload(page, slot, demo / name)
        expect(message(step).locator(".retour-message-info")).to_contain_text(" lu : ")
    for step in ("parametres", "dossiers", "responsables", "divisions"):
        expect(badge(step)).to_have_attribute("data-etat", "fait")
    expect(page.locator(".retour-identite")).to_contain_text("0999999F")
    expect(page.locator(".retour-param-date-deb-sco input")).to_have_value("01/09/2026")
    for step, name in [("parametres", "etape-0-parametres"), ("dossiers", "etape-1-dossiers"),
                       ("responsables", "etape-2-responsables")]:
        _capture(page, step, captures / f"{name}.png")

    # Step 3: pick a subject for an option the nomenclature does not know
    expect(badge("nomenclature")).to_have_attribute("data-etat", "à faire")
    labels = page.locator(".retour-libelle-option").all_inner_texts()
    assert "Chinois LV2" in labels
    _capture(page, "nomenclature", captures / "etape-3-codes-matieres.png")
    combo = page.locator(f".retour-combo-option-{labels.index('Chinois LV2')} input")
    options = combo.evaluate("input => Array.from(input.list.options).map(o => o.value)")
    choice = next(o for o in options if o.endswith("ANGLAIS LV2"))
    combo.fill(choice)
    combo.press("Enter")
    expect(message("nomenclature")).to_contain_text("« Chinois LV2 » → 030202")
    expect(page.locator(".retour-libelle-option")).to_have_count(0)

    # Step 4: the chart, the dossiers without a division, then skip
    expect(page.locator(".retour-graphique-divisions img")).to_be_visible()
    expect(page.locator(".retour-etape-divisions")).to_contain_text("Dossiers sans division")
    _capture(page, "divisions", captures / "etape-4-divisions.png")
    page.locator(".retour-sauter-divisions").click()
    expect(badge("divisions")).to_have_attribute("data-etat", "sautée")

    # Step 5: build, download, validate
    expect(page.locator(".retour-contenu-export")).to_contain_text("Dossiers bloqués")
    page.locator(".retour-construire").click()
    link = page.locator("a.retour-lien-zip")
    link.wait_for()
    expect(badge("export")).to_have_attribute("data-etat", "fait")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    _capture(page, "export", captures / "etape-5-export.png")

    assert saved.name.startswith("0999999FPRIVE2026") and saved.suffix == ".zip"
    assert (work / saved.name).read_bytes() == saved.read_bytes()
    with zipfile.ZipFile(saved) as archive:
        [member] = archive.namelist()
        xml = archive.read(member)
    assert member == saved.stem + ".xml"
    _validate(xml)
    assert page_errors == []
    context.close()


def _validate(xml: bytes) -> None:
    from lxml import etree

    from retour.validation import validate_import

    assert validate_import(xml) == []
    if REFERENCE_XSD.is_file():
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        schema = etree.XMLSchema(etree.parse(str(REFERENCE_XSD), parser))
        assert schema.validate(etree.fromstring(xml)), schema.error_log


def test_large_upload_and_demo_button(chromium, voila, demo, tmp_path):
    """A 50 MB export goes through in one message (voila.json); the demo shows its progress."""
    from playwright.sync_api import expect

    big = tmp_path / "ElevesAvecAdresses.xml"
    padding = b"".join(b"<!--" + b"x" * 65_000 + b"-->\n" for _ in range(800))
    original = (demo / "ElevesAvecAdresses.xml").read_bytes()
    head, tail = original.split(b"<DONNEES>", 1)
    big.write_bytes(head + padding + b"<DONNEES>" + tail)
    assert big.stat().st_size > 50_000_000

    url, _ = voila
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url, timeout=RENDER_TIMEOUT_MS)
    page.get_by_text(READY).wait_for(timeout=RENDER_TIMEOUT_MS)

    started = time.monotonic()
    _upload(page, "eleves", big)
    expect(page.locator(".retour-message-divisions")).to_contain_text("400 élève(s)")
    print(f"dépôt de {big.stat().st_size / 1e6:.0f} Mo en {time.monotonic() - started:.1f} s")

    page.locator(".retour-demo").click()
    expect(page.locator(".retour-message-dossiers")).to_contain_text("Création et lecture")
    expect(page.locator(".retour-demo")).to_be_disabled()
    expect(page.locator(".retour-message-dossiers")).to_contain_text("démonstration chargé")
    expect(page.locator(".retour-badge-export .retour-badge")).to_have_attribute(
        "data-etat", "à faire")
    expect(page.locator(".retour-construire")).to_be_enabled()
    context.close()
