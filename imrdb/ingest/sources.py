"""Paths given to ``imrdb ingest`` -> the letters in them, one at a time.

Files and folders (recursive) become a stream of :mod:`items <imrdb.ingest.items>`;
archives among them are read by :mod:`imrdb.ingest.archives`.
"""

from __future__ import annotations

import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from imrdb.ingest.archives import count_members, read_archive
from imrdb.ingest.items import (
    MAX_MEMBER_BYTES,
    Item,
    Letter,
    Refusal,
    Skipped,
    is_archive,
    letter_kind,
    mib,
)


def iter_items(paths: Iterable[str | os.PathLike]) -> Iterator[Item]:
    """Every letter under ``paths``, in a stable order (folders sorted by name)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield from _file(path, explicit=True)


def _walk(top: Path) -> Iterator[Item]:
    # Symlinked folders are not followed: a link to a parent would loop forever.
    for folder, dirnames, filenames in os.walk(top, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            yield from _file(Path(folder) / name, explicit=False)


def _file(path: Path, explicit: bool) -> Iterator[Item]:
    name = str(path)
    if is_archive(path.name):
        try:
            size = path.stat().st_size
            handle = path.open("rb")
        except OSError as exc:
            yield Refusal(name, None, f"unreadable file: {exc.strerror or exc}", "read")
            return
        with handle:
            yield from read_archive(handle, path.name, name, size)
        return
    kind = letter_kind(path.name)
    if kind is None and not explicit:
        yield Skipped(name, None)
        return
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            yield Refusal(name, None, "not a regular file")
            return
        if info.st_size > MAX_MEMBER_BYTES:
            yield Refusal(name, None, f"file larger than {mib(MAX_MEMBER_BYTES)}: not a letter")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Refusal(name, None, f"unreadable file: {exc.strerror or exc}", "read")
        return
    # A file named on the command line is read as a PDF whatever its name; the extractor
    # says "not a PDF" if it is not one.
    yield Letter(name, None, data, kind or "pdf")


def estimate_count(paths: Iterable[str | os.PathLike]) -> int:
    """About how many letters ``iter_items`` will give (for a progress bar's ETA): files,
    zip entries and tar headers, without reading any letter; a nested archive counts one."""
    total = 0
    for top in paths:
        top = Path(top)
        files = (
            (Path(d) / n for d, _, names in os.walk(top) for n in names) if top.is_dir() else [top]
        )
        for path in files:
            if not is_archive(path.name):
                total += letter_kind(path.name) is not None or path == top
                continue
            try:
                total += count_members(path)
            except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error):
                total += 1
    return total
