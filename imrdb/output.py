"""Where output goes and how values become JSON: one place for every command.

``open_output`` writes to stdout or to ``-o FILE``. A regular file is written beside its
name and renamed into place when complete, so an interrupted command never leaves half a
file; a symlink is followed (its target is written, the link stays); a device node or FIFO
(``/dev/null``, ``/dev/full``, a named pipe) is opened and written into, never replaced.
A failed write (a full disk) is one :class:`ImrdbError` line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TextIO

from imrdb.errors import ImrdbError

STDOUT = "-"


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, indent=indent)


def write_jsonl(items: Iterable[Any], stream: TextIO) -> int:
    """Write one JSON document per line as the items arrive; return how many."""
    n = 0
    for item in items:
        stream.write(dumps(item))
        stream.write("\n")
        n += 1
    return n


def write_json_array(items: Iterable[Any], stream: TextIO) -> int:
    """A JSON array written as the items arrive (a million rows never sit in memory)."""
    stream.write("[")
    n = 0
    for n, item in enumerate(items, 1):
        stream.write(("," if n > 1 else "") + "\n  " + dumps(item))
    stream.write("\n]\n" if n else "]\n")
    return n


def _open(path: Path, binary: bool) -> IO:
    return open(path, "wb") if binary else open(path, "w", encoding="utf-8", newline="")


@contextmanager
def open_output(target: str, binary: bool = False) -> Iterator[IO]:
    """stdout for ``-``, else ``target`` as the module docstring says."""
    if target == STDOUT:
        if binary and sys.stdout.isatty():
            raise ImrdbError("this format is binary: give -o FILE or redirect the output")
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    path = Path(target)
    real = path.resolve() if path.is_symlink() else path
    try:
        if real.exists() and not real.is_file():
            with _open(real, binary) as stream:
                yield stream
            return
        partial = real.with_name(real.name + ".partial")
        try:
            with _open(partial, binary) as stream:
                yield stream
            os.replace(partial, real)
        finally:
            partial.unlink(missing_ok=True)
    except OSError as exc:
        raise ImrdbError(f"cannot write {target}: {exc.strerror or exc}") from None
