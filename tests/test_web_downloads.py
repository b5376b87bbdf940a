"""Downloads from a real server are the bytes ``imrdb export`` writes for the same query
and filters, in every format and table, on SQLite and PostgreSQL; a bad query is refused
before a byte is sent."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.db.engine import open_database
from imrdb.web import downloads
from tests.support import search_corpus
from tests.support.web import running_server

LETTERS, SEED = 80, 5


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    letters = search_corpus.corpus(LETTERS, SEED)

    def serve(url):
        engine = open_database(url)
        search_corpus.load(engine, letters)
        engine.dispose()
        with running_server(url) as base:
            yield url, base

    if request.param == "sqlite":
        yield from serve(f"sqlite:///{tmp_path_factory.mktemp('dl') / 'dl.sqlite'}")
    else:
        with search_corpus.pg_database() as url:
            yield from serve(url)


# (URL parameters, the same as CLI arguments): a comment says what each row adds.
SELECTIONS = [
    ({}, []),  # everything
    ({"q": "pain", "outcome": "upheld"}, ["pain", "--outcome", "upheld"]),  # query and filter
    ({"q": "therapy", "year": ["2014", "2015"]}, ["therapy", "--year", "2014", "--year", "2015"]),
    ({"q": "knee", "in": "letter"}, ["knee", "--in", "letter"]),  # whole letters
    ({"q": "zzzunfound"}, ["zzzunfound"]),  # nothing: a header alone (or an empty file)
]
FORMATS = [("csv", None), ("csv", "cases"), ("csv", "citations"), ("jsonl", None)]
FORMATS += [("parquet", None), ("parquet", "cases")]


@pytest.mark.parametrize(("fmt", "table"), FORMATS)
@pytest.mark.parametrize(("params", "args"), SELECTIONS)
def test_a_download_is_the_bytes_of_imrdb_export(served, tmp_path: Path, fmt, table, params, args):
    url, base = served
    query = {**params, **({"table": table} if table else {})}
    with httpx.stream("GET", f"{base}/export.{fmt}", params=query, timeout=60) as answer:
        assert answer.status_code == 200
        assert "attachment" in answer.headers["content-disposition"]
        got = b"".join(answer.iter_bytes())
    expected = tmp_path / f"export.{fmt}"
    options = ["--format", fmt, *(["--table", table] if table else []), "-o", str(expected)]
    result = CliRunner().invoke(cli, ["--db", url, "export", *args, *options])
    assert result.exit_code == 0, result.output
    assert got == expected.read_bytes()


def test_a_bad_download_is_a_sentence_not_a_truncated_file(served):
    _url, base = served
    answer = httpx.get(f"{base}/export.csv", params={"q": "(facet outcome:upheld)"})
    assert answer.status_code == 400
    assert "outside parentheses" in answer.text
    answer = httpx.get(f"{base}/export.jsonl", params={"table": "cases"})
    assert answer.status_code == 400
    assert "jsonl gives whole case records" in answer.text


def test_a_visitor_who_stops_reading_stops_the_export(served, monkeypatch):
    """The writer thread gives its connection back when the reader goes (tiny chunks, a
    one-chunk pipe and a pause per chunk here, so the writer is still writing when the
    visitor leaves, however fast the machine and however large the socket's buffers)."""
    _url, base = served
    monkeypatch.setattr(downloads, "CHUNK", 256)
    monkeypatch.setattr(downloads, "PIPE_CHUNKS", 1)
    put = downloads._Pipe._put

    def slow_put(pipe, item) -> None:
        time.sleep(0.005)
        put(pipe, item)

    monkeypatch.setattr(downloads._Pipe, "_put", slow_put)
    with httpx.stream("GET", f"{base}/export.jsonl", timeout=60) as answer:
        assert next(answer.iter_bytes())
        assert _writers(), "the export is still being written"
    deadline = time.monotonic() + 10
    while _writers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _writers()


def _writers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "imrdb-download" and t.is_alive()]
