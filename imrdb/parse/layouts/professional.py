"""The later "MEDICAL PROFESSIONAL REVIEW" letter: labelled header lines, the numbered ISSUE
AT DISPUTE list, CASE SUMMARY, DOCUMENTS REVIEWED FOR DETERMINATION, then per item
"Item N: <treatment>", "Determination: Upheld", the guidelines RELIED UPON BY PROFESSIONAL
REVIEWER AND WHY (one "Guideline:" line each), the RATIONALE, and MEDICAL REVIEWER
QUALIFICATIONS. Only the reviewer's guidelines are stated; titles are normalized for display.
"""

from __future__ import annotations

import re

from imrdb.parse import assemble, citations, sections
from imrdb.parse.errors import ParseError
from imrdb.parse.text import Span, field, squash, trim_span
from imrdb.record import CaseRecord, Citation, Decision
from imrdb.vocab.categories import categorize

LAYOUT = "professional_review"
ISSUES = sections.heading("ISSUE AT DISPUTE")
SUMMARY = sections.heading("CASE SUMMARY")
DOCUMENTS = sections.heading("DOCUMENTS REVIEWED FOR DETERMINATION")
QUALIFICATIONS = sections.heading("MEDICAL REVIEWER QUALIFICATIONS")
# "Item 3: <treatment>", the name wrapping onto more lines until its "Determination:".
_ITEM = re.compile(
    r"(?:^|\n)[ \t]*Item\s+(\d{1,2})\s*:[ \t]*(.+?)\s*(?=\n[ \t]*(?:Determination|Decision)\s*:)",
    re.DOTALL | re.IGNORECASE,
)
_DETERMINATION = re.compile(
    r"(?:Determination|Decision)\s*:\s*(Upheld|Overturned)\b", re.IGNORECASE
)
_GUIDELINES = re.compile(
    r"MEDICAL\s+TREATMENT\s+GUIDELINE\(S\)\s+RELIED\s+UPON\s+BY\s+(?:THE\s+)?PROFESSIONAL"
    r"\s+REVIEWER(?:\s+AND\s+WHY)?\s*:",
    re.IGNORECASE,
)
_RATIONALE = re.compile(
    r"RATIONALE\s+FOR\s+WHY\s+THE\s+REQUESTED\s+TREATMENT/SERVICE\s+IS/WAS\s+(?:NOT\s+)?"
    r"MEDICALLY\s+NECESSARY\s*:",
    re.IGNORECASE,
)
_GUIDELINE_LINE = re.compile(r"(?:^|\n)[ \t]*Guideline\s*:[ \t]*", re.IGNORECASE)
_WHY = re.compile(r"(?:^|\n)[ \t]*Why\s*:", re.IGNORECASE)
_NONE_CITED = re.compile(r"\bno\s+(?:guidelines?|medical\s+evidence)\b", re.IGNORECASE)


def _source(text: str) -> str:
    return "MTUS" if re.search(r"\bMTUS\b", text) else citations.source_of(text)


def _citations(block: str) -> list[Citation]:
    """One citation per "Guideline:" entry (an entry may wrap onto following lines)."""
    why = _WHY.search(block)
    block = block[: why.start()] if why else block
    starts = list(_GUIDELINE_LINE.finditer(block))
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


def _item(text: str, ordinal: int, match: re.Match[str], end: int) -> Decision:
    determination = _DETERMINATION.search(text, match.end(), end)
    if determination is None:
        raise ParseError(f"no determination found for item {ordinal}")
    guidelines = _GUIDELINES.search(text, match.end(), end)
    rationale = _RATIONALE.search(text, match.end(), end)
    cited: list[Citation] = []
    if guidelines:
        cited = _citations(text[guidelines.end() : rationale.start() if rationale else end])
    rationale_span: Span | None = trim_span(text, (rationale.end(), end)) if rationale else None
    treatment = field(text, match.span(2))
    spans = {
        "item": trim_span(text, (match.start(), end)),
        "treatment": match.span(2),
        "outcome": determination.span(1),
    }
    if rationale_span:
        spans["rationale"] = rationale_span
    return Decision(
        ordinal=ordinal,
        treatment=treatment,
        outcome=determination.group(1).lower(),
        category=categorize(treatment),
        citations=tuple(cited),
        rationale=(field(text, rationale_span) or None) if rationale_span else None,
        spans=spans,
    )


def parse(text: str) -> CaseRecord:
    issues = sections.find(text, ISSUES)
    header = (0, issues.start() if issues else min(len(text), 2000))
    qualifications = sections.find(text, QUALIFICATIONS)
    body_end = qualifications.start() if qualifications else len(text)
    items = list(_ITEM.finditer(text, header[1], body_end))
    decisions = [
        _item(text, i + 1, m, items[i + 1].start() if i + 1 < len(items) else body_end)
        for i, m in enumerate(items)
    ]
    summary = sections.between(text, sections.find(text, SUMMARY), DOCUMENTS, _ITEM)
    credentials = (qualifications.end(), len(text)) if qualifications else None
    found = {"header": header}
    if summary:
        found["summary"] = summary
    documents = sections.between(text, sections.find(text, DOCUMENTS), _ITEM)
    if documents:
        found["documents"] = documents
    if items:
        found["issues"] = (items[0].start(), body_end)
    return assemble.record(text, LAYOUT, decisions, header, summary, credentials, found)
