"""The tidy tables an export writes: their columns (names, kinds) and their rows, streamed.

``decisions`` has one row per decision with its case's fields and a summary of what it
cites; ``cases`` and ``citations`` are the normalized tables. Every row carries the stable
identifiers (``case_number``, the decision's ``ordinal``), so ``imrdb show`` finds it again.
Each table is one statement in case-number order, read through a server-side cursor
(PostgreSQL; SQLite steps its statement as rows are wanted) :data:`CHUNK` rows at a time:
specialties are joined, per-decision and per-case counts are correlated subqueries that
look rows up by their parent's key. Nothing accumulates per row or per chunk, so memory
stays flat however many rows there are, and the first rows arrive at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby, islice
from operator import attrgetter
from typing import Any, Literal

from sqlalchemy import Connection, case, func, select

from imrdb.db.models import case_diagnoses, case_specialties, citations, guidelines
from imrdb.record import SOURCES
from imrdb.search.selection import CASE_ORDER, Selection, cases, decisions

CHUNK = 5000
Kind = Literal["string", "int", "date", "list"]  # list: of strings (CSV: ;-joined)
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    help: str


@dataclass(frozen=True)
class Table:
    name: str
    help: str
    columns: tuple[Column, ...]
    rows: Callable[[Connection, Selection], Iterator[Row]]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def quarter(day: dt.date | None) -> str | None:
    """``2014-Q3``: the calendar quarter, as reports group by it."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}" if day else None


# Each (party, source) pair a decision cites is one bit of a mask the database sums: the
# reviewer's sources in the low four bits, the claims administrator's in the next four. A
# source outside the vocabulary counts as OTHER, as the data contract defines it.
_SOURCE_BITS = {source: 1 << i for i, source in enumerate(SOURCES)}
_SOURCE_MASK = (1 << len(SOURCES)) - 1


def _cited_mask():
    """Per decision (correlated): the SUM of the distinct (party, source) bits it cites."""
    source_bit = case(
        *((citations.c.source == s, bit) for s, bit in _SOURCE_BITS.items()),
        else_=_SOURCE_BITS["OTHER"],
    )
    party = case((citations.c.cited_by == "reviewer", 1), else_=1 << len(SOURCES))
    return (
        select(func.sum((source_bit * party).distinct()))
        .where(citations.c.decision_id == decisions.c.id)
        .scalar_subquery()
    )


def _cited_count():
    return select(func.count()).where(citations.c.decision_id == decisions.c.id).scalar_subquery()


@cache
def _sources(bits: int) -> str | None:
    """Source bits -> ``MTUS;ODG``, in the vocabulary's order."""
    return ";".join(s for s, bit in _SOURCE_BITS.items() if bits & bit) or None


def _citation_summary(mask: int | None) -> tuple[str | None, str | None, str | None]:
    """(sources, reviewer's, claims administrator's) from a decision's mask."""
    reviewer, claims = (mask or 0) & _SOURCE_MASK, (mask or 0) >> len(SOURCES)
    return _sources(reviewer | claims), _sources(reviewer), _sources(claims)


def _streamed(conn: Connection, query) -> Iterator:
    """The rows of ``query`` as they come, fetched CHUNK at a time (a server-side cursor)."""
    yield from conn.execution_options(yield_per=CHUNK).execute(query)


def _with_specialties(rows: Iterator, key: str) -> Iterator[tuple[Any, str | None]]:
    """Rows of a query outer-joined to ``case_specialties`` (one row per certification,
    a record's rows adjacent) -> (first row, its certifications sorted and ``;``-joined).
    Joining, rather than a second query per chunk, keeps one statement streaming: nothing
    is cached per chunk, so memory stays flat however many rows there are."""
    for _, group in groupby(rows, key=attrgetter(key)):
        same = list(group)
        names = sorted(r.specialty for r in same if r.specialty)
        yield same[0], ";".join(names) or None


def _specialty_join(frm):
    return frm.outerjoin(case_specialties, case_specialties.c.case_id == cases.c.id)


