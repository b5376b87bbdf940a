"""Generate synthetic IMR final determination letters (PDF) with their ground-truth records.

    python scripts/generate_letters.py OUT_DIR -n 400 --seed 1 [--layout L ...]

writes OUT_DIR/GEN-<layout>-<case>.pdf and OUT_DIR/truth.jsonl (one line per letter: the
case record, plus "file" and "layout"). The same seed always gives the same letters, byte for
byte. Library use: ``generate`` yields ``GeneratedLetter``s whose records are built at once
and whose PDFs only when asked (records alone run at thousands per second).
The text each layout writes is documented in docs/generated-layouts.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from imrdb.record import CaseRecord
from scripts.letters import (
    documents_reviewed,
    final_letter_2014,
    notice_2013,
    professional_review,
    published_2016,
    render,
)
from scripts.letters.doc import Document
from scripts.letters.records import LAYOUTS, LetterPlan, Rng, plan_letter

BUILDERS = {
    "notice_2013": notice_2013.build,
    "final_letter_2014": final_letter_2014.build,
    "documents_reviewed": documents_reviewed.build,
    "professional_review": professional_review.build,
    "published_2016": published_2016.build,
}
_PRESENTATION = 0x5EED  # mixed into the letter's seed for choices that change only the looks


@dataclass(frozen=True)
class GeneratedLetter:
    """One synthetic letter: its truth now, its PDF on demand."""

    plan: LetterPlan

    @property
    def record(self) -> CaseRecord:
        return self.plan.record

    @property
    def layout(self) -> str:
        return self.plan.layout

    @property
    def file_name(self) -> str:
        return f"GEN-{self.layout}-{self.record.case_number}.pdf"

    def document(self) -> Document:
        rng = Rng(self.plan.seed ^ _PRESENTATION)
        return BUILDERS[self.layout](self.plan, rng)

    def pdf_bytes(self) -> bytes:
        return render.pdf_bytes(self.document(), self.plan.seed)

    def truth(self) -> dict:
        """The truth.jsonl line: the contract record plus "file" and "layout"."""
        return {**self.record.to_dict(), "file": self.file_name, "layout": self.layout}


def _layouts(layouts: Sequence[str] | None) -> tuple[str, ...]:
    chosen = tuple(layouts) if layouts else LAYOUTS
    unknown = [name for name in chosen if name not in BUILDERS]
    if unknown or not chosen:
        raise ValueError(
            f"unknown layout(s): {', '.join(unknown)}; choose from {', '.join(LAYOUTS)}"
        )
    return chosen


def generate(
    n: int, seed: int = 0, layouts: Sequence[str] | None = None
) -> Iterator[GeneratedLetter]:
    """``n`` letters, the layouts taken in turn; letter i is the same for a seed whatever n is."""
    chosen = _layouts(layouts)
    for index in range(n):
        yield GeneratedLetter(plan_letter(chosen[index % len(chosen)], index, seed))


def write_corpus(
    out_dir: str | Path, n: int, seed: int = 0, layouts: Sequence[str] | None = None
) -> list[Path]:
    """Write ``n`` PDFs and truth.jsonl into ``out_dir``; returns the PDFs' paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth:
        for letter in generate(n, seed, layouts):
            path = out / letter.file_name
            path.write_bytes(letter.pdf_bytes())
            truth.write(json.dumps(letter.truth()) + "\n")
            paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder for the PDFs and truth.jsonl")
    parser.add_argument("-n", type=int, default=400, help="number of letters (default 400)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--layout", action="append", choices=LAYOUTS, help="only this layout (repeatable)"
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("-n must be 0 or more")
    paths = write_corpus(args.out_dir, args.n, args.seed, args.layout)
    print(f"wrote {len(paths)} letters and truth.jsonl to {args.out_dir}")
    return 0


__all__ = ["LAYOUTS", "GeneratedLetter", "generate", "main", "write_corpus"]

if __name__ == "__main__":
    raise SystemExit(main())
