"""Search results for people (a table, matched words in colour or ``[...]``) and for
programs (JSON, JSON lines, CSV with the same fields)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from imrdb.output import dumps
from imrdb.present.case_view import long_date
from imrdb.search.facets import Facet
from imrdb.search.searcher import CaseHit, Hit, SearchResult
from imrdb.search.snippets import Snippet, marked
from imrdb.vocab.labels import label

FACET_TITLES = {
    "outcome": "Outcome",
    "category": "Category",
    "guideline": "Guideline",
    "specialty": "Specialty",
    "year": "Year",
    "priority": "Priority",
    "case_outcome": "Case outcome",
    "subcategory": "Subcategory",
    "drug_class": "Drug class",
    "body_region": "Body region",
    "drug": "Drug",
    "diagnosis": "Diagnosis",
    "guideline_name": "Guideline cited",
}
HIT_COLUMNS = (
    "case_number",
    "ordinal",
    "letter_date",
    "outcome",
    "category",
    "treatment",
    "priority",
    "final_determination",
    "matched_in",
    "snippet",
)
CASE_COLUMNS = (
    "case_number",
    "letter_date",
    "final_determination",
    "matched_in",
    "items",
    "snippet",
)
_OUTCOME_STYLE = {"upheld": "red", "overturned": "green"}


def _snippet_text(snip: Snippet | None, color: bool) -> Text:
    if snip is None:
        return Text("")
    if not color:
        return Text(marked(snip))
    text = Text(snip.text)
    for start, end in snip.highlights:
        text.stylize("bold yellow", start, end)
    return text


# Facets whose values are taxonomy codes: shown by their labels ("Physical therapy", not
# pm_physical_therapy); JSON and CSV keep the codes.
LABELLED = ("subcategory", "drug_class", "body_region")


def _value(name: str, value: Any) -> str:
    if value is None:
        return "(none)"
    if name in LABELLED:
        return label(name, value)
    return str(value).replace("_", " ")


def _heading(result: SearchResult) -> str:
    request = result.plan.request
    unit = "case" if result.by_case else "decision"
    shown = len(result.cases if result.by_case else result.hits)
    noun = f"{result.total:,} {unit}{'s' if result.total != 1 else ''}"
    sentence = result.plan.description()
    words = sentence.split(" ", 1)[1] if sentence.startswith("decisions ") else ""
    text = f"{noun} {words}".strip() if words else f"{noun} (all)"
    if shown:
        first = request.offset + 1
        text += f"; {first}-{request.offset + shown} by {request.sort.lstrip('-')}"
        text += " (newest first)" if request.sort == "-date" else ""
    return text


def _hit_cells(hit: Hit, color: bool) -> list[Any]:
    outcome = Text(hit.outcome.upper(), style=_OUTCOME_STYLE.get(hit.outcome, "") if color else "")
    body = Text(hit.treatment, style="bold" if color else "")
    if hit.snippet:
        body.append("\n")
        body.append_text(_snippet_text(hit.snippet, color))
    return [
        f"{hit.case_number or '(no number)'} #{hit.ordinal}",
        long_date(hit.letter_date) if hit.letter_date else "",
        outcome,
        hit.category.replace("_", " "),
        body,
    ]


def facets_table(facets: dict[str, Facet]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    for name, facet in facets.items():
        values = " · ".join(f"{_value(name, v)} {n:,}" for v, n in facet.values)
        if facet.not_counted:
            values = f"({facet.not_counted})"
        table.add_row(FACET_TITLES[name], values + (" · …" if facet.truncated else ""))
    return table


def print_table(result: SearchResult, console: Console) -> None:
    color = console.is_terminal
    console.print(Text(_heading(result), style="bold" if color else ""))
    rows = result.cases if result.by_case else result.hits
    if rows:
        table = Table(show_lines=True, expand=False)
        for header in ("Case", "Date", "Outcome", "Category", "Treatment and passage"):
            table.add_column(header, overflow="fold")
        if result.by_case:
            for case in result.cases:
                table.add_row(*_case_cells(case, color))
        else:
            for hit in result.hits:
                table.add_row(*_hit_cells(hit, color))
        console.print(table)
    if result.facets is not None:
        console.print(facets_table(result.facets))


def _case_cells(case: CaseHit, color: bool) -> list[Any]:
    body = Text()
    for hit in case.hits:
        if body:
            body.append("\n")
        style = _OUTCOME_STYLE.get(hit.outcome, "") if color else ""
        body.append(f"{hit.ordinal}. {hit.treatment} ")
        body.append(hit.outcome.upper(), style=style)
    best = next((h.snippet for h in case.hits if h.snippet), None)
    if best:
        body.append("\n")
        body.append_text(_snippet_text(best, color))
    determination = (case.final_determination or "").replace("_", " ").upper()
    return [
        case.case_number or "(no number)",
        long_date(case.letter_date) if case.letter_date else "",
        Text(determination),
        ", ".join(sorted({h.category.replace("_", " ") for h in case.hits})),
        body,
    ]


def _rows(result: SearchResult) -> Iterator[dict[str, Any]]:
    if result.by_case:
        for case in result.cases:
            row = case.to_dict()
            best = next((h.snippet for h in case.hits if h.snippet), None)
            row["items"] = ";".join(str(h.ordinal) for h in case.hits)
            row["snippet"] = marked(best) if best else None
            yield {k: row[k] for k in CASE_COLUMNS}
    else:
        for hit in result.hits:
            row = hit.to_dict()
            row["snippet"] = marked(hit.snippet) if hit.snippet else None
            yield {k: row[k] for k in HIT_COLUMNS}


def write(result: SearchResult, fmt: str, stream: TextIO, console: Console) -> None:
    """``result`` in ``fmt``: table, json, jsonl (one hit or case per line) or csv."""
    if fmt == "json":
        stream.write(dumps(result.to_dict(), indent=2) + "\n")
    elif fmt == "jsonl":
        items = result.cases if result.by_case else result.hits
        for item in items:
            stream.write(dumps(item.to_dict()) + "\n")
    elif fmt == "csv":
        columns = CASE_COLUMNS if result.by_case else HIT_COLUMNS
        writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_rows(result))
    else:
        print_table(result, console)


def write_facets(result: SearchResult, fmt: str, stream: TextIO, console: Console) -> None:
    """Facets alone: a table, JSON, or one (facet, value, count) row per line."""
    facets = result.facets or {}
    if fmt == "json":
        payload = {
            "total": result.total,
            "description": result.plan.description(),
            "facets": {name: f.to_dict() for name, f in facets.items()},
        }
        stream.write(dumps(payload, indent=2) + "\n")
        return
    rows = [
        {"facet": name, "value": value, "count": n}
        for name, facet in facets.items()
        for value, n in facet.values
    ]
    if fmt == "jsonl":
        for row in rows:
            stream.write(dumps(row) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=("facet", "value", "count"), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        color = console.is_terminal
        console.print(Text(_heading(result), style="bold" if color else ""))
        console.print(facets_table(facets))
