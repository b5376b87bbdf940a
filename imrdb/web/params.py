"""A page's state is its URL: query parameters to a :class:`SearchRequest` and back.

The parameters are the CLI's options under the same names (``q`` for QUERY, ``in`` for
``--in``, one repeatable parameter per filter of ``imrdb.search.filters.FILTERS``), read as
strings and checked here, so a bad value gets one clear sentence, never a framework's
validation dump. Sizes are capped so one visitor cannot make the server work unboundedly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from imrdb.errors import ImrdbError
from imrdb.search import FILTERS, SCOPES, SORTS, SearchRequest

MAX_QUERY_CHARS = 500
MAX_VALUE_CHARS = 100
MAX_VALUES = 20  # values of one filter
MAX_PAGE_SIZE = 100
MAX_OFFSET = 10_000
MAX_FACET_SIZE = 100
PAGE_SIZE = 20
FILTER_NAMES = tuple(spec.name for spec in FILTERS)
# Every parameter a search URL may carry, in the order links write them.
SEARCH_KEYS = ("q", *FILTER_NAMES, "in", "expand", "sort", "limit", "offset")


class ParamError(ImrdbError):
    """A URL parameter the server will not take (too long, not a number...)."""


def _number(params: Mapping[str, Sequence[str]], name: str, default: int, top: int) -> int:
    values = params.get(name) or ()
    raw = values[-1].strip() if values else ""
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise ParamError(f"{name} must be a whole number from 0 to {top:,}")
    value = int(raw)
    if value > top:
        raise ParamError(f"{name} can be at most {top:,} (got {value:,})")
    return value


def _one(params: Mapping[str, Sequence[str]], name: str, default: str) -> str:
    values = params.get(name) or ()
    return values[-1] if values and values[-1] else default


@dataclass(frozen=True)
class SearchParams:
    """The checked parameters of a search URL."""

    query: str
    filters: dict[str, tuple[str, ...]]
    scope: str
    expand: bool
    sort: str
    limit: int
    offset: int

    def request(self, **changes) -> SearchRequest:
        fields = dict(
            query=self.query,
            filters=self.filters,
            scope=self.scope,
            expand=self.expand,
            sort=self.sort,
            limit=self.limit,
            offset=self.offset,
        )
        fields.update(changes)
        return SearchRequest(**fields)

    def items(self, **changes) -> list[tuple[str, str]]:
        """(key, value) pairs of this state's URL, defaults left out; ``changes`` replace a
        key's values (None or () drops it)."""
        state: dict[str, Iterable[str]] = {
            "q": [self.query] if self.query else [],
            **self.filters,
            "in": [self.scope] if self.scope != SCOPES[0] else [],
            "expand": ["1"] if self.expand else [],
            "sort": [self.sort] if self.sort != SORTS[0] else [],
            "limit": [str(self.limit)] if self.limit != PAGE_SIZE else [],
            "offset": [str(self.offset)] if self.offset else [],
        }
        for key, value in changes.items():
            state[key] = [] if value is None else ([value] if isinstance(value, str) else value)
        return [(key, v) for key in SEARCH_KEYS for v in state.get(key) or ()]

    def url(self, path: str = "/", **changes) -> str:
        query = urlencode(self.items(**changes))
        return f"{path}?{query}" if query else path


def read(params: Mapping[str, Sequence[str]], page_size: int = PAGE_SIZE) -> SearchParams:
    """Checked :class:`SearchParams` from a URL's parameters (a key -> values mapping)."""
    query = " ".join(v for v in params.get("q") or () if v).strip()
    if len(query) > MAX_QUERY_CHARS:
        raise ParamError(
            f"the query is {len(query):,} characters long; at most {MAX_QUERY_CHARS} are taken"
        )
    filters: dict[str, tuple[str, ...]] = {}
    for name in FILTER_NAMES:
        values = tuple(v.strip() for v in params.get(name) or () if v.strip())
        if len(values) > MAX_VALUES:
            raise ParamError(f"{name}: at most {MAX_VALUES} values at once")
        for value in values:
            if len(value) > MAX_VALUE_CHARS:
                raise ParamError(f"{name}: a value may be at most {MAX_VALUE_CHARS} characters")
        if values:
            filters[name] = tuple(dict.fromkeys(values))
    scope = _one(params, "in", SCOPES[0])
    if scope not in SCOPES:
        raise ParamError(f"in must be one of: {', '.join(SCOPES)}")
    sort = _one(params, "sort", SORTS[0])
    if sort not in SORTS:
        raise ParamError(f"sort must be one of: {', '.join(SORTS)}")
    expand = _one(params, "expand", "").lower() in ("1", "true", "on", "yes")
    return SearchParams(
        query,
        filters,
        scope,
        expand,
        sort,
        _number(params, "limit", page_size, MAX_PAGE_SIZE),
        _number(params, "offset", 0, MAX_OFFSET),
    )


def facet_size(params: Mapping[str, Sequence[str]], default: int = 10) -> int:
    size = _number(params, "facet_size", default, MAX_FACET_SIZE)
    if size < 1:
        raise ParamError("facet_size must be at least 1")
    return size


def multi(items: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """A URL's (key, value) pairs as key -> values."""
    out: dict[str, list[str]] = {}
    for key, value in items:
        out.setdefault(key, []).append(value)
    return out
