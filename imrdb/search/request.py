"""A search as data: query text, filters, where to look, order and page.

:class:`SearchRequest` is what the CLI builds from its options and what exports and
reports receive; :meth:`SearchRequest.plan` checks it once (parsing the query, reading
filter values) and gives the :class:`Plan` every search function works from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement

from imrdb.record import CITED_BY
from imrdb.search import filters
from imrdb.search.expand import expand
from imrdb.search.query import Node, QueryError, check_size, parse, positive, to_text

SORTS = ("relevance", "date", "-date")
SCOPES = ("decision", "letter")
MAX_LIMIT = 1000
# Hostile requests (the web face takes the same): 40,000 inline `case:` filters once took
# 27 s. Query words are capped by ``query.MAX_TOKENS``.
MAX_QUERY_CHARS = 10_000
MAX_FILTER_VALUES = 200  # over all filters, options and inline clauses together
MAX_VALUE_CHARS = 200  # one filter value (a case number is 12)


@dataclass(frozen=True)
class SearchRequest:
    """``filters`` maps a filter name (``imrdb.search.filters.FILTERS``) to its values;
    ``scope`` "decision" searches each decision's treatment, citation titles and rationale,
    "letter" the whole letter; ``expand`` adds treatment synonyms."""

    query: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    scope: str = "decision"
    sort: str = "relevance"
    limit: int = 20
    offset: int = 0
    expand: bool = False
    facet_size: int = 10

    def plan(self) -> Plan:
        """The request checked and parsed; raises :class:`QueryError` on what must change."""
        if self.scope not in SCOPES:
            raise QueryError(f"unknown scope {self.scope!r}; use one of: {', '.join(SCOPES)}")
        if self.sort not in SORTS:
            raise QueryError(f"unknown sort {self.sort!r}; use one of: {', '.join(SORTS)}")
        if not 0 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"--limit must be between 0 and {MAX_LIMIT}")
        if self.offset < 0:
            raise QueryError("--offset cannot be negative")
        if self.facet_size < 1:
            raise QueryError("--facet-size must be at least 1")
        unknown = sorted(set(self.filters) - set(filters.BY_NAME))
        if unknown:
            raise QueryError(f"unknown filter {unknown[0]!r}")
        if len(self.query or "") > MAX_QUERY_CHARS:
            raise QueryError(f"the query is longer than {MAX_QUERY_CHARS:,} characters")
        parsed = parse(self.query or "", filters.FIELD_NAMES)
        values = [str(v) for vs in self.filters.values() for v in vs]
        values += [str(c.value) for c in parsed.filters]
        if len(values) > MAX_FILTER_VALUES:
            raise QueryError(f"more than {MAX_FILTER_VALUES} filter values in one search")
        if any(len(v) > MAX_VALUE_CHARS for v in values):
            raise QueryError(f"a filter value longer than {MAX_VALUE_CHARS} characters")
        selected = filters.select_values(self.filters, parsed.filters)
        expr = expand(parsed.expr) if self.expand else parsed.expr
        check_size(expr)
        return Plan(self, expr, positive(expr), selected, to_text(parsed.expr))


@dataclass(frozen=True)
class Plan:
    """A checked request: the query tree (synonyms expanded), what hits must contain
    (``positive``), the filter values, and the query as normalized text."""

    request: SearchRequest
    expr: Node | None
    positive: Node | None
    selected: Mapping[str, filters.Selected]
    text: str

    @property
    def scope(self) -> str:
        return self.request.scope

    def filter_condition(self) -> ColumnElement[bool]:
        return filters.condition(self.selected)

    def description(self) -> str:
        """The selection in words: 'decisions matching “facet block”, upheld, citing ODG'."""
        parts = []
        if self.text:
            where = "whose letter matches" if self.scope == "letter" else "matching"
            synonyms = " (and synonyms)" if self.request.expand else ""
            quoted = self.text if '"' in self.text else f"“{self.text}”"
            parts.append(f"{where} {quoted}{synonyms}")
        parts += filters.phrases(self.selected)
        return "decisions " + ", ".join(parts) if parts else "all decisions"

    @property
    def cited_by(self) -> tuple[str, ...]:
        """The parties whose citations the guideline facet counts."""
        chosen = self.selected.get("cited_by")
        return chosen.include if chosen and chosen.include else CITED_BY
