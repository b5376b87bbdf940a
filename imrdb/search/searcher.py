"""Running a search: total, a ranked page of hits with snippets, facets, hits by case.

Relevance is the same on both engines by construction, since bm25 and ts_rank_cd can
never agree: a hit whose words match within the treatment ranks first, within the
treatment and citation titles next, elsewhere last (:data:`imrdb.search.index.TIERS`);
within a tier the newest letter first, then case number and item. A page is read tier by
tier with ``ORDER BY rank LIMIT``, so the first page of a common word sorts only the hits
of its best tier. Everything here is dialect-neutral SQLAlchemy over the projection;
:mod:`imrdb.search.index` supplies each engine's matching.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    and_,
    distinct,
    func,
    literal,
    select,
    union_all,
)

from imrdb.db.models import cases as _cases
from imrdb.db.models import decisions as _decisions
from imrdb.db.models import documents as _documents
from imrdb.search import facets as facet_counts
from imrdb.search import filters, joined_facets, kept_terms
from imrdb.search.index import TIERS, Match, facets_t, for_dialect
from imrdb.search.request import Plan, SearchRequest
from imrdb.search.selection import Selection
from imrdb.search.snippets import Snippet, snippet

MATCHED_IN = {"treatment": "treatment", "heading": "citations", "text": "text"}
_TIER_FACTOR = 10**17  # above any rank


@dataclass(frozen=True)
class Hit:
    """One matching decision, as a result list shows it."""

    case_number: str | None
    ordinal: int
    treatment: str
    outcome: str
    category: str
    letter_date: dt.date | None
    priority: str | None
    final_determination: str | None
    matched_in: str | None
    snippet: Snippet | None

    def to_dict(self) -> dict[str, Any]:
        """The contract's hit, plus where it matched and the snippet's offsets."""
        return {
            "case_number": self.case_number,
            "ordinal": self.ordinal,
            "treatment": self.treatment,
            "outcome": self.outcome,
            "category": self.category,
            "letter_date": self.letter_date.isoformat() if self.letter_date else None,
            "priority": self.priority,
            "final_determination": self.final_determination,
            "matched_in": self.matched_in,
            "snippet": self.snippet.text if self.snippet else None,
            "highlights": [list(h) for h in self.snippet.highlights] if self.snippet else [],
            "snippet_field": self.snippet.field if self.snippet else None,
            "snippet_start": self.snippet.start if self.snippet else None,
        }


@dataclass(frozen=True)
class CaseHit:
    """A case with its matching decisions (``--by case``)."""

    case_number: str | None
    letter_date: dt.date | None
    final_determination: str | None
    matched_in: str | None  # where its best hit matched
    hits: tuple[Hit, ...]  # in item order

    def to_dict(self) -> dict[str, Any]:
        best = next((h.snippet for h in self.hits if h.snippet), None)
        return {
            "case_number": self.case_number,
            "letter_date": self.letter_date.isoformat() if self.letter_date else None,
            "final_determination": self.final_determination,
            "matched_in": self.matched_in,
            "snippet": best.text if best else None,
            "highlights": [list(h) for h in best.highlights] if best else [],
            "hits": [
                {k: v for k, v in h.to_dict().items() if k in _CASE_HIT_KEYS} for h in self.hits
            ],
        }


_CASE_HIT_KEYS = ("ordinal", "treatment", "outcome", "category", "matched_in")


@dataclass(frozen=True)
class SearchResult:
    plan: Plan
    total: int
    hits: tuple[Hit, ...] = ()
    cases: tuple[CaseHit, ...] = ()
    facets: dict[str, facet_counts.Facet] | None = None
    by_case: bool = False

    def to_dict(self) -> dict[str, Any]:
        request = self.plan.request
        out: dict[str, Any] = {
            "total": self.total,
            "description": self.plan.description(),
            "query": self.plan.text,
            "sort": request.sort,
            "offset": request.offset,
            "limit": request.limit,
        }
        if self.by_case:
            out["by"] = "case"
            out["cases"] = [c.to_dict() for c in self.cases]
        else:
            out["hits"] = [h.to_dict() for h in self.hits]
        if self.facets is not None:
            out["facets"] = {name: f.to_dict() for name, f in self.facets.items()}
        return out


# --- matching ------------------------------------------------------------------------------


def match_of(plan: Plan, dialect: str) -> Match:
    return for_dialect(dialect).match(plan.expr, plan.positive, plan.scope)


def _selected(
    plan: Plan, match: Match, tier: str | None = None
) -> tuple[FromClause, ColumnElement[bool]]:
    """FROM and WHERE of the matching rows (of ``tier``) that pass the filters: where the
    filters can be said on the facet key and the index can test it before the join
    (SQLite), only the passing hits are joined to the projection."""
    on_key = filters.key_condition(plan.selected) if plan.selected else None
    keyed = match.keyed_source(on_key, tier) if on_key is not None else None
    if keyed is not None:
        return keyed
    source, where = match.source(tier)
    return source, and_(where, plan.filter_condition())


def _filtered(plan: Plan, match: Match, columns, tier: str | None = None) -> Select:
    source, where = _selected(plan, match, tier)
    return select(*columns).select_from(source).where(where)


def decision_ids(plan: Plan, dialect: str) -> Select:
    """A select of the matching decisions' ids: what exports and reports reuse."""
    return _filtered(plan, match_of(plan, dialect), [facets_t.c.decision_id])


