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
from collections.abc import Callable, Iterator

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

    def chunks(self) -> Iterator[bytes]:
        try:
            while (item := self.queue.get()) is not _END:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.gone.set()


def stream(engine: Engine, fmt: str, selection: Selection, table: str) -> Iterator[bytes]:
    """The export's bytes as they are written (no time limit: a download may be long)."""
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
    return pipe.chunks()


def first_then_rest(chunks: Iterator[bytes], on_error: Callable[[BaseException], None]):
    """``chunks`` with the first one read now, so an error before any byte is sent can still
    become an error page (``on_error`` raises); after that the body is already going out."""
    try:
        first = next(chunks, b"")
    except BaseException as exc:
        on_error(exc)
        raise

    def rest() -> Iterator[bytes]:
        if first:
            yield first
        yield from chunks

    return rest()
