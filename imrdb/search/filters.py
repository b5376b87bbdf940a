"""Filters as data: each row checks a value, makes a SQL condition and a few words.

The same table drives the CLI options (``--outcome``...), the inline query fields
(``outcome:upheld``), the SQL over the search projection, and the sentence that names a
selection ("decisions upheld, citing ODG, 2014"), which exports and reports use as their
heading. A filter given several values matches any of them; different filters must all
match; ``-field:value`` in a query excludes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, literal_column, not_, or_, select, true
from sqlalchemy.sql import func

from imrdb.db.models import cases as _cases
from imrdb.record import CATEGORIES, CITED_BY, OUTCOMES, PRIORITIES, SOURCES
from imrdb.search import codes, guideline_names, key_filters, taxonomy_filters, typed
from imrdb.search.filter_spec import (
    FilterSpec,
    FilterValues,
    Selected,
    or_words,
    spaced,
)
from imrdb.search.index import key_parts
from imrdb.search.index.base import KeyCondition
from imrdb.search.index.tables import facets_t, members_t
from imrdb.search.query import FilterClause, QueryError

facets, _members = facets_t, members_t

_PARTY_WORDS = {
    "claims_administrator": "the claims administrator",
    "reviewer": "the reviewer",
}


def _in(column) -> Callable[[tuple, FilterValues], ColumnElement[bool]]:
    return lambda values, _all: column.in_(values)


def _cited_parties(selected: FilterValues) -> tuple[str, ...]:
    chosen = selected.get("cited_by")
    return chosen.include if chosen and chosen.include else CITED_BY


def _guideline_sql(values: tuple, selected: FilterValues) -> ColumnElement[bool]:
    return facets.c.sources.op("&")(codes.source_mask(values, _cited_parties(selected))) != 0


def _cited_by_sql(values: tuple, selected: FilterValues) -> ColumnElement[bool]:
    if selected.get("guideline") and selected["guideline"].include:
        return true()  # the guideline filter looks at the party already
    return facets.c.sources.op("&")(codes.source_mask(SOURCES, values)) != 0


def _specialty_sets(values: tuple) -> Select:
    wanted = [v.lower() for v in values]
    return select(_members.c.set_id).where(func.lower(_members.c.specialty).in_(wanted))


def _specialty_sql(values: tuple, _all: FilterValues) -> ColumnElement[bool]:
    return facets.c.specialty_set.in_(_specialty_sets(values))


# --- the same conditions on a facet key (imrdb.search.codes.facet_key) ----------------------


def _guideline_key(values: tuple, selected: FilterValues, key: ColumnElement[int]):
    if "cited_by" in selected:  # one party's citations: only the columns tell
        return None
    return (
        key_filters.part(key, "cited").op("&")(literal_column(str(codes.source_bits(values)))) != 0
    )


def _specialty_key(values: tuple, _all: FilterValues, key: ColumnElement[int]):
    return key_parts.specialty_set(key).in_(_specialty_sets(values))


def _case_sql(values: tuple, _all: FilterValues) -> ColumnElement[bool]:
    return facets.c.case_id.in_(select(_cases.c.id).where(_cases.c.case_number.in_(values)))


def _guideline_words(values: tuple, selected: FilterValues) -> str:
    parties = selected.get("cited_by")
    by = ""
    if parties and parties.include:
        by = " (by " + or_words([_PARTY_WORDS[p] for p in parties.include]) + ")"
    return f"citing {or_words(values)}{by}"


def _cited_by_words(values: tuple, selected: FilterValues) -> str:
    if selected.get("guideline") and selected["guideline"].include:
        return ""
    return "with guidelines cited by " + or_words([_PARTY_WORDS[v] for v in values])


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec(
        "outcome",
        "the reviewer's answer",
        typed.chooser(OUTCOMES, "outcome"),
        _in(facets.c.outcome),
        lambda vs, _: or_words(vs),
        choices=OUTCOMES,
        key_sql=key_filters.part_in("outcome"),
    ),
    FilterSpec(
        "guideline",
        "a guideline source the decision cites",
        typed.chooser(SOURCES, "guideline source"),
        _guideline_sql,
        _guideline_words,
        aliases=("source",),
        choices=SOURCES,
        key_sql=_guideline_key,
    ),
    FilterSpec(
        "cited_by",
        "the party citing it (with --guideline: that party's citations)",
        typed.party,
        _cited_by_sql,
        _cited_by_words,
        aliases=("cited-by", "citedby"),
        choices=CITED_BY,
    ),
    FilterSpec(
        "category",
        "treatment category (a unique prefix will do)",
        typed.chooser(CATEGORIES, "category"),
        _in(facets.c.category),
        lambda vs, _: "on " + or_words([spaced(v) for v in vs]),
        choices=CATEGORIES,
        key_sql=key_filters.part_in("category"),
    ),
    FilterSpec(
        "specialty",
        'the reviewer\'s board certification, e.g. "pain management"',
        typed.specialty,
        _specialty_sql,
        lambda vs, _: "reviewed by " + or_words(vs),
        nullable=True,
        key_sql=_specialty_key,
    ),
    FilterSpec(
        "year",
        "year of the letter",
        typed.year,
        _in(facets.c.letter_year),
        lambda vs, _: or_words(vs),
        nullable=True,
        metavar="YYYY",
        key_sql=key_filters.part_in("year"),
    ),
    FilterSpec(
        "since",
        "letters dated on or after (2014-07-01, 7/1/2014, 2014-07 or 2014)",
        typed.start_date,
        lambda vs, _: or_(*(facets.c.letter_date >= d for d in vs)),
        lambda vs, _: "since " + or_words([d.isoformat() for d in vs]),
        metavar="DATE",
    ),
    FilterSpec(
        "until",
        "letters dated on or before (a month or year counts whole)",
        typed.end_date,
        lambda vs, _: or_(*(facets.c.letter_date <= d for d in vs)),
        lambda vs, _: "until " + or_words([d.isoformat() for d in vs]),
        metavar="DATE",
    ),
    FilterSpec(
        "priority",
        "review priority",
        typed.chooser(PRIORITIES, "priority"),
        _in(facets.c.priority),
        lambda vs, _: or_words(vs),
        nullable=True,
        choices=PRIORITIES,
        key_sql=key_filters.part_in("priority"),
    ),
    FilterSpec(
        "case",
        "case number, e.g. CM14-0087654",
        typed.case_number,
        _case_sql,
        lambda vs, _: "in case " + or_words(vs),
        metavar="CASE_NUMBER",
    ),
    *taxonomy_filters.FILTERS,
    *guideline_names.FILTERS,
)
BY_NAME = {f.name: f for f in FILTERS}
# Inline field names (lower case) -> filter name.
FIELDS = {alias: f.name for f in FILTERS for alias in (f.name, *f.aliases)}
FIELD_NAMES = frozenset(FIELDS)


def select_values(
    options: Mapping[str, Iterable[str]], clauses: Iterable[FilterClause] = ()
) -> dict[str, Selected]:
    """Checked, de-duplicated values per filter from CLI options and inline clauses."""
    include: dict[str, list[Any]] = {}
    exclude: dict[str, list[Any]] = {}
    pairs = [(name, value, False) for name, values in options.items() for value in values]
    pairs += [(FIELDS[c.field], c.value, c.negate) for c in clauses]
    for name, raw, negate in pairs:
        spec = BY_NAME[name]
        if not str(raw).strip():
            raise QueryError(f"{spec.name}: needs a value")
        value = spec.parse(str(raw))
        bucket = (exclude if negate else include).setdefault(name, [])
        if value not in bucket:
            bucket.append(value)
    return {
        f.name: Selected(tuple(include.get(f.name, ())), tuple(exclude.get(f.name, ())))
        for f in FILTERS
        if f.name in include or f.name in exclude
    }


def condition(selected: FilterValues) -> ColumnElement[bool]:
    """The SQL condition of all filters over ``decision_facets`` (true when none)."""
    parts: list[ColumnElement[bool]] = []
    for spec in FILTERS:
        chosen = selected.get(spec.name)
        if chosen is None:
            continue
        if chosen.include:
            parts.append(spec.sql(chosen.include, selected))
        if chosen.exclude:
            # An excluded guideline keeps the parties asked for; an excluded party stands alone.
            context = {"cited_by": selected["cited_by"]} if "cited_by" in selected else {}
            kept = not_(spec.sql(chosen.exclude, context if spec.name == "guideline" else {}))
            parts.append(or_(_null_of(spec), kept) if spec.nullable else kept)
    return and_(true(), *parts) if parts else true()


def key_condition(selected: FilterValues) -> KeyCondition | None:
    """:func:`condition` as a condition on a facet key, when every filter can be said there
    (so facets can be counted from keys alone: the full-text rowid on SQLite); else None."""
    probe = literal_column("0")
    wanted = []
    for name, chosen in selected.items():
        spec = BY_NAME[name]
        for given, negate in ((chosen.include, False), (chosen.exclude, True)):
            if not given:
                continue
            if spec.key_sql is None or spec.key_sql(given, selected, probe) is None:
                return None
            wanted.append((spec.key_sql, given, negate))

    def on(key: ColumnElement[int]) -> ColumnElement[bool]:
        parts = []
        for sql, given, negate in wanted:
            part = sql(given, selected, key)
            parts.append(not_(part) if negate else part)
        return and_(true(), *parts)

    return on


def _null_of(spec: FilterSpec) -> ColumnElement[bool]:
    column = {
        "specialty": facets.c.specialty_set,
        "year": facets.c.letter_year,
        "priority": facets.c.priority,
    }.get(spec.name)
    return column.is_(None) if column is not None else false()


def phrases(selected: FilterValues) -> list[str]:
    """The words of each filter, in the table's order ("upheld", "citing ODG", "2014")."""
    out: list[str] = []
    for spec in FILTERS:
        chosen = selected.get(spec.name)
        if chosen is None:
            continue
        if chosen.include:
            words = spec.words(chosen.include, selected)
            if words:
                out.append(words)
        if chosen.exclude:
            out.append("not " + spec.words(chosen.exclude, {}))
    return out
