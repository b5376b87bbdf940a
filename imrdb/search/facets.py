"""Facet counts of a result set, from one grouped pass over its facet keys.

The database groups the matching decisions by their packed facet key (one pass, a few
thousand to a hundred thousand groups) and splits the groups, in SQL, into the key's fixed
parts, its specialty set and its taxonomy set; this module spreads those counts into the
facets of :data:`NAMES`. A decision counts once per value: once for ODG however many times
ODG is cited in it, once per certification of its reviewer. ``None`` counts the decisions
without a value. (Guideline names and diagnoses, which a key cannot hold:
:mod:`imrdb.search.joined_facets`.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    FromClause,
    Select,
    func,
    literal_column,
    select,
    union_all,
)

from imrdb.record import CITED_BY
from imrdb.search import codes
from imrdb.search.index import key_parts
from imrdb.search.index.base import KeyCondition, Match
from imrdb.search.index.tables import combos_t, facets_t, sets_t, taxonomy_t

NAMES = (
    "outcome",
    "category",
    "guideline",
    "specialty",
    "year",
    "priority",
    "case_outcome",
    *codes.TAXONOMY_COLUMNS,
)


def _folded(sources: ColumnElement[int], parties: Sequence[str]) -> ColumnElement[int]:
    """SQL: the sources ``parties`` cited, folded into four bits (bit i: ``SOURCES[i]``)."""
    nibbles = [
        sources.op(">>")(literal_column(str(shift))).op("&")(literal_column("15"))
        for shift in codes.party_shifts(parties)
    ]
    folded = nibbles[0]
    for nibble in nibbles[1:]:
        folded = folded.op("|")(nibble)
    return folded


def key_groups(
    source: FromClause, where: ColumnElement[bool], parties: Sequence[str] = CITED_BY
) -> Select:
    """The matching rows counted by facet key ``k`` (and by cited sources ``s`` when only
    some ``parties`` count): one pass, a few thousand groups."""
    columns = [facets_t.c.facet_key.label("k")]
    if per_party(parties):
        columns.append(facets_t.c.sources.label("s"))
    return (
        select(*columns, func.count().label("n"))
        .select_from(source)
        .where(where)
        .group_by(*columns)
    )


def combo_counts(on_key: KeyCondition | None) -> CompoundSelect:
    """Every decision's facet counts, from the counts ``facet_combos`` keeps: the rows of
    :func:`counts_query`, each part grouped straight from the table by the very expression
    an index of its holds (migration 0010), so SQLite reads the index in order instead of
    sorting 112,655 keys three times (3.5 million decisions: 73 -> 17 ms)."""
    key, decisions = combos_t.c.key, combos_t.c.decisions
    where = [decisions > 0]
    if on_key is not None:
        where.append(on_key(key))
    selects = []
    for part, _, sql in key_parts.PARTS:
        value = sql(key)
        number = literal_column(str(part)).label("part")
        selects.append(
            select(number, value.label("value"), func.sum(decisions)).where(*where).group_by(value)
        )
    return union_all(*selects)


def hit_groups(match: Match) -> Select | CompoundSelect:
    """Every hit of ``match`` counted by facet key: from the index alone where the engine
    can, else as :func:`key_groups` over the projection."""
    found = match.key_groups(None)
    if found is not None:
        return found
    return key_groups(*match.source())


def per_party(parties: Sequence[str]) -> bool:
    return set(parties) != set(CITED_BY)


def counts_query(groups: Select | CompoundSelect, parties: Sequence[str] = CITED_BY) -> Select:
    """:func:`key_groups`' rows (or any with the same columns) split, in SQL over the
    groups, into (part, value, n) rows: part 0 the key without its numbered sets, 1 the
    specialty set, 2 the sources ``parties`` cited (when not all), 3 the taxonomy set."""
    grouped = groups.cte("facet_groups").prefix_with("MATERIALIZED")
    parts = [(part, sql(grouped.c.k)) for part, _, sql in key_parts.PARTS]
    if per_party(parties):
        parts.append((2, _folded(grouped.c.s, parties)))
    selects = []
    for part, value in parts:
        value = value.label("value")
        selects.append(
            select(literal_column(str(part)).label("part"), value, func.sum(grouped.c.n)).group_by(
                value
            )
        )
    return union_all(*selects)


DEFAULT_SIZE = 10
_BY_VALUE = {"year"}  # listed newest first rather than by count


@dataclass(frozen=True)
class Facet:
    name: str
    values: tuple[tuple[Any, int], ...]
    truncated: bool
    not_counted: str | None = None  # why the facet was left out (no values, not zeros)

    def to_dict(self) -> dict:
        out = {
            "values": [{"value": v, "count": n} for v, n in self.values],
            "truncated": self.truncated,
        }
        if self.not_counted:
            out["not_counted"] = self.not_counted
        return out


def specialty_names(conn: Connection, set_ids: Iterable[int]) -> dict[int, list[str]]:
    wanted = sorted({i for i in set_ids if i})
    if not wanted:
        return {}
    sets = sets_t
    rows = conn.execute(select(sets.c.id, sets.c.names).where(sets.c.id.in_(wanted)))
    return {set_id: names.split("\n") for set_id, names in rows}


def order(name: str, counts: Counter) -> list[tuple[Any, int]]:
    """A facet's values, most frequent first (years newest first)."""

    def key(item: tuple[Any, int]):
        value, n = item
        if name in _BY_VALUE:
            return (value is None, -(value or 0))
        return (-n, value is None, str(value))

    return sorted(counts.items(), key=key)


