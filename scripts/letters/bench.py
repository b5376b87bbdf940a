"""How fast the generator is: records per second (what the search benchmark needs) and PDFs.

    python -m scripts.letters.bench [--records 20000] [--pdfs 200] [--seed 0]

Prints CPU-time rates (steady on a shared machine) and wall-clock rates.
"""

from __future__ import annotations

import argparse
import time

from scripts.generate_letters import LAYOUTS, generate


def _rate(count: int, started: tuple[float, float]) -> str:
    cpu, wall = time.process_time() - started[0], time.perf_counter() - started[1]
    return f"{count / cpu:,.0f}/s CPU, {count / wall:,.0f}/s wall"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--pdfs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    started = time.process_time(), time.perf_counter()
    decisions = sum(len(letter.record.decisions) for letter in generate(args.records, args.seed))
    rate = _rate(args.records, started)
    print(f"records: {args.records:,} letters ({decisions:,} decisions): {rate}")

    for layout in LAYOUTS:
        letters = list(generate(max(1, args.pdfs // len(LAYOUTS)), args.seed, [layout]))
        started = time.process_time(), time.perf_counter()
        size = sum(len(letter.pdf_bytes()) for letter in letters)
        print(
            f"PDFs {layout:20s}: {_rate(len(letters), started)}, "
            f"{size / len(letters) / 1024:.1f} KiB each"
        )


if __name__ == "__main__":
    main()
