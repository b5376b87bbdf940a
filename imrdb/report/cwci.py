"""The ``cwci`` report template: the tables CWCI's and DWC's annual IMR studies publish.

Letters and decisions per year and quarter, decisions per letter, uphold rates by category,
subcategory and drug class, the opioid and compounded-drug shares of pharmaceutical
decisions, and the days from the IMR application to the decision and from the UR decision
to the application (median and 90th percentile, by year and quarter). The database counts
and lists dates; medians and percentiles are taken here, so both engines agree exactly.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, func, select

from imrdb.db.models import cases as _cases
from imrdb.db.models import decisions as _decisions
from imrdb.report.aggregate import DEFAULT_TOP, build_table, totals
from imrdb.report.model import Figure, Report, StatTable, pct
from imrdb.search.selection import Selection

TITLE = "Independent Medical Review: the CWCI / DWC annual study tables"
# (table, searches a count links to): the uphold-rate tables.
RATE_TABLES = (("category",), ("subcategory",), ("drug_class",))


def percentile(values: Sequence[int], p: float) -> int | None:
    """The nearest-rank ``p``-th percentile (90: the value 90% of letters do not exceed)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _letters(conn: Connection, selection: Selection) -> list[tuple]:
    """(letter date, application received, UR decision, decisions selected) per letter."""
    counted = selection.where(
        select(_decisions.c.case_id, func.count().label("n")).group_by(_decisions.c.case_id)
    ).subquery()
    query = select(
        _cases.c.letter_date,
        _cases.c.application_received,
        _cases.c.ur_decision_date,
        counted.c.n,
    ).join(counted, counted.c.case_id == _cases.c.id)
    return [tuple(row) for row in conn.execute(query)]


def _periods(day: dt.date | None) -> list[str]:
    if day is None:
        return ["(no date)"]
    return [str(day.year), f"{day.year}-Q{(day.month - 1) // 3 + 1}"]


def _period_key(period: str) -> tuple:
    return (period.startswith("("), period[:4], len(period), period)


def _by_period(letters: list[tuple], value: Callable[[tuple], int | None]) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for letter in letters:
        for period in _periods(letter[0]):
            grouped[period].append(value(letter))
    return grouped


def volume(letters: list[tuple]) -> StatTable:
    """Letters, decisions and decisions per letter, by year and by quarter."""
    grouped = _by_period(letters, lambda letter: letter[3])
    rows = []
    for period in sorted(grouped, key=_period_key):
        counts = grouped[period]
        per = round(sum(counts) / len(counts), 2) if counts else None
        rows.append((period, len(counts), sum(counts), per))
    rows.append(("Total", len(letters), sum(x[3] for x in letters), _per_letter(letters)))
    columns = (
        ("period", "Period"),
        ("letters", "Letters"),
        ("decisions", "Decisions"),
        ("decisions_per_letter", "Decisions per letter"),
    )
    return StatTable("volume", "Letters and decisions by year and quarter", columns, tuple(rows))


def _per_letter(letters: list[tuple]) -> float | None:
    return round(sum(x[3] for x in letters) / len(letters), 2) if letters else None


def _days(start: int, end: int) -> Callable[[tuple], int | None]:
    def days(letter: tuple) -> int | None:
        a, b = letter[start], letter[end]
        return (b - a).days if a is not None and b is not None else None

    return days


def timing(letters: list[tuple], name: str, title: str, start: int, end: int) -> StatTable:
    """Median and 90th percentile of the days between two dates, by year and quarter."""
    grouped = _by_period(letters, _days(start, end))
    everything = [d for d in (_days(start, end)(x) for x in letters) if d is not None]
    rows = []
    for period in sorted(grouped, key=_period_key):
        days = [d for d in grouped[period] if d is not None]
        rows.append((period, len(days), _median(days), percentile(days, 90)))
    rows.append(("Total", len(everything), _median(everything), percentile(everything, 90)))
    columns = (
        ("period", "Period"),
        ("letters", "Letters with both dates"),
        ("median_days", "Median days"),
        ("p90_days", "90th percentile days"),
    )
    return StatTable(name, title, columns, tuple(rows))


def _count(conn: Connection, selection: Selection, *conditions) -> int:
    query = selection.where(select(func.count()).select_from(_decisions).where(*conditions))
    return int(conn.scalar(query) or 0)


def figures(conn: Connection, selection: Selection, letters: list[tuple]) -> tuple[Figure, ...]:
    """Decisions per letter; opioid and compounded shares of pharmaceutical decisions."""
    d = _decisions.c
    pharma = _count(conn, selection, d.category == "pharmaceuticals")
    opioids = _count(conn, selection, d.category == "pharmaceuticals", d.drug_class == "opioids")
    compounded = _count(
        conn, selection, d.category == "pharmaceuticals", d.subcategory == "compounded_drugs"
    )
    decisions = sum(x[3] for x in letters)
    return (
        Figure(
            "decisions_per_letter",
            "Decisions per letter",
            _per_letter(letters),
            decisions,
            len(letters),
            unit="",
        ),
        Figure(
            "opioid_share",
            "Opioid share of pharmaceutical decisions",
            pct(opioids, pharma),
            opioids,
            pharma,
            search="category:pharmaceuticals drug-class:opioids",
        ),
        Figure(
            "compounded_share",
            "Compounded drugs' share of pharmaceutical decisions",
            pct(compounded, pharma),
            compounded,
            pharma,
            search="category:pharmaceuticals subcategory:compounded_drugs",
        ),
    )


def build_cwci(conn: Connection, selection: Selection, top: int | None = DEFAULT_TOP) -> Report:
    cases, total = totals(conn, selection)
    tables = tuple(build_table(conn, selection, names, top, total) for names in RATE_TABLES)
    letters = _letters(conn, selection)
    stats = (
        volume(letters),
        timing(
            letters,
            "application_to_decision",
            "Days from the IMR application received to the decision",
            1,
            0,
        ),
        timing(
            letters,
            "ur_to_application",
            "Days from the UR decision to the IMR application received",
            2,
            1,
        ),
    )
    return Report(
        TITLE,
        selection.description,
        cases,
        total,
        tables,
        figures(conn, selection, letters),
        stats,
    )
