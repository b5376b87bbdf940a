"""Archives given to ``imrdb ingest`` -> the letters in them, one member at a time.

``.zip`` and ``.tar`` archives (gzip, bzip2 and xz too, nested ones included) are read
member by member through one loop. Members are read in memory, never written under their
own names, so a member called ``../evil.pdf`` could do no harm; it is refused all the same,
as are absolute names, links and anything that expands past the limits below.
"""

from __future__ import annotations

import os
import re
import stat
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from imrdb.ingest.archive_names import zip_name
from imrdb.ingest.items import (
    MAX_MEMBER_BYTES,
    Item,
    Kind,
    Letter,
    Refusal,
    Skipped,
    is_archive,
    letter_kind,
    mib,
    unsafe_name,
)

# Everything one archive may expand to, nested archives included (a month of letters is
# about 0.5 GB; the whole public archive about 60 GB, which belongs in folders).
MAX_ARCHIVE_BYTES = 16 * 2**30
# Expansion over compressed size past which a member (zip) or a whole archive (tar) is a
# decompression bomb: PDFs barely compress (ratio ~1.1), text letters about 4.
MAX_RATIO = 100
# Below this size a high ratio is harmless (a page of blanks compresses 1000 times).
RATIO_FLOOR = 2**20
MAX_MEMBERS = 2_000_000
# An archive inside an archive inside an archive, and no deeper.
MAX_DEPTH = 3
# Nested archives are spooled to a temporary file past this size instead of kept in memory.
SPOOL_BYTES = 64 * 2**20
# Separates an outer member from a path inside a nested archive: "month.zip!a/b.pdf".
NESTED = "!"
# Metadata macOS adds to the zips it makes: "__MACOSX/…/._letter.pdf" is not a letter.
_MAC_METADATA = re.compile(r"(^|/)__MACOSX/|(^|/)\._")
_REST = "the rest was not read"


class _Budget:
    """What one top-level archive may still expand to, shared with the archives inside it."""

    def __init__(self) -> None:
        self.bytes = MAX_ARCHIVE_BYTES
        self.members = MAX_MEMBERS

    def take(self, size: int) -> str | None:
        self.members -= 1
        self.bytes -= size
        if self.members < 0:
            return f"archive has more than {MAX_MEMBERS:,} members; {_REST}"
        if self.bytes < 0:
            return f"archive expands past {MAX_ARCHIVE_BYTES / 2**30:.0f} GiB; {_REST}"
        return None


def read_archive(handle: IO[bytes], name: str, path: str, size: int) -> Iterator[Item]:
    """The items inside the archive file ``path`` (``name``: its file name), opened as
    ``handle``, ``size`` bytes long."""
    yield from _archive(handle, name, path, None, 1, size, _Budget())


def _archive(
    handle: IO[bytes],
    archive_name: str,
    path: str,
    prefix: str | None,
    depth: int,
    size: int,
    budget: _Budget,
) -> Iterator[Item]:
    """The items inside one archive (``prefix``: the member naming it, when nested)."""
    lowered = archive_name.lower()
    if lowered.endswith(".zip"):
        yield from _zip(handle, path, prefix, depth, budget)
    else:
        yield from _tar(handle, path, prefix, depth, size, budget)


def _member_name(prefix: str | None, name: str) -> str:
    return f"{prefix}{NESTED}{name}" if prefix else name


def _classify(name: str, member: str, path: str, depth: int) -> Item | Kind | Literal["archive"]:
    """What to do with a member called ``name``: a kind to read, or an item as it is."""
    reason = unsafe_name(name)
    if reason:
        return Refusal(path, member, reason)
    if is_archive(name):
        if depth >= MAX_DEPTH:
            return Refusal(path, member, f"archive nested deeper than {MAX_DEPTH} levels")
        return "archive"
    kind = letter_kind(name)
    return kind if kind else Skipped(path, member)


@dataclass(frozen=True, slots=True)
class _Member:
    """One archive member as zip and tar both describe it, so one loop reads both."""

    name: str
    size: int
    compressed: int | None  # zip only: tar's ratio is checked on the whole stream
    link: bool
    regular: bool
    open: Callable[[], IO[bytes]]


def _members(
    listing: Iterator[_Member | Refusal], path: str, prefix: str | None, depth: int, budget: _Budget
) -> Iterator[Item]:
    """Every member of one archive checked and read; a ``Refusal`` in ``listing`` (a corrupt
    archive, a bomb) ends it. A member that cannot be read is that member's failure alone."""
    for entry in listing:
        if isinstance(entry, Refusal):
            yield entry
            return
        member = _member_name(prefix, entry.name)
        over = budget.take(entry.size)
        if over:
            yield Refusal(path, prefix, over)
            return
        action = _classify(entry.name, member, path, depth)
        if not isinstance(action, str):
            yield action
        elif entry.link:
            yield Refusal(path, member, "link member refused")
        elif not entry.regular:
            yield Refusal(path, member, "not a regular file")
        elif too_big := _too_big(entry.size, entry.compressed, action == "archive"):
            yield Refusal(path, member, too_big)
        else:
            yield from _read_member(entry, action, path, member, depth, budget)


