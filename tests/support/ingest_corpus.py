"""Files for ingest tests: real letters picked from ../shared/real-letters, and the broken
files users really have (made here, each the way it happens in the wild)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from fpdf import FPDF
from PIL import Image

from imrdb.extract import extract_text


def real_letter_files(folder: Path, count: int, start: int = 0) -> list[Path]:
    """``count`` real letters, the shortest first (fast to extract), from ``start``."""
    files = sorted(folder.glob("*.pdf"), key=lambda p: (p.stat().st_size, p.name))
    return files[start : start + count]


def truth(folder: Path) -> dict[str, dict]:
    """The truth record of each real letter, by file name."""
    lines = (folder / "truth.jsonl").read_text().splitlines()
    return {r["file"]: r for r in map(json.loads, lines)}


def text_letter(pdf: Path) -> bytes:
    """A real letter as a ``.txt`` letter: its text, as users save it."""
    return extract_text(pdf.read_bytes(), "pdfium").text.encode()


def _pdf(build) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    build(pdf)
    return bytes(pdf.output())


def password_protected_pdf() -> bytes:
    """Needs a password to open (unlike the real letters, whose user password is empty)."""

    def build(pdf: FPDF) -> None:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(w=0, text="Case Number: CM16-0000001 Decision Date: 12/09/2016")
        pdf.set_encryption(owner_password="owner", user_password="secret")

    return _pdf(build)


def image_only_pdf() -> bytes:
    """A scan: a page that is one picture, no text layer."""
    picture = io.BytesIO()
    Image.new("L", (400, 200), 200).save(picture, "PNG")
    return _pdf(lambda pdf: pdf.image(io.BytesIO(picture.getvalue()), x=10, y=10, w=150))


def non_imr_pdf() -> bytes:
    """A PDF with text that is not an IMR letter (a download folder has those too)."""

    def build(pdf: FPDF) -> None:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(w=0, text="Workers' compensation newsletter. Quarterly filing reminders.")

    return _pdf(build)


def truncated(data: bytes) -> bytes:
    """An interrupted download: the first half of the file."""
    return data[: len(data) // 2]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip of ``members``, names taken as given (``../evil.pdf`` included)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
