"""Parsing alone (text already extracted), one core: letters per second.

Usage: python scripts/bench_parse.py [--seconds 5] [--generated 400]

Texts: the real letters in ../shared/real-letters (extracted once with pdfium, outside the
timing) and, when the generator is importable, generated letters of every layout. Each set
is parsed repeatedly for ``--seconds``; the figure is letters per second of wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from imrdb.extract import extract_text  # noqa: E402
from imrdb.parse import parse_letter  # noqa: E402

REAL = ROOT.parent / "shared" / "real-letters"


def real_texts() -> list[str]:
    return [extract_text(p.read_bytes(), "pdfium").text for p in sorted(REAL.glob("*.pdf"))]


def generated_texts(n: int) -> list[str]:
    try:
        from scripts.generate_letters import generate
    except ImportError:
        return []
    return [extract_text(g.pdf_bytes(), "pdfium").text for g in generate(n, seed=7)]


def rate(texts: list[str], seconds: float) -> tuple[float, float]:
    """(median, min) letters/s over 1-second rounds."""
    for text in texts:  # warm caches (compiled patterns, stems)
        parse_letter(text)
    rounds = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start, n = time.perf_counter(), 0
        while time.perf_counter() - start < 1.0:
            for text in texts:
                parse_letter(text)
            n += len(texts)
        rounds.append(n / (time.perf_counter() - start))
    return statistics.median(rounds), min(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--generated", type=int, default=400)
    args = parser.parse_args()
    sets = {"real letters": real_texts(), "generated letters": generated_texts(args.generated)}
    print(f"{'set':<20}{'letters':>8}{'median/s':>12}{'min/s':>10}")
    for name, texts in sets.items():
        if texts:
            median, low = rate(texts, args.seconds)
            print(f"{name:<20}{len(texts):>8}{median:>12.0f}{low:>10.0f}")


if __name__ == "__main__":
    main()
