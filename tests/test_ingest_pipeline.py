"""The pipeline's own machinery: a worker dying mid-run, and the progress bar on a terminal."""

from __future__ import annotations

import io
import os
import pty
import shutil
import signal
import subprocess
import sys

from rich.console import Console

from imrdb.db import ingest_log
from imrdb.db.engine import open_database, write_transaction
from imrdb.ingest import plan, sources
from imrdb.ingest.pipeline import Counts, Pipeline
from imrdb.ingest.progress import Bar
from imrdb.ingest.writer import Writer
from imrdb.parse import PARSER_VERSION
from tests.support.cli import exported, failures
from tests.support.ingest_corpus import real_letter_files


class _KillAWorker:
    """A progress display that kills one worker process the first time it is called."""

    def __init__(self) -> None:
        self.pipeline: Pipeline | None = None
        self.killed: int | None = None

    def update(self, counts: Counts) -> None:
        if self.killed is None and self.pipeline is not None:
            self.killed = next(iter(self.pipeline.pool._processes))
            os.kill(self.killed, signal.SIGKILL)


def test_a_dying_worker_costs_no_letter(db_url, real_letters, tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    # Enough letters that work is left when the first one is stored and a worker is killed.
    for pdf in real_letter_files(real_letters, 20):
        shutil.copy(pdf, folder)
    engine = open_database(db_url)
    with write_transaction(engine) as conn:
        run_id = ingest_log.start_run(conn, "ingest", None, "pdfminer", PARSER_VERSION)
    killer = _KillAWorker()
    pipeline = Pipeline(
        engine, Writer(engine, run_id, PARSER_VERSION), 2, "pdfminer", 1, progress=killer
    )
    killer.pipeline = pipeline
    try:
        pipeline.run(plan.ingest_entries(engine, sources.iter_items([folder]), pipeline.claim))
    finally:
        pipeline.close()
        engine.dispose()
    assert killer.killed is not None and pipeline.restarts == 1
    assert (pipeline.counts.stored, pipeline.counts.failed) == (20, 0)
    assert len(exported(db_url)) == 20 and failures(db_url) == {}


def test_progress_bar_shows_rate_failures_and_eta():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=140)
    with Bar(console, "ingest") as bar:
        bar.set_total(10)
        bar.update(Counts(read=4, stored=3, failed=1), force=True)
    text = out.getvalue()
    assert "4/10" in text and "letters/s" in text and "1 failed" in text and "ETA" in text


def test_progress_bar_on_a_terminal_and_quiet_in_a_pipe(db_url, real_letters, tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    for pdf in real_letter_files(real_letters, 2):
        shutil.copy(pdf, folder)
    command = [sys.executable, "-m", "imrdb", "--db", db_url, "ingest", "--extractor", "pdfium"]
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*command, str(folder)], stdout=subprocess.PIPE, stderr=follower, text=True
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        drawn += chunk
    out, _ = process.communicate(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    assert b"letters/s" in drawn and b"2/2" in drawn
    assert out.startswith("read 2, stored 2")
    piped = subprocess.run([*command, str(folder)], capture_output=True, text=True, timeout=120)
    assert piped.stderr == "" and piped.stdout.startswith("read 2, stored 0")
