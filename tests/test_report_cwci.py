"""``imrdb report --template cwci`` on generated letters: every table, the same JSON from
both engines, and its shares, rates and day counts equal to a direct count of the records."""

from __future__ import annotations

import hashlib
import json
import math
import re
import statistics
from collections import Counter
from urllib.parse import parse_qsl

import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.db.engine import open_database, write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.report.cwci import percentile
from imrdb.vocab import guidelines, labels
from imrdb.vocab.treatments import classify
from scripts.generate_letters import generate

LETTERS, SEED = 150, 21


def _records():
    return [g.record for g in generate(LETTERS, SEED)]


def _store(url: str) -> None:
    letters = [
        (SourceDocument(hashlib.sha256(f"cwci-{i}".encode()).hexdigest(), f"{i}.pdf", "x"), r)
        for i, r in enumerate(_records())
    ]
    engine = open_database(url)
    with write_transaction(engine) as conn:
        save.save_letters(conn, letters, parser_version="test")
    engine.dispose()


def _report(url: str, fmt: str = "json", *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["--db", url, "report", "--template", "cwci", "--format", fmt, *args]
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from tests.support.pg import fresh_pg_database

    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('cwci') / 'c.sqlite'}"
    _store(sqlite_url)
    with fresh_pg_database("imrdb_cwci") as pg_url:
        _store(pg_url)
        yield {"sqlite": sqlite_url, "postgresql": pg_url}


def test_both_engines_give_the_same_report(reports):
    for fmt in ("json", "markdown", "csv"):
        assert _report(reports["sqlite"], fmt) == _report(reports["postgresql"], fmt), fmt


def test_every_table_and_figure_is_there(reports):
    data = json.loads(_report(reports["sqlite"]))
    assert [t["by"] for t in data["tables"]] == [["category"], ["subcategory"], ["drug_class"]]
    assert [s["name"] for s in data["stats"]] == [
        "volume",
        "application_to_decision",
        "ur_to_application",
    ]
    assert [f["name"] for f in data["figures"]] == [
        "decisions_per_letter",
        "opioid_share",
        "compounded_share",
    ]
    subcategories = data["tables"][1]["rows"]
    opioids = next(r for r in subcategories if r.get("subcategory_code") == "opioids")
    assert opioids["subcategory"] == "Opioids"  # readable label, code kept beside it


def test_shares_and_rates_equal_a_direct_count(reports):
    records = _records()
    data = json.loads(_report(reports["postgresql"]))
    decisions = [(r, d, classify(d.treatment, d.category)) for r in records for d in r.decisions]
    pharma = [f for _, d, f in decisions if d.category == "pharmaceuticals"]
    figures = {f["name"]: f for f in data["figures"]}
    opioid = sum(f.drug_class == "opioids" for f in pharma)
    assert (figures["opioid_share"]["part"], figures["opioid_share"]["whole"]) == (
        opioid,
        len(pharma),
    )
    assert figures["opioid_share"]["value"] == round(100 * opioid / len(pharma), 1)
    compounded = sum(f.subcategory == "compounded_drugs" for f in pharma)
    assert figures["compounded_share"]["part"] == compounded
    assert figures["decisions_per_letter"]["value"] == round(len(decisions) / len(records), 2)
    for table, key in zip(data["tables"], ("category", "subcategory", "drug_class"), strict=True):
        upheld, total = Counter(), Counter()
        for _, d, f in decisions:
            code = d.category if key == "category" else getattr(f, key)
            label = labels.label(key, code) if code else "(none)"
            total[label] += 1
            upheld[label] += d.outcome == "upheld"
        rows = {r[key]: r for r in table["rows"]}
        assert {k: r["decisions"] for k, r in rows.items()} == dict(total)
        for label, row in rows.items():
            assert row["upheld"] == upheld[label]
            assert row["upheld_pct"] == round(100 * upheld[label] / total[label], 1)


