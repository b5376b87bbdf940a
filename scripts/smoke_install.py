"""Use an installed imrdb as a new user would: migrate, ingest, search, show.

    python scripts/smoke_install.py VENV --db URL [--db URL ...]

VENV is an environment outside the checkout holding an installed imrdb wheel (``.ci/run``
makes one with every dependency; tests/test_packaging.py one that borrows the developer's).
Letters are generated here, from the checkout; every imrdb command runs as VENV's
``bin/imrdb`` in an empty folder, so nothing of the checkout can be imported by mistake.
Exits non-zero with the failing command's output on the first problem.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.generate_letters import write_corpus

LETTERS = 5


class SmokeFailure(Exception):
    """What went wrong, with the command and its output."""


def _run(venv: Path, cwd: Path, *args: str) -> str:
    command = [str(venv / "bin" / "imrdb"), *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=_clean_env())
    if done.returncode != 0 or "Traceback" in done.stderr:
        raise SmokeFailure(f"{' '.join(command)} -> {done.returncode}\n{done.stdout}{done.stderr}")
    return done.stdout


def _clean_env() -> dict[str, str]:
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "IMRDB_DATABASE_URL")
    return {k: v for k, v in os.environ.items() if k not in drop}


def check_installed(venv: Path, cwd: Path) -> None:
    """imrdb and its migrations come from VENV, not from a checkout."""
    python = str(venv / "bin" / "python")
    probe = (
        "import imrdb, importlib.resources as r; "
        "print(imrdb.__file__); print(r.files('imrdb.migrations'))"
    )
    done = subprocess.run(
        [python, "-c", probe], cwd=cwd, capture_output=True, text=True, env=_clean_env()
    )
    places = done.stdout.split()
    if done.returncode != 0 or len(places) != 2:
        raise SmokeFailure(f"cannot import the installed imrdb:\n{done.stdout}{done.stderr}")
    root = venv.resolve()
    for place in places:
        if not Path(place).resolve().is_relative_to(root):
            raise SmokeFailure(f"imrdb imported from {place}, outside {root}")


def smoke(venv: Path, db: str, letters: Path, cwd: Path) -> None:
    """Migrate, ingest the letters, search for the first one's treatment, show it."""
    truth = [json.loads(line) for line in (letters / "truth.jsonl").read_text().splitlines()]
    print(_run(venv, cwd, "--db", db, "db", "upgrade").strip())
    summary = json.loads(_run(venv, cwd, "--db", db, "ingest", "--format", "json", str(letters)))
    if summary["status"] != "completed" or summary["stored"] != len(truth):
        raise SmokeFailure(f"ingest stored {summary['stored']} of {len(truth)}: {summary}")
    first = truth[0]
    word = max(first["decisions"][0]["treatment"].split(), key=len)
    found = json.loads(_run(venv, cwd, "--db", db, "search", word, "--format", "json"))
    if first["case_number"] not in {hit["case_number"] for hit in found["hits"]}:
        raise SmokeFailure(f"search {word!r} missed {first['case_number']}: {found}")
    shown = _run(venv, cwd, "--db", db, "show", first["case_number"])
    if first["case_number"] not in shown:
        raise SmokeFailure(f"show {first['case_number']} printed:\n{shown}")
    print(f"{db}: stored {summary['stored']}, found and showed {first['case_number']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("venv", type=Path, help="environment holding the installed imrdb")
    parser.add_argument("--db", action="append", required=True, help="database path or URL")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        letters = cwd / "letters"
        write_corpus(letters, LETTERS, seed=3)
        try:
            check_installed(args.venv, cwd)
            for db in args.db:
                smoke(args.venv, db, letters, cwd)
        except SmokeFailure as exc:
            print(f"smoke test failed: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
