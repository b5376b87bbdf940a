"""The disputed items of layouts that write "<treatment>: Upheld" followed by the two
parties' guidelines and the rationale (the published letter, the 2013-2014 Final
Determination Letter, the DOCUMENTS REVIEWED layout).

An item's name ends at its outcome word; where it starts is found by reading back line by
line until a blank line or a line that ends a sentence (the previous rationale's last line),
because items are not always separated by blank lines and names wrap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from imrdb.parse import citations
from imrdb.parse.citations import TitleStyle
from imrdb.parse.text import (
    LinePattern,
    Span,
    field,
    is_furniture_line,
    squash,
    trim_span,
    unhyphenated,
)
from imrdb.record import Citation, Decision
from imrdb.vocab.categories import categorize

# "<treatment>: Upheld", the outcome word ending its line (on the name's line or the next);
# the colon first: a literal prefix keeps the scan over a long letter fast.
# (a page break, its furniture blanked, may fall between them).
_OUTCOME = re.compile(r":\s*(Upheld|Overturned)[ \t]*(?=\n|$)", re.IGNORECASE)
# "Item 2: <treatment>" and, on a later line, "Determination: Upheld" (or "Decision:").
ITEM_N = LinePattern(r"item[ \t]+(\d{1,2})[ \t]*[:.)-][ \t]*", "item")
DETERMINATION = LinePattern(
    r"(?:determination|decision|outcome)[ \t]*:\s*(upheld|overturned)\b",
    "determination",
    "decision",
    "outcome",
)
_NUMBER = re.compile(r"[ \t]*\d{1,2}[.)][ \t]+")
_IS_BEFORE = re.compile(r"[ \t]+is[ \t]*$", re.IGNORECASE)
# The labels of an item's parts, at the start of a line, under the names letters give them.
_CA_GUIDELINE = LinePattern(r"claims\s+administrator(?:'s)?\s+guidelines?(?:\(s\))?\s*:", "claims")
_REVIEWER_GUIDELINE = LinePattern(
    r"(?:(?:maximus|expert\s+reviewer(?:'s)?|reviewer(?:'s)?)\s+guidelines?(?:\(s\))?"
    r"|expert\s+reviewer\s+used"
    r"|(?:medical\s+treatment\s+)?guidelines?(?:\(s\))?\s+relied\s+upon\s+by\s+(?:the\s+)?"
    r"professional\s+reviewer(?:\s+and\s+why)?)\s*:",
    "maximus",
    "expert",
    "reviewer",
    "medical",
    "guideline",
)
_RATIONALE = LinePattern(
    r"(?:decision\s+)?rationale(?:\s+for\s+the\s+decision)?\s*:", "decision", "rationale"
)
_FINAL = re.compile(r"\s*Final\s+Determination\s*$", re.IGNORECASE)
_INTRO = re.compile(
    r"The\s+Final\s+Determination\s+was\s+based\s+on\s+decisions?\s+for\s+the\s+disputed"
    r"\s+items?/services?\s+set\s+forth\s+below\s*:?",
    re.IGNORECASE,
)
# Sentence ends that close the line before an item's name.
_LINE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")
_MODIFIED_MARKERS = re.compile(
    r"was\s+authorized\s+by\s+the\s+Claims\s+Administrator|remaining\s+IMR\s+eligible"
    r"|leaving\s+the\s+original\s+request|The\s+original\s+request,",
    re.IGNORECASE,
)
_NEXT_CONTENT = re.compile(r"\s*")
_ORIGINAL = re.compile(r"was\s+the\s+original\s+request", re.IGNORECASE)
_MODIFIED = re.compile(
    r"^(?P<original>.+?)\s+was\s+the\s+original\s+request\.\s*"
    r"(?:(?P<authorized>.+?)\s+was\s+authorized\s+by\s+the\s+Claims\s+Administrator\.?"
    r"|The\s+Claims\s+Administrator\s+authorized\s+(?P<authorized2>.+?),?\s+leaving\s+the"
    r"\s+original\s+request\s+IMR\s+eligible\.?)?\s*"
    r"(?:The\s+remaining\s+IMR\s+eligible\s+portion\s+of\s+the\s+original\s+request,?\s*(?:is\s+)?"
    r"|The\s+original\s+request,?\s*)"
    r"(?P<treatment>.+?)(?:\s+is)?$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Header:
    start: int
    end: int  # where the outcome marker begins
    outcome: str
    outcome_span: Span
    body_start: int  # after the outcome word
    lead: int  # where the item begins (its number or "Item N:" included)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _walk_back(text: str, floor: int, line_start: int) -> int:
    """The start of the paragraph that contains the line starting at ``line_start``."""
    start = line_start
    while start > floor:
        prev_end = start - 1  # the newline ending the previous line
        prev_start = max(_line_start(text, prev_end), floor)
        line = text[prev_start:prev_end]
        if is_furniture_line(line):  # a page break inside the item's name
            start = prev_start
            continue
        if not line.strip() or _LINE_END.search(line):
            break
        start = prev_start
    return start


def outcome_headers(text: str, start: int, end: int) -> list[Header]:
    """Items written "<treatment>: Upheld", numbered or not."""
    headers: list[Header] = []
    floor = start
    for match in _OUTCOME.finditer(text, start, end):
        if match.start() < floor:
            continue
        name_end = match.start()
        is_before = _IS_BEFORE.search(text, _line_start(text, name_end), name_end)
        if is_before:
            name_end = is_before.start()
        head = _walk_back(text, floor, _line_start(text, name_end))
        head = _NEXT_CONTENT.match(text, max(head, floor)).end()
        if _MODIFIED_MARKERS.search(text, head, name_end) and not _ORIGINAL.search(
            text, head, name_end
        ):
            originals = list(_ORIGINAL.finditer(text, floor, head))
            if originals:
                head = _walk_back(text, floor, _line_start(text, originals[-1].start()))
        lead = head
        number = _NUMBER.match(text, head, name_end)
        head = number.end() if number else head
        if head >= name_end or _FINAL.search(text, head, name_end):
            continue
        outcome = match.group(1).lower()
        headers.append(Header(head, name_end, outcome, match.span(1), match.end(), lead))
        floor = match.end()
    return headers


def _numbered_headers(text: str, start: int, end: int) -> list[Header]:
    """Items written "Item N: <treatment>" with a later "Determination: Upheld" line."""
    headers: list[Header] = []
    items = list(ITEM_N.finditer(text, start, end))
    for i, item in enumerate(items):
        stop = items[i + 1].start() if i + 1 < len(items) else end
        determination = DETERMINATION.search(text, item.end(), stop)
        if determination is None:
            continue
        name = trim_span(text, (item.end(), determination.start()))
        headers.append(
            Header(
                name[0],
                name[1],
                determination.group(1).lower(),
                determination.span(1),
                determination.end(),
                item.start(),
            )
        )
    return headers


def find_headers(text: str, start: int, end: int) -> list[Header]:
    """The items in text[start:end], in whichever of the two shapes the letter uses."""
    return _numbered_headers(text, start, end) or outcome_headers(text, start, end)


def item_name(raw: str) -> tuple[str, str | None, str | None]:
    """(treatment, original_request, authorized) of an item's name as written."""
    name = squash(raw)
    modified = _MODIFIED.match(name)
    if modified:
        authorized = modified.group("authorized") or modified.group("authorized2")
        return (
            squash(modified.group("treatment")),
            squash(modified.group("original")),
            (squash(authorized) if authorized else None),
        )
    name = re.sub(r"\s+is$", "", name)
    return name, None, None


