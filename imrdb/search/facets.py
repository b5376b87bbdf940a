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
# The projection columns grouped on, in this order.
GROUP_COLUMNS = (
    facets_t.c.outcome,
    facets_t.c.category,
    facets_t.c.priority,
    facets_t.c.letter_year,
    facets_t.c.sources,
    facets_t.c.specialty_set,
)
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


def specialty_names(conn: Connection, set_ids: Iterable[int]) -> dict[int, list[str]]:
    wanted = sorted({i for i in set_ids if i is not None})
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
    """Facets from grouped rows ``(outcome, category, priority, year, sources, set, n)``;
    the guideline facet counts the sources cited by ``parties``."""
    counts = {name: Counter() for name in NAMES}
    for outcome, category, priority, year, sources, set_id, n in groups:
        counts["outcome"][outcome] += n
        counts["category"][category] += n
        counts["priority"][priority] += n
        counts["year"][year] += n
        for source in codes.sources_cited(sources or 0, parties) or [None]:
            counts["guideline"][source] += n
        for specialty in names_of_set.get(set_id, [None]):
            counts["specialty"][specialty] += n
    out = {}
    for name in NAMES:
        ordered = _order(name, counts[name])
        out[name] = Facet(name, tuple(ordered[:size]), len(ordered) > size)
    return out
