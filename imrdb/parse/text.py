"""Reading a letter's text: page breaks, page furniture, whitespace and spans.

The parser reads a copy of the letter of exactly the same length (``prepare``): page breaks
read as newlines and page furniture ("Page 2 of 4", the case number repeated in a running
header or footer) blanked out, so a heading or a rationale that a page break cut in two reads
whole, and every span found is an offset into the letter as extracted.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left
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


@lru_cache(maxsize=8)
def lower(text: str) -> str:
    """The text in lower case, letter for letter (same offsets): case-insensitive patterns
    run on it as case-sensitive ones, which the regex engine scans much faster."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


@lru_cache(maxsize=8)
def _first_words(low: str) -> tuple[dict[str, list[int]], list[str]]:
    """Each line's first word -> where such lines' words start; and the words, sorted."""
    index: dict[str, list[int]] = {}
    pos = 0
    for line in low.split("\n"):
        stripped = line.lstrip(" \t")
        if stripped and not stripped[0].isspace():  # (a blanked furniture line has none)
            word = stripped.split(None, 1)[0]
            index.setdefault(word, []).append(pos + len(line) - len(stripped))
        pos += len(line) + 1
    return index, sorted(index)


@lru_cache(maxsize=256)
def _line_starts(low: str, keys: tuple[str, ...]) -> list[int]:
    """Where a line starts with one of ``keys`` (a line's first word begins with it)."""
    index, words = _first_words(low)
    places: list[int] = []
    for key in keys:
        at = bisect_left(words, key)
        while at < len(words) and words[at].startswith(key):
            places.extend(index[words[at]])
            at += 1
    return sorted(places)


class LinePattern:
    """A case-insensitive pattern that starts a line (after spaces or tabs), found fast.

    It is written in lower case and tried, in ``lower(text)``, only where a line starts with
    one of its ``keys`` (the words it can start with): the lines' first words are indexed once
    per letter, instead of a regex scan over the whole letter per pattern. Matches are of the
    lower-case copy: their offsets hold for the text, their groups are lower case."""

    def __init__(self, pattern: str, *keys: str):
        self.pattern = re.compile(pattern)
        self.keys = keys

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        low = lower(text)
        end = len(text) if endpos is None else endpos
        starts = _line_starts(low, self.keys)
        for at in starts[bisect_left(starts, pos) :]:
            if at >= end:
                break
            match = self.pattern.match(low, at, end)
            if match:
                yield match

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, pos, endpos), None)
