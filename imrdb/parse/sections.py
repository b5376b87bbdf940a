"""Finding a letter's sections by their headings.

A heading is found by what it says, not by one spelling: a line of its own, in any case, with
or without a colon, the words separated by any spaces or a line break, and the wordings
letters use for the same section ("IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUE(S),
DECISION(S) AND RATIONALE(S)", "Imr Issues, Decisions, and Rationales", ...).
"""

from __future__ import annotations

import re

from imrdb.parse.text import LinePattern, Span


def heading(words: str) -> LinePattern:
    """A heading starting a line, in any case, words separated by any space."""
    body = r"\s+".join(re.escape(w) for w in words.lower().split())
    return LinePattern(rf"{body}[ \t]*:?", words.split()[0].lower())


def line_heading(pattern: str, *keys: str) -> LinePattern:
    """A heading given as a regex (spaces in it match any run of whitespace): a whole line,
    in any case, with or without a trailing colon; ``keys``: the words it can start with."""
    body = re.sub(r" +", r"\\s+", pattern.lower())
    return LinePattern(rf"(?:{body})[ \t]*:?[ \t]*(?=\n|$)", *keys)


# The wordings of the headings several layouts share (each a regex fragment; "(S)" optional).
_S = r"(?:\(S\)|S)?"
HOW = line_heading(r"HOW THE (?:IMR )?(?:FINAL )?DETERMINATION WAS MADE", "how")
SUMMARY = line_heading(
    r"(?:CLINICAL CASE SUMMARY|CASE SUMMARY|CLINICAL SUMMARY|SUMMARY OF THE CASE)",
    "clinical",
    "case",
    "summary",
)
ISSUES = line_heading(
    rf"(?:IMR )?(?:ISSUE{_S},? )?DECISION{_S},? AND RATIONALE{_S}"
    rf"|(?:IMR )?ISSUE{_S},? AND DECISION{_S}",
    "imr",
    "issue",
    "decision",
)
DOCUMENTS = line_heading(r"(?:DOCUMENTS|RECORDS) REVIEWED", "documents", "records")


def find(text: str, *patterns: LinePattern, start: int = 0) -> re.Match[str] | None:
    """The earliest match of any of ``patterns`` at or after ``start``."""
    matches = [m for p in patterns if (m := p.search(text, start))]
    return min(matches, key=lambda m: m.start()) if matches else None


def between(text: str, begin: re.Match[str] | None, *ends: LinePattern) -> Span | None:
    """The span after heading ``begin`` up to the next of ``ends`` (or the end)."""
    if begin is None:
        return None
    stop = find(text, *ends, start=begin.end()) if ends else None
    return begin.end(), stop.start() if stop else len(text)
