"""Body regions a text names (body_regions.json), in the order it names them.

Shared by the treatment taxonomy (an MRI "of the right shoulder") and the diagnoses a case
summary states ("right shoulder sprain"), so both group by the same regions.
"""

from __future__ import annotations

import re
from functools import cache

from imrdb.vocab import load


@cache
def _pattern() -> re.Pattern[str]:
    # One alternation with a named group per region: one scan finds every region named,
    # and at one place the region listed first wins ("upper back" before "back").
    parts = [
        f"(?P<{entry['code']}>{'|'.join(f'(?:{p})' for p in entry['patterns'])})"
        for entry in load("body_regions")["regions"]
    ]
    return re.compile("|".join(parts), re.IGNORECASE)


def named(text: str) -> list[str]:
    """The distinct region codes ``text`` names, first named first."""
    found: list[str] = []
    for match in _pattern().finditer(text):
        code = match.lastgroup
        if code and code not in found:
            found.append(code)
    return found


def first(text: str) -> str | None:
    """The region ``text`` names first, or None."""
    match = _pattern().search(text)
    return match.lastgroup if match else None


def codes() -> list[str]:
    return [entry["code"] for entry in load("body_regions")["regions"]]