@dataclass(frozen=True)
class KeyCounts:
    """:func:`counts_query`'s rows: counts by key rest, by specialty set, by sources cited
    (None: any party, read from the rest), by taxonomy set."""

    rest: Counter
    specialty_sets: Counter
    cited: Counter | None
    taxonomy_sets: Counter

    @classmethod
    def of(cls, rows: Iterable[tuple]) -> KeyCounts:
        parts: dict[int, Counter] = {part: Counter() for part in range(4)}
        for part, value, n in rows:
            parts[part][value] += int(n)
        return cls(parts[0], parts[1], parts[2] or None, parts[3])

    @property
    def total(self) -> int:
        return sum(self.rest.values())


def taxonomy_of_sets(conn: Connection, set_ids: Iterable[int]) -> dict[int, dict]:
    """The taxonomy (:data:`codes.TAXONOMY_COLUMNS`) of each of ``set_ids``."""
    wanted = sorted({i for i in set_ids if i})
    if not wanted:
        return {}
    query = select(taxonomy_t.c.id, taxonomy_t.c.key).where(taxonomy_t.c.id.in_(wanted))
    return {set_id: codes.taxonomy_values(key) for set_id, key in conn.execute(query)}


def spread(
    counted: KeyCounts,
    names_of_set: Mapping[int, list[str]],
    taxonomy_of_set: Mapping[int, dict],
    size: int = DEFAULT_SIZE,
) -> dict[str, Facet]:
    """The facets of :data:`NAMES` from a :class:`KeyCounts`."""
    counts = {name: Counter() for name in NAMES}
    by_sources = counted.cited if counted.cited is not None else Counter()
    for key, n in counted.rest.items():
        values = codes.facet_values(key)
        for name in ("outcome", "category", "priority", "year", "case_outcome"):
            counts[name][values[name]] += n
        if counted.cited is None:
            by_sources[values["cited"]] += n
    for bits, n in by_sources.items():
        for source in codes.sources_in_nibble(bits) or [None]:
            counts["guideline"][source] += n
    for set_id, n in counted.specialty_sets.items():
        for specialty in names_of_set.get(set_id, [None]):
            counts["specialty"][specialty] += n
    for set_id, n in counted.taxonomy_sets.items():
        taxonomy = taxonomy_of_set.get(set_id, {})
        for name in codes.TAXONOMY_COLUMNS:
            counts[name][taxonomy.get(name)] += n
    out = {}
    for name in NAMES:
        ordered = order(name, counts[name])
        out[name] = Facet(name, tuple(ordered[:size]), len(ordered) > size)
    return out
