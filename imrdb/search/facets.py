"""Facet counts of a result set, from one grouped pass over its projection rows.

The database groups the matching decisions by every facet column at once (one pass, a
few thousand groups); this module spreads those groups into the six facets. A decision
counts once per value: once for ODG however many times ODG is cited in it, once per
certification of its reviewer. ``None`` counts the decisions without a value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from imrdb.db.models import SpecialtySet
from imrdb.db.search_index import facets_t
from imrdb.record import CITED_BY
from imrdb.search import codes

NAMES = ("outcome", "category", "guideline", "specialty", "year", "priority")


def group_columns(parties: Sequence[str] = CITED_BY) -> tuple:
    """What the matching rows are grouped on: the facet key, and the source bits when the
    guideline facet counts only some parties' citations (the key folds in every party's)."""
    if set(parties) == set(CITED_BY):
        return (facets_t.c.facet_key,)
    return (facets_t.c.facet_key, facets_t.c.sources)


DEFAULT_SIZE = 10
_BY_VALUE = {"year"}  # listed newest first rather than by count


@dataclass(frozen=True)
class Facet:
    name: str
    values: tuple[tuple[Any, int], ...]
    truncated: bool

    def to_dict(self) -> dict:
        return {
            "values": [{"value": v, "count": n} for v, n in self.values],
            "truncated": self.truncated,
        }


def specialty_names(conn: Connection, keys: Iterable[int]) -> dict[int, list[str]]:
    """The certifications of the specialty sets in facet ``keys``."""
    wanted = sorted({s for s in (codes.facet_values(k)["specialty_set"] for k in keys) if s})
    if not wanted:
        return {}
    sets = SpecialtySet.__table__
    rows = conn.execute(select(sets.c.id, sets.c.names).where(sets.c.id.in_(wanted)))
    return {set_id: names.split("\n") for set_id, names in rows}


def _order(name: str, counts: Counter) -> list[tuple[Any, int]]:
    def key(item: tuple[Any, int]):
        value, n = item
        if name in _BY_VALUE:
            return (value is None, -(value or 0))
        return (-n, value is None, str(value))

    return sorted(counts.items(), key=key)


def spread(
    groups: Sequence[tuple],
    names_of_set: Mapping[int, list[str]],
    parties: Sequence[str] = CITED_BY,
    size: int = DEFAULT_SIZE,
) -> dict[str, Facet]:
    """Facets from grouped rows ``(facet_key, n)`` or ``(facet_key, sources, n)``."""
    by_key: Counter = Counter()
    cited: Counter = Counter()
    per_party = bool(groups) and len(groups[0]) == 3
    for *key, n in groups:
        by_key[key[0]] += n
        if per_party:
            cited[codes.fold_sources(key[1], parties)] += n
    counts = {name: Counter() for name in NAMES}
    for key, n in by_key.items():
        values = codes.facet_values(key)
        for name in ("outcome", "category", "priority", "year"):
            counts[name][values[name]] += n
        if not per_party:
            cited[values["cited"]] += n
        for specialty in names_of_set.get(values["specialty_set"], [None]):
            counts["specialty"][specialty] += n
    for bits, n in cited.items():
        for source in codes.sources_in_nibble(bits) or [None]:
            counts["guideline"][source] += n
    out = {}
    for name in NAMES:
        ordered = _order(name, counts[name])
        out[name] = Facet(name, tuple(ordered[:size]), len(ordered) > size)
    return out
