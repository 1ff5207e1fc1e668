"""The command line: exit codes, messages in French, files written or not."""

from __future__ import annotations

import csv
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from retour.campagne import read_campagne
from retour.validation import validate_import


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "retour", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def inputs(demo: Path, **replace) -> list[str]:
    files = {"--nomenclature": demo / "ExportXML_Nomenclature.zip",
             "--eleves": demo / "ExportXML_ElevesAvecAdresses.zip",
             "--responsables": demo / "ExportXML_ResponsablesAvecAdresses.zip",
             "--dossiers": demo / "dossiers.csv"}
    files.update(replace)
    return [str(x) for pair in files.items() for x in pair if pair[1] is not None]


def test_demo_command_writes_the_school(tmp_path):
    done = run("demo", tmp_path / "ecole", "--eleves", "25")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ecole" / "ExportXML_ElevesAvecAdresses.zip").is_file()
    assert len(done.stdout.splitlines()) == 8


def test_export_writes_zip_and_blocked_csv(demo, tmp_path):
    out = tmp_path / "sortie"
    done = run("export", *inputs(demo), "--out", out, "--option", "Chinois LV2=030602")
    assert done.returncode == 0, done.stderr
    zip_path = Path(done.stdout.strip().splitlines()[-1])
    assert zip_path.parent == out and zip_path.is_file()
    with zipfile.ZipFile(zip_path) as archive:
        assert validate_import(archive.read(zip_path.stem + ".xml")) == []
    blocked = out / f"{zip_path.stem}-bloques.csv"
    with open(blocked, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["ine", "nom", "prenom", "regle", "motif"]
    assert {"IDNAT", "ACMEF"} <= {r[3] for r in rows[1:]}
    assert "Chinois" not in done.stderr  # the completion was applied
    assert "intègre le fichier la nuit" in done.stderr

    again = run("export", *inputs(demo), "--out", out)
    assert again.returncode == 0
    with zipfile.ZipFile(again.stdout.strip().splitlines()[-1]) as archive:
        xml = archive.read(archive.namelist()[0])
    assert b"<NUM_ENVOI>2</NUM_ENVOI>" in xml          # remembered and incremented
    assert b"<CODE_MATIERE>030602</CODE_MATIERE>" in xml  # completion remembered


@pytest.mark.parametrize("slot, wrong, message", [
    ("--eleves", "ExportXML_Nomenclature.zip", "export « Élèves (avec ou sans adresses) » est"),
    ("--nomenclature", "dossiers.csv", "n'est pas un export « Nomenclature »"),
    ("--dossiers", "ExportXML_Nomenclature.zip", "Erreur :"),
    ("--responsables", "absent.xml", "introuvable"),
])
def test_unusable_input_writes_nothing(demo, tmp_path, slot, wrong, message):
    out = tmp_path / "sortie"
    done = run("export", *inputs(demo, **{slot: demo / wrong}), "--out", out)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not out.exists() or not any(out.iterdir())


def test_bad_completion_syntax_and_unknown_code(demo, tmp_path):
    done = run("export", *inputs(demo), "--out", tmp_path, "--option", "Chinois")
    assert done.returncode == 2 and "LIBELLE=CODE" in done.stderr
    done = run("export", *inputs(demo), "--out", tmp_path, "--option", "Chinois=123")
    assert done.returncode == 2 and "n'existe pas dans la nomenclature" in done.stderr
    assert not any(tmp_path.iterdir())


def test_partial_export_and_settings(demo, tmp_path):
    table = read_campagne(demo / "dossiers.csv").table
    ine = table["ine"].dropna().iloc[5]
    done = run("export", *inputs(demo), "--out", tmp_path, "--ine", ine, "--logiciel",
               "ECOLE", "--num-envoi", "12", "--encodage", "iso-8859-15")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(done.stdout.strip().splitlines()[-1]) as archive:
        xml = archive.read(archive.namelist()[0])
    assert xml.count(b"<ELEVE>") == 1 and ine.encode() in xml
    assert b"<LOGICIEL>ECOLE</LOGICIEL>" in xml and b"<NUM_ENVOI>12</NUM_ENVOI>" in xml
    assert b"ISO-8859-15" in xml[:60]


def test_verifier_prints_findings_and_writes_nothing(demo, tmp_path):
    done = run("verifier", *inputs(demo), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].lstrip("\ufeff") == (
        "ine;nom;prenom;lignes;regle;gravite;motif")
    assert "bloquant" in done.stdout
    assert not any(tmp_path.iterdir())


def test_modele_template_reads_back(demo, tmp_path):
    target = tmp_path / "modele.xlsx"
    done = run("modele", *inputs(demo, **{"--dossiers": None}), "--out", target)
    assert done.returncode == 0, done.stderr
    campagne = read_campagne(target)
    assert len(campagne.table) == 400 and not campagne.unknown_columns
    assert campagne.table["ine"].notna().all()


def test_without_dossiers_siecle_goes_out(demo, tmp_path):
    done = run("export", *inputs(demo, **{"--dossiers": None}), "--out", tmp_path)
    assert done.returncode == 0, done.stderr


def test_french_usage_errors():
    done = run("export")
    assert done.returncode == 2
    assert "utilisation :" in done.stderr and "arguments obligatoires manquants" in done.stderr
    assert "Retour des réinscriptions" in run("--aide").stdout
