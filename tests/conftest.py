"""Shared fixtures: the reference samples (when ../shared is there) and the demo school."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"
SAMPLES = REFERENCE / "samples"
REFERENCE_XSD = REFERENCE / "schema_Import_3.1_avec_correction.xsd"


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/reference/samples absent")
    return SAMPLES


@pytest.fixture(scope="session")
def reference_schema():
    """The official XSD from ../shared, or a skip."""
    from lxml import etree

    if not REFERENCE_XSD.is_file():
        pytest.skip("../shared/reference absent")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(REFERENCE_XSD), parser))


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Path:
    """The demo school (400 students), written once for the whole session."""
    from retour.demo import generate

    folder = tmp_path_factory.mktemp("demo")
    generate(folder)
    return folder
