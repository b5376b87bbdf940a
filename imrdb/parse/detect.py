"""Which layout a letter is written in, from the headings only it has."""

from __future__ import annotations

import re

from imrdb.parse.errors import ParseError

NOT_A_LETTER = "not an IMR determination letter"

# (layout, the signs of it), most specific first. Headings are matched in their own
# capitals: that keeps the scan of a long letter fast and avoids prose that mentions them.
_SIGNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "notice_2013",
        re.compile(
            r"Notice\s+of\s+Independent\s+Medical\s+Review\s+Determination"
            r"|INDEPENDENT\s+MEDICAL\s+REVIEW\s+DECISION\s+AND\s+RATIONALE"
            r"|Rationale\s+Used\s+by\s+the\s+Expert\s+Reviewer"
        ),
    ),
    (
        "professional_review",
        re.compile(
            r"MEDICAL\s+PROFESSIONAL\s+REVIEW|ISSUES?\s+AT\s+DISPUTE\s*:"
            r"|RELIED\s+UPON\s+BY\s+(?:THE\s+)?PROFESSIONAL\s+REVIEWER"
        ),
    ),
    (
        "documents_reviewed",
        re.compile(
            r"IMR\s+DECISION\(S\)\s+AND\s+RATIONALE\(S\)"
            r"|\n[ \t]*DOCUMENTS\s+REVIEWED[ \t]*:?[ \t]*\n"
        ),
    ),
    (
        "published_2016",
        re.compile(r"\A(?:[^\n]*\n){0,12}?[^\n]*Decision\s+Date\s*:", re.IGNORECASE),
    ),
    (
        "final_letter_2014",
        re.compile(
            r"IMR\s+ISSUES,?\s+DECISIONS\s+AND\s+RATIONALES|Final\s+Determination\s+Letter"
            r"|HOW\s+THE\s+IMR\s+FINAL\s+DETERMINATION\s+WAS\s+MADE"
        ),
    ),
]


def detect(text: str) -> str:
    """The layout's name, or ParseError when the text is no IMR determination."""
    for layout, sign in _SIGNS:
        if sign.search(text):
            return layout
    raise ParseError(NOT_A_LETTER)
