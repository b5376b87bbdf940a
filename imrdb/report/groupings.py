"""What a report can group decisions by: a SQL key per grouping, and how a key is shown.

Each grouping extends the FROM clause over ``decisions`` with what it needs and names the
key column. Guideline sources, guideline titles and specialties are several values per
decision: they join a DISTINCT (decision, value) projection, so a decision counts once per
value and their groups may overlap. Keys are turned into labels in Python (a quarter from
year and month, a treatment normalized), where both engines give identical results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, FromClause, Integer, cast, extract, func, select

from imrdb.db.models import case_specialties, cases, citations, decisions, guidelines
from imrdb.vocab import categories, labels

NONE = "(none)"
OTHER = "(other)"
Join = Callable[[FromClause], tuple[FromClause, ColumnElement]]

# A quantity or a course written after a treatment ("#60", "Qty: 30", "2 x 6", "(12)"):
# the same treatment asked in other amounts falls in one group.
_AMOUNTS = re.compile(
    r"""
      \#\s*\d+(?:\.\d+)?                           # "#60"
    | \b(?:qty|quantity)\.?\s*:?\s*\d+             # "Qty: 30", "quantity 12"
    | \b\d+\s*x\s*\d+\b                            # "2 x 6" (visits a week x weeks)
    | \(\s*\d+\s*\)                                # "(12)"
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SPACES = re.compile(r"\s+")


def treatment_key(treatment: str) -> str:
    """A treatment as reports group it: without context prefixes ("Associated surgical
    service:") or amounts, lower-case, whitespace collapsed."""
    text = _AMOUNTS.sub(" ", categories.service(treatment)).lower()
    text = _SPACES.sub(" ", text).strip(" ,;:.-")
    return text or _SPACES.sub(" ", treatment.lower()).strip()


def _quarter(key: int) -> str:
    year, month = divmod(int(key), 100)
    return f"{year}-Q{(month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Grouping:
    """One way to group decisions.

    ``top``: open-ended values, cut to the N largest groups plus an "(other)" remainder.
    ``order``: rows by decreasing count, or by value (chronological for dates)."""

    name: str
    title: str
    join: Join
    label: Callable[[Any], str] = str
    multi: bool = False
    top: bool = False
    order: Literal["count", "value"] = "count"
    coded: bool = False  # labels of a vocabulary's codes: JSON keeps the code beside them

    def label_of(self, key: Any) -> str:
        return NONE if key is None else self.label(key)


def _column(column: ColumnElement) -> Join:
    return lambda frm: (frm, column)


def _by_source(frm: FromClause) -> tuple[FromClause, ColumnElement]:
    sub = select(citations.c.decision_id, citations.c.source).distinct().subquery("by_source")
    return frm.outerjoin(sub, sub.c.decision_id == decisions.c.id), sub.c.source


def _by_guideline(frm: FromClause) -> tuple[FromClause, ColumnElement]:
    name = func.coalesce(guidelines.c.name, citations.c.title)  # the catalog's name
    sub = (
        select(citations.c.decision_id, name.label("guideline"))
        .select_from(citations.outerjoin(guidelines, guidelines.c.id == citations.c.guideline_id))
        .distinct()
        .subquery("by_guideline")
    )
    return frm.outerjoin(sub, sub.c.decision_id == decisions.c.id), sub.c.guideline


# What one citation says, for groupings crossed citation by citation.
_CITATION_FIELDS = ("source", "guideline")


def cited_together(frm: FromClause, names: tuple[str, ...]) -> tuple[FromClause, list]:
    """Two citation fields crossed (guideline x source): the pairs that occur together in
    one citation, not every combination of the decision's sources and guidelines."""
    fields = {
        "source": citations.c.source,
        "guideline": func.coalesce(guidelines.c.name, citations.c.title),
    }
    sub = (
        select(citations.c.decision_id, *(fields[n].label(n) for n in names))
        .select_from(citations.outerjoin(guidelines, guidelines.c.id == citations.c.guideline_id))
        .distinct()
        .subquery("cited_together")
    )
    joined = frm.outerjoin(sub, sub.c.decision_id == decisions.c.id)
    return joined, [sub.c[n] for n in names]


def crosses_citations(names: tuple[str, ...]) -> bool:
    return len(names) == 2 and set(names) == set(_CITATION_FIELDS)


def _by_specialty(frm: FromClause) -> tuple[FromClause, ColumnElement]:
    joined = frm.outerjoin(case_specialties, case_specialties.c.case_id == decisions.c.case_id)
    return joined, case_specialties.c.specialty


def _labelled(kind: str) -> Callable[[Any], str]:
    """Codes shown by their readable label ("Opioids" for opioids)."""
    return lambda code: labels.label(kind, code)


def _by_case_outcome(frm: FromClause) -> tuple[FromClause, ColumnElement]:
    joined = frm.join(cases, cases.c.id == decisions.c.case_id)
    return joined, cases.c.final_determination


_MONTH = decisions.c.letter_year * 100 + cast(extract("month", decisions.c.letter_date), Integer)

GROUPINGS = {
    g.name: g
    for g in (
        Grouping(
            "category",
            "Treatment category",
            _column(decisions.c.category),
            _labelled("category"),
            coded=True,
        ),
        Grouping("source", "Guideline source", _by_source, multi=True),
        Grouping("guideline", "Guideline", _by_guideline, multi=True, top=True),
        Grouping("specialty", "Reviewer specialty", _by_specialty, multi=True, top=True),
        Grouping("year", "Year", _column(decisions.c.letter_year), order="value"),
        Grouping("quarter", "Quarter", _column(_MONTH), label=_quarter, order="value"),
        Grouping("priority", "Priority", _column(decisions.c.priority)),
        Grouping("treatment", "Treatment", _column(decisions.c.treatment), treatment_key, top=True),
        Grouping(
            "subcategory",
            "Subcategory",
            _column(decisions.c.subcategory),
            _labelled("subcategory"),
            coded=True,
        ),
        Grouping(
            "drug_class",
            "Drug class",
            _column(decisions.c.drug_class),
            _labelled("drug_class"),
            coded=True,
        ),
        Grouping(
            "body_region",
            "Body region",
            _column(decisions.c.body_region),
            _labelled("body_region"),
            coded=True,
        ),
        Grouping("drug", "Drug", _column(decisions.c.drug), top=True),
        Grouping(
            "case_outcome",
            "Letter's determination",
            _by_case_outcome,
            _labelled("case_outcome"),
            coded=True,
        ),
    )
}
