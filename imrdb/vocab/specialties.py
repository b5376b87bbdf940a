"""Reviewer certifications as written -> normalized specialty names (one per certification)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from imrdb.vocab import load


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(rf"(?:{p})", re.IGNORECASE), entry["name"])
        for entry in load("specialties")["specialties"]
        for p in entry["patterns"]
    ]


def _clean(part: str) -> str:
    return " ".join(part.replace("&", " and ").split())


@lru_cache(maxsize=8192)
def normalize_one(part: str) -> tuple[str, bool]:
    """(normalized name, known?) for one certification as written (remembered: a bulk load
    meets the same few hundred spellings a million times)."""
    cleaned = _clean(part)
    for pattern, name in _patterns():
        if pattern.fullmatch(cleaned):
            return name, True
    return " ".join(part.split()), False


def normalize(specialty: str | None) -> list[str]:
    """The distinct normalized certifications of a letter's specialty line, in order."""
    if not specialty:
        return []
    names: list[str] = []
    for part in re.split(r"[,;]", specialty):
        if part.strip():
            name, _ = normalize_one(part)
            if name not in names:
                names.append(name)
    return names


def names() -> list[str]:
    """The normalized certification names the vocabulary knows."""
    return [entry["name"] for entry in load("specialties")["specialties"]]
