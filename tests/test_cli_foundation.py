"""The CLI over the store: database selection, errors as one line, show and export."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading

from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.db.engine import open_database, write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from tests.support.samples import FACET_BLOCK


def _stored(db_url: str) -> None:
    engine = open_database(db_url)
    with write_transaction(engine) as conn:
        save.save_letter(conn, SourceDocument("f" * 64, "x.pdf", "text"), FACET_BLOCK)
    engine.dispose()


def test_unreachable_database_is_one_line_error():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "imrdb",
            "--db",
            "postgresql://nobody:secret@127.0.0.1:1/x",
            "db",
            "current",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "127.0.0.1:1/x" in lines[0] and "secret" not in lines[0]
    assert "Traceback" not in result.stderr


def test_database_is_created_on_first_ingest_default_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IMRDB_DATABASE_URL", raising=False)
    (tmp_path / "letters").mkdir()
    result = CliRunner().invoke(cli, ["ingest", "letters"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "imrdb.sqlite").exists()
    current = CliRunner().invoke(cli, ["db", "current"])
    assert current.output.strip().endswith("(head)")


def test_environment_variable_names_the_database(tmp_path, monkeypatch):
    target = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("IMRDB_DATABASE_URL", f"sqlite:///{target}")
    assert CliRunner().invoke(cli, ["db", "upgrade"]).exit_code == 0
    assert target.exists()


def test_show_json_and_export_jsonl_print_the_contract_record(db_url):
    _stored(db_url)
    runner = CliRunner()
    shown = runner.invoke(cli, ["--db", db_url, "show", "CM14-0087654", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output) == FACET_BLOCK.to_dict(diagnoses=True)
    exported = runner.invoke(cli, ["--db", db_url, "export", "--format", "jsonl"])
    assert [json.loads(line) for line in exported.output.splitlines()] == [
        FACET_BLOCK.to_dict(diagnoses=True)
    ]


def test_show_as_a_reporter_prints_it(db_url):
    _stored(db_url)
    result = CliRunner().invoke(cli, ["--db", db_url, "show", "cm14-0087654"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "IMR Case No. CM14-0087654 (Cal. DWC Indep. Med. Rev. July 25, 2014)\n"
    )
    assert "1. Left C5-6 facet block (diagnostic)" in result.output
    assert "ODG: Neck & Upper Back, Facet joint diagnostic blocks, pp. 601-602" in result.output


def test_missing_case_names_the_closest(db_url):
    _stored(db_url)
    result = CliRunner().invoke(cli, ["--db", db_url, "show", "CM14-0087655"])
    assert result.exit_code == 1
    assert "no case CM14-0087655" in result.output
    assert "closest: CM14-0087654" in result.output


def test_opening_waits_for_a_writer_holding_a_fresh_file(tmp_path):
    """Switching a new file to WAL skips SQLite's busy handler; opening must still wait."""
    path = tmp_path / "busy.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE other (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO other VALUES (1)")
    release = threading.Timer(0.3, holder.commit)
    release.start()
    engine = open_database(str(path))
    release.join()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
    holder.close()
