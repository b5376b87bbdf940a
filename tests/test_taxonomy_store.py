"""The taxonomy and diagnoses stored with each letter, and filled for older databases by
``imrdb reparse``, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import delete, select, update

from imrdb.cli import cli
from imrdb.db import read
from imrdb.db.engine import open_database
from imrdb.db.models import case_diagnoses
from imrdb.db.models import decisions as decisions_t
from imrdb.vocab.treatments import classify
from tests.support.ingest_corpus import real_letter_files

COLUMNS = ("subcategory", "normalized", "drug", "drug_class", "brand", "strength", "quantity")


def _imrdb(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db_url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _stored(db_url: str) -> tuple[list[dict], list[tuple]]:
    engine = open_database(db_url)
    with engine.connect() as conn:
        query = select(decisions_t).order_by(decisions_t.c.case_id, decisions_t.c.ordinal)
        # Reparse writes a case's decisions again: compare them without their row ids.
        decisions = [{**r, "id": None} for r in conn.execute(query).mappings()]
        dx = case_diagnoses
        diagnoses = list(conn.execute(select(dx).order_by(dx.c.case_id, dx.c.ordinal)).all())
    engine.dispose()
    return decisions, diagnoses


def test_ingest_stores_the_taxonomy_and_diagnoses_and_reparse_fills_older_rows(
    db_url, real_letters, tmp_path
):
    # Four real letters: a Norco, a compound cream, a knee arthroscopy, an MRI among them.
    letters = [real_letters / f"{case}.pdf" for case in ("CM16-0247802", "CM16-0249536")]
    letters += real_letter_files(real_letters, 2)
    for pdf in letters:
        (tmp_path / pdf.name).write_bytes(pdf.read_bytes())
    _imrdb(db_url, "ingest", "--extractor", "pdfium", str(tmp_path))
    decisions, diagnoses = _stored(db_url)
    assert len(decisions) >= 10
    for row in decisions:
        facts = classify(row["treatment"], row["category"])
        assert {c: row[c] for c in COLUMNS} == {c: getattr(facts, c) for c in COLUMNS}
        assert row["body_region"] == facts.body_region
    norco = next(r for r in decisions if r["treatment"].startswith("Norco 5/325mg"))
    assert (norco["drug"], norco["brand"], norco["quantity"]) == (
        "hydrocodone/acetaminophen",
        "Norco",
        40,
    )
    assert len(diagnoses) >= 8  # CM16-0249536 alone states seven
    engine = open_database(db_url)
    with engine.connect() as conn:
        case = read.load_case(conn, "CM16-0249536")
    assert [d.text for d in case.diagnoses][:2] == ["cervicalgia", "pain in thoracic spine"]
    assert case.diagnoses[0].body_region == "cervical"

    # A database from before migration 0006: the columns are empty, no diagnoses stored.
    with engine.begin() as conn:
        conn.execute(update(decisions_t).values({c: None for c in (*COLUMNS, "body_region")}))
        conn.execute(delete(case_diagnoses))
    engine.dispose()
    result = json.loads(_imrdb(db_url, "reparse", "--format", "json"))
    assert result["read"] == len(letters)
    assert _stored(db_url) == (decisions, diagnoses)
    assert json.loads(_imrdb(db_url, "reparse", "--format", "json"))["read"] == 0
