"""Ingest speed against bare extraction, per extractor, on SQLite and PostgreSQL.

Usage: python scripts/bench_ingest.py [--generated 300] [--repeat 3] [--pdfminer-repeat 1]
                                      [--pg-url URL | --no-pg] [--only pdfminer|pdfium]

Corpus: the real letters in ../shared/real-letters plus N generated letters (every layout),
written once to a temporary folder. In one run, side by side:
  - bare extraction: ``extract_text`` over every file in this process, one core, nothing else;
  - ``imrdb ingest --jobs 1`` and ``--jobs 2`` with each extractor, on each engine, as a
    user runs it (a subprocess, a fresh database each time).
Figures are medians over the repeats (pdfminer, 30 times slower, is repeated less). For
ingest two rates are given: the whole run (``elapsed``), and the steady rate once the
workers are up (``steady``: without the pool's start-up, the figure a million letters see);
overhead and speed-up compare steady rates with bare extraction and with ``--jobs 1``.
The projection loads 1.5 million letters (about 6 million pages) at the ``--jobs 2`` rate.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from imrdb.extract import extract_text  # noqa: E402

REAL = ROOT.parent / "shared" / "real-letters"
ARCHIVE_LETTERS = 1_500_000
ARCHIVE_PAGES = 6_000_000
EXTRACTORS = ("pdfminer", "pdfium")


def build_corpus(folder: Path, generated: int) -> list[Path]:
    from scripts.generate_letters import write_corpus

    letters = folder / "letters"
    letters.mkdir()
    for pdf in sorted(REAL.glob("*.pdf")):
        (letters / pdf.name).write_bytes(pdf.read_bytes())
    write_corpus(letters / "generated", generated, seed=11)
    return sorted(letters.rglob("*.pdf"))


def bare(files: list[Path], extractor: str) -> dict:
    """Extraction alone, one process: the floor ingest is measured against."""
    data = [f.read_bytes() for f in files]
    extract_text(data[0], extractor)  # imports and first-use costs, as a worker has them
    pages, start, cpu = 0, time.perf_counter(), time.process_time()
    for blob in data:
        pages += extract_text(blob, extractor).pages
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    rate = len(data) / elapsed
    ms = 1000 / len(data)
    return {
        "letters": rate,
        "steady": rate,
        "pages_per_letter": pages / len(data),
        "extract_ms": cpu * ms,
        "parse_ms": 0.0,
        "parent_ms": 0.0,
    }


@contextmanager
def database(engine: str, folder: Path, pg_url: str) -> Iterator[str]:
    """A fresh database URL on ``engine``, removed afterwards."""
    if engine == "sqlite":
        path = folder / f"bench-{uuid.uuid4().hex[:8]}.sqlite"
        yield f"sqlite:///{path}"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    name = f"imrdb_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def ingest(url: str, folder: Path, extractor: str, jobs: int) -> dict:
    """``imrdb ingest`` as a user runs it; the schema is made first, outside the timing."""
    imrdb = [sys.executable, "-m", "imrdb", "--db", url]
    subprocess.run([*imrdb, "db", "upgrade"], check=True, capture_output=True)
    command = [*imrdb, "ingest", "--format", "json", "--extractor", extractor]
    command += ["--jobs", str(jobs), str(folder)]
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    if result["failed"]:
        raise SystemExit(f"{result['failed']} letters failed to ingest: see imrdb failures")
    ms = 1000 / result["read"]
    return {
        "letters": result["letters_per_second"],
        "steady": result["steady_letters_per_second"],
        "pages_per_letter": result["pages"] / result["read"],
        "extract_ms": result["extract_seconds"] * ms,
        "parse_ms": result["parse_seconds"] * ms,
        "parent_ms": result["parent_seconds"] * ms,
    }


def export(url: str) -> list[str]:
    command = [sys.executable, "-m", "imrdb", "--db", url, "export", "--format", "jsonl"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()


def measure(
    args, files: list[Path], folder: Path, exports: dict[str, list[str]]
) -> dict[tuple, list[dict]]:
    """Every figure, ``repeat`` times, the runs of one repeat side by side; the records of
    one ingest per extractor go to ``exports``."""
    engines = ["sqlite"] + ([] if args.no_pg else ["postgresql"])
    results: dict[tuple, list[dict]] = {}

    def fresh_ingest(engine: str, extractor: str, jobs: int) -> dict:
        with database(engine, folder, args.pg_url) as url:
            run = ingest(url, folder / "letters", extractor, jobs)
            if engine == "sqlite" and jobs == 1 and extractor not in exports:
                exports[extractor] = export(url)
            return run

    for extractor in [args.only] if args.only else EXTRACTORS:
        repeat = args.pdfminer_repeat if extractor == "pdfminer" else args.repeat
        steps: list[tuple[tuple, Callable[[], dict]]] = [
            ((extractor, "-", "bare"), partial(bare, files, extractor))
        ]
        steps += [
            ((extractor, engine, f"jobs {jobs}"), partial(fresh_ingest, engine, extractor, jobs))
            for engine in engines
            for jobs in (1, 2)
        ]
        for n in range(repeat):
            for key, step in steps:
                run = step()
                results.setdefault(key, []).append(run)
                print(
                    f"  {' '.join(key):<28} {n + 1}/{repeat}: {run['letters']:6.1f} letters/s,"
                    f" steady {run['steady']:6.1f}",
                    file=sys.stderr,
                )
    return results


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds < 72 * 3600 else f"{seconds / 86400:.1f} days"


def table(results: dict[tuple, list[dict]]) -> list[str]:
    lines = [
        "| extractor | engine | run | letters/s | steady letters/s (range) | steady pages/s "
        "| vs bare extraction | jobs 2 / jobs 1 | 1.5M letters, 6M pages |",
        "|" + "---|" * 9,
    ]
    for (extractor, engine, run), runs in results.items():
        steady = median_of(runs, "steady")
        values = [r["steady"] for r in runs]
        spread = f" ({min(values):.0f}-{max(values):.0f})" if len(values) > 1 else ""
        pages = steady * median_of(runs, "pages_per_letter")
        floor = median_of(results[(extractor, "-", "bare")], "steady")
        versus = speedup = projection = ""
        if run != "bare":
            versus = f"{steady / floor - 1:+.0%}"
        if run == "jobs 2":
            one = median_of(results[(extractor, engine, "jobs 1")], "steady")
            speedup = f"{steady / one:.2f}x"
            projection = hours(ARCHIVE_PAGES / pages)
        lines.append(
            f"| {extractor} | {engine} | {run} | {median_of(runs, 'letters'):.1f} "
            f"| {steady:.1f}{spread} | {pages:.0f} | {versus} | {speedup} | {projection} |"
        )
    return lines


def cpu_table(results: dict[tuple, list[dict]]) -> list[str]:
    """Where the CPU goes, per letter: stable when the machine's load makes rates noisy.
    The bounds follow: with one worker the worker extracts while the parent parses and
    stores on the other core, so one worker cannot beat the slower of the two; two cores
    cannot beat 2 / (extract + parse + parent), the database server's own work not counted. The
    projection spends the extraction cost per page on 6M pages and the rest per letter on
    1.5M letters, over two cores."""
    lines = [
        "| extractor | engine | run | extract ms | parse ms | parent ms "
        "| jobs 1 bound vs bare | 2-core bound / jobs 1 bound | 1.5M letters, 2 cores, CPU-bound |",
        "|" + "---|" * 9,
    ]
    for (extractor, engine, run), runs in results.items():
        if run == "jobs 2":
            continue
        extract, parse = median_of(runs, "extract_ms"), median_of(runs, "parse_ms")
        parent = median_of(runs, "parent_ms")
        versus = bound = projection = ""
        if run != "bare":
            floor = median_of(results[(extractor, "-", "bare")], "extract_ms")
            one_worker = max(extract, parse + parent)
            versus = f"{floor / one_worker - 1:+.0%}"
            bound = f"{2 * one_worker / (extract + parse + parent):.2f}x"
            per_page = extract / median_of(runs, "pages_per_letter")
            cpu_ms = ARCHIVE_PAGES * per_page + ARCHIVE_LETTERS * (parse + parent)
            projection = hours(cpu_ms / 1000 / 2)
        lines.append(
            f"| {extractor} | {engine} | {run} | {extract:.1f} | {parse:.1f} | {parent:.1f} "
            f"| {versus} | {bound} | {projection} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=300, help="generated letters")
    parser.add_argument("--repeat", type=int, default=3, help="runs per pdfium figure")
    parser.add_argument("--pdfminer-repeat", type=int, default=1, help="runs per pdfminer figure")
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--only", choices=EXTRACTORS, help="one extractor only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="imrdb-bench-") as tmp:
        folder = Path(tmp)
        files = build_corpus(folder, args.generated)
        pages = sum(extract_text(f.read_bytes(), "pdfium").pages for f in files)
        started = time.perf_counter()
        exports: dict[str, list[str]] = {}
        results = measure(args, files, folder, exports)
        minutes = (time.perf_counter() - started) / 60
    print(
        f"{len(files)} letters ({len(files) - args.generated} real, {args.generated} generated),"
        f" {pages} pages; medians of {args.repeat} runs (pdfium), {args.pdfminer_repeat}"
        f" (pdfminer); measured in {minutes:.0f} min\n"
    )
    print("\n".join(table(results)))
    print(
        "\nCPU per letter (process time; with one worker, the parent parses and stores while"
        " the worker extracts):\n"
    )
    print("\n".join(cpu_table(results)))
    if len(exports) == 2:
        a, b = exports.values()
        differ = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
        verdict = "identical" if not differ else f"{differ} of {max(len(a), len(b))} differ"
        print(f"\nrecords stored with pdfminer and with pdfium: {verdict}")


if __name__ == "__main__":
    main()
