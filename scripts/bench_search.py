"""Search latency on SQLite and PostgreSQL over N generated decisions.

    python scripts/bench_search.py                  # 100,000 decisions, both engines
    python scripts/bench_search.py --million        # 1,000,000 decisions
    python scripts/bench_search.py --engine sqlite --decisions 3500000 --repeat 5 \
        --data-dir /work/bench-data

Builds (or reuses, when it already holds the decisions) a database per engine, then runs
each benchmark query through the library calls the CLI makes (``search``, ``facets_only``,
``read.load_case`` + the case view) and prints p50/p95 latency in milliseconds, with each
database's size and build time. The build (:mod:`scripts.bench_search_build`) stores up to
``--pool`` generated letters' decisions the way ingest does and copies them in SQL up to N,
with the full-text index built once at the end. Letters are stored with a one-line document
text: whole-letter search is not measured here. SQLite files live in ``--data-dir``;
PostgreSQL databases are ``imrdb_bench_<n>`` at --pg-server; --rebuild starts afresh.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine, make_url

from imrdb.db import read
from imrdb.db.engine import open_database
from imrdb.db.models import cases, decisions
from imrdb.present import case_view
from imrdb.search import SearchRequest, facets_only, search
from scripts import bench_search_build, bench_search_profile

ROOT = Path(__file__).resolve().parents[1]

# (label, what it runs): the list, in its order.
QUERIES: list[tuple[str, dict]] = [
    ("common term: pain", {"search": SearchRequest("pain")}),
    ('phrase: "physical therapy"', {"search": SearchRequest('"physical therapy"')}),
    ("rare term: tapentadol", {"search": SearchRequest("tapentadol")}),
    (
        "facet block + upheld + ODG",
        {"search": SearchRequest("facet block", {"outcome": ["upheld"], "guideline": ["ODG"]})},
    ),
    ("facets over a common term: pain", {"facets": SearchRequest("pain")}),
    # Where facet counting's cost per hit crosses 200 ms: a term in ~15% of decisions.
    ("facets over a frequent term: drug", {"facets": SearchRequest("drug")}),
    ("facets over everything", {"facets": SearchRequest("")}),
    # Filters said on the facet key count from the index alone too.
    ("facets over pain + upheld", {"facets": SearchRequest("pain", {"outcome": ["upheld"]})}),
    ("facets over everything upheld", {"facets": SearchRequest("", {"outcome": ["upheld"]})}),
    # The taxonomy is in the facet key too: its filters count from the index alone.
    (
        "facets over pain + opioids",
        {"facets": SearchRequest("pain", {"subcategory": ["opioids"]})},
    ),
    ("show a case", {"show": True}),
]


def count_decisions(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(decisions)) or 0


def size_bytes(engine: Engine) -> int:
    """The database's size on disk (SQLite: the file and its WAL)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            return conn.scalar(text("SELECT pg_database_size(current_database())")) or 0
    path = engine.url.database or ""
    return sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )


def pg_engine(server: str, n_decisions: int, rebuild: bool) -> Engine:
    name = f"imrdb_bench_{n_decisions}"
    admin = create_engine(
        make_url(server).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists and rebuild:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            exists = None
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return open_database(make_url(server).set(database=name).render_as_string(False), mapped=True)


def sqlite_engine(n_decisions: int, rebuild: bool, data: Path | None = None) -> Engine:
    path = (data or ROOT / "bench-data") / f"search-{n_decisions}.sqlite"
    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return open_database(str(path), mapped=True)


def runner(engine: Engine, spec: dict, case_numbers: list[str]) -> Callable[[], int]:
    """A function running one benchmark query once; returns what it found (hits, cases)."""
    picks = random.Random(7)

    def run() -> int:
        with engine.connect() as conn:
            if "search" in spec:
                return search(conn, spec["search"]).total
            if "facets" in spec:
                return facets_only(conn, spec["facets"]).total
            record = read.load_case(conn, picks.choice(case_numbers))
            case_view.render(record)
            return 1

    return run


def measure(run: Callable[[], int], repeat: int) -> tuple[int, float, float]:
    found = run()  # warm-up: caches as a user's second query finds them
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return found, statistics.median(times), p95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=100_000, help="default 100,000")
    parser.add_argument("--million", action="store_true", help="1,000,000 decisions")
    parser.add_argument(
        "--engine",
        action="append",
        choices=["sqlite", "postgresql"],
        help="only this engine (repeatable; default both)",
    )
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query")
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--pg-server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the databases")
    parser.add_argument(
        "--pool",
        type=int,
        default=bench_search_build.POOL,
        help="distinct generated decisions; beyond, copies (default 250,000)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print each query's statements and plans"
    )
    parser.add_argument(
        "--only", action="append", help="only the queries whose label contains this"
    )
    parser.add_argument(
        "--data-dir", type=Path, default=ROOT / "bench-data", help="where SQLite files go"
    )
    args = parser.parse_args(argv)
    n = 1_000_000 if args.million else args.decisions
    results: dict[str, dict[str, tuple[int, float, float]]] = {}
    built: dict[str, str] = {}
    for name in args.engine or ["sqlite", "postgresql"]:
        engine = (
            sqlite_engine(n, args.rebuild, args.data_dir)
            if name == "sqlite"
            else pg_engine(args.pg_server, n, args.rebuild)
        )
        minutes = "reused"
        if count_decisions(engine) < n:
            print(f"{name}: building {n:,} decisions ...", file=sys.stderr)
            seconds = bench_search_build.build(engine, n, args.seed, args.pool)
            minutes = f"built in {seconds / 60:.1f} min"
            print(f"{name}: {minutes}", file=sys.stderr)
        built[name] = f"{name}: {size_bytes(engine) / 1e9:.2f} GB, {minutes}"
        with engine.connect() as conn:
            numbers = list(conn.scalars(select(cases.c.case_number).limit(5000)))
        chosen = [
            (label, spec)
            for label, spec in QUERIES
            if not args.only or any(part in label for part in args.only)
        ]
        results[name] = {
            label: measure(runner(engine, spec, numbers), args.repeat) for label, spec in chosen
        }
        if args.profile:
            for label, spec in chosen:
                print(
                    bench_search_profile.report(
                        engine, f"{name}: {label}", runner(engine, spec, numbers)
                    )
                )
        engine.dispose()
    print(f"\n{n:,} decisions; ms over {args.repeat} runs after one warm-up")
    print("; ".join(built.values()) + "\n")
    engines = list(results)
    header = "| query | hits | " + " | ".join(f"{e} p50 | {e} p95" for e in engines) + " |"
    print(header)
    print("|" + "---|" * (2 + 2 * len(engines)))
    for label in results[engines[0]]:
        found = results[engines[0]][label][0]
        cells = " | ".join(
            f"{results[e][label][1]:.1f} | {results[e][label][2]:.1f}" for e in engines
        )
        print(f"| {label} | {found:,} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
