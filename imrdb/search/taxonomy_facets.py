"""Facets of the treatment taxonomy and the diagnoses: subcategory, drug class, body
region, drug and diagnosis, counted over the matching decisions.

The six facets of :mod:`imrdb.search.facets` come from the projection's packed key; these
come from the normalized tables the projection points to (one grouped pass over the
decisions, one over the cases' diagnoses), so they cost a join per matching decision.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import ColumnElement, Connection, FromClause, func, select

from imrdb.db.models import CaseDiagnosis, Decision
from imrdb.search.facets import Facet, order
from imrdb.search.index.tables import facets_t

NAMES = ("subcategory", "drug_class", "body_region", "drug", "diagnosis")
_decisions, _diagnoses = Decision.__table__, CaseDiagnosis.__table__
_COLUMNS = ("subcategory", "drug_class", "body_region", "drug")


def counts(
    conn: Connection, source: FromClause, where: ColumnElement[bool], size: int
) -> dict[str, Facet]:
    """The five facets of the decisions ``source`` and ``where`` select."""
    columns = [_decisions.c[name] for name in _COLUMNS]
    grouped = (
        select(*columns, func.count())
        .select_from(source.join(_decisions, _decisions.c.id == facets_t.c.decision_id))
        .where(where)
        .group_by(*columns)
    )
    found = {name: Counter() for name in NAMES}
    for *values, n in conn.execute(grouped):
        for name, value in zip(_COLUMNS, values, strict=True):
            found[name][value] += int(n)
    text = func.lower(_diagnoses.c.text)
    by_diagnosis = (
        select(text, func.count())
        .select_from(source.join(_diagnoses, _diagnoses.c.case_id == facets_t.c.case_id))
        .where(where)
        .group_by(text)
    )
    found["diagnosis"].update({value: int(n) for value, n in conn.execute(by_diagnosis)})
    out = {}
    for name in NAMES:
        ordered = order(name, found[name])
        out[name] = Facet(name, tuple(ordered[:size]), len(ordered) > size)
    return out
