"""Generate synthetic IMR final determination letters (PDF) with their ground-truth records.

    python scripts/generate_letters.py OUT_DIR -n 400 --seed 1 [--layout L ...] [--variants]

writes OUT_DIR/GEN-<layout>-<case>.pdf and OUT_DIR/truth.jsonl (one line per letter: the
case record, plus "file" and "layout"). With ``--variants`` each letter carries named
variations drawn independently (``scripts/letters/variations.py``), its truth line lists them
under "variations", and a letter with Windows line endings is written as a .txt file.
The same seed always gives the same letters, byte for byte. Library use: ``generate``
yields ``GeneratedLetter``s whose records are built at once and whose PDFs only when asked
(records alone run at thousands per second).
The text each layout writes is documented in docs/generated-layouts.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
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
    variant_doc,
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
_VARIANTS = 0x7A21  # mixed into the letter's seed for the variations drawn


@dataclass(frozen=True)
class GeneratedLetter:
    """One synthetic letter: its truth now, its PDF on demand. With ``variants`` the letter
    carries variations (``scripts/letters/variations.py``) drawn for it, and its truth lists
    them; a letter with Windows line endings is written as a text file."""

    plan: LetterPlan
    variants: bool = False

    @cached_property
    def _varied(self) -> variant_doc.Varied:
        document = BUILDERS[self.layout](self.plan, Rng(self.plan.seed ^ _PRESENTATION))
        return variant_doc.vary(self.plan, document, Rng(self.plan.seed ^ _VARIANTS))

    @property
    def record(self) -> CaseRecord:
        return self._varied.record if self.variants else self.plan.record

    @property
    def layout(self) -> str:
        return self.plan.layout

    @property
    def is_text(self) -> bool:
        return self.variants and self._varied.crlf

    @property
    def file_name(self) -> str:
        suffix = "txt" if self.is_text else "pdf"
        return f"GEN-{self.layout}-{self.record.case_number}.{suffix}"

    def document(self) -> Document:
        if self.variants:
            return self._varied.document
        return BUILDERS[self.layout](self.plan, Rng(self.plan.seed ^ _PRESENTATION))

    def pdf_bytes(self) -> bytes:
        return render.pdf_bytes(self.document(), self.plan.seed)

    def text(self) -> str:
        """The letter as a text file (Windows line endings when it carries ``crlf``)."""
        text = render.plain_text(self.document())
        return text.replace("\n", "\r\n") if self.is_text else text

    def file_bytes(self) -> bytes:
        return self.text().encode("utf-8") if self.is_text else self.pdf_bytes()

    def truth(self) -> dict:
        """The truth.jsonl line: the contract record plus "file" and "layout" (and, with
        variants, "variations": the names of those applied)."""
        line = {**self.record.to_dict(), "file": self.file_name, "layout": self.layout}
        if self.variants:
            line["variations"] = self._varied.applied
        return line


def _layouts(layouts: Sequence[str] | None) -> tuple[str, ...]:
    chosen = tuple(layouts) if layouts else LAYOUTS
    unknown = [name for name in chosen if name not in BUILDERS]
    if unknown or not chosen:
        raise ValueError(
            f"unknown layout(s): {', '.join(unknown)}; choose from {', '.join(LAYOUTS)}"
        )
    return chosen


def generate(
    n: int, seed: int = 0, layouts: Sequence[str] | None = None, variants: bool = False
) -> Iterator[GeneratedLetter]:
    """``n`` letters, the layouts taken in turn; letter i is the same for a seed whatever n is."""
    chosen = _layouts(layouts)
    for index in range(n):
        yield GeneratedLetter(plan_letter(chosen[index % len(chosen)], index, seed), variants)


def write_corpus(
    out_dir: str | Path,
    n: int,
    seed: int = 0,
    layouts: Sequence[str] | None = None,
    variants: bool = False,
) -> list[Path]:
    """Write ``n`` letters (PDFs; with variants some text files) and truth.jsonl into
    ``out_dir``; returns the letters' paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth:
        for letter in generate(n, seed, layouts, variants):
            path = out / letter.file_name
            path.write_bytes(letter.file_bytes())
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
    parser.add_argument(
        "--variants",
        action="store_true",
        help="letters carrying named variations (wording, labels, layouts of items and header, "
        "dates, furniture, hyphens, CRLF); truth.jsonl lists each letter's",
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("-n must be 0 or more")
    paths = write_corpus(args.out_dir, args.n, args.seed, args.layout, args.variants)
    print(f"wrote {len(paths)} letters and truth.jsonl to {args.out_dir}")
    return 0


__all__ = ["LAYOUTS", "GeneratedLetter", "generate", "main", "write_corpus"]

if __name__ == "__main__":
    raise SystemExit(main())
