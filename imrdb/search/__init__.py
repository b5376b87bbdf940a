"""Search: the query language, filters, ranking, snippets and facets.

The public API, for the CLI and for exports and reports (which reuse the same matching):

    from imrdb.search import SearchRequest, search, facets_only, matching
    result = search(conn, SearchRequest("facet block", {"outcome": ["upheld"]}), facets=True)
    chosen = matching(request, conn.dialect.name)  # .decision_ids (a Select), .description

Names are loaded on first use: the store imports :mod:`imrdb.search.codes`, and search in
turn imports the store's tables.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "SearchRequest": "imrdb.search.request",
    "Plan": "imrdb.search.request",
    "SORTS": "imrdb.search.request",
    "SCOPES": "imrdb.search.request",
    "QueryError": "imrdb.search.query",
    "parse": "imrdb.search.query",
    "FILTERS": "imrdb.search.filters",
    "search": "imrdb.search.searcher",
    "facets_only": "imrdb.search.searcher",
    "matching": "imrdb.search.searcher",
    "decision_ids": "imrdb.search.searcher",
    "count": "imrdb.search.searcher",
    "Matching": "imrdb.search.searcher",
    "SearchResult": "imrdb.search.searcher",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'imrdb.search' has no attribute {name!r}")
