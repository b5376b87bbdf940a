"""Hostile runs from issue 17, through real ``imrdb`` processes on SQLite and PostgreSQL:
Ctrl-C during a stalled extraction, a killed run, a full disk, four ingests at once."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fpdf import FPDF
from sqlalchemy import func, select

from imrdb.db.engine import open_database
from imrdb.db.models import cases, ingest_runs
from tests.support.cli import imrdb
from tests.support.ingest_corpus import real_letter_files, text_letter

TIMEOUT = 300


def _slow_pdf(path: Path, pages: int = 300) -> Path:
    """A text PDF pdfminer takes about 20 s to read (a stalled extraction, on purpose)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=8)
    line = "Independent Medical Review final determination letter text " * 3
    for _ in range(pages):
        pdf.add_page()
        for _ in range(60):
            pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def _start(db_url: str, *args: str, **popen) -> subprocess.Popen:
    command = [sys.executable, "-m", "imrdb", "--db", db_url, "ingest", "--format", "json"]
    return subprocess.Popen(
        [*command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a command run from a shell
        **popen,
    )


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (the forkserver and the workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_bytes()
            parents[int(entry.name)] = int(stat.rsplit(b")", 1)[1].split()[1])
        except (ValueError, OSError, IndexError):
            continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return False
    return state != b"Z"


def _wait_until_extracting(process: subprocess.Popen) -> set[int]:
    """Wait until a worker runs (the forkserver and a worker below the parent)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        below = _descendants(process.pid)
        if len(below) >= 2:
            time.sleep(2.0)  # the worker has the file by now
            return _descendants(process.pid)
        time.sleep(0.2)
    raise AssertionError(f"no worker started: {process.communicate()}")


def _runs(db_url: str) -> list[dict]:
    return json.loads(imrdb(db_url, "runs", "--format", "json"))


@pytest.mark.parametrize("presses", [1, 2], ids=["ctrl-c", "ctrl-c-twice"])
def test_ctrl_c_during_a_stalled_extraction_stops_the_workers_within_seconds(
    db_url, tmp_path, presses
):
    """Ctrl-C once waited for pdfminer (291 s); a second Ctrl-C left the process running."""
    slow = _slow_pdf(tmp_path / "slow.pdf")
    process = _start(db_url, "--jobs", "1", "--time-limit", "600", str(slow))
    workers = _wait_until_extracting(process)
    pressed = time.monotonic()
    for _ in range(presses):
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends the foreground group
        time.sleep(0.2)
    _, err = process.communicate(timeout=TIMEOUT)
    took = time.monotonic() - pressed
    assert took < 8, f"Ctrl-C took {took:.1f} s"
    assert "Traceback" not in err
    # The second press may land anywhere: click's "Aborted!" (1), or dying of SIGINT.
    assert process.returncode in (130, 1, -signal.SIGINT), err
    time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)], "a worker outlived the run"
    (run,) = _runs(db_url)
    assert run["status"] == "interrupted"


def test_a_killed_run_is_shown_as_interrupted_and_recorded_so_by_the_next_ingest(db_url, tmp_path):
    slow = _slow_pdf(tmp_path / "slow.pdf")
    process = _start(db_url, "--jobs", "1", str(slow))
    _wait_until_extracting(process)
    process.kill()  # SIGKILL: the run cannot say it stopped
    process.communicate(timeout=TIMEOUT)
    deadline = time.monotonic() + 30
    while _descendants(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    (run,) = _runs(db_url)
    assert run["status"] == "interrupted"
    assert "interrupted" in imrdb(db_url, "runs")
    (tmp_path / "empty").mkdir()
    imrdb(db_url, "ingest", str(tmp_path / "empty"))
    engine = open_database(db_url)
    with engine.connect() as conn:
        statuses = list(conn.scalars(select(ingest_runs.c.status).order_by(ingest_runs.c.id)))
    engine.dispose()
    assert statuses == ["interrupted", "completed"]


def test_a_second_ingest_into_a_full_disk_says_so_in_one_line(sqlite_url, real_letters, tmp_path):
    """SQLite alone: a PostgreSQL server's full disk is the server's. The ``finally`` that
    records the run once masked the clean error with its own traceback."""
    letters = real_letter_files(real_letters, 12)
    first, rest = tmp_path / "first", tmp_path / "rest"
    for folder, chosen in ((first, letters[:1]), (rest, letters[1:])):
        folder.mkdir()
        for pdf in chosen:
            (folder / f"{pdf.stem}.txt").write_bytes(text_letter(pdf))
    imrdb(sqlite_url, "ingest", str(first))
    size = max(p.stat().st_size for p in tmp_path.glob("imrdb.sqlite*"))

    def _small_disk() -> None:  # files may not grow past the database plus 64 KiB
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 2**16, size + 2**16))

    process = _start(sqlite_url, "--jobs", "1", str(rest), preexec_fn=_small_disk)
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 1, (out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot write to the database"), err


def test_four_ingests_at_once_store_every_letter_once_without_noise(db_url, real_letters, tmp_path):
    """Four PostgreSQL ingests once printed psycopg's "error ignored ... pipeline aborted"."""
    folder = tmp_path / "letters"
    folder.mkdir()
    for pdf in real_letter_files(real_letters, 16):
        shutil.copy(pdf, folder)
    common = ("--extractor", "pdfium", "--jobs", "1", "--batch-size", "4", str(folder))
    imrdb(db_url, "db", "upgrade")  # created and migrated once, before the four start
    processes = [_start(db_url, *common) for _ in range(4)]
    results = [p.communicate(timeout=TIMEOUT) for p in processes]
    for process, (_, err) in zip(processes, results, strict=True):
        assert process.returncode == 0 and err == "", err
    assert sum(json.loads(out)["stored"] for out, _ in results) == 16
    engine = open_database(db_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(cases)) == 16
    engine.dispose()
