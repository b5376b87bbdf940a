"""``imrdb show`` on both engines: the reporter's layout of a case, case numbers as people
type them, and a missing case named with its closest neighbours."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.db.engine import open_database, write_transaction
from imrdb.db.store import SourceDocument
from imrdb.ingest import save
from imrdb.present.case_view import case_number
from imrdb.record import Diagnosis
from tests.support.samples import FACET_BLOCK, variant


@pytest.fixture
def db(db_url):
    engine = open_database(db_url)
    with write_transaction(engine) as conn:
        save.save_letter(conn, SourceDocument("c" * 64, "c.pdf", "text"), FACET_BLOCK)
    engine.dispose()
    return db_url


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("CM14-0087654", "CM14-0087654"),
        ("cm14-0087654", "CM14-0087654"),
        (" cm14 0087654 ", "CM14-0087654"),
        ("14-0087654", "CM14-0087654"),
        ("CM140087654", "CM14-0087654"),
        ("something else", "SOMETHING ELSE"),
    ],
)
def test_case_numbers_as_typed(typed, number):
    assert case_number(typed) == number


def test_the_case_as_a_reporter_prints_it(db):
    result = CliRunner().invoke(cli, ["--db", db, "show", "14-0087654"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "IMR Case No. CM14-0087654 (Cal. DWC Indep. Med. Rev. July 25, 2014)"
    text = result.output
    assert "Determination" in text and "UPHELD" in text
    assert "2. Norco 10/325mg #27  [pharmaceuticals]  OVERTURNED" in text
    assert "Original request: Norco 10/325mg #120" in text
    assert "Authorized by the claims administrator: Norco 10/325mg #93" in text
    norco = text[text.index("2. Norco") :]
    assert "Claims administrator cited: no guideline" in norco
    assert "Expert reviewer cited:" in norco and "MTUS: Chronic Pain" in norco
    assert "Rationale:" in norco and "functional improvement" in norco


def test_json_is_the_contract_record(db):
    result = CliRunner().invoke(cli, ["--db", db, "show", "cm14-0087654", "--format", "json"])
    shown = json.loads(result.output)
    assert shown == FACET_BLOCK.to_dict(diagnoses=True)
    assert shown["diagnoses"] == []  # the contract's record, extended


def test_json_carries_the_stored_diagnoses(db_url):
    stated = (
        Diagnosis("Lumbar radiculopathy", "lumbar"),
        Diagnosis("chronic pain syndrome", None),
    )
    engine = open_database(db_url)
    with write_transaction(engine) as conn:
        record = variant(FACET_BLOCK, diagnoses=stated)
        save.save_letter(conn, SourceDocument("d" * 64, "d.pdf", "text"), record)
    engine.dispose()
    for fmt in ("json", "jsonl"):
        result = CliRunner().invoke(cli, ["--db", db_url, "show", "CM14-0087654", "--format", fmt])
        assert json.loads(result.output)["diagnoses"] == [
            {"text": "Lumbar radiculopathy", "body_region": "lumbar"},
            {"text": "chronic pain syndrome", "body_region": None},
        ]
    exported = CliRunner().invoke(cli, ["--db", db_url, "export", "--format", "jsonl"])
    assert [json.loads(line)["diagnoses"] for line in exported.output.splitlines()] == [
        [d.to_dict() for d in stated]
    ]


def test_a_missing_case_names_the_closest(db):
    result = CliRunner().invoke(cli, ["--db", db, "show", "CM14-0087999"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: no case CM14-0087999 in this database; closest: CM14-0087654"
    )