_CASE_FIELDS = (
    Column("letter_date", "date", "the letter's date"),
    Column("year", "int", "year of the letter's date"),
    Column("quarter", "string", "calendar quarter of the letter's date, 2014-Q3"),
    Column("priority", "string", "standard | expedited"),
    Column("final_determination", "string", "upheld | overturned | partially_overturned"),
    Column("date_assigned", "date", "date the case was assigned to a reviewer"),
    Column("application_received", "date", "date the IMR application was received"),
    Column("ur_decision_date", "date", "date of the utilization review decision"),
    Column("date_of_injury", "date", "the injured worker's date of injury"),
    Column("patient_age", "int", "the injured worker's age"),
    Column("patient_sex", "string", "female | male"),
    Column("reviewer_specialty", "string", "the reviewer's board certification(s), as written"),
    Column("specialties", "string", "the certifications normalized, ;-separated"),
    Column("reviewer_license_state", "string", "state(s) where the reviewer is licensed"),
)
_CASE_COLUMNS = (
    cases.c.letter_date,
    cases.c.letter_year,
    cases.c.priority,
    cases.c.final_determination,
    cases.c.date_assigned,
    cases.c.application_received,
    cases.c.ur_decision_date,
    cases.c.date_of_injury,
    cases.c.patient_age,
    cases.c.patient_sex,
    cases.c.reviewer_specialty,
    cases.c.reviewer_license_state,
)


def _case_fields(row, specialties: str | None) -> Row:
    """A case's fields in _CASE_FIELDS order, from a row holding _CASE_COLUMNS."""
    return (
        row.letter_date,
        row.letter_year,
        quarter(row.letter_date),
        row.priority,
        row.final_determination,
        row.date_assigned,
        row.application_received,
        row.ur_decision_date,
        row.date_of_injury,
        row.patient_age,
        row.patient_sex,
        row.reviewer_specialty,
        specialties,
        row.reviewer_license_state,
    )


DECISION_COLUMNS = (
    Column("case_number", "string", "the case (imrdb show CASE_NUMBER)"),
    Column("ordinal", "int", "the decision's order in the letter, from 1"),
    Column("treatment", "string", "the disputed item as written"),
    Column("outcome", "string", "upheld | overturned"),
    Column("category", "string", "treatment category"),
    Column("subcategory", "string", "the taxonomy's subcategory (docs/taxonomy.md)"),
    Column("normalized_treatment", "string", "the generic drug or the procedure"),
    Column("drug", "string", "generic name(s), /-joined"),
    Column("drug_class", "string", "the drug's class"),
    Column("brand", "string", "the brand as written"),
    Column("strength", "string", "strength, normalized (10/325 mg)"),
    Column("quantity", "int", "quantity requested (#120)"),
    Column("body_region", "string", "the body region the treatment names"),
    Column("original_request", "string", "for a modified request: what was asked"),
    Column("authorized", "string", "for a modified request: what was authorized"),
    *_CASE_FIELDS,
    Column("citations", "int", "number of guideline citations, both parties"),
    Column("sources", "string", "guideline sources cited by either party, ;-separated"),
    Column("reviewer_sources", "string", "sources the reviewer cited"),
    Column("claims_administrator_sources", "string", "sources the claims administrator cited"),
    Column("rationale", "string", "the reviewer's reasons"),
)


_TAXONOMY = (
    decisions.c.subcategory,
    decisions.c.normalized,
    decisions.c.drug,
    decisions.c.drug_class,
    decisions.c.brand,
    decisions.c.strength,
    decisions.c.quantity,
    decisions.c.body_region,
)


def decision_rows(conn: Connection, selection: Selection) -> Iterator[Row]:
    query = selection.where(
        select(
            cases.c.case_number,
            decisions.c.ordinal,
            decisions.c.treatment,
            decisions.c.outcome,
            decisions.c.category,
            *_TAXONOMY,
            decisions.c.original_request,
            decisions.c.authorized,
            *_CASE_COLUMNS,
            _cited_count().label("citations"),
            _cited_mask().label("cited"),
            decisions.c.rationale,
            decisions.c.id,
            cases.c.id.label("case_id"),
            case_specialties.c.specialty,
        )
        .select_from(_specialty_join(decisions.join(cases, cases.c.id == decisions.c.case_id)))
        .order_by(*CASE_ORDER, decisions.c.ordinal)
    )
    case_id, fields = None, ()
    for r, specialties in _with_specialties(_streamed(conn, query), "id"):
        if r.case_id != case_id:  # a case's decisions are adjacent: its fields made once
            case_id, fields = r.case_id, _case_fields(r, specialties)
        yield (*r[:15], *fields, r.citations, *_citation_summary(r.cited), r.rationale)


