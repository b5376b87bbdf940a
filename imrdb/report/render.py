"""A report as a terminal table, Markdown, CSV or JSON (HTML: :mod:`imrdb.report.html`).

CSV is one tidy long table for every grouping in the report: ``grouping`` names the fields,
``value`` and ``value2`` hold the group, and each grouping ends with its ``(all)`` total row,
so one file loads into pandas, R or a spreadsheet whatever the report's shape.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table as RichTable

from imrdb.output import dumps
from imrdb.report.model import MEASURES, Figure, Report, StatTable, Table

ALL = "(all)"
_PERCENT = {"share_pct", "upheld_pct", "overturned_pct"}


def cell(name: str, value: Any) -> str:
    """A measure as people read it: 1,234 and 12.3 (blank where there is no rate)."""
    if value is None:
        return ""
    return f"{value:.1f}" if name in _PERCENT else f"{value:,}"


def table_lines(table: Table) -> Iterator[tuple[tuple[str, ...], dict[str, Any], bool]]:
    """(group labels, measures, is the total) for each row, then the total row."""
    whole = table.total.decisions
    for row in table.rows:
        yield row.values, row.counts.to_dict(whole), False
    labels = ("Total", *[""] * (len(table.by) - 1))
    yield labels, table.total.to_dict(whole), True


def heading(report: Report) -> str:
    """The selection in words, as a sentence: "Decisions upheld, citing ODG"."""
    return report.query[:1].upper() + report.query[1:]


def summary(report: Report) -> str:
    t = report.totals.to_dict(report.totals.decisions)
    return (
        f"{cell('decisions', t['decisions'])} decisions in {report.cases:,} cases: "
        f"{cell('upheld_pct', t['upheld_pct']) or '-'}% upheld, "
        f"{cell('overturned_pct', t['overturned_pct']) or '-'}% overturned"
    )


def figure_text(figure: Figure) -> str:
    """ "Opioid share of pharmaceutical decisions: 29.4% (353 of 1,201)"."""
    if figure.value is None:
        return f"{figure.label}: -"
    value = f"{figure.value:.1f}%" if figure.unit == "%" else f"{figure.value:,}"
    return f"{figure.label}: {value} ({figure.part:,} of {figure.whole:,})"


def stat_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def _stat_rich(stat: StatTable) -> RichTable:
    rich = RichTable(title=stat.title, box=box.SIMPLE_HEAD, title_justify="left", show_edge=False)
    for i, (_, title) in enumerate(stat.columns):
        rich.add_column(title, justify="left" if i == 0 else "right")
    for row in stat.rows:
        if row[0] == "Total":
            rich.add_section()
        rich.add_row(*(stat_cell(v) for v in row))
    return rich


def overlap_note(table: Table) -> str | None:
    if not table.overlapping:
        return None
    return "A decision counts once in each group it belongs to, so rows may add up to more."


def render_text(report: Report, width: int = 120, color: bool = False) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, no_color=not color)
    console.print(f"[bold]{report.title}[/bold]", highlight=False)
    console.print(f"{heading(report)}. {summary(report)}", highlight=False)
    for figure in report.figures:
        console.print(figure_text(figure), highlight=False)
    for stat in report.stats:
        console.print()
        console.print(_stat_rich(stat))
    for table in report.tables:
        rich = RichTable(
            title=table.title, box=box.SIMPLE_HEAD, title_justify="left", show_edge=False
        )
        for name in table.headings:
            rich.add_column(name, overflow="fold")
        for _, name in MEASURES:
            rich.add_column(name, justify="right")
        for labels, measures, is_total in table_lines(table):
            if is_total:
                rich.add_section()
            rich.add_row(*labels, *(cell(name, measures[name]) for name, _ in MEASURES))
        console.print()
        console.print(rich)
        if note := overlap_note(table):
            console.print(note, highlight=False)
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(report: Report) -> str:
    lines = [f"# {report.title}", "", f"{heading(report)}. {summary(report)}."]
    if report.figures:
        lines.append("")
        lines += [f"- {_md(figure_text(f))}" for f in report.figures]
    for stat in report.stats:
        lines += ["", f"## {stat.title}", ""]
        lines.append("| " + " | ".join(title for _, title in stat.columns) + " |")
        lines.append("|---" + "|---:" * (len(stat.columns) - 1) + "|")
        lines += ["| " + " | ".join(_md(stat_cell(v)) for v in row) + " |" for row in stat.rows]
    for table in report.tables:
        headings = [*table.headings, *(h for _, h in MEASURES)]
        lines += ["", f"## {table.title}", ""]
        lines.append("| " + " | ".join(headings) + " |")
        lines.append("|" + "|".join(["---"] * len(table.headings) + ["---:"] * len(MEASURES)) + "|")
        for labels, measures, is_total in table_lines(table):
            values = [_md(v) for v in labels] + [cell(n, measures[n]) for n, _ in MEASURES]
            if is_total:
                values = [f"**{v}**" if v else v for v in values]
            lines.append("| " + " | ".join(values) + " |")
        if note := overlap_note(table):
            lines += ["", f"_{note}_"]
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ("grouping", "value", "value2", *(name for name, _ in MEASURES))


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for table in report.tables:
        grouping = ",".join(table.by)
        for labels, measures, is_total in table_lines(table):
            values = [ALL, ""] if is_total else [*labels, ""][:2]
            numbers = ["" if measures[n] is None else measures[n] for n, _ in MEASURES]
            writer.writerow([grouping, *values, *numbers])
    return out.getvalue()


def render_json(report: Report) -> str:
    return dumps(report.to_dict(), indent=2) + "\n"
