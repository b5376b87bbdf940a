"""Finding a letter's sections by their headings."""

from __future__ import annotations

import re

from imrdb.parse.text import Span


def heading(words: str) -> re.Pattern[str]:
    """A heading as a line of its own (or starting a line), words separated by any space."""
    body = r"\s+".join(re.escape(w) for w in words.split())
    return re.compile(rf"(?:^|\n)[ \t]*{body}[ \t]*:?", re.IGNORECASE)


def find(text: str, *patterns: re.Pattern[str], start: int = 0) -> re.Match[str] | None:
    """The earliest match of any of ``patterns`` at or after ``start``."""
    matches = [m for p in patterns if (m := p.search(text, start))]
    return min(matches, key=lambda m: m.start()) if matches else None


def between(text: str, begin: re.Match[str] | None, *ends: re.Pattern[str]) -> Span | None:
    """The span after heading ``begin`` up to the next of ``ends`` (or the end)."""
    if begin is None:
        return None
    stop = find(text, *ends, start=begin.end()) if ends else None
    return begin.end(), stop.start() if stop else len(text)
