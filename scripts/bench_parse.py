"""Parsing alone (text already extracted), one core: letters per second.

Usage: python scripts/bench_parse.py [--seconds 5] [--generated 400]

Texts: the real letters in ../shared/real-letters (extracted once with pdfium, outside the
timing) and, when the generator is importable, generated letters of every layout, plain and
with ``--variants``. Each set is parsed repeatedly for ``--seconds``; the figures are letters
per second of wall time and per CPU second of this process (the one a busy machine does not
distort).
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


def generated_texts(n: int, variants: bool = False) -> list[str]:
    try:
        from scripts.generate_letters import generate
    except ImportError:
        return []
    return [
        g.text() if g.is_text else extract_text(g.pdf_bytes(), "pdfium").text
        for g in generate(n, seed=7, variants=variants)
    ]


def rate(texts: list[str], seconds: float) -> tuple[float, float, float]:
    """(median, min) letters/s of wall time over 1-second rounds, and the median letters per
    CPU second of this process (what a loaded machine does not distort)."""
    for text in texts:  # warm caches (compiled patterns, stems)
        parse_letter(text)
    rounds, cpu_rounds = [], []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start, cpu, n = time.perf_counter(), time.process_time(), 0
        while time.perf_counter() - start < 1.0:
            for text in texts:
                parse_letter(text)
            n += len(texts)
        rounds.append(n / (time.perf_counter() - start))
        cpu_rounds.append(n / max(time.process_time() - cpu, 1e-9))
    return statistics.median(rounds), min(rounds), statistics.median(cpu_rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--generated", type=int, default=400)
    args = parser.parse_args()
    sets = {
        "real letters": real_texts(),
        "generated letters": generated_texts(args.generated),
        "variant letters": generated_texts(args.generated, variants=True),
    }
    print(f"{'set':<20}{'letters':>8}{'median/s':>12}{'min/s':>10}{'per CPU s':>12}")
    for name, texts in sets.items():
        if texts:
            median, low, cpu = rate(texts, args.seconds)
            print(f"{name:<20}{len(texts):>8}{median:>12.0f}{low:>10.0f}{cpu:>12.0f}")


if __name__ == "__main__":
    main()
