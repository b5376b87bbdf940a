"""Selected decisions -> a report: one GROUP BY per table, folded and ordered in Python.

The database counts (decisions, upheld, overturned per raw key); Python turns keys into
labels, merges what they make equal (a normalized treatment, a quarter's months), cuts
open-ended fields to the top N with an "(other)" remainder, and orders the rows, so both
engines give the same report byte for byte.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, case, func, select

from imrdb.errors import ImrdbError
from imrdb.report.groupings import (
    GROUPINGS,
    NONE,
    OTHER,
    Grouping,
    cited_together,
    crosses_citations,
    decisions,
)
from imrdb.report.model import Counts, Report, Row, Table
from imrdb.search.selection import Selection

MAX_FIELDS = 2
DEFAULT_TOP = 20

_UPHELD = func.sum(case((decisions.c.outcome == "upheld", 1), else_=0))
_OVERTURNED = func.sum(case((decisions.c.outcome == "overturned", 1), else_=0))


@dataclass(frozen=True)
class Template:
    title: str
    tables: tuple[tuple[str, ...], ...]


TEMPLATES = {
    # The shape of the tables in DWC's annual IMR report: decisions by treatment category
    # and outcome, by reviewer specialty, by year.
    "dwc-annual": Template(
        "Independent Medical Review decisions: DWC annual report tables",
        (("category",), ("specialty",), ("year",)),
    ),
    # CWCI's and DWC's IMR studies: built by imrdb.report.cwci (its tables are not only
    # counts by group).
    "cwci": Template("Independent Medical Review: the CWCI / DWC annual study tables", ()),
}


def groupings(names: Sequence[str]) -> tuple[Grouping, ...]:
    """The groupings named, checked: known, at most two, no repeats."""
    unknown = [n for n in names if n not in GROUPINGS]
    if unknown:
        raise ImrdbError(f"cannot group by {unknown[0]!r}; choose from {', '.join(GROUPINGS)}")
    if not names or len(names) > MAX_FIELDS or len(set(names)) != len(names):
        raise ImrdbError(f"group by one or two different fields, not {', '.join(names) or 'none'}")
    return tuple(GROUPINGS[n] for n in names)


def totals(conn: Connection, selection: Selection) -> tuple[int, Counts]:
    """(cases, counts) of the selected decisions."""
    query = selection.where(
        select(
            func.count(decisions.c.case_id.distinct()),
            func.count(),
            _UPHELD,
            _OVERTURNED,
        ).select_from(decisions)
    )
    cases, n, upheld, overturned = conn.execute(query).one()
    return int(cases), Counts(int(n), int(upheld or 0), int(overturned or 0))


def _counted(conn: Connection, selection: Selection, by: tuple[Grouping, ...]):
    frm, keys = decisions, []
    names = tuple(g.name for g in by)
    if crosses_citations(names):
        frm, keys = cited_together(frm, names)
    for grouping in by if not keys else ():
        frm, key = grouping.join(frm)
        keys.append(key)
    query = selection.where(
        select(*keys, func.count(), _UPHELD, _OVERTURNED).select_from(frm).group_by(*keys)
    )
    counts: dict[tuple[str, ...], Counts] = defaultdict(Counts)
    codes: dict[str, str] = {}
    for *raw, n, upheld, overturned in conn.execute(query):
        labels = tuple(g.label_of(v) for g, v in zip(by, raw, strict=True))
        counts[labels] += Counts(int(n), int(upheld), int(overturned))
        for grouping, label, code in zip(by, labels, raw, strict=True):
            if grouping.coded and code is not None:
                codes[label] = str(code)
    return counts, codes


def _marginal(counts: dict[tuple[str, ...], Counts], i: int) -> Counter:
    marginal: Counter = Counter()
    for labels, c in counts.items():
        marginal[labels[i]] += c.decisions
    return marginal


def _cut(counts: dict[tuple[str, ...], Counts], i: int, top: int) -> tuple[dict, bool]:
    """Keep the ``top`` largest values of field ``i``; merge the rest into "(other)".
    Also say whether anything was merged."""
    marginal = _marginal(counts, i)
    ranked = sorted((v for v in marginal if v != NONE), key=lambda v: (-marginal[v], v))
    if len(ranked) <= top:
        return counts, False
    keep = set(ranked[:top]) | {NONE}
    cut: dict[tuple[str, ...], Counts] = defaultdict(Counts)
    for labels, c in counts.items():
        if labels[i] not in keep:
            labels = (*labels[:i], OTHER, *labels[i + 1 :])
        cut[labels] += c
    return cut, True


def _order(grouping: Grouping, marginal: Counter):
    """Sort key for one field's labels: by count or by value, "(other)" and "(none)" last."""
    last = {OTHER: 1, NONE: 2}

    def key(label: str):
        rank = -marginal[label] if grouping.order == "count" else 0
        return (last.get(label, 0), rank, label)

    return key


def build_table(
    conn: Connection,
    selection: Selection,
    names: Sequence[str],
    top: int | None = DEFAULT_TOP,
    total: Counts | None = None,
) -> Table:
    by = groupings(names)
    counts, codes = _counted(conn, selection, by)
    cut = False
    for i, grouping in enumerate(by):
        if grouping.top and top:
            counts, merged = _cut(counts, i, top)
            cut = cut or merged
    keys = [_order(g, _marginal(counts, i)) for i, g in enumerate(by)]
    ordered = sorted(counts, key=lambda labels: [k(v) for k, v in zip(keys, labels, strict=True)])
    if total is None:
        total = totals(conn, selection)[1]
    return Table(
        by=tuple(g.name for g in by),
        headings=tuple(g.title for g in by),
        rows=tuple(Row(labels, counts[labels]) for labels in ordered),
        total=total,
        overlapping=any(g.multi for g in by),
        top=top if cut else None,
        codes=codes,
    )


def build_report(
    conn: Connection,
    selection: Selection,
    tables: Iterable[Sequence[str]],
    top: int | None = DEFAULT_TOP,
    title: str = "IMR decisions",
) -> Report:
    """A report of one table per field list (one or two fields each), with totals."""
    cases, total = totals(conn, selection)
    built = tuple(build_table(conn, selection, names, top, total) for names in tables)
    return Report(title, selection.description, cases, total, built)


def build_template(
    conn: Connection, selection: Selection, name: str, top: int | None = DEFAULT_TOP
) -> Report:
    if name == "cwci":
        from imrdb.report.cwci import build_cwci  # it builds on this module

        return build_cwci(conn, selection, top)
    template = TEMPLATES[name]
    return build_report(conn, selection, template.tables, top, template.title)
