"""Procedures a treatment names -> normalized procedure and subcategory (procedures.json)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from imrdb.vocab import load


@dataclass(frozen=True)
class Procedure:
    name: str
    subcategory: str | None  # None: surgery and imaging place by body region instead
    fallback: bool


@cache
def _patterns(category: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, list[dict]]:
    """(main pattern, fallback pattern, entries) for one category; group ``p<i>`` = entry i."""
    entries = load("procedures")["procedures"]

    def compiled(fallback: bool) -> re.Pattern[str] | None:
        parts = [
            f"(?P<p{i}>{'|'.join(f'(?:{p})' for p in e['patterns'])})"
            for i, e in enumerate(entries)
            if e["category"] == category and bool(e.get("fallback")) == fallback
        ]
        return re.compile("|".join(parts), re.IGNORECASE) if parts else None

    return compiled(False), compiled(True), entries


def named(text: str, category: str) -> Procedure | None:
    """The procedure of ``category`` that ``text`` names first (a fallback only if none)."""
    main, fallback, entries = _patterns(category)
    for pattern in (main, fallback):
        match = pattern.search(text) if pattern else None
        if match and match.lastgroup:
            entry = entries[int(match.lastgroup[1:])]
            return Procedure(entry["name"], entry.get("subcategory"), bool(entry.get("fallback")))
    return None
