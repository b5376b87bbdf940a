"""``imrdb search`` and ``imrdb facets`` through the real CLI, on both engines: every output
format, paging, cases, synonyms, whole letters, and errors as one line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.db.engine import open_database, write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.record import Citation, Decision
from tests.support.samples import FACET_BLOCK, variant

ESI = Decision(
    ordinal=1,
    treatment="L5-S1 ESI",
    outcome="overturned",
    category="injections",
    citations=(Citation("reviewer", "ODG", "Low Back, Lumbar and Thoracic"),),
    rationale="Radiculopathy is documented on examination and imaging; the injection is supported.",
)
LATER = variant(
    FACET_BLOCK,
    case_number="CM15-0100001",
    letter_date=dt.date(2015, 3, 2),
    priority="expedited",
    final_determination="overturned",
    reviewer_specialty="Orthopedic Surgery",
    decisions=(ESI,),
)


@pytest.fixture
def db(db_url):
    engine = open_database(db_url)
    with write_transaction(engine) as conn:
        letter = "Final Determination Letter. The facet block request and Norco were reviewed."
        save.save_letter(conn, SourceDocument("a" * 64, "a.pdf", letter), FACET_BLOCK)
        save.save_letter(conn, SourceDocument("b" * 64, "b.pdf", "An ESI letter."), LATER)
    engine.dispose()
    return db_url


def _run(db, *args):
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_json_is_the_contract_shape_with_facets(db):
    result = _run(
        db, "search", "facet blocks", "--outcome", "upheld", "--facets", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == 1
    assert data["description"] == "decisions matching “facet blocks”, upheld"
    hit = data["hits"][0]
    assert {
        k: hit[k] for k in ("case_number", "ordinal", "outcome", "category", "letter_date")
    } == {
        "case_number": "CM14-0087654",
        "ordinal": 1,
        "outcome": "upheld",
        "category": "injections",
        "letter_date": "2014-07-25",
    }
    assert hit["matched_in"] == "treatment"
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "facet blocks"  # raw offsets into the snippet
    assert data["facets"]["outcome"] == {
        "values": [{"value": "upheld", "count": 1}],
        "truncated": False,
    }


def test_table_marks_matches_when_not_a_terminal(db):
    result = _run(db, "search", "norco")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 decision matching “norco”")
    assert "[Norco]" in result.output
    assert "CM14-0087654 #2" in result.output


def test_unquoted_exclusions_and_inline_filters(db):
    result = _run(db, "search", "facet", "OR", "esi", "-norco", "year:2015", "--format", "jsonl")
    assert [json.loads(line)["case_number"] for line in result.output.splitlines()] == [
        "CM15-0100001"
    ]


def test_csv_and_paging_newest_first(db):
    result = _run(
        db, "search", "--sort", "-date", "--limit", "2", "--offset", "1", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["case_number"], r["ordinal"]) for r in rows] == [
        ("CM14-0087654", "1"),
        ("CM14-0087654", "2"),
    ]


def test_by_case_collapses_hits(db):
    result = _run(db, "search", "guidelines OR injection", "--by", "case", "--format", "json")
    data = json.loads(result.output)
    assert data["total"] == 2
    # CM14's Norco cites "...Guidelines" (a title: second tier); CM15 says "injection" only
    # in its rationale (third tier), though it is newer.
    assert [(c["case_number"], c["matched_in"]) for c in data["cases"]] == [
        ("CM14-0087654", "citations"),
        ("CM15-0100001", "text"),
    ]
    assert [h["ordinal"] for h in data["cases"][0]["hits"]] == [1, 2]  # items in order


def test_expand_finds_synonyms(db):
    plain = json.loads(_run(db, "search", "epidural steroid injection", "--format", "json").output)
    expanded = json.loads(
        _run(db, "search", "epidural steroid injection", "--expand", "--format", "json").output
    )
    assert plain["total"] == 0
    assert [h["treatment"] for h in expanded["hits"]] == ["L5-S1 ESI"]
    assert expanded["description"].endswith("(and synonyms)")


def test_whole_letter_search(db):
    result = _run(db, "search", "final determination", "--in", "letter", "--format", "json")
    data = json.loads(result.output)
    assert [(h["case_number"], h["matched_in"]) for h in data["hits"]] == [
        ("CM14-0087654", "letter"),
        ("CM14-0087654", "letter"),
    ]
    assert data["hits"][0]["snippet_field"] == "letter"


def test_facets_command(db):
    result = _run(db, "facets", "--format", "json")
    data = json.loads(result.output)
    assert data["total"] == 3
    assert data["facets"]["priority"]["values"] == [
        {"value": "standard", "count": 2},
        {"value": "expedited", "count": 1},
    ]
    assert data["facets"]["specialty"]["values"][0] == {
        "value": "Pain Management",
        "count": 2,
    }
    table = _run(db, "facets", "--guideline", "ODG")
    assert "Guideline" in table.output and "ODG 2" in table.output
    rows = _run(db, "facets", "--format", "csv").output.splitlines()
    assert rows[0] == "facet,value,count" and "year,2015,1" in rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "--outcome", "maybe"], "unknown outcome 'maybe'"),
        (["search", "year:20x4"], "not a year"),
        (["search", "--since", "2014-02-30"], "not a date"),
        (["search", "facet", "--outcom", "upheld"], "no such option: --outcom"),
        (["search", "facet OR outcome:upheld"], "cannot be an OR operand"),
        (["facets", "category:banana"], "unknown category"),
    ],
)
def test_errors_are_one_line(db, args, message):
    result = _run(db, *args)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {result.output.strip()[7:]}"]
    assert message in result.output
