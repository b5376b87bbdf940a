"""The parent process: hand letters to worker processes, store what comes back, count.

Workers extract and parse; the parent stores, a batch per transaction, while the workers go
on with the next letters (even with one worker, extracting and storing overlap). With fewer
workers than cores the parent has a core to spare, so it parses too and the workers only
extract: one worker then runs at the speed of bare extraction.
At most ``WINDOW_PER_JOB`` letters per worker, and ``MAX_BYTES_IN_FLIGHT`` of their bytes,
are in flight, so memory stays flat on a million files or on a folder of 60 MB ones.
Results are stored in the order the letters were given, so a re-publication given after
the original replaces it, whatever the workers' timing.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Literal, Protocol

from sqlalchemy import Engine

from imrdb.ingest import worker
from imrdb.ingest.worker import EXTRACT_TIMEOUT_S, Reading, Task
from imrdb.ingest.writer import Writer

# Letters in flight per worker: enough that workers never wait while the parent stores.
WINDOW_PER_JOB = 16
# The bytes of the letters in flight, whatever their number (one letter may go past it).
# Letters are 20-200 KB, so only files that are not letters ever meet this bound.
MAX_BYTES_IN_FLIGHT = 128 * 2**20
# A batch is stored once it has this many letters or is this old, whichever comes first.
BATCH_SIZE = 64
FLUSH_SECONDS = 2.0
CRASHED = "extractor crashed on this file (worker process died)"

# What the planner hands over: a letter for a worker, a reading already known (a refused
# file), or a file counted without work.
Entry = Task | Reading | Literal["unchanged", "skipped"]


@dataclass
class Counts:
    read: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # less complete letters of stored cases: stored, the record stays
    failed: int = 0
    skipped: int = 0
    warned: int = 0  # letters stored with parse warnings (a fact left unread)
    pages: int = 0
    # CPU seconds in the workers, and in the parent (planning, passing letters, storing).
    extract_seconds: float = 0.0
    parse_seconds: float = 0.0
    parent_seconds: float = 0.0

    def as_dict(self) -> dict[str, int | float]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


class Progress(Protocol):
    def update(self, counts: Counts) -> None: ...


class _Quiet:
    def update(self, counts: Counts) -> None:
        pass


@dataclass
class _InFlight:
    task: Task
    future: Future = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.task.data or b"") + len(self.task.text or "")


def cores() -> int:
    """The cores this process may use: one worker each unless told otherwise."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context():
    """Workers fork from a clean server process (not from the parent, whose threads and
    database connections must not be copied), with the extractors already imported."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["imrdb.ingest.worker"])
    return context


class Pipeline:
    """Runs entries through a worker pool and a writer; ``counts`` says what happened."""

    def __init__(
        self,
        engine: Engine,
        writer: Writer,
        jobs: int,
        extractor: str,
        batch_size: int = BATCH_SIZE,
        progress: Progress | None = None,
        time_limit: float = EXTRACT_TIMEOUT_S,
    ):
        self.engine = engine
        self.time_limit = time_limit
        self.writer = writer
        self.jobs = max(1, jobs)
        self.extractor = extractor
        self.batch_size = max(1, batch_size)
        self.progress = progress or _Quiet()
        self.counts = Counts()
        self.window: deque[_InFlight | Reading] = deque()
        self.window_bytes = 0  # of the letters in the window
        self.pending: list[Reading] = []
        self.last_flush = time.monotonic()
        # Hashes in flight or failed in this run: a second copy is not read again.
        self.claimed: set[str] = set()
        # Parse where a core is idle: in the parent while the workers leave it one.
        self.parse_in_parent = self.jobs < cores()
        self.pool = self._new_pool()
        self.restarts = 0  # pools replaced after a worker died
        # When the first worker result came back: the pool's start-up (the workers import
        # the extractors and the parser) ends there, and the steady rate begins.
        self.first_result_at: float | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, _context(), initializer=worker.init_worker)

    def claim(self, sha256: str) -> bool:
        """True the first time this run meets ``sha256`` (until it is stored)."""
        if sha256 in self.claimed:
            return False
        self.claimed.add(sha256)
        return True

    def run(self, entries: Iterable[Entry]) -> None:
        limit = WINDOW_PER_JOB * self.jobs
        for entry in entries:
            if entry == "skipped":
                self.counts.skipped += 1
                continue
            if entry == "unchanged":
                self.counts.read += 1
                self.counts.unchanged += 1
                self.progress.update(self.counts)
                continue
            if isinstance(entry, Task):
                future = self.pool.submit(
                    worker.run, entry, self.extractor, not self.parse_in_parent, self.time_limit
                )
                flight = _InFlight(entry, future)
                self.window.append(flight)
                self.window_bytes += flight.size
            else:
                self.window.append(entry)
            self._drain(limit)
        self._drain(0)
        self._flush()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def kill(self) -> None:
        """Stop the workers now (Ctrl-C): a letter being extracted is not waited for, and
        no worker outlives the run (the executor's exit hook would wait for it)."""
        for process in list((self.pool._processes or {}).values()):
            if process.is_alive():
                process.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _drain(self, limit: int) -> None:
        """Move finished letters from the window's head to the batch, waiting only while
        more than ``limit`` are in flight."""
        while self.window:
            head = self.window[0]
            if isinstance(head, _InFlight) and not head.future.done():
                if len(self.window) <= limit and self.window_bytes <= MAX_BYTES_IN_FLIGHT:
                    break
                timeout = max(0.0, self.last_flush + FLUSH_SECONDS - time.monotonic())
                if self.pending and not wait([head.future], timeout, FIRST_COMPLETED).done:
                    self._flush()
                    continue
            self.window.popleft()
            if isinstance(head, _InFlight):
                self.window_bytes -= head.size
            reading = self._reading(head)
            if reading is None:  # the pool broke: the window was re-run, start over
                continue
            reading = worker.parse(reading)  # a no-op when a worker parsed it already
            if reading.extractor:  # pages read from a file now, not text from the database
                self.counts.pages += reading.pages or 0
            self.counts.extract_seconds += reading.extract_seconds
            for letter in worker.letters(reading):  # a bundle: each of its letters
                self.pending.append(letter)
                self.counts.read += 1
                self.counts.parse_seconds += letter.parse_seconds
            if len(self.pending) >= self.batch_size:
                self._flush()
        if self.pending and time.monotonic() - self.last_flush > FLUSH_SECONDS:
            self._flush()

    def _reading(self, head: _InFlight | Reading) -> Reading | None:
        if isinstance(head, Reading):
            return head
        try:
            reading = head.future.result()
        except BrokenProcessPool:
            self.window.appendleft(head)
            self.window_bytes += head.size
            self._rescue()
            return None
        if self.first_result_at is None:
            self.first_result_at = time.monotonic()
        return reading

    def _rescue(self) -> None:
        """A worker died (a crash inside a PDF library): run each letter that was in flight
        again, alone, to find the one that kills its worker and list it as failed."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new_pool()
        self.restarts += 1
        rescued: deque[_InFlight | Reading] = deque()
        for entry in self.window:
            if isinstance(entry, _InFlight):
                done = entry.future.done() and not entry.future.cancelled()
                if done and entry.future.exception() is None:
                    entry = entry.future.result()
                else:
                    entry = self._run_alone(entry.task)
            rescued.append(entry)
        self.window = rescued
        self.window_bytes = 0  # every letter in it has been read now

    def _run_alone(self, task: Task) -> Reading:
        try:
            return self.pool.submit(
                worker.run, task, self.extractor, True, self.time_limit
            ).result()
        except BrokenProcessPool:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = self._new_pool()
            return Reading(task.sha256, task.path, task.member, stage="extract", reason=CRASHED)

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        self.last_flush = time.monotonic()
        with _interrupt_after():  # stored and counted, or neither
            for reading, fate in zip(batch, self.writer.write(batch), strict=True):
                setattr(self.counts, fate, getattr(self.counts, fate) + 1)
                if fate in ("stored", "updated") and reading.record and reading.record.warnings:
                    self.counts.warned += 1
                if reading.sha256 and fate != "failed":
                    self.claimed.discard(reading.sha256)  # the database knows it now
        self.progress.update(self.counts)


@contextmanager
def _interrupt_after() -> Iterator[None]:
    """Ctrl-C during the block stops the run once the block is done, so a batch committed
    is a batch counted; a second Ctrl-C stops it at once (the batch is rolled back)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []

    def _defer(signum, _frame) -> None:
        if pressed:
            raise KeyboardInterrupt
        pressed.append(signum)

    previous = signal.signal(signal.SIGINT, _defer)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt
