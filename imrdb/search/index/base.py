"""The one interface both engines' full-text indexes implement, and the matching they share.

An engine module (:mod:`~imrdb.search.index.sqlite`, :mod:`~imrdb.search.index.postgresql`)
says how its index is built (the DDL the migrations call), what a write adds to the rows
(called by the store's projection hook in the same transaction), and how a query tree
becomes a condition (:class:`Match`). Everything else in search is dialect-neutral.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    FromClause,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.sql.elements import BindParameter

from imrdb.search import codes
from imrdb.search.index.tables import combos_t, facets_t, writes_t
from imrdb.search.query import And, Node, Not, Word, indexable

# Searchable fields of a decision, in index order (FTS5 columns, PostgreSQL weights A-C).
DECISION_FIELDS = ("treatment", "citation_text", "rationale")
# Tiers of relevance: which fields the positive words must match within.
TIERS = ("treatment", "heading", "text")

Execute = Callable[[str], object]
# A condition on a facet key (an SQL integer expression), from the filters.
KeyCondition = Callable[[ColumnElement[int]], ColumnElement[bool]]


def bound(value: str) -> BindParameter[str]:
    """User text as a bound parameter: it never becomes SQL."""
    return bindparam(None, value, type_=String)


# Per database (its URL and its own random origin, so one recreated at the same URL is
# another): (projection generation, its year codes). The codes change only with the
# projection, which bumps the generation (migration 0010).
_YEARS: dict[tuple[str, str], tuple[int, list[int]]] = {}


def year_codes(conn: Connection, newest_first: bool) -> list[int]:
    """The year codes of the stored decisions' keys (0, no year, left out), in date order:
    read from ``facet_combos`` once per generation of the projection (a scan of 112,655
    keys at 3.5 million decisions, 15 ms on PostgreSQL, for every first page otherwise)."""
    stamp = conn.execute(select(writes_t.c.origin, writes_t.c.generation)).one()
    database = (conn.engine.url.render_as_string(hide_password=False), stamp.origin)
    kept = _YEARS.get(database)
    if kept is None or kept[0] != stamp.generation:
        shift, mask = codes.key_part("year")
        key = combos_t.c.key
        code = key.op(">>")(literal_column(str(shift))).op("&")(literal_column(str(mask)))
        present = select(code).where(combos_t.c.decisions > 0).distinct()
        kept = (stamp.generation, sorted(c for c in conn.scalars(present) if c))
        _YEARS[database] = kept
    return list(reversed(kept[1])) if newest_first else list(kept[1])


@dataclass(frozen=True)
class Match(ABC):
    """What the query asks of the text: ``expr`` over decisions' fields (``scope``
    "decision") or over whole letters (``scope`` "letter"); ``positive`` is ``expr``
    without its exclusions, which the tiers look for."""

    expr: Node | None
    positive: Node | None
    scope: str = "decision"

    @property
    def ranked(self) -> bool:
        """Are there tiers? Only for decision fields with words to look for."""
        return self.scope == "decision" and self.positive is not None

    @abstractmethod
    def leaf(self, node: Node, fields: str | None = None) -> ColumnElement[bool]:
        """The condition "``node`` matches" (in ``fields``: a tier name), as a subquery
        over the projection; ``node`` is :func:`indexable`."""

    def condition(self, node: Node) -> ColumnElement[bool]:
        """Any tree as SQL: indexable parts as one match each, joined by SQL's AND/OR/NOT."""
        if indexable(node):
            return self.leaf(node)
        if isinstance(node, Not):
            return not_(self.condition(node.item))
        parts = [self.condition(i) for i in node.items]
        return and_(*parts) if isinstance(node, And) else or_(*parts)

    def _tier_condition(self, tier: str) -> ColumnElement[bool]:
        assert self.positive is not None
        if tier == "text":
            return not_(self.leaf(self.positive, "heading"))
        inside = self.leaf(self.positive, tier)
        if tier == "heading":
            return and_(inside, not_(self.leaf(self.positive, "treatment")))
        return inside

    def source(self, tier: str | None = None) -> tuple[FromClause, ColumnElement[bool]]:
        """FROM and WHERE selecting the matching ``decision_facets`` rows (of ``tier``)."""
        if self.expr is None:
            return facets_t, true()
        where = self.condition(self.expr)
        if tier is not None and self.ranked:
            tiered = self._tier_condition(tier)
            if tier != "text" and self.expr == self.positive:
                # Matching within the tier's fields implies matching the query, which has
                # no exclusions: PostgreSQL then reads one bitmap, not two ANDed (the
                # second, of the whole text, cost a phrase's page 108 of 207 ms).
                return facets_t, tiered
            where = and_(where, tiered)
        return facets_t, where

    def key_groups(self, on_key: KeyCondition | None) -> CompoundSelect | None:
        """The matches whose facet key passes ``on_key`` (None: every match), counted by
        key (``k``, ``n``) from the index alone, where the engine can; None otherwise."""
        return None

    def keyed_source(
        self, on_key: KeyCondition, tier: str | None = None
    ) -> tuple[FromClause, ColumnElement[bool]] | None:
        """FROM and WHERE of the matches (of ``tier``) whose facet key passes ``on_key``,
        the key tested from the index before the projection is joined, where the engine can
        (a join per passing match, not per match); None otherwise."""
        return None

    def key_count(self, on_key: KeyCondition, tier: str | None = None) -> Select | None:
        """``count(*)`` of the matches (of ``tier``) whose facet key passes ``on_key``,
        from the index alone where the engine can; None otherwise."""
        return None

    def year_buckets(
        self, conn: Connection, tier: str | None, newest_first: bool
    ) -> tuple[ColumnElement[bool] | None, list[ColumnElement[bool]]] | None:
        """Conditions splitting the matches (of ``tier``) by the letter's year, where the
        index can select a year's hits without reading the others': the rest (hits that
        may rank anywhere; None: there are none), then one per year in date order (newest
        first or oldest first). A page reads years until it has enough. None: the engine
        cannot."""
        return None

    def count(self, tier: str | None = None) -> Select:
        """``count(*)`` of the matches (of ``tier``), with no other filter."""
        source, where = self.source(tier)
        return select(func.count()).select_from(source).where(where)

    def tier_number(self) -> ColumnElement[int]:
        """1, 2 or 3 per matching row (its tier), for ranking groups of hits."""
        if not self.ranked:
            return literal(len(TIERS))
        assert self.positive is not None
        return case(
            (self.leaf(self.positive, "treatment"), 1),
            (self.leaf(self.positive, "heading"), 2),
            else_=3,
        )


class TextIndex(ABC):
    """One engine's full-text index: its DDL (each step called by one migration, so the
    migrations' history never changes), what it adds to written rows, and its matching."""

    @abstractmethod
    def create(self, execute: Execute) -> None:
        """The full-text index over decisions and documents (migration 0001)."""

    @abstractmethod
    def drop(self, execute: Execute) -> None:
        """Undo :meth:`create`."""

    @abstractmethod
    def add_projection_vectors(self, execute: Execute) -> None:
        """What the index adds to ``decision_facets`` when it is made (migration 0002)."""

    @abstractmethod
    def drop_projection_vectors(self, execute: Execute) -> None:
        """Undo :meth:`add_projection_vectors`."""

    @abstractmethod
    def key(self, execute: Execute) -> None:
        """The index's final shape over the projection (migration 0004)."""

    @abstractmethod
    def unkey(self, execute: Execute) -> None:
        """Undo :meth:`key`."""

    @abstractmethod
    def number_keys(self, execute: Execute) -> None:
        """Once ``facet_combos`` holds the keys in use (migration 0007): triggers keep its
        counts, and the index uses the numbers where it used the keys."""

    @abstractmethod
    def unnumber_keys(self, execute: Execute) -> None:
        """Undo :meth:`number_keys`."""

    @abstractmethod
    def count_writes(self, execute: Execute) -> None:
        """Triggers that bump ``projection_writes.generation`` on every write that can
        change a term's hits or their keys (migration 0010)."""

    @abstractmethod
    def uncount_writes(self, execute: Execute) -> None:
        """Undo :meth:`count_writes`."""

    @abstractmethod
    def suspend(self, execute: Execute) -> None:
        """Before a bulk load: drop what the index maintains row by row (and what makes the
        decisions' writes slow), so :meth:`resume` builds it once, in order."""

    @abstractmethod
    def resume(self, execute: Execute) -> None:
        """After a bulk load: the index as :meth:`key` leaves it, over every stored row."""

    def key_counts(self, conn: Connection, words: Sequence[Word]) -> Select | CompoundSelect | None:
        """(term, key, n) rows: each of ``words``' hits counted by facet key, all in one
        pass, where the engine does that faster than word by word; None otherwise."""
        return None

    @abstractmethod
    def document_table(self, documents: Table) -> Table:
        """The table new documents are inserted into (with the index's columns)."""

    @abstractmethod
    def document_values(self, text: str) -> dict[str, object]:
        """The index's columns of a new document with ``text``."""

    @abstractmethod
    def insert_projection(
        self, conn: Connection, rows: list[dict], decisions: Sequence[dict], numbered: bool
    ) -> None:
        """Insert projection ``rows`` of the just written ``decisions`` (same order);
        ``numbered``: their keys are in ``facet_combos`` already."""

    @abstractmethod
    def match(self, expr: Node | None, positive: Node | None, scope: str) -> Match:
        """The :class:`Match` of a query on this engine."""
