"""Text runs with pdfminer.six, the reference extractor.

pdfminer's own layout analysis builds an ``LTChar`` object per glyph and then groups them
(about half its time, measured on the real letters: 9.5 pages/s stock, 16 with this
device). This device keeps only each glyph's box and text, and ``layout`` does the grouping.
"""

from __future__ import annotations

import io
import logging

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from imrdb.extract import errors
from imrdb.extract.layout import Run, page_text

# Letters are encrypted with an empty user password and flagged "no copying"; pdfminer
# warns about that on every file and reads them all the same.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


class _GlyphCollector(PDFLayoutAnalyzer):
    """A device that records each glyph's box and text, and nothing else."""

    def __init__(self, rsrcmgr: PDFResourceManager):
        super().__init__(rsrcmgr, laparams=None)
        self.runs: list[Run] = []

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        adv = font.char_width(cid) * fontsize * scaling
        descent = font.get_descent() * fontsize + rise
        a, b, c, d, e, f = matrix
        # The glyph's box, as LTChar computes it, for the box (0, descent)-(adv, descent+size).
        x0, y0 = e + c * descent, f + d * descent
        x1, y1 = a * adv + c * (descent + fontsize) + e, b * adv + d * (descent + fontsize) + f
        self.runs.append(Run(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), text))
        return adv

    def receive_layout(self, ltpage) -> None:  # nothing to build: runs are collected above
        pass


def extract_pages(data: bytes) -> list[str]:
    """Each page's text, in reading order."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFPasswordIncorrect:
        raise errors.ExtractionError(errors.PASSWORD) from None
    rsrcmgr = PDFResourceManager(caching=True)
    device = _GlyphCollector(rsrcmgr)
    interpreter = PDFPageInterpreter(rsrcmgr, device)
    pages: list[str] = []
    for page in PDFPage.create_pages(document):
        device.runs = []
        interpreter.process_page(page)
        pages.append(page_text(device.runs))
    return pages
