"""Killed, interrupted and concurrent ingests (real processes), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from imrdb.db import read
from imrdb.db.engine import open_database
from imrdb.db.models import cases, documents, ingest_failures, ingest_runs
from imrdb.errors import ImrdbError
from imrdb.parse import parse_letter
from tests.support.cli import exported, failures, summary
from tests.support.ingest_corpus import (
    non_imr_pdf,
    password_protected_pdf,
    real_letter_files,
    truncated,
    zip_bytes,
)

# Generous: the machine is shared, and pdfminer is slow on purpose here.
TIMEOUT = 300


def _start(db_url: str, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "imrdb", "--db", db_url, "ingest", "--format", "json"]
    return subprocess.Popen(
        [*command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a command run from a shell
    )


def _count(db_url: str, model) -> int:
    try:
        engine = open_database(db_url, migrate=False)
    except ImrdbError:  # not created, or not migrated, yet by the process under test
        return 0
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(model))
    except Exception:  # not created yet by the process under test
        return 0
    finally:
        engine.dispose()


def _wait_for_cases(db_url: str, process: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        stored = _count(db_url, cases)
        if stored >= at_least:
            return stored
        assert process.poll() is None, f"ingest ended before it could be stopped: {stored} cases"
        time.sleep(0.02)
    raise AssertionError("no cases stored in time")


def _group_processes(group: int) -> list[str]:
    """Live (not zombie) processes of a process group: the ingest and its workers."""
    out = subprocess.run(["ps", "-eo", "pgid=,stat=,pid="], capture_output=True, text=True)
    rows = [line.split() for line in out.stdout.splitlines()]
    return [pid for pgid, stat, pid in rows if pgid == str(group) and not stat.startswith("Z")]


def _assert_gone(group: int) -> None:
    deadline = time.monotonic() + 30
    while _group_processes(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group_processes(group) == [], "worker processes outlived the ingest"


def _assert_whole_cases(db_url: str) -> None:
    """Every stored case is its document's whole record; every document without a case is
    a listed parse failure: nothing half-written."""
    engine = open_database(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(cases.c.case_number, documents.c.text).join(
                documents, cases.c.document_id == documents.c.id
            )
        ).all()
        for case_number, text in rows:
            assert read.load_case(conn, case_number).to_dict() == parse_letter(text).to_dict()
        caseless = set(
            conn.scalars(
                select(documents.c.sha256).where(~documents.c.id.in_(select(cases.c.document_id)))
            )
        )
        parse_failures = set(
            conn.scalars(select(ingest_failures.c.sha256).where(ingest_failures.c.stage == "parse"))
        )
    engine.dispose()
    assert caseless <= parse_failures


@pytest.fixture
def letters_folder(tmp_path: Path, real_letters: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir()
    letters = real_letter_files(real_letters, 12)
    for pdf in letters:
        shutil.copy(pdf, folder)
    (folder / "cut.pdf").write_bytes(truncated(letters[0].read_bytes()))
    (folder / "newsletter.pdf").write_bytes(non_imr_pdf())
    return folder


def _reference(tmp_path: Path, *args: str) -> tuple[list[dict], dict]:
    """What an uninterrupted ingest of the same files gives (the other engine, SQLite)."""
    url = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    assert summary(url, *args)["status"] == "completed"
    return exported(url), failures(url)


ARGS = ("--extractor", "pdfminer", "--jobs", "1", "--batch-size", "2")


def test_sigkill_midway_leaves_whole_cases_and_a_rerun_finishes(db_url, letters_folder, tmp_path):
    process = _start(db_url, *ARGS, str(letters_folder))
    try:
        _wait_for_cases(db_url, process, at_least=3)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(TIMEOUT)
        _assert_gone(process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    stored = _count(db_url, cases)
    assert 3 <= stored < 12, "the kill did not land midway"
    _assert_whole_cases(db_url)

    rerun = summary(db_url, *ARGS, str(letters_folder))
    assert rerun["status"] == "completed"
    assert rerun["stored"] == 12 - stored and rerun["unchanged"] >= stored
    records, failed = _reference(tmp_path, "--extractor", "pdfminer", str(letters_folder))
    assert exported(db_url) == records
    assert failures(db_url) == failed
    _assert_whole_cases(db_url)


def test_ctrl_c_stops_cleanly_and_a_rerun_finishes(db_url, letters_folder, tmp_path):
    process = _start(db_url, *ARGS, str(letters_folder))
    try:
        _wait_for_cases(db_url, process, at_least=2)
        os.killpg(process.pid, signal.SIGINT)  # a terminal sends it to the whole group
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    result = json.loads(out)
    assert result["status"] == "interrupted" and result["stored"] >= 2, result
    assert result["stored"] == _count(db_url, cases)  # the summary counts what was committed
    _assert_gone(process.pid)
    _assert_whole_cases(db_url)
    engine = open_database(db_url)
    with engine.connect() as conn:
        assert conn.scalar(select(ingest_runs.c.status)) == "interrupted"
    engine.dispose()

    assert summary(db_url, *ARGS, str(letters_folder))["status"] == "completed"
    records, failed = _reference(tmp_path, "--extractor", "pdfminer", str(letters_folder))
    assert exported(db_url) == records
    assert failures(db_url) == failed


def test_two_ingests_at_once_store_every_letter_once(db_url, real_letters, tmp_path):
    letters = real_letter_files(real_letters, 24)
    folder = tmp_path / "folder"
    folder.mkdir()
    for pdf in letters[:16]:
        shutil.copy(pdf, folder)
    (folder / "locked.pdf").write_bytes(password_protected_pdf())
    archive = tmp_path / "more.zip"
    members = {p.name: p.read_bytes() for p in letters[8:]}  # half of them in both places
    archive.write_bytes(zip_bytes({**members, "../evil.pdf": b"%PDF-1.4"}))
    common = ("--extractor", "pdfium", "--jobs", "1", "--batch-size", "2")
    first = _start(db_url, *common, str(folder), str(archive))
    second = _start(db_url, *common, str(archive), str(folder))  # the other way round
    outputs = [p.communicate(timeout=TIMEOUT) for p in (first, second)]
    for process, (out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err and json.loads(out)["status"] == "completed"
    results = [json.loads(out) for out, _ in outputs]
    assert sum(r["stored"] for r in results) == 24
    assert _count(db_url, cases) == 24 and _count(db_url, documents) == 24
    assert _count(db_url, ingest_failures) == 2
    records, failed = _reference(tmp_path, *common, str(folder), str(archive))
    assert exported(db_url) == records
    assert failures(db_url) == failed
