"""Third-party tools see the full text: Datasette's ``?_search=`` on decisions and on
letters, and sqlite-utils' search (its ``search`` command on ``decisions``, and its API on
the full-text tables), find what ``imrdb search norco`` finds (no --expand), after
``imrdb datasette`` (the 97 real letters)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette import app as datasette_app
from sqlite_utils.cli import cli as sqlite_utils_cli

from tests.support.cli import imrdb

WORD = "norco"
LOW_32_BITS = 0xFFFFFFFF


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory, real_letters_module: Path):
    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "letters.sqlite"
    imrdb(str(db), "ingest", str(real_letters_module), "--extractor", "pdfium")
    metadata = folder / "metadata.json"
    imrdb(str(db), "datasette", "-o", str(metadata))
    return db, json.loads(metadata.read_text())


@pytest.fixture(scope="module")
def real_letters_module() -> Path:
    from tests.support.paths import require_real_letters

    return require_real_letters()


def _datasette(db: Path, metadata: dict, path: str) -> list[dict]:
    async def get() -> list[dict]:
        ds = datasette_app.Datasette([str(db)], metadata=metadata)
        response = await ds.client.get(f"/{db.stem}/{path}&_shape=array&_size=max")
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(get())


def _imrdb_hits(db: Path, *args: str) -> dict:
    return json.loads(imrdb(str(db), "search", WORD, *args, "--format", "json", "--limit", "500"))


def _case_numbers(db: Path, document_ids) -> set[str]:
    with sqlite3.connect(db) as conn:
        marks = ",".join("?" * len(document_ids))
        query = f"SELECT case_number FROM cases WHERE document_id IN ({marks})"
        return {row[0] for row in conn.execute(query, list(document_ids))}


def test_datasette_search_on_decisions_finds_what_imrdb_finds(prepared):
    db, metadata = prepared
    rows = _datasette(db, metadata, f"decisions_search.json?_search={WORD}")
    found = _imrdb_hits(db)
    expected = {(h["case_number"], h["ordinal"]) for h in found["hits"]}
    assert len(expected) == found["total"] > 0
    assert {(r["case_number"], r["ordinal"]) for r in rows} == expected


def test_datasette_search_on_letters_finds_what_imrdb_finds(prepared):
    db, metadata = prepared
    rows = _datasette(db, metadata, f"documents.json?_search={WORD}&_col=id")
    found = _imrdb_hits(db, "--in", "letter", "--by", "case")
    expected = {case["case_number"] for case in found["cases"]}
    assert expected and _case_numbers(db, [r["id"] for r in rows]) == expected


def _named(db: Path, decision_ids: set[int]) -> set[tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT c.case_number, d.ordinal, d.id FROM decisions d "
            "JOIN cases c ON c.id = d.case_id"
        )
        return {(case, ordinal) for case, ordinal, decision in rows if decision in decision_ids}


def test_sqlite_utils_search_command_on_decisions_finds_what_imrdb_finds(prepared):
    """`sqlite-utils search DB decisions norco`, its own command line, as a user types it."""
    db, _ = prepared
    done = CliRunner().invoke(sqlite_utils_cli, ["search", str(db), "decisions", WORD])
    assert done.exit_code == 0, done.output
    rows = json.loads(done.output)
    expected = {(h["case_number"], h["ordinal"]) for h in _imrdb_hits(db)["hits"]}
    assert len(rows) == len(expected) > 0
    assert _named(db, {row["id"] for row in rows}) == expected
    database = sqlite_utils.Database(db)  # the library finds the same index
    assert database["decisions"].detect_fts() == "decisions_fts_by_id"
    assert _named(db, {row["id"] for row in database["decisions"].search(WORD)}) == expected


def test_datasette_finds_the_decisions_table_index_itself(prepared):
    db, metadata = prepared
    rows = _datasette(db, metadata, f"decisions.json?_search={WORD}")
    expected = {(h["case_number"], h["ordinal"]) for h in _imrdb_hits(db)["hits"]}
    assert _named(db, {row["id"] for row in rows}) == expected


def test_sqlite_utils_search_finds_what_imrdb_finds(prepared):
    db, _ = prepared
    database = sqlite_utils.Database(db)
    letters = {row["rowid"] for row in database["documents_fts"].search(WORD)}
    cases = {c["case_number"] for c in _imrdb_hits(db, "--in", "letter", "--by", "case")["cases"]}
    assert _case_numbers(db, letters) == cases
    decision_ids = {row["rowid"] & LOW_32_BITS for row in database["decisions_fts"].search(WORD)}
    with sqlite3.connect(db) as conn:
        named = {
            (case, ordinal)
            for case, ordinal, decision in conn.execute(
                "SELECT case_number, ordinal, decision_id FROM decisions_search"
            )
            if decision in decision_ids
        }
    assert named == {(h["case_number"], h["ordinal"]) for h in _imrdb_hits(db)["hits"]}


def test_datasette_on_postgresql_is_one_line(pg_url):
    imrdb(pg_url, "db", "upgrade")
    output = imrdb(pg_url, "datasette", code=1)
    assert output.startswith("Error: Datasette reads SQLite files")
