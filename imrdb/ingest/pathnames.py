"""File names that are not valid UTF-8, stored as text and given back byte for byte.

Python reads such a name (``cp letter.pdf $'x\\xe9.pdf'``, a tar member named in latin-1)
with each undecodable byte as a lone surrogate (PEP 383), which neither SQLite nor
PostgreSQL will store. The stored form writes each such byte as ``\\xHH`` (what ``ls -b``
shows) and doubles a backslash only where it would otherwise read as an escape, so a
Windows-style ``dir\\a.pdf`` is stored as it is. ``to_stored`` and ``from_stored`` are
inverses: ``os.fsencode(from_stored(to_stored(name)))`` is the name's bytes.
"""

from __future__ import annotations

import re

# A byte Python could not decode: U+DC80..U+DCFF stands for byte 0x80..0xFF.
_SURROGATE = re.compile("[\udc80-\udcff]")
# A backslash the reader would take for an escape: before "x", a backslash or a byte.
_AMBIGUOUS = re.compile(r"\\(?=[x\\\udc80-\udcff])")
_ESCAPE = re.compile(r"\\(\\|x[89a-f][0-9a-f])")


def to_stored(name: str) -> str:
    """``name`` as valid Unicode text, reversibly (unchanged when it is valid already)."""
    if "\\" not in name and not _SURROGATE.search(name):
        return name
    name = _AMBIGUOUS.sub(r"\\\\", name)
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", name)


def from_stored(stored: str) -> str:
    """The name as Python's ``os`` functions take it (``\\xHH`` back to the byte)."""
    if "\\" not in stored:
        return stored

    def _one(m: re.Match[str]) -> str:
        escape = m.group(1)
        return "\\" if escape == "\\" else chr(0xDC00 + int(escape[1:], 16))

    return _ESCAPE.sub(_one, stored)
