"""The screenshots of docs/web.md: the search, case and guideline pages in Debian's headless
Chromium, over generated letters (never the real ones: their text stays out of the repo).

    python scripts/web_screenshots.py                      # writes docs/web-*.png
    python scripts/web_screenshots.py --db /tmp/shots.sqlite --decisions 5000 --out /tmp

Builds (or reuses) an SQLite file of ``--decisions`` generated decisions (the search
benchmark's letters), starts ``imrdb serve`` on 127.0.0.1 at a free port, and photographs:
a search narrowed by a guideline and a case outcome from the sidebar, the first hit's case
page arriving from that search, and the guideline page its first citation links to.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.bench_serve import _free_port, build, serve

CHROMIUM = "/usr/bin/chromium"
QUERY = 'facet OR "physical therapy"'


def shoot(base: str, out: Path) -> list[Path]:
    """The three screenshots of the server at ``base``, written into ``out``."""
    from playwright.sync_api import sync_playwright

    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(base + "/")
        page.get_by_label("Search the decisions").fill(QUERY)
        page.get_by_label("Search the decisions").press("Enter")
        page.wait_for_url(re.compile(r"q="))
        for facet in ("guideline_name", "case_outcome"):  # narrowed from the sidebar
            page.locator(f"section[data-facet={facet}] a").first.click()
            page.wait_for_url(re.compile(rf"{facet}="))
        shots.append(out / "web-search.png")
        page.screenshot(path=shots[-1], full_page=False)
        page.locator("a.case").first.click()
        page.wait_for_url(re.compile(r"/cases/"))
        page.evaluate("window.scrollTo(0, 0)")  # the header facts, not the item's anchor
        shots.append(out / "web-case.png")
        page.screenshot(path=shots[-1], full_page=False)
        page.locator("a.guideline").first.click()
        page.wait_for_url(re.compile(r"/guidelines/\d+"))
        shots.append(out / "web-guideline.png")
        page.screenshot(path=shots[-1], full_page=False)
        browser.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLite file to build or reuse (default: a temporary one)")
    parser.add_argument("--decisions", type=int, default=3000, help="generated decisions")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or f"sqlite:///{Path(folder) / 'shots.sqlite'}"
        if "://" not in db:
            db = f"sqlite:///{Path(db).resolve()}"
        build(db, args.decisions)
        port = _free_port()
        child = serve(db, port, cache=0)
        try:
            for path in shoot(f"http://127.0.0.1:{port}", args.out):
                print(path)
        finally:
            child.terminate()
            child.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
