"""Two checkouts' search side by side: is a change slower?

    python scripts/bench_search.py                        # build the databases once
    git worktree add /tmp/base <commit>                   # the code to compare against
    python scripts/bench_compare.py /tmp/base             # before: /tmp/base, after: this tree

One worker process per checkout imports that tree's imrdb and ``scripts/bench_search.py``
and opens the same databases (this tree's ``bench-data/`` and ``imrdb_bench_<n>``, so both
trees must have the same migrations' head); the queries are bench_search's. Each query is run
alternately by one worker and the other, so both meet the same machine load at the same
moment (on a busy machine that matters more than anything measured); prints the median ms
of each side.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("sqlite", "postgresql")


def serve(tree: str, n: int, pg_server: str) -> None:
    """The worker: runs query ``i`` on ``engine`` for each stdin line "engine i"."""
    sys.path.insert(0, tree)
    from sqlalchemy import select

    from imrdb.db.models import cases
    from scripts import bench_search as bench

    bench.ROOT = ROOT  # the databases of the tree that compares
    runners = {}
    for name in ENGINES:
        engine = (
            bench.sqlite_engine(n, False)
            if name == "sqlite"
            else bench.pg_engine(pg_server, n, False)
        )
        with engine.connect() as conn:
            numbers = list(conn.scalars(select(cases.c.case_number).limit(5000)))
        for i, (_label, spec) in enumerate(bench.QUERIES):
            runners[(name, i)] = bench.runner(engine, spec, numbers)
    print("ready", flush=True)
    for line in sys.stdin:
        name, i = line.split()
        started = time.perf_counter()
        found = runners[(name, int(i))]()
        print(f"{(time.perf_counter() - started) * 1000:.3f} {found}", flush=True)


class Worker:
    def __init__(self, tree: Path, args: argparse.Namespace):
        command = [
            sys.executable,
            __file__,
            "--serve",
            str(tree),
            "--decisions",
            str(args.decisions),
        ]
        command += ["--pg-server", args.pg_server]
        env = {**os.environ, "PYTHONPATH": str(tree)}
        self.process = subprocess.Popen(
            command, cwd=tree, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )
        assert self.process.stdin and self.process.stdout
        if self.process.stdout.readline().strip() != "ready":
            raise SystemExit(f"the worker for {tree} did not start")

    def run(self, engine: str, i: int) -> tuple[float, int]:
        self.process.stdin.write(f"{engine} {i}\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        ms, found = self.process.stdout.readline().split()  # type: ignore[union-attr]
        return float(ms), int(found)

    def close(self) -> None:
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", nargs="?", help="the checkout to compare against")
    parser.add_argument("--after", default=str(ROOT), help="default: this checkout")
    parser.add_argument("--decisions", type=int, default=100_000, help="default 100,000")
    parser.add_argument("--repeat", type=int, default=15, help="runs per query and side")
    parser.add_argument("--pg-server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.decisions, args.pg_server)
        return 0
    if not args.before:
        parser.error("give the checkout to compare against")
    sys.path.insert(0, str(ROOT))
    from scripts.bench_search import QUERIES

    sides = {"before": Worker(Path(args.before), args), "after": Worker(Path(args.after), args)}
    print(f"{args.decisions:,} decisions; median ms of {args.repeat} runs a side, alternating\n")
    heads = [f"{e} {s}" for e in ENGINES for s in sides]
    print("| query | hits | " + " | ".join(heads) + " |")
    print("|" + "---|" * (2 + len(heads)))
    for i, (label, _) in enumerate(QUERIES):
        cells, hits = [], 0
        for engine in ENGINES:
            found = {s: w.run(engine, i)[1] for s, w in sides.items()}  # warm-up
            hits = found["after"]
            times: dict[str, list[float]] = {s: [] for s in sides}
            for r in range(args.repeat):
                for s in list(sides) if r % 2 == 0 else list(reversed(sides)):
                    times[s].append(sides[s].run(engine, i)[0])
            cells += [f"{statistics.median(times[s]):.1f}" for s in sides]
        print(f"| {label} | {hits:,} | " + " | ".join(cells) + " |", flush=True)
    for worker in sides.values():
        worker.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
