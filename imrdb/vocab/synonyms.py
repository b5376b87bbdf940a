"""Treatment synonyms: groups of interchangeable terms, compared by word stems."""

from __future__ import annotations

from functools import cache

from imrdb.search.analyzer import terms
from imrdb.vocab import load


@cache
def _groups() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(group["terms"]) for group in load("synonyms")["groups"])


@cache
def _by_terms() -> dict[tuple[str, ...], int]:
    """Each term's stems -> its group."""
    return {tuple(terms(t)): i for i, group in enumerate(_groups()) for t in group}


def longest_key() -> int:
    """The most words any term has (how far a query run is worth looking)."""
    return max(len(key) for key in _by_terms())


def alternatives(stems: tuple[str, ...]) -> list[str]:
    """The other terms of the group whose term has these stems ([] if none), as written."""
    group = _by_terms().get(stems)
    if group is None:
        return []
    return [t for t in _groups()[group] if tuple(terms(t)) != stems]
