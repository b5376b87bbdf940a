"""``imrdb serve`` opens a database read-only and as it is: it refuses a missing file or an
older schema with the command that fixes it, writes nothing, and stops a query that runs
past the time limit with a sentence, on both engines."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from imrdb.cli import cli
from imrdb.db import engine as db_engine
from imrdb.db.engine import open_database, write_transaction
from imrdb.db.store import SourceDocument
from imrdb.errors import DatabaseUnavailable, SchemaError
from imrdb.ingest import save
from imrdb.web.app import create_app
from imrdb.web.database import TimeLimitExceeded, limited, open_read_only
from tests.support import search_corpus
from tests.support.samples import FACET_BLOCK

# A statement that runs for seconds on each engine (and never finishes a test if unstopped).
SLOW = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
    "SELECT count(*) FROM n WHERE i < 1e12",
    "postgresql": "SELECT pg_sleep(30)",
}


@pytest.fixture
def stored(db_url):
    engine = open_database(db_url)
    with write_transaction(engine) as conn:
        save.save_letter(conn, SourceDocument("a" * 64, "a.pdf", "facet"), FACET_BLOCK)
    engine.dispose()
    return db_url


def test_a_missing_sqlite_file_is_refused_and_not_created(tmp_path: Path):
    path = tmp_path / "nothing.sqlite"
    with pytest.raises(DatabaseUnavailable, match=r"no database at .*imrdb ingest"):
        open_read_only(str(path))
    assert not path.exists()
    result = CliRunner().invoke(cli, ["--db", str(path), "serve"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no database at")


def test_an_older_schema_is_refused_with_the_upgrade_command(stored):
    engine = open_database(stored)
    db_engine.downgrade(engine, "-1")
    older = db_engine.current_revision(engine)
    with pytest.raises(SchemaError, match=r"run `imrdb db upgrade`"):
        open_read_only(stored)
    result = CliRunner().invoke(cli, ["--db", stored, "serve", "--port", "1"])
    assert result.exit_code == 1
    assert f"is at schema {older}, this imrdb needs" in result.output
    assert db_engine.current_revision(engine) == older  # serve did not migrate it
    engine.dispose()


def test_connections_refuse_writes(stored):
    engine = open_read_only(stored)
    with pytest.raises(DBAPIError, match=r"(?i)read.?only"), limited(engine, 5) as conn:
        conn.execute(text("DELETE FROM cases"))
    with limited(engine, 5) as conn:
        assert conn.scalar(text("SELECT count(*) FROM cases")) == 1
    engine.dispose()


def test_serving_pages_leaves_the_sqlite_file_unchanged(sqlite_url):
    engine = open_database(sqlite_url)
    search_corpus.load(engine, search_corpus.corpus(20, 3))
    engine.dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    served = open_read_only(sqlite_url)
    with TestClient(create_app(served)) as client:
        for url in ["/", "/?q=pain", "/report", "/export.csv", "/api/search?q=knee&facets=1"]:
            assert client.get(url).status_code == 200
    served.dispose()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_slow_query_is_stopped_by_the_time_limit(stored):
    engine = open_read_only(stored)
    with (
        pytest.raises(TimeLimitExceeded, match=r"took longer than 0\.2 s"),
        limited(engine, 0.2) as conn,
    ):
        conn.execute(text(SLOW[engine.dialect.name])).all()
    with limited(engine, 5) as conn:  # the connection is usable again, without the limit
        assert conn.scalar(text("SELECT 1")) == 1
    engine.dispose()


def test_a_page_past_the_time_limit_says_so(sqlite_url):
    engine = open_database(sqlite_url)
    search_corpus.load(engine, search_corpus.corpus(60, 5))
    engine.dispose()
    served = open_read_only(sqlite_url)
    with TestClient(create_app(served, time_limit=1e-6)) as client:
        page = client.get("/", params={"q": "pain"})
        assert page.status_code == 503
        assert "took longer than 1e-06 s and was stopped" in page.text
        answer = client.get("/api/facets", params={"q": "pain"})
        assert answer.status_code == 503
        assert "narrow it" in answer.json()["error"]
    served.dispose()


def test_an_unexpected_failure_is_a_sentence_without_a_traceback(stored):
    served = open_read_only(stored)
    writer = open_database(stored)
    with write_transaction(writer) as conn:  # the schema changes under the running server
        conn.execute(text("ALTER TABLE guidelines RENAME TO guidelines_gone"))
    writer.dispose()
    with TestClient(create_app(served), raise_server_exceptions=False) as client:
        for path in ["/guidelines/1", "/api/guidelines/1"]:
            answer = client.get(path)
            assert answer.status_code == 500
            assert "The server could not answer this." in answer.text
            assert "Traceback" not in answer.text and "guidelines_gone" not in answer.text
            assert "no such table" not in answer.text and "relation" not in answer.text
    served.dispose()
