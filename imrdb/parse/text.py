"""Reading a letter's text: page breaks, page furniture, whitespace and spans.

The parser reads a copy of the letter of exactly the same length (``prepare``): page breaks
read as newlines and page furniture ("Page 2 of 4", the case number repeated in a running
header or footer) blanked out, so a heading or a rationale that a page break cut in two reads
whole, and every span found is an offset into the letter as extracted.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

Span = tuple[int, int]

# A line that is only page furniture: a page number, the case number repeated in a running
# header or footer, or both. A page number needs its "of N" (or dashes: "- 2 -"): "page 309"
# may end a citation; a case-number label alone ("Case Number: ...") is a header field, not
# furniture, but with a page number beside it, it is a running header.
_PAGE = r"page\s*\d+\s*of\s*\d+"
_CASE = r"CM\d{2}-\d{7}"
_CASE_LABEL = r"(?:IMR\s+|MAXIMUS\s+)?Case\s*(?:Number|No\.?)\s*:?\s*"
_SEP = r"\s*[-|,]?\s*"
FURNITURE = re.compile(
    rf"""^[ \t]*(?:
        {_PAGE}                                               # Page 2 of 4
      | -[ \t]*\d+[ \t]*-                                     # - 2 -
      | {_CASE}(?:{_SEP}{_PAGE})?                             # CM14-0087654 [Page 2 of 4]
      | {_PAGE}{_SEP}(?:{_CASE_LABEL})?{_CASE}                 # Page 2 of 4 CM14-0087654
      | {_CASE_LABEL}{_CASE}{_SEP}{_PAGE}                     # Case Number CM14-... Page 2 of 4
    )[ \t]*$""",
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)


_BREAKS = (("\f", "\n"), ("\r", "\n"), ("\v", "\n"), ("\u2028", "\n"), ("\u00a0", " "))


def normalize_breaks(text: str) -> str:
    """Form feeds (page breaks) and other line separators read as newlines; same length.
    A Windows line end (CR LF) reads as a space and a newline, not as two lines."""
    if "\r\n" in text:
        text = text.replace("\r\n", " \n")
    for old, new in _BREAKS:
        if old in text:
            text = text.replace(old, new)
    return text


# Furniture is blanked with en spaces: whitespace to every reader, yet a line of them is
# known for a page break, not for the blank line that ends a paragraph.
MASK = "\u2002"


def mask_furniture(text: str) -> str:
    """Furniture lines blanked (same length)."""
    return FURNITURE.sub(lambda m: MASK * len(m.group()), text)


def is_furniture_line(line: str) -> bool:
    return MASK in line and not line.strip()


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


_LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-z])- (?=[a-z])")


def unhyphenated(value: str) -> str:
    """A whitespace-normalized value with words a line break hyphenated joined again
    ("injec- tion" -> "injection"), for matching it against vocabularies; the value kept
    stays as written, as the real letters' truth keeps it."""
    return _LINE_BREAK_HYPHEN.sub("", value)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@lru_cache(maxsize=4)
def lower(text: str) -> str:
    """The text in lower case, letter for letter (same offsets): case-insensitive patterns
    run on it as case-sensitive ones, which the regex engine scans much faster."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


class LinePattern:
    """A case-insensitive pattern that starts a line (after spaces or tabs), found fast.

    It is written in lower case and tried, in ``lower(text)``, only where one of its ``keys``
    (the words it can start with) starts a line: a heading's words found by ``str.find``
    instead of a regex scan over the whole letter. Matches are of the lower-case copy: their
    offsets hold for the text, their groups are lower case."""

    def __init__(self, pattern: str, *keys: str):
        self.pattern = re.compile(pattern)
        self.keys = keys

    @staticmethod
    def _next_line_start(low: str, key: str, pos: int, end: int) -> int:
        """The first place at or after ``pos`` where ``key`` starts a line, or -1."""
        at = low.find(key, pos, end)
        while at >= 0:
            before = at
            while before > 0 and low[before - 1] in " \t":
                before -= 1
            if before == 0 or low[before - 1] == "\n":
                return at
            at = low.find(key, at + 1, end)
        return -1

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        low = lower(text)
        end = len(text) if endpos is None else endpos
        while True:
            starts = [self._next_line_start(low, key, pos, end) for key in self.keys]
            candidates = [at for at in starts if at >= 0]
            if not candidates:
                return None
            at = min(candidates)
            match = self.pattern.match(low, at, end)
            if match:
                return match
            pos = at + 1

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        while (match := self.search(text, pos, endpos)) is not None:
            yield match
            pos = max(match.end(), match.start() + 1)
