"""Export and report take search's QUERY and filters and select exactly what search finds;
the report's heading is search's own sentence for the selection."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from tests.support.cli import run
from tests.support.export_corpus import store_corpus

# Each row: a query and filters as a user types them (one per kind of selection).
SELECTIONS = [
    # filters alone
    ["--outcome", "upheld"],
    ["--guideline", "ODG", "--year", "2014"],
    ["--category", "injections", "--category", "surgery"],
    ["--cited-by", "reviewer", "--guideline", "MTUS", "--outcome", "overturned"],
    # text, alone and with filters and inline fields
    ["therapy"],
    ["physical therapy", "--priority", "standard"],
    ["mri", "outcome:overturned"],
    ["injection", "-epidural"],
]


def searched(db_url: str, args: list[str]) -> dict:
    """What `imrdb search` finds for ``args``: total, the (case, ordinal) pairs, its words."""
    result = run(db_url, "search", *args, "--format", "json", "--limit", "1000")
    found = json.loads(result.output)
    assert found["total"] == len(found["hits"]), "corpus larger than one page"
    return {
        "pairs": sorted((h["case_number"], h["ordinal"]) for h in found["hits"]),
        "description": found["description"],
    }


@pytest.mark.parametrize("args", SELECTIONS)
def test_export_and_report_select_what_search_finds(db_url, args):
    records = store_corpus(db_url)
    found = searched(db_url, args)
    assert found["pairs"], f"{args} finds nothing in the corpus: choose another example"
    assert len(found["pairs"]) < sum(len(r.decisions) for r in records)

    rows = list(csv.DictReader(io.StringIO(run(db_url, "export", *args, "--format", "csv").output)))
    assert sorted((r["case_number"], int(r["ordinal"])) for r in rows) == found["pairs"]

    cases = [json.loads(line) for line in run(db_url, "export", *args).output.splitlines()]
    wanted = sorted({number for number, _ in found["pairs"]})
    assert [c["case_number"] for c in cases] == wanted
    by_number = {r.case_number: r.to_dict(diagnoses=True) for r in records}
    assert cases == [by_number[n] for n in wanted]  # whole letters, as show prints them

    report = json.loads(run(db_url, "report", *args, "--by", "category", "--format", "json").output)
    assert report["query"] == found["description"]
    assert report["totals"]["decisions"] == len(found["pairs"])
    assert report["totals"]["cases"] == len(wanted)


def test_citations_table_follows_the_selection(db_url):
    store_corpus(db_url)
    args = ["--guideline", "ODG"]
    found = set(searched(db_url, args)["pairs"])
    output = run(db_url, "export", *args, "--format", "csv", "--table", "citations").output
    rows = list(csv.DictReader(io.StringIO(output)))
    assert {(r["case_number"], int(r["ordinal"])) for r in rows} == found
    # every cited guideline of a selected decision is there, not only the ODG ones
    assert {r["source"] for r in rows} > {"ODG"}


def test_the_html_report_is_headed_by_the_search_in_words(sqlite_url):
    store_corpus(sqlite_url)
    args = ["--outcome", "upheld", "--guideline", "ODG"]
    words = searched(sqlite_url, args)["description"]
    assert words == "decisions upheld, citing ODG"
    page = run(sqlite_url, "report", *args, "--by", "year", "--format", "html").output
    assert f"Made from: <q>{words}</q>" in page
    markdown = run(sqlite_url, "report", *args, "--by", "year", "--format", "markdown").output
    assert "\nDecisions upheld, citing ODG. " in markdown


def test_same_selection_same_bytes_on_both_engines(sqlite_url, pg_url):
    store_corpus(sqlite_url)
    store_corpus(pg_url)
    for args in SELECTIONS:
        for command in (
            ["export", "--format", "csv"],
            ["export", "--format", "jsonl"],
            ["report", "--by", "guideline", "--by", "year", "--format", "json"],
        ):
            on_sqlite = run(sqlite_url, *command, *args).output
            assert on_sqlite == run(pg_url, *command, *args).output, (command, args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--outcome", "maybe"], "unknown outcome 'maybe'"),
        (["--year", "14"], "not a year"),
    ],
)
@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["report", "--by", "year"]])
def test_a_bad_query_is_a_one_line_error(sqlite_url, command, args, message):
    result = CliRunner().invoke(cli, ["--db", sqlite_url, *command, *args])
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: ") and message in line
