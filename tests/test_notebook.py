"""The Voilà notebook runs top to bottom (nbval) on the demo school, with no stored output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "retour_base_eleves.ipynb"


def test_notebook_is_stored_without_outputs():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert notebook["cells"][0]["cell_type"] == "markdown"
    assert notebook["cells"][0]["source"][0].startswith("# ")
    assert "Tableau de bord prêt" in "".join(code[-1]["source"])


@pytest.mark.slow
def test_notebook_runs_on_the_demo_school(tmp_path):
    pytest.importorskip("nbval")
    env = {**os.environ, "RETOUR_DEMO": "1", "RETOUR_TRAVAIL": str(tmp_path / "travail")}
    command = [sys.executable, "-m", "pytest", "--nbval-lax", str(NOTEBOOK),
               "--nbval-cell-timeout=180", "-p", "no:cacheprovider", "-q",
               "--rootdir", str(ROOT)]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert list((tmp_path / "travail").glob("0999999FPRIVE2026*.zip"))
