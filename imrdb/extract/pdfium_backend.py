"""Text runs with pypdfium2 (optional extra ``pdfium``): the fast extractor.

pdfium reads a page's text in content order, one line per baseline; each line becomes a run
whose box comes from its first and last glyphs (font boxes, as pdfminer's), and ``layout``
orders the runs exactly as it orders pdfminer's glyphs, so both extractors give the same
text. Asking for every glyph's box instead would cost more than the extraction itself.
"""

from __future__ import annotations

import re

from imrdb.extract import errors
from imrdb.extract.layout import Run, page_text

try:
    import pypdfium2 as pdfium
except ImportError:  # an optional extra
    pdfium = None


# pdfium marks a hyphen that ends a line as a generated soft hyphen.
_SOFT_HYPHENS = str.maketrans({"\x02": "-", "\ufffe": "-"})
# A line: up to pdfium's generated line break, or up to and including a soft hyphen (after
# which pdfium starts the next line without a break).
_LINE = re.compile(r"[^\r\n\x02\ufffe]+[\x02\ufffe]?|[\x02\ufffe]")


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        runs: list[Run] = []
        for line in _LINE.finditer(text):
            stripped = line.group().rstrip()
            if not stripped.strip():
                continue
            first = line.start() + len(stripped) - len(stripped.lstrip())
            last = line.start() + len(stripped) - 1
            left, bottom, _, top = textpage.get_charbox(first, loose=True)
            _, bottom2, right, top2 = textpage.get_charbox(last, loose=True)
            box = (left, min(bottom, bottom2), right, max(top, top2))
            runs.append(Run(*box, stripped.translate(_SOFT_HYPHENS)))
        return page_text(runs)
    finally:
        textpage.close()
        page.close()


def available() -> bool:
    return pdfium is not None


def extract_pages(data: bytes) -> list[str]:
    if pdfium is None:
        raise errors.ExtractionError("pypdfium2 is not installed (pip install 'imrdb[pdfium]')")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise errors.ExtractionError(errors.PASSWORD) from None
        raise errors.ExtractionError(f"{errors.CORRUPT}: {exc}") from None
    try:
        return [_page_text(page) for page in document]
    finally:
        document.close()
