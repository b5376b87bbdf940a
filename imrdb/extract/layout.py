"""Positioned text runs -> page text in reading order, the same way for every extractor.

Runs (a glyph from pdfminer.six, a text segment from pdfium) are grouped into visual rows by
their vertical centres and read left to right, so a two-column header table reads as
"Date Assigned: 11/09/2016 Date of Injury: 10/13/2016" whatever order the PDF's content
stream drew it in. Rows are joined by newlines, with a blank line where the vertical gap
says a paragraph ended; whitespace inside a row is collapsed to single spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

# A gap wider than this fraction of the row's height between two runs reads as a space.
SPACE_GAP = 0.25
# A distance between row centres above this multiple of the page's usual line pitch is a
# paragraph break (pitch, not glyph height: extractors measure glyph boxes differently).
PARAGRAPH_GAP = 1.4


@dataclass(frozen=True, slots=True)
class Run:
    x0: float
    y0: float  # bottom (PDF coordinates: y grows upwards)
    x1: float
    y1: float
    text: str

    @property
    def center(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class _Row:
    y0: float
    y1: float
    runs: list[Run]

    def takes(self, run: Run) -> bool:
        center = run.center
        return self.y0 <= center <= self.y1 or run.y0 <= (self.y0 + self.y1) / 2 <= run.y1


def rows(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into rows, top to bottom, each row left to right."""
    out: list[_Row] = []
    for run in sorted(runs, key=lambda r: -r.center):
        if out and out[-1].takes(run):
            row = out[-1]
            row.runs.append(run)
            row.y0, row.y1 = min(row.y0, run.y0), max(row.y1, run.y1)
        else:
            out.append(_Row(run.y0, run.y1, [run]))
    return [sorted(row.runs, key=lambda r: r.x0) for row in out]


def row_text(row: list[Run]) -> str:
    height = max(r.y1 - r.y0 for r in row) or 1.0
    parts: list[str] = []
    previous: Run | None = None
    for run in row:
        if (
            previous is not None
            and run.x0 - previous.x1 > SPACE_GAP * height
            and not previous.text[-1:].isspace()
            and not run.text[:1].isspace()
        ):
            parts.append(" ")
        parts.append(run.text)
        previous = run
    return " ".join("".join(parts).split())


def page_text(runs: list[Run]) -> str:
    """One page's text in reading order."""
    texts, centers = [], []
    for row in rows([r for r in runs if r.text]):
        text = row_text(row)
        if text:
            texts.append(text)
            centers.append(sum(r.center for r in row) / len(row))
    pitches = sorted(a - b for a, b in pairwise(centers))
    pitch = pitches[len(pitches) // 2] if pitches else 0.0
    lines: list[str] = []
    for i, text in enumerate(texts):
        if i and centers[i - 1] - centers[i] > PARAGRAPH_GAP * pitch:
            lines.append("")
        lines.append(text)
    return "\n".join(lines)
