"""Load on ``imrdb serve``: visitors reading pages, then the throughput at saturation.

    python scripts/bench_serve.py --db /work/bench-data/serve-1000000.sqlite
    python scripts/bench_serve.py --db postgresql://postgres@127.0.0.1/imrdb_serve_100000
    python scripts/bench_serve.py --db bench-data/small.sqlite --build 20000 --duration 20

Starts ``imrdb serve`` (the real command, one process) on 127.0.0.1 at a free port, then:

1. *Visitors*: ``--visitors`` (20) people, each waiting 1-3 s between requests as a person
   reading does, for ``--duration`` seconds (at most ``--max-requests`` in all). Each step
   is a search (a query from a list, sometimes with a filter), a facet click (a link out of
   the sidebar of the page they are on) or a case page (a hit of that page).
2. *Saturation*: the same visitors with no waiting, for ``--saturation`` seconds: the
   requests per second the server sustains.

Prints p50/p95/max latency per kind and overall, the errors (any status but 200, or a
timeout), and the throughput. Traffic goes to 127.0.0.1 only; both phases are bounded in
time and in requests. ``--build N`` first fills an empty database with N generated
decisions (the search benchmark's letters, scripts/bench_search.py).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

QUERIES = [
    "pain",
    "physical therapy",
    '"physical therapy"',
    "facet block",
    "norco",
    "tramadol",
    "mri lumbar",
    "acupuncture",
    "chiropractic",
    "epidural steroid injection",
    "tens unit",
    "knee",
    "shoulder surgery",
    "urine drug screen",
    "gabapentin",
    "functional restoration program",
    "home health",
    "",
]
FILTERS = [
    None,
    None,
    ("outcome", "upheld"),
    ("outcome", "overturned"),
    ("guideline", "ODG"),
    ("guideline", "MTUS"),
    ("year", "2015"),
    ("category", "pharmaceuticals"),
]
_FACET_LINK = re.compile(r'<section class="facet"[\s\S]*?</section>')
_HREF = re.compile(r'href="(/\?[^"]*)"')
_CASE = re.compile(r'href="(/cases/[^"#]+)')
REQUEST_TIMEOUT = 30.0


@dataclass
class Visitor:
    rng: random.Random
    page: str = ""  # the HTML of the last search page seen
    timings: list[tuple[str, float, int]] = field(default_factory=list)

    def next_step(self) -> tuple[str, str]:
        """(kind, path) of the next request, from what the visitor sees."""
        roll = self.rng.random()
        if self.page and roll < 0.35:
            links = [h for block in _FACET_LINK.findall(self.page) for h in _HREF.findall(block)]
            if links:
                return "facet click", unescape(self.rng.choice(links))
        if self.page and roll < 0.7:
            cases = _CASE.findall(self.page)
            if cases:
                return "case page", unescape(self.rng.choice(cases))
        query = self.rng.choice(QUERIES)
        params = {"q": query} if query else {}
        chosen = self.rng.choice(FILTERS)
        if chosen:
            params[chosen[0]] = chosen[1]
        return "search", "/?" + str(httpx.QueryParams(params))


async def _visit(
    client: httpx.AsyncClient,
    visitor: Visitor,
    until: float,
    think: tuple[float, float],
    budget: list[int],
) -> None:
    while time.monotonic() < until and budget[0] > 0:
        budget[0] -= 1
        kind, path = visitor.next_step()
        started = time.perf_counter()
        try:
            answer = await client.get(path)
            status = answer.status_code
            if kind != "case page" and status == 200:
                visitor.page = answer.text
        except httpx.HTTPError:
            status = -1
        visitor.timings.append((kind, (time.perf_counter() - started) * 1000, status))
        if think[1]:
            await asyncio.sleep(visitor.rng.uniform(*think))


async def run_phase(
    base: str, visitors: int, seconds: float, think: tuple[float, float], max_requests: int
) -> tuple[list[tuple[str, float, int]], float]:
    """All requests' (kind, ms, status) and the phase's wall time."""
    limits = httpx.Limits(max_connections=visitors, max_keepalive_connections=visitors)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as client:
        crowd = [Visitor(random.Random(i)) for i in range(visitors)]
        budget = [max_requests]
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(_visit(client, v, until, think, budget) for v in crowd))
        wall = time.monotonic() - started
    return [t for v in crowd for t in v.timings], wall


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(timings: list[tuple[str, float, int]], wall: float) -> list[str]:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, ms, _ in timings:
        by_kind[kind].append(ms)
    by_kind["all"] = [ms for _, ms, _ in timings]
    errors = [(k, s) for k, _, s in timings if s != 200]
    lines = ["| requests | kind | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    for kind in ("search", "facet click", "case page", "all"):
        values = by_kind.get(kind)
        if values:
            lines.append(
                f"| {len(values):,} | {kind} | {statistics.median(values):.0f} | "
                f"{_percentile(values, 0.95):.0f} | {max(values):.0f} |"
            )
    lines.append(
        f"\n{len(timings):,} requests in {wall:.1f} s = {len(timings) / wall:.1f} requests/s; "
        f"errors: {len(errors)}" + (f" {errors[:5]}" if errors else "")
    )
    return lines


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: str, port: int, cache: float) -> subprocess.Popen:
    """``imrdb serve`` in a child process, once it answers."""
    command = [sys.executable, "-m", "imrdb", "--db", db, "serve", "--port", str(port)]
    command += ["--cache", str(cache)]
    child = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(f"imrdb serve exited with status {child.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=2)
            return child
        except httpx.HTTPError:
            time.sleep(0.3)
    child.terminate()
    raise SystemExit("imrdb serve did not answer within 60 s")


def build(db: str, decisions: int) -> None:
    from imrdb.db.engine import open_database
    from scripts.bench_search import count_decisions
    from scripts.bench_search_build import build as build_letters

    engine = open_database(db)
    if count_decisions(engine) < decisions:
        print(f"building {decisions:,} decisions into {db} ...", file=sys.stderr)
        print(f"built in {build_letters(engine, decisions, 2014) / 60:.1f} min", file=sys.stderr)
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite file or PostgreSQL URL to serve")
    parser.add_argument("--build", type=int, metavar="N", help="first fill it to N decisions")
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--duration", type=float, default=90, help="seconds of reading visitors")
    parser.add_argument("--saturation", type=float, default=30, help="seconds without waiting")
    parser.add_argument("--max-requests", type=int, default=5000, help="per phase, at most")
    parser.add_argument(
        "--cache", type=float, default=60, help="serve --cache: seconds answers are kept (0: off)"
    )
    args = parser.parse_args(argv)
    if args.build:
        build(args.db, args.build)
    port = _free_port()
    child = serve(args.db, port, args.cache)
    base = f"http://127.0.0.1:{port}"
    try:
        # One untimed pass warms the caches as the first visitors of a day would.
        asyncio.run(run_phase(base, 4, 5, (0, 0), 40))
        timings, wall = asyncio.run(
            run_phase(base, args.visitors, args.duration, (1.0, 3.0), args.max_requests)
        )
        print(
            f"\n{args.visitors} visitors waiting 1-3 s, {args.duration:g} s, {args.db}, "
            f"answers kept {args.cache:g} s\n"
        )
        print("\n".join(summary(timings, wall)))
        timings, wall = asyncio.run(
            run_phase(base, args.visitors, args.saturation, (0, 0), args.max_requests)
        )
        print(f"\n{args.visitors} visitors without waiting (saturation), {args.saturation:g} s\n")
        print("\n".join(summary(timings, wall)))
    finally:
        child.terminate()
        child.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
