"""The later "MEDICAL PROFESSIONAL REVIEW" letter: labelled header lines, ISSUE AT DISPUTE,
CASE SUMMARY, DOCUMENTS REVIEWED FOR DETERMINATION, the guidelines RELIED UPON BY
PROFESSIONAL REVIEWER AND WHY, the RATIONALE, MEDICAL REVIEWER QUALIFICATIONS.

Items come in either of two shapes: per item "Item N: <treatment>" with a "Determination:"
line and its own guideline and rationale sections; or the ISSUE AT DISPUTE list giving each
item as "<treatment>: Upheld", with one guideline and one rationale section for them all
(every item then cites those guidelines and shares that rationale). Only the reviewer's
guidelines are stated; titles are normalized for display.
"""

from __future__ import annotations

import re

from imrdb.parse import assemble, citations, items, sections
from imrdb.parse.citations import TitleStyle
from imrdb.parse.text import Span, field, squash, trim_span, unhyphenated
from imrdb.record import CaseRecord, Citation, Decision
from imrdb.vocab.categories import categorize

LAYOUT = "professional_review"
_S = r"(?:\(S\)|S)?"
ISSUES = sections.line_heading(rf"ISSUE{_S} (?:AT|IN) DISPUTE", "issue")
SUMMARY = sections.SUMMARY
DOCUMENTS = sections.line_heading(
    r"(?:DOCUMENTS|RECORDS) REVIEWED(?: FOR DETERMINATION)?", "documents", "records"
)
QUALIFICATIONS = sections.line_heading(
    r"MEDICAL REVIEWER QUALIFICATIONS|QUALIFICATIONS OF THE (?:MEDICAL )?REVIEWER",
    "medical",
    "qualifications",
)
GUIDELINES = sections.line_heading(
    rf"MEDICAL TREATMENT GUIDELINE{_S} RELIED UPON BY (?:THE )?PROFESSIONAL REVIEWER(?: AND WHY)?",
    "medical",
)
RATIONALE = sections.line_heading(
    r"RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE (?:IS/WAS|IS OR IS|WAS|IS)(?: NOT)?"
    r" MEDICALLY NECESSARY",
    "rationale",
)
_GUIDELINE_LINE = re.compile(r"(?:^|\n)[ \t]*Guidelines?(?:\(s\))?\s*:[ \t]*", re.IGNORECASE)
_WHY = re.compile(r"(?:^|\n)[ \t]*Why\s*:", re.IGNORECASE)
_NONE_CITED = re.compile(r"\bno\s+(?:guidelines?|medical\s+evidence)\b", re.IGNORECASE)


def _source(text: str) -> str:
    return "MTUS" if re.search(r"\bMTUS\b", text) else citations.source_of(text)


def _citations(block: str) -> list[Citation]:
    """One citation per "Guideline:" entry (an entry may wrap onto following lines), or, in
    a section of sentences, one per guideline sentence."""
    why = _WHY.search(block)
    block = block[: why.start()] if why else block
    starts = list(_GUIDELINE_LINE.finditer(block))
    if not starts:
        return citations.parse_block(block, "reviewer", TitleStyle.DISPLAY)
    found = []
    for i, start in enumerate(starts):
        raw = squash(block[start.end() : starts[i + 1].start() if i + 1 < len(starts) else None])
        raw = raw.rstrip(" .")
        if not raw or _NONE_CITED.match(raw):
            continue
        source = _source(raw)
        title = citations.display_title(raw, source)
        found.append(Citation("reviewer", source, title, citations.pages_of(raw)))
    return citations.distinct(found)


def _sections(text: str, start: int, end: int) -> tuple[list[Citation], Span | None]:
    """The citations and the rationale span of the guideline and rationale sections in
    text[start:end]."""
    guidelines = GUIDELINES.search(text, start, end)
    rationale = RATIONALE.search(text, start, end)
    cited: list[Citation] = []
    if guidelines:
        cited = _citations(text[guidelines.end() : rationale.start() if rationale else end])
    rationale_span = trim_span(text, (rationale.end(), end)) if rationale else None
    return cited, rationale_span


def _decision(
    text: str, ordinal: int, header: items.Header, cited: list[Citation], rationale: Span | None
) -> Decision:
    treatment, original, authorized = items.item_name(text[header.start : header.end])
    spans = {"treatment": (header.start, header.end), "outcome": header.outcome_span}
    if rationale:
        spans["rationale"] = rationale
    return Decision(
        ordinal=ordinal,
        treatment=treatment,
        outcome=header.outcome,
        category=categorize(unhyphenated(treatment)),
        citations=tuple(cited),
        rationale=(field(text, rationale) or None) if rationale else None,
        original_request=original,
        authorized=authorized,
        spans=spans,
    )


def _decisions(text: str, issues: re.Match[str] | None, start: int, end: int) -> list[Decision]:
    headers = items.find_headers(text, start, end)
    listed = []
    if issues is not None:  # "<treatment>: Upheld" lines under ISSUE AT DISPUTE
        list_end = sections.find(text, SUMMARY, DOCUMENTS, GUIDELINES, start=issues.end())
        listed = items.outcome_headers(text, issues.end(), list_end.start() if list_end else end)
    if listed and not any(h.start > listed[-1].end for h in headers):
        cited, rationale = _sections(text, listed[-1].body_start, end)
        return [_decision(text, i + 1, h, cited, rationale) for i, h in enumerate(listed)]
    decisions = []
    for i, header in enumerate(headers):
        item_end = headers[i + 1].lead if i + 1 < len(headers) else end
        cited, rationale = _sections(text, header.body_start, item_end)
        decision = _decision(text, i + 1, header, cited, rationale)
        decision.spans["item"] = trim_span(text, (header.lead, item_end))
        decisions.append(decision)
    return decisions


def parse(text: str) -> CaseRecord:
    issues = sections.find(text, ISSUES)
    header = (0, issues.start() if issues else min(len(text), 2000))
    qualifications = sections.find(text, QUALIFICATIONS)
    body_end = qualifications.start() if qualifications else len(text)
    decisions = _decisions(text, issues, header[1], body_end)
    first_item = items.ITEM_N.search(text, header[1], body_end)
    summary = sections.between(text, sections.find(text, SUMMARY), DOCUMENTS, GUIDELINES)
    if summary and first_item and first_item.start() < summary[1]:
        summary = (summary[0], first_item.start())
    credentials = (qualifications.end(), len(text)) if qualifications else None
    found = {"header": header}
    if summary:
        found["summary"] = summary
    documents = sections.between(text, sections.find(text, DOCUMENTS), GUIDELINES, items.ITEM_N)
    if documents:
        found["documents"] = documents
    if decisions:
        found["issues"] = (header[1], body_end)
    looked = (assemble.looked_in(issues, None, "issue at dispute"), (header[1], body_end))
    return assemble.record(
        text, LAYOUT, decisions, header, summary, credentials, found, looked=looked
    )
