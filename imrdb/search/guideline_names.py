"""The ``guideline_name`` filter: decisions citing one guideline of the catalog by name
("ODG Low Back - Lumbar and Thoracic"), where ``guideline`` takes only its source (ODG).

A value is read against the catalog's names (imrdb/vocab/guidelines.json) as the other
choices are: exact, a unique prefix ("ODG Low Back") or a unique part. A value naming no
catalog entry is kept as written, since a database also lists the titles the catalog does
not know (under their own names), and matched ignoring case; a value naming several
entries ("low back") is refused with their names. With ``cited_by``, only that party's
citations count, as with ``guideline``.
"""

from __future__ import annotations

import re
from functools import cache

from sqlalchemy import ColumnElement, func, select

from imrdb.db.models import citations as citations_t
from imrdb.db.models import guidelines as guidelines_t
from imrdb.record import CITED_BY
from imrdb.search.filter_spec import FilterSpec, FilterValues, or_words
from imrdb.search.index.tables import facets_t
from imrdb.search.query import QueryError
from imrdb.vocab import load


@cache
def catalog_names() -> tuple[str, ...]:
    return tuple(entry["name"] for entry in load("guidelines")["guidelines"])


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@cache
def _names_by_key() -> dict[str, str]:
    return {_key(name): name for name in catalog_names()}


def read_name(value: str) -> str:
    """A guideline as typed -> its catalog name, or the text itself when the catalog has
    no such name."""
    text = " ".join(value.split())
    key = _key(text)
    if not key:
        raise QueryError('guideline_name: needs a value, e.g. guideline_name:"ODG Low Back"')
    by_key = _names_by_key()
    if key in by_key:
        return by_key[key]
    for test in (str.startswith, str.__contains__):
        found = [name for k, name in by_key.items() if test(k, key)]
        if len(found) == 1:
            return found[0]
        if found:
            raise QueryError(f"{value!r} names several guidelines: {'; '.join(found[:6])}")
    return text


def parties(selected: FilterValues) -> tuple[str, ...]:
    """The parties whose citations count: those ``cited_by`` names, else both."""
    chosen = selected.get("cited_by")
    return chosen.include if chosen and chosen.include else CITED_BY


def citing(names: tuple[str, ...], by: tuple[str, ...]) -> ColumnElement[bool]:
    """Projection rows of decisions citing any of ``names`` (ignoring case), by ``by``.

    A lookup of each row's citations (EXISTS), not a list of every decision citing the
    guideline: a catalog guideline such as MTUS Chronic Pain is cited by most decisions,
    and building that list costs more than looking up a search's hits (5.1 s -> 0.3 s for
    "shoulder surgery" at 1,000,000 decisions on SQLite, the whole search with facets)."""
    named = select(guidelines_t.c.id).where(
        func.lower(guidelines_t.c.name).in_(sorted({n.lower() for n in names}))
    )
    cites = select(citations_t.c.id).where(
        citations_t.c.decision_id == facets_t.c.decision_id,
        citations_t.c.guideline_id.in_(named),
    )
    if set(by) != set(CITED_BY):
        cites = cites.where(citations_t.c.cited_by.in_(by))
    return cites.exists()


def _words(values: tuple, selected: FilterValues) -> str:
    by = parties(selected)
    who = "" if set(by) == set(CITED_BY) else " (by " + or_words(list(by)) + ")"
    return "citing " + or_words([f"“{v}”" for v in values]) + who.replace("_", " ")


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec(
        "guideline_name",
        'a guideline of the catalog the decision cites, e.g. "ODG Low Back"',
        read_name,
        lambda values, selected: citing(values, parties(selected)),
        _words,
        aliases=("guideline-name", "cites"),
        metavar="NAME",
    ),
)
