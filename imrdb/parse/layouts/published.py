"""The published 2016-2017 letter: a two-column header table, the reviewer's credentials,
the clinical case summary, then "IMR ISSUES, DECISIONS AND RATIONALES"."""

from __future__ import annotations

from imrdb.parse import assemble, sections
from imrdb.parse.citations import TitleStyle
from imrdb.parse.items import read_items
from imrdb.record import CaseRecord

LAYOUT = "published_2016"
HOW = sections.heading("HOW THE IMR FINAL DETERMINATION WAS MADE")
CREDENTIALS = sections.heading("The Expert Reviewer has the following credentials")
SUMMARY = sections.heading("CLINICAL CASE SUMMARY")
ISSUES = sections.heading("IMR ISSUES, DECISIONS AND RATIONALES")


def parse(text: str) -> CaseRecord:
    how = sections.find(text, HOW)
    issues = sections.find(text, ISSUES)
    header = (0, how.start() if how else min(len(text), 1500))
    summary = sections.between(text, sections.find(text, SUMMARY), ISSUES)
    credentials = sections.between(text, sections.find(text, CREDENTIALS), SUMMARY, ISSUES)
    issues_span = (issues.end(), len(text)) if issues else (0, 0)
    found = {"header": header, "issues": issues_span}
    if summary:
        found["summary"] = summary
    decisions = read_items(text, *issues_span, TitleStyle.AS_WRITTEN) if issues else []
    return assemble.record(text, LAYOUT, decisions, header, summary, credentials, found)
