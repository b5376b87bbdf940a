"""A file holding several letters one after another -> one text per letter.

Scanned bundles and merged downloads put letters back to back; each letter's first page
opens with what only a first page has (the published header table's "Case Number:", the
"Final Determination Letter for ..." or "Notice of Independent Medical Review
Determination" title, the MEDICAL PROFESSIONAL REVIEW title, or MAXIMUS's address block).
Pure: text in (pages separated by form feeds), texts and page ranges out.
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

PageRange = tuple[int, int]  # first and last page, counted from 1


def split_letters(text: str) -> list[tuple[str, PageRange]]:
    """The letters in ``text``, each with the pages (1-based, inclusive) it spans. A text
    with one letter (or none recognizable) comes back whole."""
    pages = text.split("\f")
    starts = [0] + [i for i in range(1, len(pages)) if _FIRST_PAGE.search(lower(pages[i][:_TOP]))]
    letters = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(pages)
        if n + 1 == len(starts) and last - 1 > first and not pages[last - 1].strip():
            last -= 1  # the empty page after a final form feed
        letters.append(("\f".join(pages[first:last]), (first + 1, last)))
    return letters
