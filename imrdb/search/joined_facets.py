"""Facets counted by a join per matching decision: ``diagnosis`` (the diagnoses, as
written and lower-cased, of the matching decisions' cases) and ``guideline_name`` (the
catalog guidelines their citations name).

Every other facet is counted from the packed facet key (:mod:`imrdb.search.facets`).
These two are free text or many values per decision, which a key cannot hold, so each
costs a grouped join from the matching projection rows to ``case_diagnoses`` or
``citations``. Over more than :data:`LIMIT` decisions they are not counted at all and say
so (as Datasette reports a facet that timed out), rather than holding every search back:
the limit is a count of decisions, not a time, so the same search always gets the same
answer. A decision counts once under each value (a guideline however often, and by
whichever party in ``cited_by``, it is cited); ``None`` counts those with none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Connection, FromClause, and_, distinct, func, select

from imrdb.db.models import case_diagnoses, citations, guidelines
from imrdb.record import CITED_BY
from imrdb.search.facets import Facet, order
from imrdb.search.index.tables import facets_t

NAMES = ("guideline_name", "diagnosis")
LIMIT = 100_000  # decisions: ~0.1-0.2 s of joins each on SQLite (docs/search.md)


def _by_guideline(
    conn: Connection, source: FromClause, where: ColumnElement[bool], parties: Sequence[str]
) -> Counter:
    on = citations.c.decision_id == facets_t.c.decision_id
    if set(parties) != set(CITED_BY):
        on = and_(on, citations.c.cited_by.in_(parties))
    joined = source.outerjoin(citations, on).outerjoin(
        guidelines, guidelines.c.id == citations.c.guideline_id
    )
    query = (
        select(guidelines.c.name, func.count(distinct(facets_t.c.decision_id)))
        .select_from(joined)
        .where(where)
        .group_by(guidelines.c.name)
    )
    return Counter({name: int(n) for name, n in conn.execute(query)})


def _by_diagnosis(conn: Connection, source: FromClause, where: ColumnElement[bool]) -> Counter:
    text = func.lower(case_diagnoses.c.text)
    query = (
        select(text, func.count(distinct(facets_t.c.decision_id)))
        .select_from(source.join(case_diagnoses, case_diagnoses.c.case_id == facets_t.c.case_id))
        .where(where)
        .group_by(text)
    )
    return Counter({value: int(n) for value, n in conn.execute(query)})


def counts(
    conn: Connection,
    source: FromClause,
    where: ColumnElement[bool],
    total: int,
    size: int,
    parties: Sequence[str] = CITED_BY,
) -> dict[str, Facet]:
    """The two facets of the ``total`` decisions ``source`` and ``where`` select."""
    if total > LIMIT:
        why = f"not counted over more than {LIMIT:,} decisions"
        return {name: Facet(name, (), False, why) for name in NAMES}
    found = {
        "guideline_name": _by_guideline(conn, source, where, parties),
        "diagnosis": _by_diagnosis(conn, source, where),
    }
    out = {}
    for name in NAMES:
        ordered = order(name, found[name])
        out[name] = Facet(name, tuple(ordered[:size]), len(ordered) > size)
    return out
