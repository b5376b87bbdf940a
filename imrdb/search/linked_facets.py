"""Facets of what a decision links to: the catalog guidelines its citations name
(``guideline_name``) and its letter's final determination (``case_outcome``).

Both count decisions, as every facet does, so a value's count is the total its filter
gives: a decision counts once under each guideline it cites (by the parties
``cited_by`` names, else either), however often it is cited, and ``None`` counts the
decisions citing none; under ``case_outcome`` a decision counts under its case's
determination (so a letter with three items counts three times). Each is one grouped pass
joining the matching projection rows to ``citations`` or ``cases``: a join per matching
decision, not the packed key, so over more than :data:`LIMIT` decisions they are not
counted and say so, as the diagnosis facet does (a count of decisions, not a time: the
same search always gets the same answer).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Connection, FromClause, and_, distinct, func, select

from imrdb.db.models import Case, Citation, Guideline
from imrdb.record import CITED_BY
from imrdb.search.facets import Facet, order
from imrdb.search.index.tables import facets_t

NAMES = ("guideline_name", "case_outcome")
LIMIT = 100_000  # decisions: ~0.2 s of joins on SQLite (docs/search.md)
_cases, _citations, _guidelines = Case.__table__, Citation.__table__, Guideline.__table__


def _by_guideline(
    conn: Connection, source: FromClause, where: ColumnElement[bool], parties: Sequence[str]
) -> Counter:
    on = _citations.c.decision_id == facets_t.c.decision_id
    if set(parties) != set(CITED_BY):
        on = and_(on, _citations.c.cited_by.in_(parties))
    joined = source.outerjoin(_citations, on).outerjoin(
        _guidelines, _guidelines.c.id == _citations.c.guideline_id
    )
    query = (
        select(_guidelines.c.name, func.count(distinct(facets_t.c.decision_id)))
        .select_from(joined)
        .where(where)
        .group_by(_guidelines.c.name)
    )
    return Counter({name: int(n) for name, n in conn.execute(query)})


def _by_case_outcome(conn: Connection, source: FromClause, where: ColumnElement[bool]) -> Counter:
    outcome = _cases.c.final_determination
    query = (
        select(outcome, func.count())
        .select_from(source.join(_cases, _cases.c.id == facets_t.c.case_id))
        .where(where)
        .group_by(outcome)
    )
    return Counter({value: int(n) for value, n in conn.execute(query)})


def counts(
    conn: Connection,
    source: FromClause,
    where: ColumnElement[bool],
    size: int,
    parties: Sequence[str] = CITED_BY,
    total: int = 0,
) -> dict[str, Facet]:
    """The two facets of the ``total`` decisions ``source`` and ``where`` select."""
    if total > LIMIT:
        why = f"not counted over more than {LIMIT:,} decisions"
        return {name: Facet(name, (), False, why) for name in NAMES}
    found = {
        "guideline_name": _by_guideline(conn, source, where, parties),
        "case_outcome": _by_case_outcome(conn, source, where),
    }
    out = {}
    for name in NAMES:
        ordered = order(name, found[name])
        out[name] = Facet(name, tuple(ordered[:size]), len(ordered) > size)
    return out