def test_days_equal_a_direct_count(reports):
    records = _records()
    data = json.loads(_report(reports["sqlite"]))
    stats = {s["name"]: {r["period"]: r for r in s["rows"]} for s in data["stats"]}
    days = [
        (r.letter_date - r.application_received).days
        for r in records
        if r.letter_date and r.application_received
    ]
    total = stats["application_to_decision"]["Total"]
    assert (total["letters"], total["median_days"]) == (len(days), statistics.median(days))
    assert total["p90_days"] == sorted(days)[math.ceil(0.9 * len(days)) - 1]
    year = records[0].letter_date.year
    in_year = [r for r in records if r.letter_date and r.letter_date.year == year]
    volume = stats["volume"][str(year)]
    assert (volume["letters"], volume["decisions"]) == (
        len(in_year),
        sum(len(r.decisions) for r in in_year),
    )


def test_html_states_when_where_and_what(reports, tmp_path):
    page = _report(reports["sqlite"], "html", "category:pharmaceuticals")
    assert "Made 20" in page and "c.sqlite" in page
    assert "Opioid share of pharmaceutical decisions" in page
    assert "decisions on pharmaceuticals" in page.lower()
    assert "category:pharmaceuticals drug-class:opioids" in page


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [([], 90, None), ([5], 90, 5), (list(range(1, 11)), 90, 9), (list(range(1, 101)), 90, 90)],
)
def test_percentile_is_the_nearest_rank(values, p, expected):
    assert percentile(values, p) == expected


def test_guideline_by_source_counts_pairs_cited_together(reports):
    """A decision citing MTUS "A" and ODG "B" counts under (A, MTUS) and (B, ODG), never
    under (A, ODG): the two fields are crossed citation by citation."""
    crossed = ("--by", "guideline", "--by", "source", "--top", "0", "--format", "json")
    result = CliRunner().invoke(cli, ["--db", reports["sqlite"], "report", *crossed])
    table = json.loads(result.output)["tables"][0]
    got = {(r["guideline"], r["source"]): r["decisions"] for r in table["rows"]}
    expected: Counter = Counter()
    for record in _records():
        for d in record.decisions:
            pairs = {(guidelines.lookup(c.source, c.title)[0], c.source) for c in d.citations}
            expected.update(pairs or {("(none)", "(none)")})
    assert got == dict(expected)
    sources_of = {}
    for guideline, source in got:
        sources_of.setdefault(guideline, set()).add(source)
    assert all(len(s) == 1 for g, s in sources_of.items() if g != "(none)")


def test_two_fields_render_as_a_grid_in_html(reports):
    by = ("--by", "year", "--by", "category", "--format")
    page = CliRunner().invoke(cli, ["--db", reports["sqlite"], "report", *by, "html"]).output
    rows = json.loads(
        CliRunner().invoke(cli, ["--db", reports["sqlite"], "report", *by, "json"]).output
    )["tables"][0]["rows"]
    assert '<table class="heat" data-by="year,category">' in page and "<svg" not in page
    assert page.count('style="background: rgba(78, 121, 167,') == len(rows)  # a cell per group
    years = {r["year"] for r in rows}
    assert all(f"<tr><th>{y}</th>" in page for y in years)


def test_html_counts_link_to_the_search_that_finds_them(reports):
    """Each count of the HTML page opens the web face's search (its URL keys are the
    filters); that search finds exactly that many decisions."""
    url = reports["postgresql"]
    args = ("report", "category:pharmaceuticals", "--by", "drug_class", "--format", "html")
    page = CliRunner().invoke(cli, ["--db", url, *args]).output
    links = re.findall(r'<a href="/\?([^"]+)">([\d,]+)</a>', page)
    assert len(links) >= 5
    for params, count in links:
        pairs = parse_qsl(params.replace("&amp;", "&"))
        options = [
            value if name == "q" else f"--{name.replace('_', '-')}={value}" for name, value in pairs
        ]
        found = CliRunner().invoke(cli, ["--db", url, "search", *options, "--format", "json"])
        assert json.loads(found.output)["total"] == int(count.replace(",", "")), pairs