CASE_COLUMNS = (
    Column("case_number", "string", "the case (imrdb show CASE_NUMBER)"),
    *_CASE_FIELDS,
    Column("decisions", "int", "number of decisions in the letter"),
    Column("upheld", "int", "decisions upheld"),
    Column("overturned", "int", "decisions overturned"),
    Column("diagnoses", "list", "the diagnoses the case summary states, as written"),
)


def _decisions_counted(outcome: str | None = None):
    """Per case (correlated): its decisions, or those with ``outcome``. Counted by a sum over
    the case's decisions, so the database looks them up by case (never by outcome)."""
    counted = (
        func.count()
        if outcome is None
        else func.sum(case((decisions.c.outcome == outcome, 1), else_=0))
    )
    return (
        select(func.coalesce(counted, 0)).where(decisions.c.case_id == cases.c.id).scalar_subquery()
    )


def case_rows(conn: Connection, selection: Selection) -> Iterator[Row]:
    query = selection.cases_where(
        select(
            cases.c.case_number,
            *_CASE_COLUMNS,
            _decisions_counted().label("decisions"),
            _decisions_counted("upheld").label("upheld"),
            _decisions_counted("overturned").label("overturned"),
            cases.c.id.label("case_id"),
            case_specialties.c.specialty,
        )
        .select_from(_specialty_join(cases))
        .order_by(*CASE_ORDER)
    )
    rows = _with_specialties(_streamed(conn, query), "case_id")
    while chunk := list(islice(rows, CHUNK)):
        diagnoses = _diagnoses_of(conn, [r.case_id for r, _ in chunk])
        for r, specialties in chunk:
            fields = _case_fields(r, specialties)
            found = diagnoses.get(r.case_id)
            yield (r.case_number, *fields, r.decisions, r.upheld, r.overturned, found)


def _diagnoses_of(conn: Connection, case_ids: list[int]) -> dict[int, list[str]]:
    """The diagnoses of a chunk of cases, in the order their summaries state them."""
    query = (
        select(case_diagnoses.c.case_id, case_diagnoses.c.text)
        .where(case_diagnoses.c.case_id.in_(case_ids))
        .order_by(case_diagnoses.c.case_id, case_diagnoses.c.ordinal)
    )
    found: dict[int, list[str]] = {}
    for case_id, text in conn.execute(query):
        found.setdefault(case_id, []).append(text)
    return found


CITATION_COLUMNS = (
    Column("case_number", "string", "the case (imrdb show CASE_NUMBER)"),
    Column("ordinal", "int", "the decision's ordinal in the letter"),
    Column("citation", "int", "the citation's order within the decision, from 1"),
    Column("cited_by", "string", "claims_administrator | reviewer"),
    Column("source", "string", "MTUS | ODG | ACOEM | OTHER"),
    Column("title", "string", "the cited guideline and topic"),
    Column("pages", "string", "pages as written"),
    Column("guideline", "string", "the guideline catalog's name for it"),
)


def citation_rows(conn: Connection, selection: Selection) -> Iterator[Row]:
    query = selection.where(
        select(
            cases.c.case_number,
            decisions.c.ordinal,
            citations.c.ordinal,
            citations.c.cited_by,
            citations.c.source,
            citations.c.title,
            citations.c.pages,
            guidelines.c.name,
        )
        .select_from(
            citations.join(decisions, decisions.c.id == citations.c.decision_id)
            .join(cases, cases.c.id == decisions.c.case_id)
            .outerjoin(guidelines, guidelines.c.id == citations.c.guideline_id)
        )
        .order_by(*CASE_ORDER, decisions.c.ordinal, citations.c.ordinal)
    )
    yield from (tuple(r) for r in _streamed(conn, query))


TABLES = {
    t.name: t
    for t in (
        Table(
            "decisions",
            "one row per decision, with its case's fields",
            DECISION_COLUMNS,
            decision_rows,
        ),
        Table(
            "cases", "one row per case (letter) with a selected decision", CASE_COLUMNS, case_rows
        ),
        Table(
            "citations",
            "one row per guideline citation of a selected decision",
            CITATION_COLUMNS,
            citation_rows,
        ),
    )
}