def _too_big(size: int, compressed: int | None, archive: bool) -> str | None:
    if not archive and size > MAX_MEMBER_BYTES:
        return f"member expands past {mib(MAX_MEMBER_BYTES)}: not a letter"
    if compressed is not None and size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
        return f"decompression bomb: member expands {size // max(compressed, 1):,} times"
    return None


def _read_member(
    entry: _Member, action: str, path: str, member: str, depth: int, budget: _Budget
) -> Iterator[Item]:
    try:
        with entry.open() as stream:
            if action == "archive":
                loaded: bytes | IO[bytes] | Refusal = _spool(stream, member, path, budget)
            else:
                loaded = stream.read(MAX_MEMBER_BYTES + 1)
    except RuntimeError as exc:  # zipfile's way of saying "encrypted, password required"
        reason = "password-protected archive member" if "encrypted" in str(exc) else str(exc)
        yield Refusal(path, member, reason)
        return
    except Exception as exc:  # any codec's error (a bad CRC, LZMA data): this member's
        yield Refusal(path, member, f"unreadable archive member: {_detail(exc)}")
        return
    if isinstance(loaded, Refusal):
        yield loaded
    elif isinstance(loaded, bytes):
        if len(loaded) > MAX_MEMBER_BYTES:  # the header lied about the size
            yield Refusal(
                path, member, f"member expands past {mib(MAX_MEMBER_BYTES)}: not a letter"
            )
        else:
            yield Letter(path, member, loaded, action)  # type: ignore[arg-type]
    else:
        with loaded:
            size = loaded.seek(0, os.SEEK_END)
            loaded.seek(0)
            yield from _archive(loaded, entry.name, path, member, depth + 1, size, budget)


def _detail(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0][:200]}" if text else type(exc).__name__


def _spool(stream: IO[bytes], member: str, path: str, budget: _Budget) -> IO[bytes] | Refusal:
    """A nested archive's bytes in a seekable file: memory when small, a temporary file
    (deleted on close) when large; never more than the archive budget allows."""
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (caller closes)
    total = 0
    try:
        while chunk := stream.read(2**20):
            total += len(chunk)
            if total > max(budget.bytes, 0):
                spooled.close()
                return Refusal(path, member, "nested archive expands past the archive limit")
            spooled.write(chunk)
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled  # type: ignore[return-value]


def _zip(
    handle: IO[bytes], path: str, prefix: str | None, depth: int, budget: _Budget
) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        yield Refusal(path, prefix, f"corrupt archive: {exc}")
        return
    with archive:
        yield from _members(_zip_listing(archive, infos), path, prefix, depth, budget)


def _zip_listing(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Iterator[_Member]:
    for info in infos:
        name = zip_name(info)
        if info.is_dir() or _MAC_METADATA.search(name):
            continue
        yield _Member(
            name,
            info.file_size,
            info.compress_size,
            link=stat.S_ISLNK(info.external_attr >> 16),
            regular=True,
            open=lambda info=info: archive.open(info),
        )


def _tar(
    handle: IO[bytes], path: str, prefix: str | None, depth: int, size: int, budget: _Budget
) -> Iterator[Item]:
    """A tar stream, read front to back (no seeking, so .tar.gz is decompressed once).
    Names that are not UTF-8 (latin-1 tars) keep their bytes as surrogate escapes."""
    try:
        archive = tarfile.open(fileobj=handle, mode="r|*", errors="surrogateescape")  # noqa: SIM115
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        yield Refusal(path, prefix, f"corrupt archive: {exc}")
        return
    with archive:
        yield from _members(_tar_listing(archive, path, prefix, size), path, prefix, depth, budget)


def _tar_listing(
    archive: tarfile.TarFile, path: str, prefix: str | None, size: int
) -> Iterator[_Member | Refusal]:
    expanded = 0
    while True:
        try:
            info = archive.next()
        except Exception as exc:  # a broken stream (any codec) ends the archive
            yield Refusal(path, prefix, f"corrupt archive: {_detail(exc)}")
            return
        if info is None:
            return
        archive.members.clear()  # tarfile keeps every header otherwise
        if info.isdir() or _MAC_METADATA.search(info.name):
            continue
        expanded += info.size
        if expanded > RATIO_FLOOR and expanded > MAX_RATIO * max(size, 1):
            yield Refusal(
                path, prefix, f"decompression bomb: archive expands over {MAX_RATIO} times; {_REST}"
            )
            return
        yield _Member(
            info.name,
            info.size,
            None,
            link=info.issym() or info.islnk(),
            regular=info.isfile(),
            open=lambda info=info: archive.extractfile(info),
        )


def count_members(path: Path) -> int:
    if path.name.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            return sum(not i.is_dir() for i in archive.infolist())
    count = 0
    with tarfile.open(path, mode="r|*") as archive:
        while (info := archive.next()) is not None:
            archive.members.clear()
            count += info.isfile()
    return count
