"""Running the real CLI in-process (click's runner) and reading what it prints."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from imrdb.cli import cli


def run(db_url: str, *args: str, code: int = 0) -> Result:
    """``imrdb --db db_url ARGS``; the exit status must be ``code``."""
    result = CliRunner().invoke(cli, ["--db", db_url, *args], catch_exceptions=False)
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    return result


def imrdb(db_url: str, *args: str, code: int = 0) -> str:
    """What ``imrdb --db db_url ARGS`` prints."""
    return run(db_url, *args, code=code).output


def summary(db_url: str, *args: str, code: int = 0) -> dict:
    """An ingest's JSON summary."""
    return json.loads(imrdb(db_url, "ingest", "--format", "json", *args, code=code))


def exported(db_url: str) -> list[dict]:
    """Every stored case record, as ``export`` writes them."""
    return [json.loads(line) for line in imrdb(db_url, "export").splitlines()]


def failures(db_url: str) -> dict[tuple[str, str | None], tuple[str, str]]:
    """``(file name, member) -> (stage, reason)`` for every listed failure."""
    rows = json.loads(imrdb(db_url, "failures", "--format", "json"))
    return {(Path(r["path"]).name, r["member"]): (r["stage"], r["reason"]) for r in rows}
