"""Letter text -> CaseRecord: pure functions, no files, no database.

``parse_letter(text)`` returns a ``CaseRecord`` or raises ``ParseError`` with the reason.
"""

from __future__ import annotations

from imrdb.parse.errors import ParseError

PARSER_VERSION = "0.1"


def parse_letter(text: str):
    """The case record of one letter's text (pages separated by form feeds)."""
    raise ParseError("parser not implemented yet")


__all__ = ["PARSER_VERSION", "ParseError", "parse_letter"]
