"""Downloads: ``imrdb export`` streamed over HTTP, byte for byte what the CLI writes.

The export writes into a pipe from a worker thread that owns the database connection (a
SQLite connection stays in the thread that opened it); the response reads the pipe. The
pipe holds a few chunks at most, so memory stays flat however many rows go out, and a
visitor who stops reading stops the export.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
from collections.abc import AsyncIterator

import anyio
from sqlalchemy import Engine

from imrdb.export import BINARY_FORMATS, export
from imrdb.search import Selection
from imrdb.web.database import limited

CHUNK = 64 * 1024
PIPE_CHUNKS = 8
_POLL = 0.5  # seconds between checks whether the reader has gone
_END = object()


class _Gone(Exception):
    """The reader stopped reading (the visitor closed the connection)."""


class _Pipe(io.RawIOBase):
    """A writable binary stream whose bytes come out of :meth:`chunks` in another thread."""

    def __init__(self) -> None:
        self.queue: queue.Queue = queue.Queue(PIPE_CHUNKS)
        self.gone = threading.Event()
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self._put(bytes(self.buffer))
            self.buffer.clear()
        return len(data)

    def _put(self, item) -> None:
        while True:
            if self.gone.is_set():
                raise _Gone
            try:
                self.queue.put(item, timeout=_POLL)
                return
            except queue.Full:
                continue

    def finish(self, error: BaseException | None) -> None:
        if self.buffer and error is None:
            self._put(bytes(self.buffer))
        self._put(error if error is not None else _END)

    def next_chunk(self) -> bytes | None:
        """The next chunk (None at the end), waiting for the writer; raises its error."""
        while True:
            try:
                item = self.queue.get(timeout=_POLL)
            except queue.Empty:
                continue
            if item is _END:
                return None
            if isinstance(item, BaseException):
                raise item
            return item


def stream(engine: Engine, fmt: str, selection: Selection, table: str) -> AsyncIterator[bytes]:
    """The export's bytes as they are written (no time limit: a download may be long).

    The first chunk is read before returning, so an error before any byte (a query the
    database refuses) is raised here and can still become an error page."""
    pipe = _Pipe()

    def produce() -> None:
        error: BaseException | None = None
        try:
            with limited(engine, None) as conn:
                if fmt in BINARY_FORMATS:
                    export(conn, fmt, pipe, selection, table)
                else:
                    text = io.TextIOWrapper(pipe, encoding="utf-8", newline="")  # type: ignore[arg-type]
                    export(conn, fmt, text, selection, table)
                    text.flush()
                    text.detach()
        except _Gone:
            return
        except BaseException as exc:  # handed to the reader, which reports it
            error = exc
        with contextlib.suppress(_Gone):
            pipe.finish(error)

    threading.Thread(target=produce, name="imrdb-download", daemon=True).start()
    try:
        first = pipe.next_chunk()
    except BaseException:
        pipe.gone.set()
        raise

    async def body() -> AsyncIterator[bytes]:
        # ``finally`` runs when the visitor goes away too (the response task is cancelled
        # at the next await), which tells the writer to stop and give its connection back.
        try:
            chunk = first
            while chunk is not None:
                yield chunk
                chunk = await anyio.to_thread.run_sync(pipe.next_chunk)
        finally:
            pipe.gone.set()

    return body()
