"""Small integers the search projection stores per decision, and how to read them back.

Pure functions shared by the store (which writes them) and search (which filters, counts
and sorts on them), so both engines see the very same numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from imrdb.record import CITED_BY, SOURCES, Citation

# One bit per (party, source): the claims administrator's sources in the low four bits,
# the reviewer's in the next four.
_PARTY_SHIFT = {party: 4 * i for i, party in enumerate(CITED_BY)}
_SOURCE_BIT = {source: 1 << i for i, source in enumerate(SOURCES)}

# Ranks: days from the letter date (newest first: days before 2099-12-31; oldest first:
# days since 1900-01-01), then the case number as a number, then the ordinal.
_LAST_DAY, _FIRST_DAY = dt.date(2099, 12, 31), dt.date(1900, 1, 1)
_NO_DATE = 99_999
_CASE_NUMBER = re.compile(r"CM(\d{2})-(\d{7})")
_NO_CASE_NUMBER = 999_999_999
_DAY_FACTOR = 10**12  # room for case rank (9 digits) and ordinal (3 digits)


def source_mask(sources: Iterable[str] = SOURCES, parties: Iterable[str] = CITED_BY) -> int:
    """The bits of ``sources`` cited by any of ``parties``."""
    parties = tuple(parties)
    return sum(_SOURCE_BIT[s] << _PARTY_SHIFT[p] for s in set(sources) for p in set(parties))


def citation_bits(citations: Iterable[Citation]) -> int:
    """A decision's (party, source) bits; values outside the vocabulary are ignored."""
    bits = 0
    for c in citations:
        if c.source in _SOURCE_BIT and c.cited_by in _PARTY_SHIFT:
            bits |= _SOURCE_BIT[c.source] << _PARTY_SHIFT[c.cited_by]
    return bits


def sources_cited(bits: int, parties: Iterable[str] = CITED_BY) -> list[str]:
    """The sources whose bit is set for any of ``parties``, in the vocabulary's order."""
    parties = tuple(parties)
    return [s for s in SOURCES if bits & source_mask([s], parties)]


def _case_rank(case_number: str | None) -> int:
    match = _CASE_NUMBER.fullmatch(case_number or "")
    return int(match[1]) * 10**7 + int(match[2]) if match else _NO_CASE_NUMBER


def ranks(letter_date: dt.date | None, case_number: str | None, ordinal: int) -> tuple[int, int]:
    """(newest-first rank, oldest-first rank): ascending order of either is the date order
    wanted, ties broken by case number and ordinal; undated letters come last in both."""
    tail = _case_rank(case_number) * 1000 + min(max(ordinal, 0), 999)
    if letter_date is None:
        return _NO_DATE * _DAY_FACTOR + tail, _NO_DATE * _DAY_FACTOR + tail
    newest = min(max((_LAST_DAY - letter_date).days, 0), _NO_DATE - 1)
    oldest = min(max((letter_date - _FIRST_DAY).days, 0), _NO_DATE - 1)
    return newest * _DAY_FACTOR + tail, oldest * _DAY_FACTOR + tail


def specialty_key(names: Iterable[str]) -> str | None:
    """The key of a set of normalized specialties (None for none)."""
    distinct = sorted(set(names))
    return "\n".join(distinct) if distinct else None
