"""Pieces several layouts share: boilerplate, the case summary, page furniture, dates.

The boilerplate is imrdb's own wording of what such letters say; only the headings and the
few anchor sentences listed in docs/generated-layouts.md follow the real letters' words.
"""

from __future__ import annotations

import datetime as dt
import random

from scripts.letters import prose
from scripts.letters.doc import Document, Draw, Seg
from scripts.letters.records import LetterPlan, summary_opening
from scripts.letters.render import PAGE_H, PAGE_W, width

ADDRESS = (
    "Independent Medical Review",
    "P.O. Box 10047",
    "Sacramento, CA 95813-0047",
    "Telephone: (800) 555-0147  Fax: (800) 555-0148",
)

REVIEWER_BOILERPLATE = (
    "MAXIMUS Federal Services assigned the complete case file to an expert reviewer who has "
    "no affiliation with the employer, the employee, the providers or the claims "
    "administrator. {credentials}The reviewer has practiced clinically for more than five "
    "years and currently practices at least 24 hours a week. The reviewer was chosen for "
    "clinical experience, education, background and expertise in the same or a similar "
    "specialty as the one that evaluates or treats the medical condition and the disputed "
    "items/services, and knows the governing laws and regulations, including the strength of "
    "evidence hierarchy that applies to Independent Medical Review determinations."
)

SUMMARY_INTRO = (
    "The expert reviewer prepared the following clinical case summary after reviewing the "
    "case file, including all medical records:"
)

APPEAL = (
    "This determination is final and binding on all parties. It may be appealed only on the "
    "grounds listed in California Labor Code section 4610.6(h), by filing a verified appeal "
    "with the Workers' Compensation Appeals Board within 30 days of the mailing date of this "
    "letter."
)

ISSUES_INTRO = (
    "The Final Determination was based on decisions for the disputed items/services set forth "
    "below:"
)


def date(day: dt.date, style: str) -> str:
    return prose.date_text(day, style)


def summary(doc: Document, rng: random.Random, plan: LetterPlan, date_style: str) -> None:
    """The clinical case summary's paragraphs (heading and intro are the layout's)."""
    record, facts = plan.record, plan.facts
    opening = summary_opening(plan, date(facts.summary_injury, date_style))
    visit = record.ur_decision_date - dt.timedelta(days=rng.randint(7, 60))
    requests = [item.decision.treatment for item in plan.items[:4]]
    if len(plan.items) > 4:
        requests.append("other services")
    modified = any(item.modified for item in plan.items)
    ur = date(record.ur_decision_date, date_style)
    for text in prose.summary_paragraphs(
        rng,
        opening,
        facts.region,
        requests,
        ur,
        facts.pronoun or "",
        date(visit, date_style),
        modified,
    ):
        doc.para(text)


def sentences(text: str, double: bool) -> str:
    """Sentences separated by two spaces, as typed on the 2013-2015 letters."""
    return text.replace(". ", ".  ") if double else text


def furniture(case: str, form: int, first_page: int = 2):
    """Margins of every page from ``first_page``: the case number and "Page N of M"."""

    def draws(page: int, pages: int) -> list[Draw]:
        if page < first_page:
            return []
        label = f"Page {page} of {pages}"
        right = PAGE_W - 72
        if form == 0:  # case number top right, page count centred at the foot
            return [
                (right - width(case, "furniture"), 42.0, "furniture", case),
                ((PAGE_W - width(label, "furniture")) / 2, PAGE_H - 36, "furniture", label),
            ]
        if form == 1:  # one footer row: case number left, page count right
            return [
                (72.0, PAGE_H - 36, "furniture", case),
                (right - width(label, "furniture"), PAGE_H - 36, "furniture", label),
            ]
        # one header row: page count left, case number right
        return [
            (72.0, 42.0, "furniture", label),
            (right - width(case, "furniture"), 42.0, "furniture", case),
        ]

    return draws


def numbered(doc: Document, lines: list[str], space: float = 0.0) -> None:
    for i, line in enumerate(lines):
        doc.para(line, space=1.0 if i == 0 else space)


def cover_address(doc: Document, upper: bool) -> None:
    name = "MAXIMUS FEDERAL SERVICES, INC." if upper else "MAXIMUS Federal Services, Inc."
    doc.para(Seg(name, "bold"), space=0)
    for line in ADDRESS:
        doc.para(line, space=0)


def signature(doc: Document) -> None:
    doc.para("Sincerely,")
    doc.para("Medical Director", space=2)
    doc.para("MAXIMUS Federal Services", space=0)
    doc.para("cc: Department of Industrial Relations, Division of Workers' Compensation")
    doc.para("cc: Claims Administrator", space=0)
