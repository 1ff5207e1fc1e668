"""Time and memory of each step of a send, on demo schools of several sizes.

    python benchmarks/bench.py                 # 600, 3 000 and 30 000 students
    python benchmarks/bench.py 600 3000        # chosen sizes
    python benchmarks/bench.py --profil 3000   # where the time goes (cProfile), one size

Each size is generated once into a temporary folder, then measured in a fresh process (so
that the resident-memory high-water mark belongs to that size alone): the times are the best
of a few runs, with the growth of the resident memory (``ru_maxrss``) of the first; then one
more run under ``tracemalloc`` gives the peak of Python's own allocations (lxml's trees live
outside it, hence both). The floor is what any program reading these files and writing this
output pays, measured in the same process: lxml parsing the three XML exports, then parsing
and serialising the produced XML. Prints Markdown tables (French, for the README).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = (600, 3_000, 30_000)
EXPORTS = ("Nomenclature.xml", "ElevesAvecAdresses.xml", "ResponsablesAvecAdresses.xml")
PHASES = (
    ("lecture", "Lecture des trois exports"),
    ("campagne", "Lecture de la campagne (CSV)"),
    ("dossiers", "Rapprochement et vérification"),
    ("export", "Écriture et validation"),
)
TARGET_SECONDS = 2.0  # 3 000 students, end to end
TARGET_FLOOR = 3.0  # 3 000 students: at most this many times the floor
TARGET_SCALE = 10.0  # 30 000 students: at most this many times the 3 000 figure
TARGET_MEMORY = 10.0  # peak memory: at most this many times the inputs' size
REPETITIONS = 3  # times measured per size: the best run is kept
MB = 1e6


def _rss_bytes() -> int:
    """High-water mark of the resident memory (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _steps(folder: Path):
    from retour.campagne import read_campagne
    from retour.pipeline import Retour
    from retour.siecle import read_eleves, read_nomenclature, read_responsables

    state: dict = {}

    def lecture():
        state["exports"] = (read_nomenclature(folder / EXPORTS[0]),
                            read_eleves(folder / EXPORTS[1]),
                            read_responsables(folder / EXPORTS[2]))

    def campagne():
        state["campagne"] = read_campagne(folder / "dossiers.csv")

    def dossiers():
        state["retour"] = Retour(*state["exports"], state["campagne"])
        state["retour"].dossiers

    def export():
        state["resultat"] = state["retour"].exporter(None)

    return state, {"lecture": lecture, "campagne": campagne, "dossiers": dossiers,
                   "export": export}


def _floor(folder: Path, xml: bytes) -> float:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    start = time.perf_counter()
    for name in EXPORTS:
        etree.fromstring((folder / name).read_bytes(), parser)
    etree.tostring(etree.fromstring(xml, parser), xml_declaration=True, encoding="UTF-8")
    return time.perf_counter() - start


def measure(folder: Path, repetitions: int = REPETITIONS) -> dict:
    """One size, in this process: seconds and memory of each phase, and the floor.

    Times are the best of ``repetitions`` runs (the machine's other work only ever adds
    time); the growth of the resident memory is that of the first run.
    """
    import retour.pipeline  # noqa: F401  (imports are not part of any phase)

    result: dict = {"phases": {key: {"secondes": float("inf")} for key, _ in PHASES}}
    gc.collect()
    base = _rss_bytes()
    for run in range(repetitions):
        state, steps = _steps(folder)
        for key, step in steps.items():
            before = _rss_bytes()
            start = time.perf_counter()
            step()
            phase = result["phases"][key]
            phase["secondes"] = min(phase["secondes"], time.perf_counter() - start)
            if run == 0:
                phase["rss"] = _rss_bytes() - before
        if run == 0:
            result["rss"] = _rss_bytes() - base
            result["envoyes"] = state["resultat"].envoyes
            xml = state["resultat"].xml
        state.clear()
        gc.collect()
    result["plancher"] = min(_floor(folder, xml) for _ in range(repetitions))
    result["entrees"] = sum((folder / n).stat().st_size for n in EXPORTS + ("dossiers.csv",))

    state, steps = _steps(folder)  # again, under tracemalloc, for Python's allocations
    tracemalloc.start()
    for key, step in steps.items():
        tracemalloc.reset_peak()
        step()
        result["phases"][key]["tracemalloc"] = tracemalloc.get_traced_memory()[1]
    result["tracemalloc"] = max(p["tracemalloc"] for p in result["phases"].values())
    tracemalloc.stop()
    return result


def profile(folder: Path, lines: int = 30) -> None:
    state, steps = _steps(folder)
    for key, step in steps.items():
        profiler = cProfile.Profile()
        profiler.enable()
        step()
        profiler.disable()
        print(f"\n## {key}\n")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(lines)


def _run_child(folder: Path, repetitions: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--une-taille", str(folder),
                           "--repetitions", str(repetitions)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _table(sizes: list[int], results: dict[int, dict]) -> str:
    head = "| étape | " + " | ".join(f"{n:_} élèves".replace("_", " ") for n in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    rows = [head, rule]
    for key, label in PHASES:
        cells = []
        for n in sizes:
            phase = results[n]["phases"][key]
            cells.append(f"{phase['secondes']:.2f} s · {phase['tracemalloc'] / MB:.0f} Mo py · "
                         f"+{phase['rss'] / MB:.0f} Mo RSS")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    total = [f"**{sum(p['secondes'] for p in results[n]['phases'].values()):.2f} s**"
             for n in sizes]
    rows.append("| **Total** | " + " | ".join(total) + " |")
    rows.append("| Plancher (lxml : 3 exports + XML produit) | "
                + " | ".join(f"{results[n]['plancher']:.2f} s" for n in sizes) + " |")
    rows.append("| Total / plancher | " + " | ".join(
        f"{_total(results[n]) / results[n]['plancher']:.1f} ×" for n in sizes) + " |")
    rows.append("| Taille des entrées (3 XML + CSV) | "
                + " | ".join(f"{results[n]['entrees'] / MB:.1f} Mo" for n in sizes) + " |")
    rows.append("| Mémoire : pic Python · croissance RSS | " + " | ".join(
        f"{results[n]['tracemalloc'] / MB:.0f} Mo · {results[n]['rss'] / MB:.0f} Mo"
        for n in sizes) + " |")
    rows.append("| Mémoire / entrées (le plus grand des deux) | " + " | ".join(
        f"{_memory(results[n]) / results[n]['entrees']:.1f} ×" for n in sizes) + " |")
    return "\n".join(rows)


def _total(result: dict) -> float:
    return sum(p["secondes"] for p in result["phases"].values())


def _memory(result: dict) -> float:
    return max(result["tracemalloc"], result["rss"])


def _targets(results: dict[int, dict]) -> str:
    lines = ["| objectif | mesure | atteint |", "|---|---:|:---:|"]

    def add(label: str, value: str, ok: bool) -> None:
        lines.append(f"| {label} | {value} | {'oui' if ok else 'non'} |")

    if 3_000 in results:
        total = _total(results[3_000])
        add(f"3 000 élèves de bout en bout en moins de {TARGET_SECONDS:.0f} s",
            f"{total:.2f} s", total < TARGET_SECONDS)
        ratio = total / results[3_000]["plancher"]
        add(f"3 000 élèves : au plus {TARGET_FLOOR:.0f} × le plancher", f"{ratio:.1f} ×",
            ratio <= TARGET_FLOOR)
    if 3_000 in results and 30_000 in results:
        scale = _total(results[30_000]) / _total(results[3_000])
        add(f"30 000 élèves : au plus {TARGET_SCALE:.0f} × le temps de 3 000",
            f"{scale:.1f} ×", scale <= TARGET_SCALE)
    for n, result in sorted(results.items()):
        ratio = _memory(result) / result["entrees"]
        add(f"{n:_} élèves : mémoire au plus {TARGET_MEMORY:.0f} × les entrées".replace(
            "_", " "), f"{ratio:.1f} ×", ratio <= TARGET_MEMORY)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tailles", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--profil", action="store_true", help="cProfile de chaque étape")
    parser.add_argument("--repetitions", type=int, default=REPETITIONS,
                        help=f"mesures par taille, la meilleure gardée ({REPETITIONS})")
    parser.add_argument("--une-taille", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.une_taille:
        print(json.dumps(measure(args.une_taille, args.repetitions)))
        return 0

    from retour.demo import generate

    results = {}
    with tempfile.TemporaryDirectory(prefix="retour-bench-") as tmp:
        for size in sorted(args.tailles):
            folder = Path(tmp) / str(size)
            print(f"… {size} élèves : génération", file=sys.stderr, flush=True)
            generate(folder, eleves=size)
            if args.profil:
                profile(folder)
                continue
            print(f"… {size} élèves : mesure", file=sys.stderr, flush=True)
            results[size] = _run_child(folder, args.repetitions)
    if args.profil:
        return 0
    print(f"Python {sys.version.split()[0]}, {sys.platform}, meilleur de "
          f"{args.repetitions} mesures\n")
    print(_table(sorted(results), results))
    print()
    print(_targets(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
