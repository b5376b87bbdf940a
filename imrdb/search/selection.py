"""Which decisions an export or a report covers: the one seam where search plugs in.

Search turns a query and filters into a :class:`Selection`: a SQLAlchemy select of matching
decision ids and a sentence that describes them ("decisions upheld, citing ODG, 2014")
(:func:`imrdb.search.matching`). Exports and reports take it and never parse queries
themselves, so any search can be exported or summarized exactly as it was found.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from imrdb.db.models import cases, decisions

# Cases in the order of their stable identifiers; a case without a number comes last
# (both engines, explicitly: SQLite sorts NULL first and PostgreSQL last by default).
CASE_ORDER = (cases.c.case_number.nulls_last(), cases.c.id)


@dataclass(frozen=True)
class Selection:
    """A select of decision ids (``None``: every decision) and the words that describe it."""

    decision_ids: Select | None = None
    description: str = "all decisions"

    def where(self, query: Select) -> Select:
        """``query`` (over ``decisions``) limited to the selected decisions."""
        if self.decision_ids is None:
            return query
        return query.where(decisions.c.id.in_(self.decision_ids))

    def cases_where(self, query: Select) -> Select:
        """``query`` (over ``cases``) limited to the cases with a selected decision."""
        if self.decision_ids is None:
            return query
        having = select(decisions.c.case_id).where(decisions.c.id.in_(self.decision_ids))
        return query.where(cases.c.id.in_(having))

    def case_ids(self) -> Select:
        """Ids of the cases with at least one selected decision, in case-number order."""
        return self.cases_where(select(cases.c.id).order_by(*CASE_ORDER))


ALL = Selection()
