"""The 2013-2014 "Final Determination Letter" and its DOCUMENTS REVIEWED variant: a field
block on page 1 (or, variant B, an "Expert Reviewer Information" block), then the reviewer's
pages: how the determination was made, the clinical case summary and the items."""

from __future__ import annotations

from imrdb.parse import assemble, sections
from imrdb.parse.citations import TitleStyle
from imrdb.parse.items import read_items
from imrdb.record import CaseRecord

FINAL_LETTER = "final_letter_2014"
DOCUMENTS_REVIEWED = "documents_reviewed"
REVIEWER_BLOCK = sections.heading("Expert Reviewer Information")
HOW, SUMMARY, DOCUMENTS, ISSUES = (
    sections.HOW,
    sections.SUMMARY,
    sections.DOCUMENTS,
    sections.ISSUES,
)


def parse(text: str, layout: str) -> CaseRecord:
    how = sections.find(text, HOW)
    issues = sections.find(text, ISSUES)
    summary_heading = sections.find(text, SUMMARY)
    anchor = issues or summary_heading or how
    header = (0, (how or summary_heading or issues).start() if anchor else min(len(text), 2500))
    summary = sections.between(text, summary_heading, ISSUES)
    # The reviewer: the page-1 block (variant B) or the "Board Certified in" paragraph.
    block = sections.find(text, REVIEWER_BLOCK)
    credentials = (
        (block.end(), how.start() if how else header[1])
        if block and block.start() < header[1]
        else sections.between(text, how, DOCUMENTS, SUMMARY, ISSUES)
    )
    issues_span = (anchor.end() if anchor else header[1], len(text))
    found = {"header": header, "issues": issues_span}
    if summary:
        found["summary"] = summary
    documents = sections.between(text, sections.find(text, DOCUMENTS), SUMMARY, ISSUES)
    if documents:
        found["documents"] = documents
    decisions = read_items(text, *issues_span, TitleStyle.DISPLAY)
    looked = (assemble.looked_in(issues, summary_heading), issues_span)
    return assemble.record(
        text, layout, decisions, header, summary, credentials, found, looked=looked
    )