def _citations(text: str, span: Span, style: TitleStyle) -> tuple[list[Citation], list[Citation]]:
    start, end = span
    ca_match = _CA_GUIDELINE.search(text, start, end)
    rv_match = _REVIEWER_GUIDELINE.search(text, start, end)
    ca_text = text[ca_match.end() : rv_match.start() if rv_match else end] if ca_match else ""
    rv_text = text[rv_match.end() : end] if rv_match else ""
    ca = citations.parse_block(ca_text, "claims_administrator", style)
    rv = citations.parse_block(rv_text, "reviewer", style)
    if citations.ADOPTS_CLAIMS_ADMINISTRATOR.search(rv_text):
        rv = citations.adopted(ca) + [c for c in rv if c not in citations.adopted(ca)]
    return ca, rv


def read_items(text: str, start: int, end: int, style: TitleStyle) -> list[Decision]:
    """The decisions in text[start:end] (the issues section)."""
    intro = _INTRO.search(text, start, end)
    if intro:
        start = intro.end()
    headers = find_headers(text, start, end)
    decisions = []
    for i, header in enumerate(headers):
        item_end = headers[i + 1].lead if i + 1 < len(headers) else end
        treatment, original, authorized = item_name(text[header.start : header.end])
        rationale_match = _RATIONALE.search(text, header.body_start, item_end)
        guideline_end = rationale_match.start() if rationale_match else item_end
        ca, rv = _citations(text, (header.body_start, guideline_end), style)
        rationale_span = (
            trim_span(text, (rationale_match.end(), item_end)) if rationale_match else None
        )
        rationale = field(text, rationale_span) if rationale_span else None
        spans = {
            "item": trim_span(text, (header.start, item_end)),
            "treatment": trim_span(text, (header.start, header.end)),
            "outcome": header.outcome_span,
        }
        if rationale_span:
            spans["rationale"] = rationale_span
        decisions.append(
            Decision(
                ordinal=i + 1,
                treatment=treatment,
                outcome=header.outcome,
                category=categorize(unhyphenated(treatment)),
                citations=tuple(ca + rv),
                rationale=rationale or None,
                original_request=original,
                authorized=authorized,
                spans=spans,
            )
        )
    return decisions
