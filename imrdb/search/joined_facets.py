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

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    FromClause,
    and_,
    func,
    literal,
    select,
    union_all,
)

from imrdb.db.models import case_diagnoses, citations, guidelines
from imrdb.record import CITED_BY
from imrdb.search.facets import Facet, order
from imrdb.search.index.tables import facets_t

NAMES = ("guideline_name", "diagnosis")
LIMIT = 20_000  # decisions: ~7 µs a decision on SQLite, so at most ~0.15 s (docs/search.md)


def _grouped(
    source: FromClause, where: ColumnElement[bool], parties: Sequence[str]
) -> CompoundSelect:
    """One statement for both facets: the matching decisions (and their cases) found once,
    then (facet, value, decisions) rows: each guideline name a decision cites (None: it
    cites none), each diagnosis its case states, a decision counted once under each."""
    hits = (
        select(facets_t.c.decision_id.label("d"), facets_t.c.case_id.label("c"))
        .select_from(source)
        .where(where)
        .cte("hits")
        .prefix_with("MATERIALIZED")
    )
    on = citations.c.decision_id == hits.c.d
    if set(parties) != set(CITED_BY):
        on = and_(on, citations.c.cited_by.in_(parties))
    cited = (
        select(hits.c.d, guidelines.c.name.label("value"))
        .select_from(
            hits.outerjoin(citations, on).outerjoin(
                guidelines, guidelines.c.id == citations.c.guideline_id
            )
        )
        .distinct()
        .subquery()
    )
    stated = (
        select(hits.c.d, func.lower(case_diagnoses.c.text).label("value"))
        .select_from(hits.join(case_diagnoses, case_diagnoses.c.case_id == hits.c.c))
        .distinct()
        .subquery()
    )
    return union_all(
        *(
            select(literal(name).label("facet"), rows.c.value, func.count()).group_by(rows.c.value)
            for name, rows in (("guideline_name", cited), ("diagnosis", stated))
        )
    )


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
    found: dict[str, Counter] = {name: Counter() for name in NAMES}
    for name, value, n in conn.execute(_grouped(source, where, parties)):
        found[name][value] += int(n)
    out = {}
    for name in NAMES:
        ordered = order(name, found[name])
        out[name] = Facet(name, tuple(ordered[:size]), len(ordered) > size)
    return out
