"""A file holding several letters one after another -> one text per letter.

Scanned bundles and merged downloads put letters back to back; each letter's first page
opens with what only a first page has (the published header table's "Case Number:", the
"Final Determination Letter for ..." or "Notice of Independent Medical Review
Determination" title, the MEDICAL PROFESSIONAL REVIEW title, or MAXIMUS's address block).
A mark alone is not enough: a cover letter's signature ("MAXIMUS Federal Services") can
open its second page. A page starts a new letter only when it also names a case number
other than the letter before it, and its own furniture does not call it a later page
("Page 2 of 4"). Pure: text in (pages separated by form feeds), texts and page ranges out.
"""

from __future__ import annotations

import re

from imrdb.parse.text import lower

# What starts a first page, looked for in the top of each page (lower case).
_FIRST_PAGE = re.compile(
    r"\A\s*(?:case\s+number\s*:|maximus\s+federal\s+services)"
    r"|final\s+determination\s+letter\s+for"
    r"|notice\s+of\s+independent\s+medical\s+review\s+determination"
    r"|medical\s+professional\s+review"
)
_TOP = 400  # characters of a page in which a first page shows itself
_CASE_NUMBER = re.compile(r"\bcm\s?(\d{2})\s?-\s?(\d{7})\b")
_LATER_PAGE = re.compile(r"\bpage\s+(?!0*1\b)\d+\s+of\s+\d+")

PageRange = tuple[int, int]  # first and last page, counted from 1


def split_letters(text: str) -> list[tuple[str, PageRange]]:
    """The letters in ``text``, each with the pages (1-based, inclusive) it spans. A text
    with one letter (or none recognizable) comes back whole."""
    pages = text.split("\f")
    starts = [0]
    for i in range(1, len(pages)):
        page = lower(pages[i])
        if not _FIRST_PAGE.search(page[:_TOP]) or _LATER_PAGE.search(page):
            continue
        case = _case_number(page)
        if case is not None and case != _case_number(lower("\n".join(pages[starts[-1] : i]))):
            starts.append(i)
    letters = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(pages)
        if n + 1 == len(starts) and last - 1 > first and not pages[last - 1].strip():
            last -= 1  # the empty page after a final form feed
        letters.append(("\f".join(pages[first:last]), (first + 1, last)))
    return letters


def _case_number(text: str) -> str | None:
    """The first case number a (lower-cased) text names, normalized."""
    found = _CASE_NUMBER.search(text)
    return f"{found[1]}-{found[2]}" if found else None
