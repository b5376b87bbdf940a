"""The HTML report in a real browser: headless Chromium, offline, renders its tables and
draws its charts (the bars' colours are in the screenshot's pixels).

Chromium comes from Debian's packages, which ``.ci/run`` installs; no test installs anything.
Without it the test skips with the reason, unless ``CI`` or ``IMRDB_REQUIRE_BROWSER=1`` is
set, which makes that a failure.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from imrdb.report.html import OVERTURNED_COLOR, UPHELD_COLOR
from tests.support.cli import run
from tests.support.export_corpus import store_corpus
from tests.support.paths import required

BROWSER_TIMEOUT = 120
OFFLINE_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        reason = "chromium is not installed (.ci/run installs it: apt-get install chromium)"
        if required("CI") or required("IMRDB_REQUIRE_BROWSER"):
            pytest.fail(f"CI/IMRDB_REQUIRE_BROWSER set but {reason}")
        pytest.skip(reason)
    return found


def _browse(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium, *OFFLINE_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        timeout=BROWSER_TIMEOUT,
    )


def _pixels_of(image: Image.Image, hex_color: str) -> int:
    target = tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        count
        for count, color in image.convert("RGB").getcolors(maxcolors=1 << 24)
        if color == target
    )


def test_html_report_renders_in_headless_chromium(chromium, sqlite_url, tmp_path):
    store_corpus(sqlite_url)
    page = tmp_path / "report.html"
    run(sqlite_url, "report", "--template", "dwc-annual", "--format", "html", "-o", str(page))
    expected = run(sqlite_url, "report", "--template", "dwc-annual", "--format", "json").output

    dom = _browse(chromium, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    html = dom.stdout.decode()
    tables = re.findall(r'<table class="report".*?</table>', html, re.S)
    assert len(tables) == 3
    report = json.loads(expected)
    for table, data in zip(tables, report["tables"], strict=True):
        assert table.count("<tr>") == 1 + len(data["rows"]) + 1  # heading, groups, total
        first = data["rows"][0][data["by"][0]]
        assert f"<td>{first}</td>" in table
    assert html.count("<svg") == 3
    assert html.count('<g class="bar">') == sum(len(t["rows"]) for t in report["tables"])

    shot = tmp_path / "report.png"
    done = _browse(
        chromium,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1200,2000",
        page.as_uri(),
    )
    assert done.returncode == 0 and shot.exists(), done.stderr.decode(errors="replace")[-2000:]
    with Image.open(shot) as image:
        assert image.size == (1200, 2000)
        # The first chart's bars are on screen: both colours fill a good many pixels.
        assert _pixels_of(image, UPHELD_COLOR) > 5000
        assert _pixels_of(image, OVERTURNED_COLOR) > 2000
