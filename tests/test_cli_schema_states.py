"""Schema states and database arguments a careless hand gives: one-line errors, never a
traceback, through the real CLI on both engines (issue 17).

Only ``ingest`` and ``db upgrade`` create or migrate; every reading command on a missing,
older, newer or damaged database says what is wrong and what to run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from imrdb.cli import cli
from imrdb.db import engine as db_engine
from imrdb.db.engine import open_database

READERS = [
    ["search", "pain"],
    ["search", "pain", "--facets"],
    ["facets", "pain"],
    ["show", "CM14-0087654"],
    ["export"],
    ["report", "--by", "year"],
    ["failures"],
    ["reparse"],
]


def one_line_error(db: str, *args: str) -> str:
    """Run ``imrdb --db db ARGS``: it must fail with exactly one line and no traceback."""
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def ok(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _sql(db: str, *statements: str) -> None:
    engine = db_engine.make_engine(db_engine.resolve_url(db))
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


@pytest.fixture
def migrated(db_url: str) -> str:
    open_database(db_url).dispose()
    return db_url


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_reading_commands_on_a_missing_file_say_so_and_create_nothing(tmp_path, args):
    target = tmp_path / "nothing-here.sqlite"
    message = one_line_error(str(target), *args)
    assert "no database at" in message and "imrdb ingest" in message
    assert not target.exists()


def test_db_current_on_a_missing_file_says_so_and_creates_nothing(tmp_path):
    target = tmp_path / "nothing-here.sqlite"
    assert "no database at" in one_line_error(str(target), "db", "current")
    assert not target.exists()


def test_ingest_and_db_upgrade_create_a_missing_file(tmp_path):
    (tmp_path / "letters").mkdir()
    ok(str(tmp_path / "a.sqlite"), "ingest", str(tmp_path / "letters"))
    ok(str(tmp_path / "b.sqlite"), "db", "upgrade")
    assert (tmp_path / "a.sqlite").is_file() and (tmp_path / "b.sqlite").is_file()


def test_newer_revision_says_upgrade_imrdb_and_db_current_does_not_call_it_behind(migrated):
    _sql(migrated, "UPDATE alembic_version SET version_num = '0099'")
    current = ok(migrated, "db", "current")
    assert current.startswith("0099 (newer than this imrdb") and "behind" not in current
    for args in READERS:
        assert "upgrade imrdb" in one_line_error(migrated, *args)


def test_ingest_into_a_newer_schema_refuses_without_migrating(migrated, tmp_path):
    _sql(migrated, "UPDATE alembic_version SET version_num = '0099'")
    (tmp_path / "letters").mkdir()
    assert "upgrade imrdb" in one_line_error(migrated, "ingest", str(tmp_path / "letters"))
    assert "upgrade imrdb" in one_line_error(migrated, "db", "upgrade")


def test_unknown_revision_is_one_line_everywhere(migrated, tmp_path):
    _sql(migrated, "UPDATE alembic_version SET version_num = 'bogus'")
    (tmp_path / "letters").mkdir()
    for args in [*READERS, ["db", "current"], ["db", "upgrade"], ["ingest", str(tmp_path)]]:
        assert "'bogus'" in one_line_error(migrated, *args)


def test_doubled_revision_is_one_line_everywhere(migrated, tmp_path):
    _sql(migrated, "INSERT INTO alembic_version (version_num) VALUES ('0003')")
    for args in [*READERS, ["db", "current"], ["db", "upgrade"], ["ingest", str(tmp_path)]]:
        assert "2 schema revisions" in one_line_error(migrated, *args)


def test_missing_alembic_version_is_one_line_everywhere(migrated, tmp_path):
    _sql(migrated, "DROP TABLE alembic_version")
    for args in [*READERS, ["db", "current"], ["db", "upgrade"], ["ingest", str(tmp_path)]]:
        assert "no schema revision (alembic_version)" in one_line_error(migrated, *args)


def test_older_schema_readers_say_run_db_upgrade_and_ingest_migrates(db_url, tmp_path):
    engine = open_database(db_url)
    db_engine.downgrade(engine, "0003")
    engine.dispose()
    for args in READERS:
        assert "run `imrdb db upgrade`" in one_line_error(db_url, *args)
    assert "behind head" in ok(db_url, "db", "current")
    (tmp_path / "letters").mkdir()
    ok(db_url, "ingest", str(tmp_path / "letters"))
    assert ok(db_url, "db", "current").strip() == f"{db_engine.head_revision()} (head)"


def test_db_upgrade_nonsense_is_one_line_and_creates_nothing(tmp_path, migrated):
    assert "no schema revision 'nonsense'" in one_line_error(migrated, "db", "upgrade", "nonsense")
    target = tmp_path / "new.sqlite"
    one_line_error(str(target), "db", "upgrade", "nonsense")
    assert not target.exists()


def test_dropped_decisions_fts_is_one_line(sqlite_url):
    open_database(sqlite_url).dispose()
    _sql(sqlite_url, "DROP TABLE decisions_fts")
    message = one_line_error(sqlite_url, "search", "pain")
    assert "lacks decisions_fts" in message


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        ("", "--db is empty"),
        ("   ", "--db is empty"),
        ("/dev/null", "/dev/null is not a database file"),
        ("postgresql://someone:secret@localhost:abc/x", "not a database URL"),
        ("mysql://someone@localhost/x", "mysql:// databases are not supported"),
    ],
)
@pytest.mark.parametrize("command", ["search", "ingest"])
def test_bad_db_arguments_are_one_line(tmp_path, db, expected, command):
    args = [command, str(tmp_path)] if command == "ingest" else [command, "pain"]
    message = one_line_error(db, *args)
    assert expected in message and "secret" not in message
    assert not (tmp_path / "imrdb.sqlite").exists()


def test_db_under_proc_is_one_line(tmp_path):
    assert "cannot create" in one_line_error("/proc/nope/x.sqlite", "ingest", str(tmp_path))
    assert "no database at" in one_line_error("/proc/nope/x.sqlite", "search", "pain")


def test_read_only_database_file_with_ingest_is_one_line(sqlite_url, tmp_path):
    open_database(sqlite_url).dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    locked = shutil.which("chattr") and subprocess.run(["chattr", "+i", path]).returncode == 0
    if not locked:
        path.chmod(0o444)
        if sys.platform != "win32" and __import__("os").access(path, __import__("os").W_OK):
            pytest.skip("cannot make a file read-only here (root without chattr)")
    try:
        assert "read-only" in one_line_error(sqlite_url, "ingest", str(tmp_path))
    finally:
        if locked:
            subprocess.run(["chattr", "-i", path], check=True)


@pytest.mark.parametrize(
    "args", [["show", "C" * 50_000], ["search", "pain " * 2_000], ["ingest", "x" * 5_000]]
)
def test_over_long_arguments_get_a_message(sqlite_url, args):
    assert "imrdb takes at most 4,096" in one_line_error(sqlite_url, *args)


def test_the_revisions_read_from_the_files_are_alembics():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db_engine._alembic_config())
    assert db_engine.head_revision() == script.get_current_head()
    assert db_engine.revisions() == tuple(
        r.revision for r in reversed(list(script.walk_revisions()))
    )


def test_a_whole_process_error_has_no_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "imrdb", "--db", str(tmp_path / "none.sqlite"), "show", "X"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("Error: no database at")
