"""How to get text out of the real letters: speed and whether the header reads right.

Usage: python scripts/bench_extract.py [--letters 97] [--repeat 1]

Compares, on the same letters in one process, one core:
  stock        pdfminer.six high-level extract_text, default LAParams
  no-boxes     pdfminer.six extract_text with LAParams(boxes_flow=None)
  imrdb        imrdb's pdfminer device (glyph boxes only) + positional rows (the default)
  pdfium       imrdb's pypdfium2 extractor + the same positional rows
For each: pages/s, and the share of letters whose seven header fields the parser reads
right from that text (the header table is where text order goes wrong).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pdfminer.high_level import extract_text as pdfminer_text  # noqa: E402
from pdfminer.layout import LAParams  # noqa: E402

from imrdb.extract import extract_text  # noqa: E402
from imrdb.parse import ParseError, parse_letter  # noqa: E402

REAL = ROOT.parent / "shared" / "real-letters"
HEADER = (
    "case_number",
    "letter_date",
    "date_assigned",
    "application_received",
    "ur_decision_date",
    "date_of_injury",
    "priority",
)
logging.getLogger("pdfminer").setLevel(logging.ERROR)

EXTRACTORS = {
    "stock": lambda data: pdfminer_text(io.BytesIO(data)),
    "no-boxes": lambda data: pdfminer_text(io.BytesIO(data), laparams=LAParams(boxes_flow=None)),
    "imrdb": lambda data: extract_text(data, "pdfminer").text,
    "pdfium": lambda data: extract_text(data, "pdfium").text,
}


def header_right(text: str, truth: dict) -> bool:
    try:
        record = parse_letter(text).to_dict()
    except ParseError:
        return False
    return all(record[name] == truth[name] for name in HEADER)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=97)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    truths = [json.loads(line) for line in (REAL / "truth.jsonl").open()][: args.letters]
    datas = [(REAL / t["file"]).read_bytes() for t in truths]
    pages = sum(extract_text(d, "pdfium").pages for d in datas)
    print(f"{len(datas)} real letters, {pages} pages, {args.repeat} run(s) each, one core")
    print(f"{'extractor':<10}{'pages/s':>10}{'header right':>14}")
    for name, extract in EXTRACTORS.items():
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            texts = [extract(d) for d in datas]
            best = min(best, time.perf_counter() - start)
        right = sum(header_right(t, truth) for t, truth in zip(texts, truths, strict=True))
        print(f"{name:<10}{pages / best:>10.1f}{right / len(truths):>13.0%}")


if __name__ == "__main__":
    main()
