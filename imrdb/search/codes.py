"""Small integers the search projection stores per decision, and how to read them back.

Pure functions shared by the projection (:mod:`imrdb.search.index.project`, which writes
them) and the queries (which filter, count and sort on them), so both engines see the very
same numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from imrdb.record import CITED_BY, SOURCES, Citation

# Facet codes, append only: stored facet keys depend on these positions (0 is "none").
FACET_OUTCOMES = ("upheld", "overturned")
FACET_PRIORITIES = ("standard", "expedited")
FACET_CATEGORIES = (
    "pharmaceuticals",
    "injections",
    "surgery",
    "diagnostic_imaging",
    "diagnostic_testing",
    "physical_medicine",
    "dmepos",
    "evaluation_management",
    "behavioral_health",
    "programs",
    "home_health",
    "transportation",
    "other",
)
FACET_CASE_OUTCOMES = ("upheld", "overturned", "partially_overturned")  # the letter's
_FIRST_YEAR = 1990  # years 1991-2117 fit the seven bits
# (name, shift, bits) of each part of a facet key. Above them, two numbered sets: the
# reviewer's specialty set (``specialty_sets``) in 18 bits, then the treatment's taxonomy
# (``taxonomy_sets``: subcategory, drug class, body region, drug) in the 23 bits left.
_KEY_PARTS = (
    ("outcome", 0, 2),
    ("priority", 2, 2),
    ("category", 4, 5),
    ("year", 9, 7),
    ("cited", 16, 4),
    ("case_outcome", 20, 2),
)
_SET_SHIFT, _SET_BITS = 22, 18
_TAXONOMY_SHIFT, _TAXONOMY_BITS = 40, 23

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


def party_shifts(parties: Iterable[str]) -> list[int]:
    """Where each party's four source bits start (to fold them into one nibble)."""
    return sorted({_PARTY_SHIFT[p] for p in parties})


def sources_in_nibble(nibble: int) -> list[str]:
    """The sources of a folded four-bit value (bit i: ``SOURCES[i]``)."""
    return [s for s in SOURCES if nibble & _SOURCE_BIT[s]]


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


def year_of_code(code: int) -> int | None:
    """The year a facet key's year code stands for (None for code 0)."""
    return _FIRST_YEAR + code if code else None


def year_ranks(year: int) -> tuple[int, int]:
    """The lowest and highest newest-first rank of a letter dated in ``year`` (the year's
    decisions are exactly those ranked in between, whatever their case and item)."""
    last = min(max((_LAST_DAY - dt.date(year, 12, 31)).days, 0), _NO_DATE - 1)
    first = min(max((_LAST_DAY - dt.date(year, 1, 1)).days, 0), _NO_DATE - 1)
    return last * _DAY_FACTOR, (first + 1) * _DAY_FACTOR - 1


def specialty_key(names: Iterable[str]) -> str | None:
    """The key of a set of normalized specialties (None for none)."""
    distinct = sorted(set(names))
    return "\n".join(distinct) if distinct else None


# A decision's treatment taxonomy as numbered in ``taxonomy_sets`` (decisions' columns).
TAXONOMY_COLUMNS = ("subcategory", "drug_class", "body_region", "drug")


def taxonomy_key(values: Mapping[str, object]) -> str | None:
    """The key of a decision's taxonomy (its :data:`TAXONOMY_COLUMNS` in ``values``), one
    line per column; None when it has none (stored before migration 0006, or unplaced)."""
    found = [values.get(name) or "" for name in TAXONOMY_COLUMNS]
    return "\n".join(str(v) for v in found) if any(found) else None


def taxonomy_values(key: str) -> dict[str, str | None]:
    """:func:`taxonomy_key` read back."""
    return {n: v or None for n, v in zip(TAXONOMY_COLUMNS, key.split("\n"), strict=True)}


def _code(value: str | None, names: tuple[str, ...]) -> int:
    return names.index(value) + 1 if value in names else 0


def _numbered(name: str, number: int | None, bits: int) -> int:
    if number and not 0 < number < 1 << bits:
        raise ValueError(f"{name} {number} does not fit the facet key's {bits} bits")
    return number or 0


def facet_key(
    outcome: str,
    category: str,
    priority: str | None,
    year: int | None,
    sources: int,
    specialty_set: int | None,
    taxonomy_set: int | None = None,
    case_outcome: str | None = None,
) -> int:
    """Every facet value of a decision in one integer, so a search counts them all with
    one GROUP BY on one column (``sources``: :func:`citation_bits`, folded to any party)."""
    year_code = year - _FIRST_YEAR if year and 0 < year - _FIRST_YEAR < 128 else 0
    cited = (sources | (sources >> 4)) & 15
    parts = (
        _code(outcome, FACET_OUTCOMES),
        _code(priority, FACET_PRIORITIES),
        _code(category, FACET_CATEGORIES),
        year_code,
        cited,
        _code(case_outcome, FACET_CASE_OUTCOMES),
    )
    key = _numbered("specialty set", specialty_set, _SET_BITS) << _SET_SHIFT
    key |= _numbered("taxonomy set", taxonomy_set, _TAXONOMY_BITS) << _TAXONOMY_SHIFT
    for (_name, shift, _bits), value in zip(_KEY_PARTS, parts, strict=True):
        key |= value << shift
    return key


_DECODE = {
    "outcome": FACET_OUTCOMES,
    "priority": FACET_PRIORITIES,
    "category": FACET_CATEGORIES,
    "case_outcome": FACET_CASE_OUTCOMES,
}


def facet_values(key: int) -> dict[str, object]:
    """The facet values in a key: outcome, priority, category, year, cited (source bits,
    any party), case_outcome, specialty_set, taxonomy_set; None where there is none."""
    out: dict[str, object] = {}
    for name, shift, bits in _KEY_PARTS:
        code = (key >> shift) & ((1 << bits) - 1)
        if name in _DECODE:
            out[name] = _DECODE[name][code - 1] if code else None
        elif name == "year":
            out[name] = _FIRST_YEAR + code if code else None
        else:
            out[name] = code
    out["specialty_set"] = (key >> _SET_SHIFT) & SET_MASK or None
    out["taxonomy_set"] = key >> _TAXONOMY_SHIFT or None
    return out


def key_part(name: str) -> tuple[int, int]:
    """(shift, mask) of facet-key part ``name`` (outcome, priority, category, year, cited,
    case_outcome)."""
    for part, shift, bits in _KEY_PARTS:
        if part == name:
            return shift, (1 << bits) - 1
    raise KeyError(name)


def key_code(name: str, value: object) -> int | None:
    """The code ``value`` has in facet-key part ``name``, or None when it has none of its
    own (it would share 0 with "no value"), so a filter on it must read the columns."""
    if name == "year":
        if isinstance(value, int) and 0 < value - _FIRST_YEAR < 128:
            return value - _FIRST_YEAR
        return None
    names = _DECODE[name]
    return names.index(value) + 1 if value in names else None


def source_bits(sources: Iterable[str]) -> int:
    """The bits of ``sources`` in a folded four-bit value (the key's ``cited`` part)."""
    return sum(_SOURCE_BIT[s] for s in set(sources))


# (key >> SET_SHIFT) & SET_MASK: the specialty set; key >> TAXONOMY_SHIFT: the taxonomy
# set; key & REST_MASK: the parts above.
SET_SHIFT, SET_MASK = _SET_SHIFT, (1 << _SET_BITS) - 1
TAXONOMY_SHIFT = _TAXONOMY_SHIFT
REST_MASK = (1 << _SET_SHIFT) - 1
