"""Reading a letter's text: page breaks, page furniture, whitespace and spans.

The parser reads a copy of the letter of exactly the same length (``prepare``): page breaks
read as newlines and page furniture ("Page 2 of 4", the case number repeated in a running
header or footer) blanked out, so a heading or a rationale that a page break cut in two reads
whole, and every span found is an offset into the letter as extracted.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# A line that is only page furniture: a page number, the case number repeated in a running
# header or footer, or both. A page number needs its "of N": "page 309" may end a citation;
# a labelled "Case Number: ..." line is a header field, not furniture.
FURNITURE = re.compile(
    r"""^[ \t]*(?:
        page\s*\d+\s*of\s*\d+                                 # Page 2 of 4
      | CM\d{2}-\d{7}(?:\s*[-|,]?\s*page\s*\d+\s*of\s*\d+)?     # CM14-0087654 [Page 2 of 4]
      | page\s*\d+\s*of\s*\d+\s*[-|,]?\s*CM\d{2}-\d{7}           # Page 2 of 4 CM14-0087654
    )[ \t]*$""",
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)


_BREAKS = (("\f", "\n"), ("\r", "\n"), ("\v", "\n"), ("\u2028", "\n"), ("\u00a0", " "))


def normalize_breaks(text: str) -> str:
    """Form feeds (page breaks) and other line separators read as newlines; same length."""
    for old, new in _BREAKS:
        if old in text:
            text = text.replace(old, new)
    return text


def mask_furniture(text: str) -> str:
    """Furniture lines blanked with spaces (same length)."""
    return FURNITURE.sub(lambda m: " " * len(m.group()), text)


def prepare(text: str) -> str:
    """The copy of a letter the readers work on: same length, breaks and furniture neutral."""
    return mask_furniture(normalize_breaks(text))


def squash(text: str) -> str:
    """Whitespace runs to one space, ends stripped."""
    return " ".join(text.split())


def field(text: str, span: Span) -> str:
    """A field's value: the span's text, whitespace-normalized."""
    return squash(text[span[0] : span[1]])


def trim_span(text: str, span: Span) -> Span:
    """The span without leading and trailing whitespace."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
