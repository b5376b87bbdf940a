"""Export speed and memory: `imrdb export` of 100,000 and 1,000,000 decisions.

Usage: python scripts/bench_export.py [--decisions 100000 1000000] [--formats csv parquet]
                                      [--dir DIR] [--engines sqlite postgresql]

Builds (once, then reuses) a database per size from the seeded letter generator (the smaller
one is a prefix of the larger), then runs ``python -m imrdb export`` as a subprocess per
format, reading its stdout as a user's pipe would. For each run: wall time, time to the
first byte (streaming starts at once), and the peak resident memory of the export process
(``ru_maxrss``, taken by a small launcher). Flat memory shows as the same peak at both sizes.
``--engines sqlite postgresql`` also runs PostgreSQL (``--pg-server``, the local server by
default), in databases named imrdb_bench_export_<size>.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from imrdb.db.engine import open_database, write_transaction  # noqa: E402
from imrdb.db.models import cases as cases_t  # noqa: E402
from imrdb.db.models import decisions as decisions_t  # noqa: E402
from imrdb.db.store import SourceDocument  # noqa: E402
from imrdb.ingest import save  # noqa: E402
from scripts.generate_letters import generate  # noqa: E402

SEED = 2024
BATCH = 2000  # letters per transaction while building
LETTERS_CAP = 10_000_000  # generate() is lazy; the build stops at the wanted decisions


def _letters(decisions: int, skip: int, have: int) -> Iterator[tuple]:
    """Generated letters after the first ``skip`` until ``decisions`` decisions in all
    (``have`` already stored; the last letter may pass the number)."""
    total = have
    for i, letter in enumerate(generate(LETTERS_CAP, SEED)):
        if i < skip:
            continue
        if total >= decisions:
            return
        total += len(letter.record.decisions)
        sha = hashlib.sha256(f"bench-export-{SEED}-{i}".encode()).hexdigest()
        yield (
            SourceDocument(sha, letter.file_name, "generated", size=0, pages=1),
            letter.record,
        )


def stored(url: str) -> tuple[int, int]:
    """(cases, decisions) in the database, migrated to head first."""
    engine = open_database(url)
    with engine.connect() as conn:
        cases = conn.scalar(select(func.count()).select_from(cases_t)) or 0
        decisions = conn.scalar(select(func.count()).select_from(decisions_t)) or 0
    engine.dispose()
    return cases, decisions


def build(url: str, decisions: int) -> int:
    """The database at ``url`` with ``decisions`` generated decisions: built, or completed
    where an earlier build stopped (letters are stored in order, a batch per transaction)."""
    cases, have = stored(url)
    if have >= decisions:
        return have
    engine = open_database(url)
    start, batch, added = time.perf_counter(), [], 0
    for letter in _letters(decisions, cases, have):
        batch.append(letter)
        if len(batch) == BATCH:
            added += _store(engine, batch)
            batch = []
            rate = added / (time.perf_counter() - start)
            print(
                f"  building: {have + added:,} decisions ({rate:,.0f}/s)", file=sys.stderr, end="\r"
            )
    added += _store(engine, batch)
    with engine.connect() as conn:  # planner statistics for the finished tables (both engines)
        conn.execute(text("ANALYZE"))
        conn.commit()
    engine.dispose()
    print(
        f"  built {have + added:,} decisions in {time.perf_counter() - start:,.0f} s",
        file=sys.stderr,
    )
    return have + added


def _store(engine, batch) -> int:
    if not batch:
        return 0
    with write_transaction(engine) as conn:
        save.save_letters(conn, batch, parser_version="bench")
    return sum(len(record.decisions) for _, record in batch)


# The export runs under a small launcher that reports its peak RSS. Linux carries a process's
# peak across fork and exec, so a child forked straight from this process (large after a
# build) would report this process's size, not its own.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(usage.ru_maxrss, file=sys.stderr)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def measure(url: str, fmt: str, out: Path) -> dict:
    """Run one export as a user would (stdout to a pipe); time it and take its peak RSS."""
    command = [sys.executable, "-m", "imrdb", "--db", url, "export", "--format", fmt]
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    with out.open("wb") as sink:
        first = proc.stdout.read1(1 << 16)
        first_byte = time.perf_counter() - start
        sink.write(first)
        while chunk := proc.stdout.read1(1 << 20):
            sink.write(chunk)
    errors = proc.stderr.read().decode()
    wall = time.perf_counter() - start
    if proc.wait() != 0:
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}: {errors[-500:]}")
    return {
        "seconds": wall,
        "first_byte": first_byte,
        "peak_mb": int(errors.split()[-1]) / 1024,  # Linux reports kilobytes
        "size_mb": out.stat().st_size / 1e6,
    }


def pg_database(server: str, name: str) -> str:
    """A PostgreSQL database ``name`` on ``server`` (created if missing); its URL."""
    admin_url = make_url(server).set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "parquet"])
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "imrdb-bench-export"
    )
    parser.add_argument(
        "--engines", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite"]
    )
    parser.add_argument(
        "--pg-server",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="PostgreSQL server for --engines postgresql",
    )
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)

    urls = {
        "SQLite": lambda size: f"sqlite:///{args.dir / f'export-{size}.sqlite'}",
        "PostgreSQL": lambda size: pg_database(args.pg_server, f"imrdb_bench_export_{size}"),
    }
    engines = [(name, url_of) for name, url_of in urls.items() if name.lower() in args.engines]
    print(
        "| engine | decisions | format | time (s) | decisions/s | first byte (s) "
        "| peak RSS (MB) | output (MB) |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for engine_name, url_of in engines:
        for size in sorted(args.decisions):
            url = url_of(size)
            print(f"{engine_name}, {size:,} decisions:", file=sys.stderr)
            n = build(url, size)
            # Migrate now (a new schema revision may backfill), so no run below includes it.
            subprocess.run(
                [sys.executable, "-m", "imrdb", "--db", url, "db", "upgrade"],
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            for fmt in args.formats:
                m = measure(url, fmt, args.dir / f"export-{engine_name}-{size}.{fmt}")
                print(
                    f"| {engine_name} | {n:,} | {fmt} | {m['seconds']:.1f} "
                    f"| {n / m['seconds']:,.0f} | {m['first_byte']:.2f} | {m['peak_mb']:.0f} "
                    f"| {m['size_mb']:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
