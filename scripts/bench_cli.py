"""Whole-process start-up of the command line, side by side with a bare interpreter.

    python scripts/bench_cli.py                       # the 97 real letters, SQLite, 7 rounds
    python scripts/bench_cli.py --db postgresql://postgres@127.0.0.1/imrdb_cli --rounds 9

Ingests ``../shared/real-letters`` (pdfium) into a fresh database in a temporary folder
(or into ``--db``), then times whole processes, each as a user's shell starts it:
``python -c "import sqlalchemy, click"`` (the floor: imrdb's two unavoidable libraries),
``imrdb search pain --facets``, ``imrdb show CM16-0213037`` and ``imrdb --help``.
The commands take turns in every round, so a busy machine slows them alike, and the
medians are compared: the issue's bar is 1.5x the bare interpreter (wall clock). Each
process's CPU time (user + system) is shown too: on a machine others are using it moves
far less than the wall clock does.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_LETTERS = Path(os.environ.get("IMRDB_SHARED", ROOT.parent / "shared")) / "real-letters"
CASE = "CM16-0213037"
BAR = 1.5


def _imrdb() -> list[str]:
    script = Path(sys.executable).parent / "imrdb"
    return [str(script)] if script.exists() else [sys.executable, "-m", "imrdb"]


def commands(db: str) -> dict[str, list[str]]:
    imrdb = [*_imrdb(), "--db", db]
    return {
        "bare: python -c 'import sqlalchemy, click'": [
            sys.executable,
            "-c",
            "import sqlalchemy, click",
        ],
        "imrdb search pain --facets": [*imrdb, "search", "pain", "--facets"],
        f"imrdb show {CASE}": [*imrdb, "show", CASE],
        "imrdb --help": [*imrdb, "--help"],
    }


# As a user's shell runs it: bytecode is cached (the warm-up run writes it), whatever this
# shell says; PYTHONDONTWRITEBYTECODE would make every run compile imrdb's sources again.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _once(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=_ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def measure(db: str, rounds: int, cwd: Path) -> dict[str, list[tuple[float, float]]]:
    runs = commands(db)
    for command in runs.values():  # warm the file cache and check every command works
        _once(command, cwd)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, command in runs.items():
            times[name].append(_once(command, cwd))
    return times


def _size(db: str) -> str:
    done = subprocess.run(
        [*_imrdb(), "--db", db, "report", "--by", "year", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    totals = json.loads(done.stdout)["totals"]
    return f"{totals['decisions']} decisions"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database to use (default: a fresh SQLite file)")
    parser.add_argument("--rounds", type=int, default=7, help="runs of each (default 7)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        db = args.db or str(cwd / "real.sqlite")
        ingest = [*_imrdb(), "--db", db, "ingest", str(REAL_LETTERS), "--extractor", "pdfium"]
        subprocess.run(ingest, check=True, stdout=subprocess.DEVNULL)
        print(f"database: {db} ({_size(db)}, the 97 real letters); {args.rounds} rounds")
        times = measure(db, args.rounds, cwd)
    walls = {name: [w for w, _ in values] for name, values in times.items()}
    cpus = {name: [c for _, c in values] for name, values in times.items()}
    bare_wall = statistics.median(next(iter(walls.values())))
    bare_cpu = statistics.median(next(iter(cpus.values())))
    print("| command | wall median s (min-max) | vs bare | CPU median s | vs bare |")
    print("|---|---|---|---|---|")
    for name in times:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(
            f"| {name} | {wall:.3f} ({min(walls[name]):.3f}-{max(walls[name]):.3f}) "
            f"| {wall / bare_wall:.2f}x | {cpu:.3f} | {cpu / bare_cpu:.2f}x |"
        )
    slow = [
        name
        for name in times
        if name.startswith("imrdb s") and statistics.median(walls[name]) > BAR * bare_wall
    ]
    if slow:
        print(f"over {BAR}x the bare interpreter: {', '.join(slow)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
