"""Treatment synonyms: groups of interchangeable terms, as written in ``synonyms.json``.

Comparing terms by word stems is search's business (``imrdb.search.expand``), not the
vocabulary's."""

from __future__ import annotations

from functools import cache

from imrdb.vocab import load


@cache
def groups() -> tuple[tuple[str, ...], ...]:
    """Each group's terms, as written."""
    return tuple(tuple(group["terms"]) for group in load("synonyms")["groups"])
