"""Peak memory and database growth of ``imrdb ingest`` on hostile input (issue 17).

Usage: python scripts/bench_hostile.py [--big-files 64] [--big-mb 60] [--junk-files 1000]
                                       [--pg-url URL | --no-pg] [--ceiling-mb 1024]

Two inputs, each ingested as a user runs it (a subprocess, a fresh database) on each engine:
  - a folder of ``--big-files`` files of ``--big-mb`` MB, each a PDF header over random
    bytes (all different, so every one is read, hashed and handed to a worker): once 4 GB of
    memory, as the parent read 64 files ahead;
  - a zip of ``--junk-files`` text files of 1 MB of repeated words (about 1.1 MB zipped):
    once a 1.05 GB database, as each junk text was stored and indexed.
Peak memory is the largest sum of resident memory over the ``imrdb`` process and its
workers, sampled every 50 ms, and the parent's own high-water mark (VmHWM). Database
growth is the size after the run less the size of the freshly migrated database (SQLite:
the files, write-ahead log included; PostgreSQL: ``pg_database_size``). The script exits
1 if a peak passes ``--ceiling-mb`` or the database grows by more than 2 KB per failure
(past its first 256 KB of pages).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from scripts.bench_ingest import database  # noqa: E402

# What one failure row may cost on disk, indexes included (a row is ~300 bytes), past the
# pages a table and its indexes take for their first rows (PostgreSQL: 8 KB each).
BYTES_PER_FAILURE = 2048
FIRST_PAGES = 256 * 1024


def big_folder(folder: Path, count: int, megabytes: int) -> Path:
    """``count`` files of ``megabytes`` MB: one random block, a different header each."""
    folder.mkdir()
    block = os.urandom(megabytes * 10**6 - 64)
    for i in range(count):
        with (folder / f"big-{i:03}.pdf").open("wb") as out:
            out.write(f"%PDF-1.4 %file {i:06}\n".encode().ljust(64, b" "))
            out.write(block)
    return folder


def junk_zip(path: Path, count: int) -> Path:
    """``count`` junk text files of 1 MB each, deflated (each compresses ~1000 times)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for i in range(count):
            archive.writestr(f"junk/{i:05}.txt", (f"junk {i:05} " * 84_000)[:1_000_000])
    path.write_bytes(out.getvalue())
    return path


def _tree(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_bytes()
            parents[int(entry.name)] = int(stat.rsplit(b")", 1)[1].split()[1])
        except (ValueError, OSError, IndexError):
            continue
    tree, frontier = [pid], {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        tree += frontier
    return tree


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def db_bytes(url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    engine = create_engine(url)
    with engine.connect() as conn:
        size = conn.scalar(text("SELECT pg_database_size(current_database())"))
    engine.dispose()
    return int(size)


def run(url: str, paths: list[Path]) -> dict:
    """One ingest; its peak memory, its summary and how much the database grew."""
    imrdb = [sys.executable, "-m", "imrdb", "--db", url]
    subprocess.run([*imrdb, "db", "upgrade"], check=True, capture_output=True)
    before = db_bytes(url)
    command = [*imrdb, "ingest", "--format", "json", "--extractor", "pdfium", "--jobs", "2"]
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen([*command, *map(str, paths)], stdout=out)
        peak_tree = peak_parent = 0
        while process.poll() is None:
            peak_tree = max(peak_tree, sum(_status_kb(p, "VmRSS") for p in _tree(process.pid)))
            peak_parent = max(peak_parent, _status_kb(process.pid, "VmHWM"))
            time.sleep(0.05)
        out.seek(0)
        summary = json.loads(out.read())
    grown = db_bytes(url) - before
    return {
        "read": summary["read"],
        "failed": summary["failed"],
        "seconds": summary["elapsed_seconds"],
        "peak_mb": peak_tree / 1024,
        "parent_peak_mb": peak_parent / 1024,
        "db_growth_kb": grown / 1024,
        "growth_per_failure": grown / max(summary["failed"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-files", type=int, default=64)
    parser.add_argument("--big-mb", type=int, default=60)
    parser.add_argument("--junk-files", type=int, default=1000)
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--ceiling-mb", type=float, default=1024, help="peak memory allowed")
    args = parser.parse_args()
    engines = ["sqlite"] + ([] if args.no_pg else ["postgresql"])
    failed = False
    with tempfile.TemporaryDirectory(prefix="imrdb-hostile-") as tmp:
        folder = Path(tmp)
        inputs = {
            f"{args.big_files} files of {args.big_mb} MB": [
                big_folder(folder / "big", args.big_files, args.big_mb)
            ],
            f"zip of {args.junk_files} junk texts": [
                junk_zip(folder / "junk.zip", args.junk_files)
            ],
        }
        zipped = (folder / "junk.zip").stat().st_size / 2**20
        print(f"junk zip: {zipped:.2f} MiB", file=sys.stderr)
        print(
            "| input | engine | read | failed | s | peak MB (all) | parent peak MB "
            "| DB growth KB | bytes/failure |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, paths in inputs.items():
            for engine in engines:
                with database(engine, folder, args.pg_url) as url:
                    r = run(url, paths)
                print(
                    f"| {name} | {engine} | {r['read']} | {r['failed']} | {r['seconds']:.1f} "
                    f"| {r['peak_mb']:.0f} | {r['parent_peak_mb']:.0f} "
                    f"| {r['db_growth_kb']:.0f} | {r['growth_per_failure']:.0f} |",
                    flush=True,
                )
                failed |= r["peak_mb"] > args.ceiling_mb
                allowed = max(BYTES_PER_FAILURE * r["failed"], FIRST_PAGES)
                failed |= r["db_growth_kb"] * 1024 > allowed
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
