"""What reading the paths given to ``imrdb ingest`` yields, and which names are letters.

A ``Letter`` (a PDF or text file's bytes, read in memory), a ``Refusal`` (something that
cannot or must not be read, and why) or a ``Skipped`` (a file that is not a letter format):
:mod:`imrdb.ingest.sources` walks files and folders, :mod:`imrdb.ingest.archives` reads
archives, and both give these.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Literal

# A letter is 20-200 KB; anything past this is not one, and reading it would only cost memory.
MAX_MEMBER_BYTES = 64 * 2**20
Kind = Literal["pdf", "text"]
LETTER_KINDS: dict[str, Kind] = {".pdf": "pdf", ".txt": "text"}
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Letter:
    """A candidate letter's bytes and where they came from."""

    path: str
    member: str | None
    data: bytes
    kind: Kind


@dataclass(frozen=True, slots=True)
class Refusal:
    """Something that was not read, and why (``imrdb failures`` lists it)."""

    path: str
    member: str | None
    reason: str
    stage: str = "source"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that is not a letter format (an index.html next to the PDFs)."""

    path: str
    member: str | None


Item = Letter | Refusal | Skipped


def letter_kind(name: str) -> Kind | None:
    return LETTER_KINDS.get(posixpath.splitext(name.lower())[1])


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def unsafe_name(name: str) -> str | None:
    """Why an archive member's name must not be used, or None when it is safe."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or _DRIVE.match(normal):
        return "unsafe member name: absolute path"
    if ".." in normal.split("/"):
        return "unsafe member name: '..' leads outside the archive (zip-slip)"
    return None
