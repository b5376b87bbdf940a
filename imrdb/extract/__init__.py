"""PDF bytes -> the letter's text, one page per form feed.

``pdfminer`` (pdfminer.six) is the reference extractor; ``pdfium`` (pypdfium2, optional) is
about 30 times faster. A file that cannot give text raises ``ExtractionError`` with its
reason: empty, not a PDF, password-protected, corrupt or truncated, or no text layer.
"""

from __future__ import annotations

from dataclasses import dataclass

from imrdb.extract import errors, pdfium_backend, pdfminer_backend
from imrdb.extract.errors import ExtractionError

EXTRACTORS = {"pdfminer": pdfminer_backend, "pdfium": pdfium_backend}
PAGE_BREAK = "\f"


@dataclass(frozen=True)
class Extraction:
    text: str
    pages: int
    extractor: str


def extract_text(data: bytes, extractor: str = "pdfminer") -> Extraction:
    """The text of a PDF (pages separated by form feeds), or ``ExtractionError``."""
    if not data.strip():
        raise ExtractionError(errors.EMPTY)
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError(errors.NOT_PDF)
    try:
        pages = EXTRACTORS[extractor].extract_pages(data)
    except ExtractionError:
        raise
    except Exception as exc:  # a damaged file can fail anywhere inside the PDF library
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise ExtractionError(f"{errors.CORRUPT}: {detail}") from None
    if not any(p.strip() for p in pages):
        raise ExtractionError(errors.NO_TEXT)
    return Extraction(PAGE_BREAK.join(pages), len(pages), extractor)


__all__ = ["EXTRACTORS", "PAGE_BREAK", "Extraction", "ExtractionError", "extract_text"]
