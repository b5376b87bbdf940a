"""The page-independent shape of a letter: paragraphs of styled text and fixed-position tables.

Layout modules build a ``Document``; ``render`` wraps its paragraphs into lines (at spaces
only, never hyphenating, so the words the text extractor gets back are the words written),
breaks pages and draws it with fpdf2.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# Font keys -> (fpdf family, style, size in points).
FONTS = {
    "body": ("Times", "", 12.0),
    "bold": ("Times", "B", 12.0),
    "title": ("Times", "B", 14.0),
    "small": ("Times", "", 10.0),
    "sans": ("Helvetica", "", 11.0),
    "sans_bold": ("Helvetica", "B", 11.0),
    "furniture": ("Helvetica", "", 9.0),
    "heading_small": ("Helvetica", "B", 9.0),  # long headings that must fit on one line
}
BREAK = "\n"  # a segment of exactly this text forces a line break


@dataclass(frozen=True)
class Seg:
    text: str
    font: str = "body"


@dataclass
class Para:
    """A paragraph; ``space`` is the blank space before it, in lines (0: none)."""

    segs: list[Seg]
    align: str = "L"  # L | C
    space: float = 1.0
    indent: float = 0.0
    keep_with_next: bool = False  # a heading: never the last line of a page
    page_break: bool = False


@dataclass
class Fixed:
    """Text drawn at fixed offsets from the block's top, in the given (draw) order."""

    draws: list[tuple[float, float, str, str]]  # (x, baseline offset, font, text)
    height: float
    space: float = 0.0


Draw = tuple[float, float, str, str]  # (x, baseline y from the page top, font, text)


@dataclass
class Document:
    blocks: list[Para | Fixed] = field(default_factory=list)
    # (page number, page count) -> what to draw in the margins of that page.
    furniture: Callable[[int, int], list[Draw]] | None = None
    encrypt: bool = False  # as DWC publishes: AES-128, empty user password, no copying

    def para(self, *segs: Seg | str, **options) -> None:
        self.blocks.append(Para([s if isinstance(s, Seg) else Seg(s) for s in segs], **options))

    def heading(self, text: str, align: str = "C", space: float = 1.0) -> None:
        self.para(Seg(text, "bold"), align=align, space=space, keep_with_next=True)

    def labelled(self, label: str, text: str, space: float = 1.0, label_font: str = "bold") -> None:
        """ "Label: text" with the label in bold, wrapping as one paragraph."""
        self.para(Seg(label, label_font), Seg(" " + text if text else ""), space=space)
