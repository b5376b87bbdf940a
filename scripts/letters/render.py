"""Document -> PDF bytes with fpdf2: wrap, paginate, draw, (optionally) encrypt.

Every line is drawn with ``FPDF.text`` at a computed position, so what a text extractor
reads back is exactly the words written, one row per drawn line. Output is deterministic:
fixed creation date and, when encrypting, key and IVs drawn from the letter's seed.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from fpdf import FPDF
from fpdf.enums import AccessPermission, EncryptionMethod
from fpdf.fonts import CORE_FONTS_CHARWIDTHS

from scripts.letters.doc import BREAK, FONTS, Document, Draw, Fixed, Para

PAGE_W, PAGE_H = 612.0, 792.0
MARGIN = 72.0
BOTTOM = PAGE_H - 72.0
LEADING = 1.15
_TOKEN = re.compile(r"\S+|\s+")
_KEYS = {(family, style): (family.lower() + style) for family, style, _ in FONTS.values()}
CREATED = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)


def _cw(font: str) -> tuple[dict[str, int], float]:
    family, style, size = FONTS[font]
    return CORE_FONTS_CHARWIDTHS[_KEYS[(family, style)]], size


def width(text: str, font: str) -> float:
    widths, size = _cw(font)
    return sum(widths[c] for c in text) * size / 1000


def wrap(para: Para, available: float) -> list[list[tuple[str, str]]]:
    """Lines of (font, text) runs; breaks only at spaces or forced breaks."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    pending: list[tuple[str, str]] = []  # whitespace waiting for the next word
    for seg in para.segs:
        if seg.text == BREAK:
            lines.append([])
            used, pending = 0.0, []
            continue
        for token in _TOKEN.findall(seg.text):
            if token.isspace():
                if lines[-1]:
                    pending.append((seg.font, token))
                continue
            spaces = sum(width(t, f) for f, t in pending)
            w = width(token, seg.font)
            if lines[-1] and used + spaces + w > available:
                lines.append([])
                used, pending, spaces = 0.0, [], 0.0
            lines[-1].extend(pending)
            lines[-1].append((seg.font, token))
            used += spaces + w
            pending = []
    return [_merge(line) for line in lines if line]


def _merge(line: list[tuple[str, str]]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for font, text in line:
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + text)
        else:
            runs.append((font, text))
    return runs


def _line_height(para: Para) -> float:
    return max(FONTS[s.font][2] for s in para.segs) * LEADING


def paginate(document: Document) -> list[list[Draw]]:
    """The document's draws, page by page (furniture not included)."""
    pages: list[list[Draw]] = [[]]
    y = MARGIN
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Fixed):
            if y + block.space + block.height > BOTTOM:
                pages.append([])
                y = MARGIN
            top = y + (block.space if pages[-1] else 0.0)
            pages[-1].extend((x, top + dy, font, text) for x, dy, font, text in block.draws)
            y = top + block.height
            continue
        if block.page_break and pages[-1]:
            pages.append([])
            y = MARGIN
        lh = _line_height(block)
        lines = wrap(block, PAGE_W - 2 * MARGIN - block.indent)
        if pages[-1]:
            y += block.space * lh
        needed = lh * (3 if block.keep_with_next and index + 1 < len(blocks) else 1)
        if y + needed > BOTTOM:
            pages.append([])
            y = MARGIN
        for line in lines:
            if y + lh > BOTTOM:
                pages.append([])
                y = MARGIN
            x = MARGIN + block.indent
            if block.align == "C":
                x = (PAGE_W - sum(width(t, f) for f, t in line)) / 2
            baseline = y + lh * 0.8
            for font, text in line:
                pages[-1].append((x, baseline, font, text))
                x += width(text, font)
            y += lh
    return pages


def plain_text(document: Document) -> str:
    """The document as a text letter: its lines as drawn (margins included), a form feed
    between pages; what a user who saved a letter as text would have."""
    pages = paginate(document)
    out = []
    for number, draws in enumerate(pages, start=1):
        extra = document.furniture(number, len(pages)) if document.furniture else []
        rows: dict[float, list[Draw]] = {}
        for draw in [*extra, *draws]:
            rows.setdefault(round(draw[1], 1), []).append(draw)
        lines = []
        for y in sorted(rows):
            line, end = "", None
            for x, _, font, text in sorted(rows[y], key=lambda d: d[0]):
                if end is not None and x - end > 1.0:
                    line += "  "
                line += text
                end = x + width(text, font)
            lines.append(line.rstrip())
        out.append("\n".join(lines))
    return "\f".join(out) + "\n"


def pdf_bytes(document: Document, seed: int) -> bytes:
    """The document as a PDF."""
    pages = paginate(document)
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(CREATED)
    pdf.set_producer("imrdb letter generator")
    if document.encrypt:
        pdf.set_encryption(
            owner_password=f"owner-{seed}",
            user_password="",
            encryption_method=EncryptionMethod.AES_128,
            permissions=AccessPermission.PRINT_LOW_RES | AccessPermission.PRINT_HIGH_RES,
        )
        rng = random.Random(seed)
        pdf._security_handler.get_random_bytes = rng.randbytes  # deterministic keys and IVs
    for number, draws in enumerate(pages, start=1):
        pdf.add_page()
        extra = document.furniture(number, len(pages)) if document.furniture else []
        current = None
        for x, y, font, text in [*extra, *draws]:
            if font != current:
                family, style, size = FONTS[font]
                pdf.set_font(family, style, size)
                current = font
            pdf.text(x, y, text)
    return bytes(pdf.output())
