"""The 2013-2014 "Final Determination Letter" and its DOCUMENTS REVIEWED variant: a field
block on page 1 (or, variant B, an "Expert Reviewer Information" block), then the reviewer's
pages: how the determination was made, the clinical case summary and the items."""

from __future__ import annotations

from imrdb.parse import assemble, sections
from imrdb.parse.citations import TitleStyle
from imrdb.parse.errors import ParseError
from imrdb.parse.items import read_items
from imrdb.record import CaseRecord

FINAL_LETTER = "final_letter_2014"
DOCUMENTS_REVIEWED = "documents_reviewed"
HOW = sections.heading("HOW THE IMR FINAL DETERMINATION WAS MADE")
SUMMARY = sections.heading("CLINICAL CASE SUMMARY")
DOCUMENTS = sections.heading("DOCUMENTS REVIEWED")
ISSUES = sections.heading("IMR ISSUES, DECISIONS AND RATIONALES")
DECISIONS = sections.heading("IMR DECISION(S) AND RATIONALE(S)")
REVIEWER_BLOCK = sections.heading("Expert Reviewer Information")


def parse(text: str, layout: str) -> CaseRecord:
    how = sections.find(text, HOW)
    issues = sections.find(text, ISSUES, DECISIONS)
    if issues is None:
        raise ParseError("no decisions section found")
    summary_heading = sections.find(text, SUMMARY)
    header = (0, (how or summary_heading or issues).start())
    summary = sections.between(text, summary_heading, ISSUES, DECISIONS)
    # The reviewer: the page-1 block (variant B) or the "Board Certified in" paragraph.
    block = sections.find(text, REVIEWER_BLOCK)
    credentials = (
        (block.end(), how.start() if how else header[1])
        if block and block.start() < header[1]
        else sections.between(text, how, DOCUMENTS, SUMMARY, ISSUES, DECISIONS)
    )
    found = {"header": header, "issues": (issues.end(), len(text))}
    if summary:
        found["summary"] = summary
    documents = sections.between(text, sections.find(text, DOCUMENTS), SUMMARY, ISSUES, DECISIONS)
    if documents:
        found["documents"] = documents
    decisions = read_items(text, issues.end(), len(text), TitleStyle.DISPLAY)
    return assemble.record(text, layout, decisions, header, summary, credentials, found)
