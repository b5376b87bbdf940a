"""Which layout a letter is written in, from the headings and sentences only it has.

Signs are read in any case (in the lower-case copy of the text) and, where they are
headings, only as the start of a line, so another wording or capitals of a heading do not
change the layout and prose that mentions one does not count. The most specific come first.
"""

from __future__ import annotations

import re

from imrdb.parse.errors import ParseError
from imrdb.parse.text import LinePattern, lower

NOT_A_LETTER = "not an IMR determination letter"
_S = r"(?:\(s\)|s)?"

Sign = re.Pattern[str] | LinePattern
_SIGNS: list[tuple[str, tuple[Sign, ...]]] = [
    (
        "notice_2013",
        (
            re.compile(r"notice\s+of\s+independent\s+medical\s+review\s+determination"),
            LinePattern(
                r"independent\s+medical\s+review\s+decisions?\s+and\s+rationales?", "independent"
            ),
            re.compile(r"maximus\s+federal\s+services,?\s+inc\.?\s+has\s+determined\s+the\s+req"),
            LinePattern(r"\d{1,2}\)\s*regarding\s+the\s+requests?\s+for\s", *"123456789"),
        ),
    ),
    (
        "professional_review",
        (
            re.compile(r"medical\s+professional\s+review"),
            LinePattern(rf"issue{_S}\s+(?:at|in)\s+dispute", "issue"),
            LinePattern(rf"medical\s+treatment\s+guideline{_S}\s+relied\s+upon", "medical"),
        ),
    ),
    # The published letter states the reviewer's credentials in a sentence of its own.
    ("published_2016", (re.compile(r"has\s+the\s+following\s+credentials"),)),
    (
        "documents_reviewed",
        (
            LinePattern(
                rf"(?:imr\s+)?decision{_S}\s+and\s+rationale{_S}[ \t]*:?[ \t]*\n", "imr", "decision"
            ),
            LinePattern(
                r"(?:documents|records)\s+reviewed[ \t]*:?[ \t]*\n", "documents", "records"
            ),
        ),
    ),
    (
        "final_letter_2014",
        (
            re.compile(r"imr\s+issues?(?:\(s\))?,?\s+decision"),
            re.compile(r"final\s+determination\s+letter"),
            re.compile(r"how\s+the\s+(?:imr\s+)?(?:final\s+)?determination\s+was\s+made"),
        ),
    ),
    ("published_2016", (re.compile(r"\A(?:[^\n]*\n){0,12}?[^\n]*decision\s+date\s*:"),)),
]


def detect(text: str) -> str:
    """The layout's name, or ParseError when the text is no IMR determination."""
    low = lower(text)
    for layout, signs in _SIGNS:
        if any(sign.search(text if isinstance(sign, LinePattern) else low) for sign in signs):
            return layout
    raise ParseError(NOT_A_LETTER)
