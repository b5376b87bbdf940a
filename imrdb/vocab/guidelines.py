"""Citation titles -> the guideline catalog (canonical names per source)."""

from __future__ import annotations

import re
from functools import cache

from imrdb.vocab import load

# What follows the guideline's own name in a title: sections and page references.
_TAIL = re.compile(r",?\s*(?:Section\(s\)|Page\(s\)|pages?\b|pg\.|p\.?\s*\d).*$", re.IGNORECASE)


@cache
def _entries() -> list[tuple[str, re.Pattern[str], str]]:
    return [
        (entry["source"], re.compile(p, re.IGNORECASE), entry["name"])
        for entry in load("guidelines")["guidelines"]
        for p in entry["patterns"]
    ]


def lookup(source: str, title: str) -> tuple[str, bool]:
    """(catalog name, known?) for a citation; unknown titles keep their own name."""
    for entry_source, pattern, name in _entries():
        if entry_source == source and pattern.search(title):
            return name, True
    bare = _TAIL.sub("", title).strip(" ,.;")
    return (bare or title), False
