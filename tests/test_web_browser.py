"""The web face in a real headless Chromium against a real server, on SQLite and
PostgreSQL: a visitor types a query, narrows it with a facet and widens it again, opens a
case, follows a guideline link, and downloads the selection as CSV, which must be the bytes
``imrdb export`` writes for the same query and filters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.db.engine import open_database
from tests.support import search_corpus
from tests.support.web import browser_page, require_browser, running_server

LETTERS, SEED = 150, 11


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    """(database URL, base URL of a running server) with a small corpus, per engine."""
    require_browser()
    letters = search_corpus.corpus(LETTERS, SEED)
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite'}"
        engine = open_database(url)
        search_corpus.load(engine, letters)
        engine.dispose()
        with running_server(url) as base:
            yield url, base
        return
    with search_corpus.pg_database() as url:
        engine = open_database(url)
        search_corpus.load(engine, letters)
        engine.dispose()
        with running_server(url) as base:
            yield url, base


def _count(page) -> int:
    return int(page.inner_text("#count").replace(",", ""))


def test_a_visitor_searches_narrows_opens_a_case_and_follows_a_guideline(served):
    _url, base = served
    with browser_page() as page:
        page.goto(base + "/")
        page.keyboard.press("Tab")  # the first stop is the skip link, for keyboard users
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.get_by_label("Search the decisions").fill("therapy")
        page.get_by_label("Search the decisions").press("Enter")
        page.wait_for_url(re.compile(r"q=therapy"))
        everything = _count(page)
        assert everything > 0

        upheld = page.locator("section[data-facet=outcome] a", has_text="upheld").first
        shown = int(upheld.locator("xpath=following-sibling::span").inner_text().replace(",", ""))
        upheld.click()
        page.wait_for_url(re.compile(r"outcome=upheld"))
        assert _count(page) == shown < everything  # the count changed to the facet's

        page.locator("section[data-facet=outcome] a.selected").click()  # again: removed
        page.wait_for_url(lambda url: "outcome=" not in url)
        assert _count(page) == everything
        page.go_back()  # every state is a URL: back is the narrowed search again
        page.wait_for_url(re.compile(r"outcome=upheld"))
        assert _count(page) == shown

        first = page.locator("a.case").first
        number = first.inner_text().split(" ")[0]
        first.click()
        page.wait_for_url(re.compile(rf"/cases/{number}"))
        assert page.locator("h1").inner_text() == number
        assert page.locator("#citation").input_value().startswith(f"IMR Case No. {number}")
        assert page.locator(".item mark").count() > 0  # the search's words, highlighted

        link = page.locator("a.guideline").first
        source = link.inner_text().split(": ", 1)[0]
        link.click()
        page.wait_for_url(re.compile(r"/guidelines/\d+"))
        assert page.locator(".kicker").inner_text() == f"GUIDELINE · {source}"
        assert page.locator(".cited-by a", has_text=number).count() >= 1
        assert "upheld in" in page.locator(".summary").inner_text()


def _facet_count(link) -> int:
    return int(link.locator("xpath=following-sibling::span").inner_text().replace(",", ""))


def test_guideline_and_case_outcome_facets_narrow_and_widen_without_javascript(served):
    """The sidebar's guideline (a catalog name) and case outcome (a label, chosen by its
    code): each click narrows to the count shown, both stay in the URL, a second click on
    either removes just it; the browser runs no script."""
    _url, base = served
    with browser_page(javascript=False) as page:
        page.goto(base + "/?q=therapy")
        everything = _count(page)
        titles = page.locator("aside.facets h3").all_inner_texts()
        order = [t.lower() for t in titles]
        assert order.index("guideline source") < order.index("guideline")
        assert order.index("subcategory") < order.index("guideline source")
        assert "case outcome" in order

        guideline = page.locator("section[data-facet=guideline_name] a").first
        name, shown = guideline.inner_text(), _facet_count(guideline)
        guideline.click()
        page.wait_for_url(re.compile(r"guideline_name="))
        assert _count(page) == shown <= everything
        assert name in page.locator(".description").inner_text()

        partly = page.locator("section[data-facet=case_outcome] a", has_text="Partially")
        narrower = _facet_count(partly)
        partly.click()
        page.wait_for_url(re.compile(r"case_outcome=partially_overturned"))
        assert _count(page) == narrower <= shown
        assert "guideline_name=" in page.url  # both choices are the URL
        chips = page.locator(".chips a").all_inner_texts()
        assert any(c.startswith("Case outcome: Partially overturned") for c in chips)

        page.locator("section[data-facet=guideline_name] a.selected").click()
        page.wait_for_url(lambda url: "guideline_name=" not in url)
        assert "case_outcome=partially_overturned" in page.url
        page.locator("section[data-facet=case_outcome] a.selected").click()
        page.wait_for_url(lambda url: "case_outcome=" not in url)
        assert _count(page) == everything


def test_the_downloaded_csv_is_what_imrdb_export_writes(served, tmp_path: Path):
    url, base = served
    with browser_page() as page:
        page.goto(base + "/?q=therapy&category=physical_medicine")
        with page.expect_download() as download:
            page.get_by_role("link", name="CSV", exact=True).click()
        got = Path(download.value.path()).read_bytes()
    expected = tmp_path / "export.csv"
    args = ["export", "therapy", "--category", "physical_medicine", "--format", "csv"]
    result = CliRunner().invoke(cli, ["--db", url, *args, "-o", str(expected)])
    assert result.exit_code == 0, result.output
    assert got == expected.read_bytes()
    assert got.count(b"\n") > 1  # a header and rows
