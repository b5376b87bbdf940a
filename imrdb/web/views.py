"""What templates show, computed in Python: facet links that add or remove a value, the
pager, highlighted passages as (text, marked) pieces. Pure functions of a search's
parameters and results; the templates only loop and escape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from imrdb.errors import ImrdbError
from imrdb.record import CaseRecord, Citation
from imrdb.search import QueryError, SearchRequest
from imrdb.search.analyzer import token_spans
from imrdb.search.facets import Facet
from imrdb.search.filters import BY_NAME
from imrdb.search.snippets import Snippet, matched_tokens, targets
from imrdb.vocab import labels
from imrdb.web.params import SearchParams

FACET_TITLES = {
    "outcome": "Outcome",
    "category": "Category",
    "subcategory": "Subcategory",
    "guideline": "Guideline source",
    "guideline_name": "Guideline",
    "specialty": "Reviewer specialty",
    "year": "Year",
    "priority": "Priority",
    "case_outcome": "Case outcome",
    "drug_class": "Drug class",
    "body_region": "Body region",
    "drug": "Drug",
    "diagnosis": "Diagnosis",
}
# The sidebar's order (the issue's: what a reader narrows by first); facets the library
# adds later follow in its own order.
SIDEBAR = tuple(FACET_TITLES)
PARTIES = {"claims_administrator": "Claims administrator", "reviewer": "Expert reviewer"}


def label(value: Any, kind: str | None = None) -> str:
    """A stored value as a reader says it: the vocabulary's label of a code of ``kind``
    ("Physical therapy" for the subcategory pm_physical_therapy), else its words
    (``physical_medicine`` -> "physical medicine")."""
    if value is not None and kind in labels.KINDS:
        return labels.label(kind, value)
    return "(none)" if value is None else str(value).replace("_", " ")


def sidebar(facets: dict[str, Facet]) -> list[tuple[str, Facet]]:
    """The result's facets in the sidebar's order, whatever the library returns."""
    rank = {name: i for i, name in enumerate(SIDEBAR)}
    return sorted(facets.items(), key=lambda item: rank.get(item[0], len(rank)))


def _canonical(name: str, raw: str) -> Any:
    """A filter value as the filter reads it, or None when it does not read."""
    try:
        return BY_NAME[name].parse(raw)
    except (QueryError, ImrdbError):
        return None


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str | None  # None: the value cannot be chosen (decisions without a value)
    selected: bool


def facet_links(params: SearchParams, name: str, facet: Facet) -> list[FacetLink]:
    """Each value of a facet with the URL that adds it to the filters or, when chosen
    already, removes it (back to the first page either way)."""
    chosen = params.filters.get(name, ())
    out = []
    for value, count in facet.values:
        shown = label(value, name)
        # No value, no filter to choose it by, or a value its filter reads as another
        # (clicking would not choose it): shown, not linked.
        if value is None or name not in BY_NAME or _canonical(name, str(value)) != value:
            out.append(FacetLink(shown, count, None, False))
            continue
        kept = [raw for raw in chosen if _canonical(name, raw) != value]
        selected = len(kept) < len(chosen)
        values = kept if selected else [*chosen, str(value)]
        out.append(FacetLink(shown, count, params.url(**{name: values, "offset": None}), selected))
    return out


@dataclass(frozen=True)
class Chip:
    """A chosen filter value, with the URL without it."""

    name: str
    value: str
    remove_url: str


def chips(params: SearchParams) -> list[Chip]:
    """The chosen values, each under its facet's title and by its label where it reads."""
    out = []
    for name, values in params.filters.items():
        title = FACET_TITLES.get(name, name.replace("_", " "))
        for value in values:
            rest = [v for v in values if v != value]
            read = _canonical(name, value)
            shown = value if read is None else label(read, name)
            out.append(Chip(title, shown, params.url(**{name: rest, "offset": None})))
    return out


@dataclass(frozen=True)
class Pager:
    first: int
    last: int
    total: int
    previous_url: str | None
    next_url: str | None


def pager(params: SearchParams, shown: int, total: int) -> Pager:
    previous_url = next_url = None
    if params.offset > 0:
        back = max(0, params.offset - params.limit)
        previous_url = params.url(offset=str(back) if back else None)
    if params.offset + shown < total and params.limit:
        next_url = params.url(offset=str(params.offset + params.limit))
    return Pager(
        params.offset + 1 if shown else 0, params.offset + shown, total, previous_url, next_url
    )


Pieces = list[tuple[str, bool]]


def snippet_pieces(snip: Snippet | None) -> Pieces:
    """A snippet as (text, highlighted) pieces, for ``<mark>`` in a template."""
    if snip is None:
        return []
    return _cut(snip.text, snip.highlights)


def _cut(text: str, spans: Iterable[tuple[int, int]]) -> Pieces:
    out, last = [], 0
    for start, end in spans:
        if start > last:
            out.append((text[last:start], False))
        out.append((text[start:end], True))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out


def highlighter(query: str):
    """A function marking in any text the words ``query`` looks for (nothing when the query
    is empty or does not parse), as :mod:`imrdb.search.snippets` marks a snippet."""
    try:
        wanted = targets(SearchRequest(query).plan().expr) if query else []
    except (QueryError, ImrdbError):
        wanted = []

    def mark(text: str | None) -> Pieces:
        if not text:
            return []
        if not wanted:
            return [(text, False)]
        spans = token_spans(text)
        marks = matched_tokens(spans, wanted)
        return _cut(text, [(s, e) for (s, e, _), m in zip(spans, marks, strict=True) if m >= 0])

    return mark


Cited = list[tuple[str, list[tuple[Citation, int | None]]]]


def cited_by(record: CaseRecord, guideline_ids: dict[tuple[int, int], int]) -> dict[int, Cited]:
    """Per item: each party with the guidelines it cited and their catalog ids (for links),
    as (party, [(citation, id)]), the claims administrator first."""
    out: dict[int, Cited] = {}
    for d in record.decisions:
        numbered = [(c, guideline_ids.get((d.ordinal, i))) for i, c in enumerate(d.citations)]
        out[d.ordinal] = [
            (party, [(c, gid) for c, gid in numbered if c.cited_by == party]) for party in PARTIES
        ]
    return out
