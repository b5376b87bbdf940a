"""A letter with one unreadable fact is kept, with the gap null and a parse warning stored,
listed by ``imrdb failures --warnings`` and counted in the ingest summary (both engines)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.extract import extract_text
from imrdb.parse import ParseError, parse_letter


def imrdb(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db_url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def real_text(real_letters) -> tuple[str, dict]:
    truth = json.loads((real_letters / "truth.jsonl").read_text("utf-8").splitlines()[0])
    pdf = real_letters / truth["file"]
    return extract_text(pdf.read_bytes(), "pdfium").text, truth


def _smudge_decision_date(text: str) -> str:
    smudged, n = re.subn(r"(Decision Date:\s*)\d{2}/\d{2}/\d{4}", r"\1(illegible)", text, count=1)
    assert n == 1
    return smudged


def test_an_unreadable_date_is_a_warning_not_a_failure(real_text):
    text, _ = real_text
    record = parse_letter(_smudge_decision_date(text))
    got = record.to_dict()
    assert got["letter_date"] is None
    assert {k: v for k, v in got.items() if k != "letter_date"} == {
        k: v
        for k, v in json.loads(json.dumps(parse_letter(text).to_dict())).items()
        if k != "letter_date"
    }
    assert [w.field for w in record.warnings] == ["letter_date"]
    assert "Decision Date" in record.warnings[0].reason
    assert parse_letter(text).warnings == ()
    assert "warnings" not in got  # the contract's JSON is unchanged


def test_a_letter_without_decisions_says_what_was_missing_and_where(real_text):
    text, _ = real_text
    cut = text[: text.index("IMR ISSUES, DECISIONS AND RATIONALES") + 40]
    with pytest.raises(ParseError) as refused:
        parse_letter(cut)
    assert "no decision" in refused.value.reason
    assert "characters" in refused.value.reason  # where the parser looked


def test_warnings_are_stored_listed_and_counted(db_url, real_text, tmp_path):
    text, truth = real_text
    (tmp_path / "smudged.txt").write_text(_smudge_decision_date(text), encoding="utf-8")
    (tmp_path / "clean.txt").write_text(text.replace(truth["case_number"], "CM16-0000001"))
    summary = json.loads(imrdb(db_url, "ingest", "--format", "json", str(tmp_path)))
    assert (summary["stored"], summary["failed"], summary["warned"]) == (2, 0, 1)
    shown = json.loads(imrdb(db_url, "show", truth["case_number"], "--format", "json"))
    assert shown["letter_date"] is None
    assert shown["decisions"] == truth["decisions"]
    assert shown["date_of_injury"] == truth["date_of_injury"]
    listed = json.loads(imrdb(db_url, "failures", "--warnings", "--format", "json"))
    assert [(w["path"].endswith("smudged.txt"), w["field"]) for w in listed] == [
        (True, "letter_date")
    ]
    assert listed[0]["case_number"] == truth["case_number"]
    table = imrdb(db_url, "failures", "--warnings")
    assert "letter_date" in table and table.strip().endswith("1 warning")
    assert imrdb(db_url, "failures").strip().endswith("0 failures")
    line = imrdb(db_url, "ingest", str(tmp_path / "smudged.txt"))
    assert "unchanged 1" in line
