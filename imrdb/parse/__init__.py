"""Letter text -> CaseRecord: pure functions, no files, no database.

``parse_letter(text)`` returns a ``CaseRecord`` or raises ``ParseError`` with the reason.
The text is read as extracted (pages separated by form feeds); spans in the record are
offsets into exactly that text.
"""

from __future__ import annotations

from imrdb.parse.detect import detect
from imrdb.parse.errors import ParseError
from imrdb.parse.layouts import final_letter, notice, professional, published
from imrdb.parse.text import normalize_breaks
from imrdb.record import CaseRecord

PARSER_VERSION = "1.0"
MAX_LETTER = 2_000_000  # characters; far beyond any real letter (21 items is ~60 kB)


def parse_letter(text: str) -> CaseRecord:
    """The case record of one letter's text."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty text")
    if len(text) > MAX_LETTER:
        raise ParseError(f"text too long for a letter ({len(text):,} characters)")
    clean = normalize_breaks(text)  # same length: spans stay valid for ``text``
    layout = detect(clean)
    if layout == published.LAYOUT:
        return published.parse(clean)
    if layout in (final_letter.FINAL_LETTER, final_letter.DOCUMENTS_REVIEWED):
        return final_letter.parse(clean, layout)
    if layout == notice.LAYOUT:
        return notice.parse(clean)
    return professional.parse(clean)


__all__ = ["PARSER_VERSION", "ParseError", "parse_letter"]
