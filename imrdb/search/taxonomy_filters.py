"""Filters on the treatment taxonomy, the case and its diagnoses, and on the text of one
field: ``--subcategory``, ``--drug``, ``--drug-class``, ``--body-region``,
``--case-outcome``, ``--injured-since/--injured-until``, ``--received-since/--received-until``,
``diagnosis:``, ``treatment:`` and ``rationale:``.

Each is a condition on the normalized tables (decisions, cases, case_diagnoses) that the
projection's row points to; the taxonomy filters are also said on the facet key, whose
taxonomy set numbers them, so facets under them are counted from keys alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.sql import func

from imrdb.db.models import case_diagnoses as _diagnoses
from imrdb.db.models import cases as _cases
from imrdb.db.models import decisions as _decisions
from imrdb.record import FINAL_DETERMINATIONS
from imrdb.search import key_filters
from imrdb.search.filter_spec import FilterSpec, FilterValues, or_words, spaced
from imrdb.search.index.tables import facets_t
from imrdb.search.query import QueryError
from imrdb.search.typed import choose, parse_date, valid_values
from imrdb.vocab import drugs, labels, load, regions, subcategories

_CASE_OUTCOME_ALIASES = {"partial": "partially_overturned", "partly": "partially_overturned"}


def _decision_where(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return facets_t.c.decision_id.in_(select(_decisions.c.id).where(condition))


def _case_where(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return facets_t.c.case_id.in_(select(_cases.c.id).where(condition))


def _decision_in(column) -> Callable[[tuple, FilterValues], ColumnElement[bool]]:
    return lambda values, _all: _decision_where(column.in_(values))


@cache
def _generics() -> tuple[str, ...]:
    return tuple(sorted({entry["generic"] for entry in load("drugs")["drugs"]}))


def _drug(value: str) -> str:
    """A drug as typed (brand or generic, "Norco", "hydrocodone/apap") -> its generic."""
    text = value.strip()
    if text.lower() in _generics():
        return text.lower()
    found = drugs.mentions(text)
    if found:
        return "/".join(dict.fromkeys(m.generic for m in found))
    raise QueryError(f"unknown drug {value!r}; {valid_values(text, _generics(), shown=0)}")


def _text(field: str) -> Callable[[str], str]:
    def read(value: str) -> str:
        words = " ".join(value.split()).lower()
        if not words:
            raise QueryError(f'{field}: needs a value, e.g. {field}:"knee"')
        return words

    return read


def _contains(column, values: Sequence[str]) -> ColumnElement[bool]:
    """Any of ``values`` inside ``column``, case-insensitively (LIKE, escaped)."""
    return or_(*(func.lower(column).contains(v, autoescape=True) for v in values))


def _treatment_sql(values: tuple, _all: FilterValues) -> ColumnElement[bool]:
    d = _decisions.c
    return _decision_where(or_(_contains(d.treatment, values), _contains(d.normalized, values)))


def _diagnosis_sql(values: tuple, _all: FilterValues) -> ColumnElement[bool]:
    cases_with = select(_diagnoses.c.case_id).where(_contains(_diagnoses.c.text, values))
    return facets_t.c.case_id.in_(cases_with)


def _dates(column, after: bool) -> Callable[[tuple, FilterValues], ColumnElement[bool]]:
    def sql(values: tuple, _all: FilterValues) -> ColumnElement[bool]:
        return _case_where(or_(*((column >= d) if after else (column <= d) for d in values)))

    return sql


def _date_words(words: str) -> Callable[[tuple, FilterValues], str]:
    return lambda values, _all: f"{words} " + or_words([d.isoformat() for d in values])


def _labelled(kind: str, before: str) -> Callable[[tuple, FilterValues], str]:
    return lambda values, _all: before + or_words([labels.label(kind, v) for v in values])


def _quoted(before: str) -> Callable[[tuple, FilterValues], str]:
    return lambda values, _all: before + or_words([f"“{v}”" for v in values])


def _date_filter(name: str, column, after: bool, words: str, help_: str) -> FilterSpec:
    return FilterSpec(
        name,
        help_,
        lambda v: parse_date(v, end=not after),
        _dates(column, after),
        _date_words(words),
        metavar="DATE",
    )


def _choice(kind: str) -> Callable[[str], str]:
    def read(value: str) -> str:
        allowed = {
            "subcategory": subcategories.codes(),
            "drug_class": subcategories.codes("pharmaceuticals"),
            "body_region": regions.codes(),
        }[kind]
        return choose(value, allowed, spaced(kind))

    return read


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec(
        "subcategory",
        "treatment subcategory, e.g. opioids, injection_epidural, imaging_spine",
        _choice("subcategory"),
        _decision_in(_decisions.c.subcategory),
        _labelled("subcategory", "on "),
        key_sql=key_filters.taxonomy_in("subcategory"),
        nullable=True,
        metavar="CODE",
    ),
    FilterSpec(
        "drug",
        "the drug's generic name, or a brand (Norco finds hydrocodone/acetaminophen)",
        _drug,
        _decision_in(_decisions.c.drug),
        lambda vs, _: "for " + or_words(vs),
        key_sql=key_filters.taxonomy_in("drug"),
        nullable=True,
        metavar="DRUG",
    ),
    FilterSpec(
        "drug_class",
        "drug class, e.g. opioids, nsaids, muscle_relaxants",
        _choice("drug_class"),
        _decision_in(_decisions.c.drug_class),
        _labelled("drug_class", "for "),
        key_sql=key_filters.taxonomy_in("drug_class"),
        aliases=("drug-class", "class"),
        nullable=True,
        metavar="CLASS",
    ),
    FilterSpec(
        "body_region",
        "body region the treatment names, e.g. lumbar, shoulder, knee",
        _choice("body_region"),
        _decision_in(_decisions.c.body_region),
        _labelled("body_region", "for the "),
        key_sql=key_filters.taxonomy_in("body_region"),
        aliases=("body-region", "region"),
        nullable=True,
        metavar="REGION",
    ),
    FilterSpec(
        "case_outcome",
        "the letter's final determination",
        lambda v: choose(v, FINAL_DETERMINATIONS, "case outcome", _CASE_OUTCOME_ALIASES),
        lambda vs, _: _case_where(_cases.c.final_determination.in_(vs)),
        lambda vs, _: "in letters " + or_words([spaced(v) for v in vs]),
        key_sql=key_filters.part_in("case_outcome"),
        aliases=("case-outcome", "determination"),
        nullable=True,
        choices=FINAL_DETERMINATIONS,
    ),
    _date_filter(
        "injured_since", _cases.c.date_of_injury, True, "injured since", "injured on or after"
    ),
    _date_filter(
        "injured_until", _cases.c.date_of_injury, False, "injured until", "injured on or before"
    ),
    _date_filter(
        "received_since",
        _cases.c.application_received,
        True,
        "application received since",
        "IMR application received on or after",
    ),
    _date_filter(
        "received_until",
        _cases.c.application_received,
        False,
        "application received until",
        "IMR application received on or before",
    ),
    FilterSpec(
        "diagnosis",
        "a diagnosis the case summary states contains these words",
        _text("diagnosis"),
        _diagnosis_sql,
        _quoted("diagnosed with "),
        metavar="WORDS",
    ),
    FilterSpec(
        "treatment",
        "the treatment (as written, or its generic drug or procedure) contains these words",
        _text("treatment"),
        _treatment_sql,
        _quoted("for a treatment containing "),
        metavar="WORDS",
    ),
    FilterSpec(
        "rationale",
        "the reviewer's rationale contains these words",
        _text("rationale"),
        lambda vs, _: _decision_where(_contains(_decisions.c.rationale, vs)),
        _quoted("with a rationale containing "),
        metavar="WORDS",
    ),
)
