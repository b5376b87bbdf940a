"""The published 2016-2017 letter: a two-column header table, the reviewer's credentials,
the clinical case summary, then "IMR ISSUES, DECISIONS AND RATIONALES"."""

from __future__ import annotations

from imrdb.parse import assemble, sections
from imrdb.parse.citations import TitleStyle
from imrdb.parse.items import read_items
from imrdb.record import CaseRecord

LAYOUT = "published_2016"
CREDENTIALS = sections.heading("The Expert Reviewer has the following credentials")


def parse(text: str) -> CaseRecord:
    how = sections.find(text, sections.HOW)
    issues = sections.find(text, sections.ISSUES)
    summary_heading = sections.find(text, sections.SUMMARY)
    header = (0, how.start() if how else min(len(text), 1500))
    summary = sections.between(text, summary_heading, sections.ISSUES)
    credentials = sections.between(
        text, sections.find(text, CREDENTIALS), sections.SUMMARY, sections.ISSUES
    )
    # Without an issues heading the items are looked for after the summary (or the header).
    anchor = issues or summary_heading or how
    issues_span = (anchor.end() if anchor else header[1], len(text))
    found = {"header": header, "issues": issues_span}
    if summary:
        found["summary"] = summary
    decisions = read_items(text, *issues_span, TitleStyle.AS_WRITTEN)
    looked = (assemble.looked_in(issues, summary_heading), issues_span)
    return assemble.record(
        text, LAYOUT, decisions, header, summary, credentials, found, looked=looked
    )
