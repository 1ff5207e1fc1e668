"""The README's commands and example stay true."""

from __future__ import annotations

import re
from pathlib import Path

import retour

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_after(marker: str) -> str:
    block = README.split(f"<!-- {marker} -->", 1)[1]
    return re.search(r"```\n(.*?)\n```", block, re.S).group(1)


def test_ci_runs_the_readme_test_command():
    command = command_after("commande-tests")
    assert command.endswith("python -m pytest")
    assert "commande-tests" in (ROOT / ".ci" / "run").read_text()


def test_demo_command_uses_real_subcommands():
    command = command_after("commande-demo")
    assert "python -m retour demo demo" in command
    assert "python -m retour export" in command and "--out sortie" in command


def test_public_api_is_declared():
    assert sorted(retour.__all__) == retour.__all__
    for name in retour.__all__:
        assert hasattr(retour, name)


def test_readme_library_example_runs(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "demo").symlink_to(demo)
    example = README.split("## Depuis JupyterLab", 1)[1]
    code = re.search(r"```python\n(.*?)\n```", example, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["resultat"].zip.is_file()
