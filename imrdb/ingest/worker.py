"""What a worker process does with one letter: bytes -> text -> case record, or why not.

Pure work, no database: the parent hands a ``Task`` over and stores the ``Reading``. Every
problem with the file becomes a reading with a stage and a reason, never an exception, so
one bad file cannot stop a run.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Literal

from imrdb.extract import ExtractionError, errors, extract_text
from imrdb.parse import ParseError, parse_letter, split_letters
from imrdb.record import CaseRecord

# pdfminer can spend minutes on a pathological PDF; a letter takes well under a second.
EXTRACT_TIMEOUT_S = 300.0

TaskKind = Literal["pdf", "text", "stored"]


@dataclass(frozen=True, slots=True)
class Task:
    """One letter to read: a file's bytes, or (``stored``) text already in the database."""

    sha256: str
    path: str
    member: str | None
    kind: TaskKind
    data: bytes | None = None
    text: str | None = None
    document_id: int | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """A letter read: its text and record, or the stage where it failed and why."""

    sha256: str | None
    path: str
    member: str | None
    size: int | None = None
    document_id: int | None = None
    text: str | None = None
    pages: int | None = None
    extractor: str | None = None
    record: CaseRecord | None = None
    stage: str | None = None
    reason: str | None = None
    # CPU seconds the worker spent, so a run can say where its time went.
    extract_seconds: float = 0.0
    parse_seconds: float = 0.0
    # A bundle (a file of several letters one after another): its letters, each a reading.
    parts: tuple[Reading, ...] = ()

    @property
    def failed(self) -> bool:
        return self.stage is not None


class _Timeout(BaseException):
    """Not an ``Exception``: the extractors' own ``except Exception`` must let it through
    (it was once reported as "corrupt or truncated PDF: _Timeout")."""


def time_limit_reason(seconds: float) -> str:
    return f"time limit: extraction took over {seconds:g} s (ingest --time-limit)"


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only: where workers run tasks)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expire(_signum, _frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def clean_text(text: str) -> str:
    """NUL bytes removed, the same way for both engines (PostgreSQL refuses them in text,
    SQLite would keep them), before the text is parsed or stored."""
    return text.replace("\0", "") if "\0" in text else text


def _text(task: Task, extractor: str, time_limit: float) -> tuple[str, int, str]:
    """The task's text, pages and how it was read; ``ExtractionError`` when it has none."""
    if task.kind == "stored":
        return task.text or "", (task.text or "").count("\f") + 1, "stored"
    data = task.data or b""
    if task.kind == "text":
        if not data.strip():
            raise ExtractionError(errors.EMPTY)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExtractionError("not UTF-8 text") from None
        return text, text.count("\f") + 1, "text"
    try:
        with _deadline(time_limit):
            extraction = extract_text(data, extractor)
    except _Timeout:
        raise ExtractionError(time_limit_reason(time_limit)) from None
    return extraction.text, extraction.pages, extraction.extractor


def read(task: Task, extractor: str, time_limit: float = EXTRACT_TIMEOUT_S) -> Reading:
    """Extract one letter's text (unless it is at hand); parsing is left to ``parse``."""
    common = {
        "sha256": task.sha256,
        "path": task.path,
        "member": task.member,
        "size": len(task.data) if task.data is not None else None,
        "document_id": task.document_id,
    }
    started = time.process_time()
    try:
        text, pages, how = _text(task, extractor, time_limit)
    except ExtractionError as exc:
        return Reading(**common, stage="extract", reason=exc.reason)
    return Reading(
        **common,
        text=clean_text(text),
        pages=pages,
        extractor=how if task.kind != "stored" else None,
        extract_seconds=time.process_time() - started,
    )


def pages_locator(member: str | None, first: int, last: int) -> str:
    """Where a bundle's letter is: ``#pages=3-5``, or in an archive ``member#pages=3-5``."""
    return f"{member or ''}#pages={first}-{last}"


def _part(reading: Reading, text: str, first: int, last: int) -> Reading:
    """One letter of a bundle: its own hash (the file's and its pages), so storing the same
    bundle again finds each letter stored ("unchanged"), and a run cut short resumes."""
    locator = f"#pages={first}-{last}"
    return replace(
        reading,
        sha256=hashlib.sha256(f"{reading.sha256}{locator}".encode()).hexdigest(),
        member=pages_locator(reading.member, first, last),
        text=text,
        pages=last - first + 1,
        extract_seconds=0.0,
    )


def letters(reading: Reading) -> tuple[Reading, ...]:
    """The letters a reading holds: itself, or a bundle's parts."""
    return reading.parts or (reading,)


def parse(reading: Reading) -> Reading:
    """The letter's record (or why it has none), from a reading with text. A file read now
    that holds several letters becomes a bundle: a reading whose parts are its letters."""
    if reading.failed or reading.record is not None or reading.text is None or reading.parts:
        return reading
    if reading.document_id is None:
        found = split_letters(reading.text)
        if len(found) > 1:
            parts = tuple(_parse_one(_part(reading, t, a, b)) for t, (a, b) in found)
            return replace(reading, text=None, parts=parts)
    return _parse_one(reading)


def _parse_one(reading: Reading) -> Reading:
    started = time.process_time()
    try:
        record = parse_letter(reading.text)
    except ParseError as exc:  # the text is dropped: a failure keeps its hash and reason
        return replace(reading, stage="parse", reason=exc.reason, text=None)
    except Exception as exc:  # a parser bug must not stop the run; it is listed instead
        reason = f"parser error: {type(exc).__name__}: {exc}"
        return replace(reading, stage="parse", reason=reason, text=None)
    return replace(reading, record=record, parse_seconds=time.process_time() - started)


def run(
    task: Task, extractor: str, parse_here: bool = True, time_limit: float = EXTRACT_TIMEOUT_S
) -> Reading:
    """Extract and (``parse_here``) parse one letter."""
    reading = read(task, extractor, time_limit)
    return parse(reading) if parse_here else reading


def init_worker() -> None:
    """Workers leave Ctrl-C to the parent, which stops the run cleanly, and end with it:
    a parent killed outright (SIGKILL) must not leave them waiting for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent) -> None:
    parent.join()  # returns when the parent process has gone
    os._exit(1)
