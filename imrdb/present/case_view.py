"""A case as a case-law reporter prints it: citation line, facts, each item and its reasons."""

from __future__ import annotations

import datetime as dt
import textwrap

import click

from imrdb.record import CaseRecord, Decision, case_number_of

WIDTH = 88
_PARTY = {"claims_administrator": "Claims administrator", "reviewer": "Expert reviewer"}


def case_number(typed: str) -> str:
    """A case number as typed, in its ``CMyy-nnnnnnn`` form (:func:`case_number_of`)."""
    return case_number_of(typed)


def long_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def citation_line(record: CaseRecord) -> str:
    """``IMR Case No. CM14-0087654 (Cal. DWC Indep. Med. Rev. July 25, 2014)``."""
    number = record.case_number or "(case number not in the letter)"
    when = f" {long_date(record.letter_date)}" if record.letter_date else ""
    return f"IMR Case No. {number} (Cal. DWC Indep. Med. Rev.{when})"


def facts(record: CaseRecord) -> list[tuple[str, str]]:
    def day(value: dt.date | None) -> str | None:
        return long_date(value) if value else None

    patient = " ".join(
        str(x)
        for x in (
            f"{record.patient_age}-year-old" if record.patient_age else None,
            record.patient_sex,
        )
        if x
    )
    rows = [
        ("Determination", (record.final_determination or "").replace("_", " ").upper() or None),
        ("Decision date", day(record.letter_date)),
        ("Date of injury", day(record.date_of_injury)),
        ("UR decision", day(record.ur_decision_date)),
        ("Application received", day(record.application_received)),
        ("Date assigned", day(record.date_assigned)),
        ("Priority", record.priority.capitalize() if record.priority else None),
        ("Injured worker", patient or None),
        ("Reviewer", record.reviewer_specialty),
        ("Licensed in", record.reviewer_license_state),
    ]
    return [(label, value) for label, value in rows if value]


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def _decision_lines(d: Decision, color: bool) -> list[str]:
    outcome = d.outcome.upper()
    if color:
        outcome = click.style(outcome, fg="red" if d.outcome == "upheld" else "green", bold=True)
    lines = [f"{d.ordinal}. {d.treatment}  [{d.category.replace('_', ' ')}]  {outcome}"]
    if d.original_request:
        lines += _wrap(f"Original request: {d.original_request}", "   ")
    if d.authorized:
        lines += _wrap(f"Authorized by the claims administrator: {d.authorized}", "   ")
    for party in ("claims_administrator", "reviewer"):
        cited = [c for c in d.citations if c.cited_by == party]
        lines.append(f"   {_PARTY[party]} cited:" + ("" if cited else " no guideline"))
        for c in cited:
            pages = f", pp. {c.pages}" if c.pages else ""
            lines += _wrap(f"{c.source}: {c.title}{pages}", "     - ")
    if d.rationale:
        lines.append("   Rationale:")
        lines += _wrap(d.rationale, "     ")
    return lines


def source_line(path: str, member: str | None) -> str:
    """Where the case was read from: the file, the archive's member, a bundle's pages
    (``member#pages=3-5``)."""
    member, _, pages = (member or "").partition("#pages=")
    where = f"{path} :: {member}" if member else path
    return f"{where}, pages {pages}" if pages else where


def render(
    record: CaseRecord, color: bool = False, source: tuple[str, str | None] | None = None
) -> str:
    """The whole case view as text (ANSI colours when ``color``); ``source``: the path and
    member of the document the case was read from."""
    title = citation_line(record)
    lines = [click.style(title, bold=True) if color else title, "=" * min(len(title), WIDTH)]
    header = facts(record)
    if source is not None:
        header.append(("Source", source_line(*source)))
    width = max((len(label) for label, _ in header), default=0)
    lines += [f"{label:<{width}}  {value}" for label, value in header]
    n = len(record.decisions)
    lines += ["", f"DISPUTED ITEM{'S' if n != 1 else ''} ({n})", ""]
    for d in record.decisions:
        lines += [*_decision_lines(d, color), ""]
    return "\n".join(lines).rstrip() + "\n"
