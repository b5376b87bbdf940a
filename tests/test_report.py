"""imrdb report on a generated corpus: counts and rates per group agree with the records,
every format says the same, both engines give the same bytes."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.export.tables import quarter
from imrdb.record import CaseRecord, Decision
from imrdb.report import FORMATS, GROUPINGS, TEMPLATES, treatment_key
from imrdb.report.groupings import NONE, OTHER
from imrdb.vocab import guidelines, specialties
from imrdb.vocab import labels as vocab_labels
from imrdb.vocab.treatments import classify
from tests.support.cli import run
from tests.support.export_corpus import store_corpus


# What each grouping puts a decision under, computed from the record, not from the database.
def _facts(d: Decision, name: str) -> set[str]:
    """A taxonomy field of the decision, by its readable label (none: no value)."""
    code = getattr(classify(d.treatment, d.category), name)
    if code is None:
        return set()
    return {code} if name == "drug" else {vocab_labels.label(name, code)}


LABELS = {
    "category": lambda r, d: {vocab_labels.label("category", d.category)},
    "source": lambda r, d: {c.source for c in d.citations},
    "guideline": lambda r, d: {guidelines.lookup(c.source, c.title)[0] for c in d.citations},
    "specialty": lambda r, d: set(specialties.normalize(r.reviewer_specialty)),
    "year": lambda r, d: {str(r.letter_date.year)} if r.letter_date else set(),
    "quarter": lambda r, d: {quarter(r.letter_date)} if r.letter_date else set(),
    "priority": lambda r, d: {r.priority} if r.priority else set(),
    "treatment": lambda r, d: {treatment_key(d.treatment)},
    "subcategory": lambda r, d: _facts(d, "subcategory"),
    "drug_class": lambda r, d: _facts(d, "drug_class"),
    "body_region": lambda r, d: _facts(d, "body_region"),
    "drug": lambda r, d: _facts(d, "drug"),
    "case_outcome": lambda r, d: (
        {vocab_labels.label("case_outcome", r.final_determination)}
        if r.final_determination
        else set()
    ),
}


def labels(name: str, r: CaseRecord, d: Decision) -> set[str]:
    return LABELS[name](r, d) or {NONE}


def expected_counts(records: list[CaseRecord], names: list[str]) -> dict[tuple, Counter]:
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for r in records:
        for d in r.decisions:
            keys = [()]
            for name in names:
                keys = [(*k, v) for k in keys for v in labels(name, r, d)]
            for key in keys:
                counts[key]["decisions"] += 1
                counts[key][d.outcome] += 1
    return counts


def report_json(db_url: str, *args: str) -> dict:
    return json.loads(run(db_url, "report", *args, "--format", "json").output)


def measured(rows: list[dict], names: list[str]) -> dict[tuple, Counter]:
    return {
        tuple(row[n] for n in names): Counter(
            decisions=row["decisions"], upheld=row["upheld"], overturned=row["overturned"]
        )
        for row in rows
    }


def test_every_field_is_tested():
    assert set(LABELS) == set(GROUPINGS)


@pytest.mark.parametrize("name", list(GROUPINGS))
def test_counts_per_group_agree_with_the_records(db_url, name):
    records = store_corpus(db_url)
    report = report_json(db_url, "--by", name, "--top", "0")
    (table,) = report["tables"]
    rows = table["rows"]
    got = measured(rows, [name])
    assert got == {k: +v for k, v in expected_counts(records, [name]).items()}
    decisions = [d for r in records for d in r.decisions]
    upheld = sum(d.outcome == "upheld" for d in decisions)
    assert report["totals"] == {
        "cases": sum(1 for r in records if r.decisions),
        "decisions": len(decisions),
        "share_pct": 100.0,
        "upheld": upheld,
        "upheld_pct": round(100 * upheld / len(decisions), 1),
        "overturned": len(decisions) - upheld,
        "overturned_pct": round(100 * (len(decisions) - upheld) / len(decisions), 1),
    }
    assert table["total"]["decisions"] == len(decisions)
    for row in rows:
        assert row["upheld_pct"] == round(100 * row["upheld"] / row["decisions"], 1)
        assert row["share_pct"] == round(100 * row["decisions"] / len(decisions), 1)
    # Multi-valued fields may count a decision more than once; the others partition them.
    assert table["overlapping"] == GROUPINGS[name].multi
    if not GROUPINGS[name].multi:
        assert sum(row["decisions"] for row in rows) == len(decisions)


@pytest.mark.parametrize("name", list(GROUPINGS))
def test_rows_are_in_a_stable_order(sqlite_url, name):
    store_corpus(sqlite_url)
    values = [row[name] for row in report_json(sqlite_url, "--by", name)["tables"][0]["rows"]]
    named = [v for v in values if v not in (OTHER, NONE)]
    assert values == named + [v for v in (OTHER, NONE) if v in values]
    if GROUPINGS[name].order == "value":  # years and quarters in time order
        assert named == sorted(named)
    else:
        rows = report_json(sqlite_url, "--by", name)["tables"][0]["rows"]
        sizes = [row["decisions"] for row in rows if row[name] in named]
        assert sizes == sorted(sizes, reverse=True)


def test_top_n_keeps_the_largest_groups_and_sums_the_rest(db_url):
    records = store_corpus(db_url)
    full = expected_counts(records, ["treatment"])
    table = report_json(db_url, "--by", "treatment", "--top", "3")["tables"][0]
    assert table["top"] == 3
    named = [row for row in table["rows"] if row["treatment"] != OTHER]
    (other,) = [row for row in table["rows"] if row["treatment"] == OTHER]
    assert len(named) == 3
    assert min(r["decisions"] for r in named) >= max(
        c["decisions"] for (k,), c in full.items() if k not in {r["treatment"] for r in named}
    )
    assert other["decisions"] == table["total"]["decisions"] - sum(r["decisions"] for r in named)


def test_two_fields_give_a_cross_table(db_url):
    records = store_corpus(db_url)
    table = report_json(db_url, "--by", "year", "--by", "category")["tables"][0]
    assert (
        table["by"] == ["year", "category"] and table["title"] == "By year and treatment category"
    )
    assert measured(table["rows"], ["year", "category"]) == dict(
        expected_counts(records, ["year", "category"])
    )
    years = [row["year"] for row in table["rows"]]
    assert years == sorted(years)


def test_dwc_annual_template_has_the_three_tables_of_the_dwc_report(db_url):
    records = store_corpus(db_url)
    report = report_json(db_url, "--template", "dwc-annual", "--top", "0")
    assert report["title"] == TEMPLATES["dwc-annual"].title
    assert [t["by"] for t in report["tables"]] == [["category"], ["specialty"], ["year"]]
    for table, name in zip(report["tables"], ("category", "specialty", "year"), strict=True):
        assert measured(table["rows"], [name]) == dict(expected_counts(records, [name]))


def test_formats_say_the_same(db_url):
    store_corpus(db_url)
    args = ("--template", "dwc-annual")
    report = report_json(db_url, *args)
    rows = list(csv.DictReader(io.StringIO(run(db_url, "report", *args, "--format", "csv").output)))
    for table in report["tables"]:
        grouping = ",".join(table["by"])
        in_csv = [r for r in rows if r["grouping"] == grouping]
        assert [r["value"] for r in in_csv] == [row[table["by"][0]] for row in table["rows"]] + [
            "(all)"
        ]
        for r, row in zip(in_csv, [*table["rows"], table["total"]], strict=True):
            assert int(r["decisions"]) == row["decisions"]
            assert float(r["overturned_pct"]) == row["overturned_pct"]
    markdown = run(db_url, "report", *args, "--format", "markdown").output
    text = run(db_url, "report", *args).output
    for table in report["tables"]:
        assert f"## {table['title']}" in markdown
        assert table["title"] in text
        for row in table["rows"]:
            value = row[table["by"][0]]
            assert f"| {value} | {row['decisions']:,} |" in markdown
            assert value in text
    assert markdown.count("| **Total** |") == 3
    sentence = report["query"][0].upper() + report["query"][1:]  # "All decisions"
    assert f"{sentence}. " in markdown and f"{sentence}. " in text


def test_html_is_self_contained_with_a_chart_per_table(db_url):
    store_corpus(db_url)
    page = run(db_url, "report", "--template", "dwc-annual", "--format", "html").output
    assert page.startswith("<!DOCTYPE html>")
    for needs_network in ("<script", "<link", "<img", "url(", "@import", "https://"):
        assert needs_network not in page
    assert page.replace('xmlns="http://www.w3.org/2000/svg"', "").count("http://") == 0
    assert page.count("<svg") == 3 and page.count('<table class="report"') == 3
    assert "Made from: <q>all decisions</q>" in page


def test_report_written_to_a_file(sqlite_url, tmp_path):
    store_corpus(sqlite_url)
    target = tmp_path / "report.md"
    assert (
        run(sqlite_url, "report", "--by", "year", "--format", "markdown", "-o", str(target)).output
        == ""
    )
    assert target.read_text().startswith("# IMR decisions\n")


def test_an_empty_database_reports_zero_without_rates(db_url):
    run(db_url, "db", "upgrade")  # only ingest and db upgrade create a database
    report = report_json(db_url, "--by", "category")
    assert report["totals"]["decisions"] == 0 and report["totals"]["upheld_pct"] is None
    assert report["tables"][0]["rows"] == []
    assert "No decisions." in run(db_url, "report", "--by", "category", "--format", "html").output


def test_both_engines_give_the_same_report_bytes(sqlite_url, pg_url):
    store_corpus(sqlite_url)
    store_corpus(pg_url)
    for args in (
        ["--template", "dwc-annual"],
        ["--by", "guideline", "--by", "quarter"],
        ["--by", "treatment", "--top", "5"],
        ["--by", "source", "--by", "specialty"],
        ["--by", "priority"],
    ):
        for fmt in ("json", "csv", "markdown", "html"):
            on_sqlite = run(sqlite_url, "report", *args, "--format", fmt).output
            on_pg = run(pg_url, "report", *args, "--format", fmt).output
            assert _unmade(on_sqlite) == _unmade(on_pg), (args, fmt)


def _unmade(page: str) -> str:
    """A report without the line saying when and from which database it was made."""
    return "\n".join(line for line in page.splitlines() if 'class="made"' not in line)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --by FIELD"),
        (["--by", "year", "--template", "dwc-annual"], "not both"),
        (["--by", "year", "--by", "year"], "group by one or two different fields"),
        (["--by", "year", "--by", "category", "--by", "priority"], "one or two"),
        (["--by", "colour"], "Invalid value for '--by'"),
        (["--template", "nope"], "Invalid value for '--template'"),
        (["--by", "year", "--top", "-1"], "Invalid value for '--top'"),
    ],
)
def test_bad_options_are_one_line_errors(sqlite_url, args, message):
    run(sqlite_url, "db", "upgrade")
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "report", *args])
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("treatment", "key"),
    [
        # the same drug asked in other quantities is one treatment
        ("Norco 10/325mg #120", "norco 10/325mg"),
        ("Cyclobenzaprine 7.5mg #60", "cyclobenzaprine 7.5mg"),
        ("Tramadol ER 150mg qty: 30", "tramadol er 150mg"),
        # a course of visits, however many
        ("Physical therapy 2 x 6 for the lumbar spine", "physical therapy for the lumbar spine"),
        ("Acupuncture (12)", "acupuncture"),
        # context prefixes go (the category vocabulary's list), case and spacing do not count
        ("Associated surgical service:  Cold therapy unit", "cold therapy unit"),
        ("MRI of the  LUMBAR spine", "mri of the lumbar spine"),
        # nothing but an amount: keep the text rather than an empty key
        ("#60", "#60"),
    ],
)
def test_treatment_key(treatment, key):
    assert treatment_key(treatment) == key


def test_every_field_format_and_template_is_documented():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "export.md").read_text()
    for name in GROUPINGS:
        assert f"| `{name}` |" in docs, name
    for fmt in FORMATS:
        assert f"`{fmt}`" in docs, fmt
    for template in TEMPLATES:
        assert f"--template {template}" in docs, template
