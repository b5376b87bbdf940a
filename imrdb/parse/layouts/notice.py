"""The 2013 "Notice of Independent Medical Review Determination".

Page 1 carries labelled fields and a numbered list of determinations ("1) MAXIMUS Federal
Services, Inc. has determined the request for X is not medically necessary and
appropriate."); the decision pages repeat the list, state the reviewer's qualifications,
summarize the case and give, per item, "1) Regarding the request for X:" with the guidelines
each side used and the rationale. The date assigned is a sentence: "A Notice of Assignment
and Request for Information was provided to the above parties on 9/23/2013."
"""

from __future__ import annotations

import re

from imrdb.parse import assemble, citations, sections
from imrdb.parse.dates import DATE, parse_date
from imrdb.parse.errors import ParseError
from imrdb.parse.text import Span, field, squash, trim_span
from imrdb.record import CaseRecord, Citation, Decision
from imrdb.vocab.categories import categorize

LAYOUT = "notice_2013"
DECISION_PAGES = sections.line_heading(
    r"INDEPENDENT MEDICAL REVIEW DECISIONS? AND RATIONALES?", "independent"
)
QUALIFICATIONS = sections.line_heading(
    r"(?:MEDICAL )?QUALIFICATIONS OF THE EXPERT REVIEWER|EXPERT REVIEWER QUALIFICATIONS",
    "medical",
    "qualifications",
    "expert",
)
SUMMARY = sections.line_heading(
    r"(?:CLINICAL )?CASE SUMMARY|SUMMARY OF THE CASE", "clinical", "case", "summary"
)

_DETERMINED = re.compile(
    r"(?:^|\n)[ \t]*(\d{1,2})\)\s*MAXIMUS\s+Federal\s+Services,?\s+Inc\.?\s+has\s+determined\s+"
    r"the\s+requests?\s+for\s+(.+?)\s+(is|are)\s+(not\s*)?medically\s*necessary\s+and\s+appropriate",
    re.IGNORECASE | re.DOTALL,
)
_REGARDING = re.compile(
    r"(?:^|\n)[ \t]*(\d{1,2})\)\s*Regarding\s+the\s+requests?\s+for\s+(.+?):[ \t]*\n",
    re.IGNORECASE | re.DOTALL,
)
_GUIDELINES_USED = r"Medical\s+Treatment\s+Guidelines?(?:\(s\))?\s+"
_CA_USED = re.compile(
    rf"{_GUIDELINES_USED}Used\s+by\s+the\s+Claims\s+Administrator"
    r"(?:\s+in\s+the\s+Utilization\s+Review\s+Denial)?\s*:",
    re.IGNORECASE,
)
_REVIEWER_USED = re.compile(
    rf"{_GUIDELINES_USED}(?:the\s+Expert\s+Reviewer\s+Used|Used\s+by\s+the\s+Expert\s+Reviewer)"
    r"\s*:",
    re.IGNORECASE,
)
_RATIONALE = re.compile(
    r"(?:Rationale\s+(?:Used\s+by|of)\s+the\s+Expert\s+Reviewer|Expert\s+Reviewer'?s\s+Rationale)"
    r"\s*:",
    re.IGNORECASE,
)
_ASSIGNED = re.compile(
    rf"Notice\s+of\s+Assignment\s+and\s+Request\s+for\s+Information\s+was\s+provided\s+to\s+the"
    rf"\s+above\s+parties\s+on\s+({DATE})",
    re.IGNORECASE,
)
# "The Claims Administrator based its decision on the X, which is part of the MTUS."
_BASED_ON = re.compile(
    r"based\s+(?:its|his/her|his|her|their)\s+(?:decision|determination)\s+on\s+(?:the\s+)?"
    r"(.+?),?\s+which\s+(?:is|are)\s+(not\s+)?(?:a\s+)?part\s+of\s+(?:the\s+)?MTUS",
    re.IGNORECASE | re.DOTALL,
)


def _guidelines(block: str, cited_by: str) -> list[Citation]:
    found = []
    for match in _BASED_ON.finditer(block):
        title = squash(match.group(1))
        source = citations.source_of(title) if match.group(2) else "MTUS"
        pages = citations.pages_of(title)
        title = citations.display_title(title, source)
        if title:
            found.append(Citation(cited_by, source, title, pages))
    return found


def _item(text: str, ordinal: int, span: Span, name_span: Span, outcome: str | None) -> Decision:
    start, end = span
    ca = _CA_USED.search(text, start, end)
    rv = _REVIEWER_USED.search(text, start, end)
    rationale = _RATIONALE.search(text, start, end)
    ca_end = rv.start() if rv else rationale.start() if rationale else end
    rv_end = rationale.start() if rationale else end
    ca_cites = _guidelines(text[ca.end() : ca_end], "claims_administrator") if ca else []
    rv_block = text[rv.end() : rv_end] if rv else ""
    rv_cites = _guidelines(rv_block, "reviewer")
    if citations.ADOPTS_CLAIMS_ADMINISTRATOR.search(rv_block):
        rv_cites = citations.adopted(ca_cites) + rv_cites
    rationale_span = trim_span(text, (rationale.end(), end)) if rationale else None
    rationale_text = field(text, rationale_span) if rationale_span else None
    if outcome is None and rationale_text:
        # The list of determinations lost (a damaged text): the rationale's last words decide.
        last = re.findall(r"(not\s*)?medically\s+necessary", rationale_text, re.IGNORECASE)
        outcome = ("upheld" if last[-1] else "overturned") if last else None
    if outcome is None:
        raise ParseError(f"no determination found for item {ordinal}")
    treatment = field(text, name_span)
    spans = {"item": trim_span(text, span), "treatment": name_span}
    if rationale_span:
        spans["rationale"] = rationale_span
    return Decision(
        ordinal=ordinal,
        treatment=treatment,
        outcome=outcome,
        category=categorize(treatment),
        citations=tuple(citations.distinct(ca_cites + rv_cites)),
        rationale=rationale_text or None,
        spans=spans,
    )


def parse(text: str) -> CaseRecord:
    pages = sections.find(text, DECISION_PAGES)
    header = (0, pages.start() if pages else len(text))
    outcomes = {
        int(m.group(1)): "upheld" if m.group(4) is not None else "overturned"
        for m in _DETERMINED.finditer(text)
    }
    qualifications = sections.between(text, sections.find(text, QUALIFICATIONS), SUMMARY)
    summary = sections.between(text, sections.find(text, SUMMARY, start=header[1]), _REGARDING)
    items = list(_REGARDING.finditer(text, header[1] if pages else 0))
    decisions = [
        _item(
            text,
            i + 1,
            (m.end(), items[i + 1].start() if i + 1 < len(items) else len(text)),
            m.span(2),
            outcomes.get(int(m.group(1))),
        )
        for i, m in enumerate(items)
    ]
    overrides = {}
    assigned = _ASSIGNED.search(text)
    if assigned and parse_date(assigned.group(1)):
        overrides["date_assigned"] = (parse_date(assigned.group(1)), assigned.span(1))
    found_sections = {"header": header}
    if summary:
        found_sections["summary"] = summary
    credentials = qualifications or (0, len(text))
    return assemble.record(
        text, LAYOUT, decisions, header, summary, credentials, found_sections, overrides
    )
