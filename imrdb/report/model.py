"""A report as data: counts per group, rates, totals. Renderers only format it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def pct(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``, one decimal (None for an empty whole)."""
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class Counts:
    decisions: int = 0
    upheld: int = 0
    overturned: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.decisions + other.decisions,
            self.upheld + other.upheld,
            self.overturned + other.overturned,
        )

    def to_dict(self, whole: int) -> dict[str, Any]:
        """Counts and rates; ``share_pct`` is the part of ``whole`` decisions."""
        return {
            "decisions": self.decisions,
            "share_pct": pct(self.decisions, whole),
            "upheld": self.upheld,
            "upheld_pct": pct(self.upheld, self.decisions),
            "overturned": self.overturned,
            "overturned_pct": pct(self.overturned, self.decisions),
        }


# Column names and headings of the counts, in the order every renderer shows them.
MEASURES = (
    ("decisions", "Decisions"),
    ("share_pct", "Share %"),
    ("upheld", "Upheld"),
    ("upheld_pct", "Upheld %"),
    ("overturned", "Overturned"),
    ("overturned_pct", "Overturned %"),
)


@dataclass(frozen=True)
class Row:
    values: tuple[str, ...]
    counts: Counts


@dataclass(frozen=True)
class Table:
    """Decisions grouped by one or two fields. ``overlapping``: a decision can be in several
    rows (a multi-valued field), so rows may add up to more than the total. ``top``: the cut
    applied to open-ended fields, the rest counted as "(other)"."""

    by: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[Row, ...]
    total: Counts
    overlapping: bool = False
    top: int | None = None
    codes: Mapping[str, str] = field(default_factory=dict)  # label -> the code it shows

    @property
    def title(self) -> str:
        return "By " + " and ".join(h[0].lower() + h[1:] for h in self.headings)

    def to_dict(self) -> dict[str, Any]:
        whole = self.total.decisions
        return {
            "title": self.title,
            "by": list(self.by),
            "overlapping": self.overlapping,
            "top": self.top,
            "rows": [
                dict(zip(self.by, row.values, strict=True))
                | {
                    f"{name}_code": self.codes[value]
                    for name, value in zip(self.by, row.values, strict=True)
                    if value in self.codes
                }
                | row.counts.to_dict(whole)
                for row in self.rows
            ],
            "total": self.total.to_dict(whole),
        }


@dataclass(frozen=True)
class Figure:
    """One number a report states: "opioid share of pharmaceutical decisions", 29.4 (%),
    with the counts it comes from and the search that finds the part."""

    name: str
    label: str
    value: float | None
    part: int
    whole: int
    unit: str = "%"
    search: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "part": self.part,
            "whole": self.whole,
            "search": self.search,
        }


@dataclass(frozen=True)
class StatTable:
    """Rows of figures by period (letters, decisions, median and p90 days ...): ``columns``
    are (name, heading) pairs, each row a tuple in that order."""

    name: str
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[Any, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        names = [c for c, _ in self.columns]
        return {
            "name": self.name,
            "title": self.title,
            "rows": [dict(zip(names, row, strict=True)) for row in self.rows],
        }


@dataclass(frozen=True)
class Report:
    title: str
    query: str
    cases: int
    totals: Counts
    tables: tuple[Table, ...]
    figures: tuple[Figure, ...] = ()
    stats: tuple[StatTable, ...] = ()
    made: Mapping[str, str] = field(default_factory=dict)  # when, database (HTML states them)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "title": self.title,
            "query": self.query,
            "totals": {"cases": self.cases} | self.totals.to_dict(self.totals.decisions),
            "tables": [t.to_dict() for t in self.tables],
        }
        if self.figures:
            out["figures"] = [f.to_dict() for f in self.figures]
        if self.stats:
            out["stats"] = [s.to_dict() for s in self.stats]
        return out