def _count(conn: Connection, plan: Plan, match: Match, tier: str | None = None) -> int:
    said_on_key = filters.key_condition(plan.selected)
    on_key = said_on_key if plan.selected else None
    if tier is None and said_on_key is not None:  # one frequent word: its kept counts
        kept = kept_terms.count(conn, match, on_key)
        if kept is not None:
            return kept
    if plan.selected:
        counted = match.key_count(on_key, tier) if on_key is not None else None
        if counted is not None:
            return conn.scalar(counted) or 0
        return conn.scalar(_filtered(plan, match, [func.count()], tier)) or 0
    return conn.scalar(match.count(tier)) or 0


def count(conn: Connection, plan: Plan) -> int:
    """How many decisions ``plan`` selects."""
    return _count(conn, plan, match_of(plan, conn.dialect.name))


def _rank(plan: Plan):
    return facets_t.c.oldest_rank if plan.request.sort == "date" else facets_t.c.newest_rank


def _tiers(plan: Plan, match: Match) -> Sequence[str | None]:
    return TIERS if plan.request.sort == "relevance" and match.ranked else (None,)


def _page_ids(
    conn: Connection, plan: Plan, match: Match, total: int
) -> list[tuple[int, str | None]]:
    """(decision id, tier) of the requested page of ``total`` hits, tier after tier."""
    request = plan.request
    out: list[tuple[int, str | None]] = []
    skip = request.offset
    for tier in _tiers(plan, match):
        wanted = request.limit - len(out)
        if wanted <= 0:
            break
        if skip:
            in_tier = _count(conn, plan, match, tier)
            if in_tier <= skip:
                skip -= in_tier
                continue
        by_year = total >= BY_YEAR_FROM
        page = _tier_page(conn, plan, match, tier, skip, wanted, by_year)
        out += [(decision_id, tier) for decision_id in page]
        skip = 0
    return out


# From how many hits a page is read year by year: below, one sort costs less than a
# statement a year (a rare word's hits sort in microseconds).
BY_YEAR_FROM = 20_000


def _tier_page(
    conn: Connection,
    plan: Plan,
    match: Match,
    tier: str | None,
    skip: int,
    wanted: int,
    by_year: bool,
) -> list[int]:
    """Ids of a tier's hits ``skip`` to ``skip + wanted`` in rank order: ``by_year``, where
    the index can select a year, the years in date order until there are enough (a common
    word's first page then sorts the newest year's hits, not all of them), merged with the
    hits that have no year code."""
    rank = _rank(plan)
    query = _filtered(plan, match, [facets_t.c.decision_id, rank], tier).order_by(
        rank, facets_t.c.decision_id
    )
    buckets = match.year_buckets(conn, tier, plan.request.sort != "date") if by_year else None
    if buckets is None:
        return [row[0] for row in conn.execute(query.limit(wanted).offset(skip))]
    need = skip + wanted
    rest, years = buckets
    found = conn.execute(query.where(rest).limit(need)).all() if rest is not None else []
    if years:  # one statement: SQLite stops at the first years that fill the LIMIT
        arms = [query.where(year).limit(need).subquery() for year in years]
        in_years = union_all(*(select(*arm.c) for arm in arms)).subquery()
        found += conn.execute(select(*in_years.c).limit(need)).all()
    found.sort(key=lambda row: (row[1], row[0]))
    return [row[0] for row in found[skip:need]]


# --- hits ----------------------------------------------------------------------------------


def _hits(conn: Connection, plan: Plan, page: Sequence[tuple[int, str | None]]) -> list[Hit]:
    if not page:
        return []
    ids = [decision_id for decision_id, _ in page]
    query = (
        select(
            _decisions.c.id,
            _decisions.c.ordinal,
            _decisions.c.treatment,
            _decisions.c.outcome,
            _decisions.c.category,
            _decisions.c.rationale,
            _decisions.c.citation_text,
            _cases.c.case_number,
            _cases.c.letter_date,
            _cases.c.priority,
            _cases.c.final_determination,
            _cases.c.document_id,
        )
        .select_from(_decisions.join(_cases, _cases.c.id == _decisions.c.case_id))
        .where(_decisions.c.id.in_(ids))
    )
    rows = {row.id: row for row in conn.execute(query)}
    texts: dict[int, str] = {}
    if plan.scope == "letter" and plan.expr is not None:
        documents = {row.document_id for row in rows.values()}
        texts = dict(
            conn.execute(
                select(_documents.c.id, _documents.c.text).where(_documents.c.id.in_(documents))
            ).all()
        )
    hits = []
    for decision_id, tier in page:
        row = rows[decision_id]
        if plan.scope == "letter":
            fields = [("letter", texts.get(row.document_id))] if texts else []
            fields.append(("rationale", row.rationale))
            matched = "letter" if plan.expr is not None else None
        else:
            fields = [
                ("rationale", row.rationale),
                ("treatment", row.treatment),
                ("citations", row.citation_text),
            ]
            matched = MATCHED_IN.get(tier or "", "text" if plan.expr is not None else None)
        hits.append(
            Hit(
                row.case_number,
                row.ordinal,
                row.treatment,
                row.outcome,
                row.category,
                row.letter_date,
                row.priority,
                row.final_determination,
                matched,
                snippet(fields, plan.expr),
            )
        )
    return hits


