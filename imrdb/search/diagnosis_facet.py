"""The diagnosis facet: the diagnoses (as written, lower-cased) of the matching decisions'
cases.

Every other facet is counted from the packed facet key (:mod:`imrdb.search.facets`); a
diagnosis is free text kept per case, so counting it costs a join per matching decision.
Over more than :data:`LIMIT` decisions it is not counted at all and says so (as Datasette
reports a facet that timed out), rather than holding every search back: the limit is a
count of decisions, not a time, so the same search always gets the same answer.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, FromClause, func, select

from imrdb.db.models import case_diagnoses as _diagnoses
from imrdb.search.facets import Facet, order
from imrdb.search.index.tables import facets_t

NAME = "diagnosis"
LIMIT = 100_000  # decisions: ~0.1 s of joins on SQLite (docs/search.md)


def count(
    conn: Connection, source: FromClause, where: ColumnElement[bool], total: int, size: int
) -> Facet:
    """The diagnosis facet of the ``total`` decisions ``source`` and ``where`` select."""
    if total > LIMIT:
        return Facet(NAME, (), False, f"not counted over more than {LIMIT:,} decisions")
    text = func.lower(_diagnoses.c.text)
    by_diagnosis = (
        select(text, func.count())
        .select_from(source.join(_diagnoses, _diagnoses.c.case_id == facets_t.c.case_id))
        .where(where)
        .group_by(text)
    )
    ordered = order(NAME, {value: int(n) for value, n in conn.execute(by_diagnosis)})
    return Facet(NAME, tuple(ordered[:size]), len(ordered) > size)
