"""imrdb export on a generated corpus: JSONL, CSV and Parquet read back with the usual tools
(json line by line, the csv module, pyarrow) agree with the records that were stored, on
SQLite and PostgreSQL, and give the same bytes on both."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.export.tables import TABLES, quarter
from imrdb.record import SOURCES, CaseRecord
from imrdb.vocab import guidelines, specialties
from imrdb.vocab.treatments import classify
from tests.support.cli import run
from tests.support.export_corpus import corpus_records, store_corpus

# --- what each table should hold, computed from the records, not from the database ---------


def _sources(citations) -> str | None:
    present = {c.source for c in citations}
    return ";".join(s for s in SOURCES if s in present) or None


def _case_fields(r: CaseRecord) -> list:
    return [
        r.letter_date,
        r.letter_date.year if r.letter_date else None,
        quarter(r.letter_date),
        r.priority,
        r.final_determination,
        r.date_assigned,
        r.application_received,
        r.ur_decision_date,
        r.date_of_injury,
        r.patient_age,
        r.patient_sex,
        r.reviewer_specialty,
        ";".join(sorted(specialties.normalize(r.reviewer_specialty))) or None,
        r.reviewer_license_state,
    ]


def _taxonomy(d) -> list:
    f = classify(d.treatment, d.category)
    names = ("subcategory", "normalized", "drug", "drug_class", "brand", "strength", "quantity")
    return [*(getattr(f, name) for name in names), f.body_region]


def expected_decisions(records: list[CaseRecord]) -> list[list]:
    rows = []
    for r in records:
        for d in r.decisions:
            by = {
                p: [c for c in d.citations if c.cited_by == p]
                for p in ("reviewer", "claims_administrator")
            }
            rows.append(
                [
                    r.case_number,
                    d.ordinal,
                    d.treatment,
                    d.outcome,
                    d.category,
                    *_taxonomy(d),
                    d.original_request,
                    d.authorized,
                    *_case_fields(r),
                    len(d.citations),
                    _sources(d.citations),
                    _sources(by["reviewer"]),
                    _sources(by["claims_administrator"]),
                    d.rationale,
                ]
            )
    return rows


def expected_cases(records: list[CaseRecord]) -> list[list]:
    return [
        [
            r.case_number,
            *_case_fields(r),
            len(r.decisions),
            sum(d.outcome == "upheld" for d in r.decisions),
            sum(d.outcome == "overturned" for d in r.decisions),
            [x.text for x in r.diagnoses] or None,
        ]
        for r in records
    ]


def expected_citations(records: list[CaseRecord]) -> list[list]:
    return [
        [
            r.case_number,
            d.ordinal,
            n,
            c.cited_by,
            c.source,
            c.title,
            c.pages,
            guidelines.lookup(c.source, c.title)[0],
        ]
        for r in records
        for d in r.decisions
        for n, c in enumerate(d.citations, start=1)
    ]


EXPECTED = {
    "decisions": expected_decisions,
    "cases": expected_cases,
    "citations": expected_citations,
}


def as_csv_cells(row: list) -> list[str]:
    """What the csv module reads back for a row: ISO dates, numbers as text, None as ''."""
    return [
        ""
        if v is None
        else v.isoformat()
        if isinstance(v, dt.date)
        else ";".join(v)
        if isinstance(v, list)
        else str(v)
        for v in row
    ]


# --- tests ------------------------------------------------------------------------------------


def test_the_corpus_is_varied_enough_to_test_with():
    records = corpus_records()
    decisions = [d for r in records for d in r.decisions]
    assert len(records) >= 30 and len(decisions) >= 60
    assert {d.outcome for d in decisions} == {"upheld", "overturned"}
    assert len({d.category for d in decisions}) >= 5
    assert {c.source for d in decisions for c in d.citations} >= {"MTUS", "ODG"}
    assert any(not d.citations for d in decisions) or any(d.original_request for d in decisions)


@pytest.mark.parametrize("table", list(TABLES))
def test_csv_read_with_the_csv_module_agrees_with_the_records(db_url, tmp_path, table):
    records = store_corpus(db_url)
    target = tmp_path / f"{table}.csv"
    run(db_url, "export", "--format", "csv", "--table", table, "-o", str(target))
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == TABLES[table].names
    assert rows[1:] == [as_csv_cells(row) for row in EXPECTED[table](records)]
    assert not (tmp_path / f"{table}.csv.partial").exists()


@pytest.mark.parametrize("table", list(TABLES))
def test_parquet_read_with_pyarrow_agrees_with_the_records(db_url, tmp_path, table):
    records = store_corpus(db_url)
    target = tmp_path / f"{table}.parquet"
    run(db_url, "export", "--format", "parquet", "--table", table, "-o", str(target))
    data = pq.read_table(target)
    assert data.column_names == TABLES[table].names
    kinds = {c.name: c.kind for c in TABLES[table].columns}
    assert {f.name: str(f.type) for f in data.schema} == {
        n: {
            "string": "string",
            "int": "int64",
            "date": "date32[day]",
            "list": "list<element: string>",
        }[k]
        for n, k in kinds.items()
    }
    rows = [list(row.values()) for row in data.to_pylist()]
    assert rows == EXPECTED[table](records)


def test_jsonl_read_line_by_line_gives_the_contract_records(db_url, tmp_path):
    records = store_corpus(db_url)
    target = tmp_path / "cases.jsonl"
    run(db_url, "export", "--format", "jsonl", "-o", str(target))
    with target.open(encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    assert lines == [r.to_dict(diagnoses=True) for r in records]


def test_default_output_is_jsonl_on_stdout(db_url):
    records = store_corpus(db_url)
    result = run(db_url, "export")
    assert [json.loads(line)["case_number"] for line in result.output.splitlines()] == [
        r.case_number for r in records
    ]


def test_parquet_streams_to_stdout(db_url):
    records = store_corpus(db_url)
    result = run(db_url, "export", "--format", "parquet", "-o", "-")
    data = pq.read_table(io.BytesIO(result.stdout_bytes))
    assert data.num_rows == sum(len(r.decisions) for r in records)


def test_every_exported_row_is_found_again_with_show(db_url):
    store_corpus(db_url)
    rows = list(csv.DictReader(io.StringIO(run(db_url, "export", "--format", "csv").output)))
    for row in rows[:: max(1, len(rows) // 8)]:
        shown = json.loads(run(db_url, "show", row["case_number"], "--format", "json").output)
        decision = shown["decisions"][int(row["ordinal"]) - 1]
        assert decision["ordinal"] == int(row["ordinal"])
        assert (decision["treatment"], decision["outcome"]) == (row["treatment"], row["outcome"])


def test_an_empty_database_exports_headers_only(db_url, tmp_path):
    run(db_url, "db", "upgrade")  # only ingest and db upgrade create a database
    assert (
        run(db_url, "export", "--format", "csv").output
        == ",".join(TABLES["decisions"].names) + "\n"
    )
    run(db_url, "export", "--format", "parquet", "-o", str(tmp_path / "empty.parquet"))
    data = pq.read_table(tmp_path / "empty.parquet")
    assert (data.num_rows, data.column_names) == (0, TABLES["decisions"].names)
    assert run(db_url, "export").output == ""


def test_both_engines_export_the_same_bytes(sqlite_url, pg_url, tmp_path):
    store_corpus(sqlite_url)
    store_corpus(pg_url)
    for args in (
        ["--format", "jsonl"],
        *(["--format", "csv", "--table", t] for t in TABLES),
    ):
        on_sqlite = run(sqlite_url, "export", *args).stdout_bytes
        on_pg = run(pg_url, "export", *args).stdout_bytes
        assert on_sqlite == on_pg, args
        assert len(on_sqlite) > 1000
    for table in TABLES:
        files = []
        for name, url in (("sqlite", sqlite_url), ("pg", pg_url)):
            files.append(tmp_path / f"{name}-{table}.parquet")
            run(url, "export", "--format", "parquet", "--table", table, "-o", str(files[-1]))
        assert pq.read_table(files[0]).equals(pq.read_table(files[1]))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # jsonl is whole case records: the tidy tables are for csv and parquet
        (["--format", "jsonl", "--table", "cases"], "--table applies to csv and parquet"),
        (["--format", "xml"], "Invalid value for '--format'"),
        (["--format", "csv", "--table", "guidelines"], "Invalid value for '--table'"),
    ],
)
def test_bad_options_are_one_line_errors(sqlite_url, args, message):
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "export", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_unwritable_output_is_a_one_line_error(sqlite_url, tmp_path):
    run(sqlite_url, "db", "upgrade")
    target = tmp_path / "missing-folder" / "out.csv"
    result = CliRunner().invoke(
        cli, ["--db", sqlite_url, "export", "--format", "csv", "-o", str(target)]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot write ") and "Traceback" not in result.output


def test_parquet_without_pyarrow_says_how_to_install_it(sqlite_url, tmp_path, monkeypatch):
    run(sqlite_url, "db", "upgrade")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the extra were not installed
    result = CliRunner().invoke(
        cli, ["--db", sqlite_url, "export", "--format", "parquet", "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 1
    assert "pip install 'imrdb[parquet]'" in result.output
    assert not Path(tmp_path / "x").exists() and not Path(tmp_path / "x.partial").exists()


def test_every_column_is_documented():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "export.md").read_text()
    for table in TABLES.values():
        assert f"### `{table.name}`" in docs
        for column in table.columns:
            assert f"| `{column.name}` | {column.kind} |" in docs, column.name