def _facets(
    conn: Connection, plan: Plan, match: Match
) -> tuple[int, dict[str, facet_counts.Facet]]:
    """(total, facets) from one grouped pass over the matching rows, by facet key alone
    where the filters can be said on the key (on SQLite, the full-text rowid's key)."""
    said_on_key = filters.key_condition(plan.selected)  # never with one party's citations
    on_key = said_on_key if plan.selected else None
    if said_on_key is not None and match.expr is None:  # every decision: kept per key
        query = facet_counts.combo_counts(on_key)
    else:
        groups = None
        if said_on_key is not None:  # a frequent word's kept counts, else the index's
            groups = kept_terms.groups(conn, match, on_key)
            if groups is None:
                groups = match.key_groups(on_key)
        if groups is None:
            source, where = match.source()
            groups = facet_counts.key_groups(
                source, and_(where, plan.filter_condition()), plan.cited_by
            )
        query = facet_counts.counts_query(groups, plan.cited_by)
    counted = facet_counts.KeyCounts.of(conn.execute(query))
    specialties = facet_counts.specialty_names(conn, counted.specialty_sets)
    taxonomy = facet_counts.taxonomy_of_sets(conn, counted.taxonomy_sets)
    size = plan.request.facet_size
    found = facet_counts.spread(counted, specialties, taxonomy, size)
    source, where = _selected(plan, match)
    found.update(joined_facets.counts(conn, source, where, counted.total, size, plan.cited_by))
    return counted.total, found


def _by_case(conn: Connection, plan: Plan, match: Match) -> tuple[int, list[CaseHit]]:
    """Cases ranked by their best hit; each with all its matching decisions."""
    request = plan.request
    tier = match.tier_number() if _tiers(plan, match) == TIERS else literal(0)
    key = tier * literal(_TIER_FACTOR) + _rank(plan)
    best = (
        _filtered(plan, match, [facets_t.c.case_id, func.min(key).label("best")])
        .group_by(facets_t.c.case_id)
        .subquery()
    )
    page = select(best.c.case_id).order_by(best.c.best, best.c.case_id)
    case_ids = list(conn.scalars(page.limit(request.limit).offset(request.offset)))
    total = conn.scalar(_filtered(plan, match, [func.count(distinct(facets_t.c.case_id))])) or 0
    if not case_ids:
        return total, []
    rows = conn.execute(
        _filtered(plan, match, [facets_t.c.decision_id, facets_t.c.case_id, tier])
        .where(facets_t.c.case_id.in_(case_ids))
        .order_by(tier, _rank(plan), facets_t.c.decision_id)
    ).all()
    names = dict(zip(range(1, len(TIERS) + 1), TIERS, strict=True))
    hits = _hits(conn, plan, [(r[0], names.get(r[2])) for r in rows])
    by_case: dict[int, list[Hit]] = {}
    for row, hit in zip(rows, hits, strict=True):  # best hit first
        by_case.setdefault(row[1], []).append(hit)
    cases = []
    for case_id in case_ids:
        best, *_ = found = by_case[case_id]
        in_order = tuple(sorted(found, key=lambda h: h.ordinal))
        cases.append(
            CaseHit(
                best.case_number,
                best.letter_date,
                best.final_determination,
                best.matched_in,
                in_order,
            )
        )
    return total, cases


def search(
    conn: Connection, request: SearchRequest, facets: bool = False, by_case: bool = False
) -> SearchResult:
    """The page of hits ``request`` asks for, its total, and facets if asked."""
    plan = request.plan()
    match = match_of(plan, conn.dialect.name)
    total, found = _facets(conn, plan, match) if facets else (None, None)
    if by_case:
        cases_total, cases = _by_case(conn, plan, match)
        return SearchResult(plan, cases_total, cases=tuple(cases), facets=found, by_case=True)
    if total is None:
        total = count(conn, plan)
    hits = _hits(conn, plan, _page_ids(conn, plan, match, total)) if request.limit else []
    return SearchResult(plan, total, hits=tuple(hits), facets=found)


def facets_only(conn: Connection, request: SearchRequest) -> SearchResult:
    """``imrdb facets``: the counts of a result set without its hits."""
    plan = request.plan()
    total, found = _facets(conn, plan, match_of(plan, conn.dialect.name))
    return SearchResult(plan, total, facets=found)


def matching(request: SearchRequest, dialect: str) -> Selection:
    """The decisions ``request`` selects, for an export or a report."""
    plan = request.plan()
    everything = plan.expr is None and not plan.selected
    return Selection(None if everything else decision_ids(plan, dialect), plan.description())
