"""Search: the query language, filters, ranking, snippets, facets, and the full-text index
it owns (:mod:`imrdb.search.index`).

The public API, for the faces and for exports and reports (which reuse the same matching):

    from imrdb.search import SearchRequest, search, facets_only, matching
    result = search(conn, SearchRequest("facet block", {"outcome": ["upheld"]}), facets=True)
    chosen = matching(request, conn.dialect.name)  # a Selection: .decision_ids, .description
"""

from __future__ import annotations

from imrdb.search.filters import FILTERS
from imrdb.search.query import QueryError, parse
from imrdb.search.request import SCOPES, SORTS, Plan, SearchRequest
from imrdb.search.searcher import (
    SearchResult,
    count,
    decision_ids,
    facets_only,
    matching,
    search,
)
from imrdb.search.selection import ALL, Selection

__all__ = [
    "ALL",
    "FILTERS",
    "SCOPES",
    "SORTS",
    "Plan",
    "QueryError",
    "SearchRequest",
    "SearchResult",
    "Selection",
    "count",
    "decision_ids",
    "facets_only",
    "matching",
    "parse",
    "search",
]
