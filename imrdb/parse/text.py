"""Reading a letter's text: whitespace, page furniture and spans.

The parser never rewrites the letter: it finds spans (character offsets) in the text as
extracted, and ``field`` turns a span into a field's value, dropping page furniture
("Page 2 of 4", the case number repeated in a header) that a page break put inside it.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# A line that is only page furniture: a page number, the case number repeated in a running
# header or footer, or both.
FURNITURE = re.compile(
    r"""^\s*(?:
        (?:page\s*\d+\s*(?:of\s*\d+)?)                               # Page 2 of 4
      | (?:(?:IMR\s+|MAXIMUS\s+)?case\s*(?:number|no\.?|\#)?\s*:?\s*)? # optional label
        CM\d{2}-\d{7}
        (?:\s*[-|,]?\s*page\s*\d+\s*(?:of\s*\d+)?)?                  # CM14-0087654 Page 2 of 4
      | (?:page\s*\d+\s*(?:of\s*\d+)?\s*[-|,]?\s*)
        (?:(?:IMR\s+)?case\s*(?:number|no\.?)?\s*:?\s*)?CM\d{2}-\d{7}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


_BREAKS = (("\f", "\n"), ("\r", "\n"), ("\v", "\n"), ("\u2028", "\n"), ("\u00a0", " "))


def normalize_breaks(text: str) -> str:
    """Form feeds (page breaks) and other line separators read as newlines; same length."""
    for old, new in _BREAKS:
        if old in text:
            text = text.replace(old, new)
    return text


def squash(text: str) -> str:
    """Whitespace runs to one space, ends stripped."""
    return " ".join(text.split())


def without_furniture(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not FURNITURE.match(line))


def field(text: str, span: Span) -> str:
    """A field's value: the span's text without furniture lines, whitespace-normalized."""
    return squash(without_furniture(text[span[0] : span[1]]))


def trim_span(text: str, span: Span) -> Span:
    """The span without leading and trailing whitespace."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def relax(words: str) -> str:
    """A regex for a phrase whose words may be separated by any whitespace (line breaks)."""
    return r"\s+".join(re.escape(w) for w in words.split())
