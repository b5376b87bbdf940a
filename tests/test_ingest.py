"""``imrdb ingest`` / ``failures`` / ``reparse`` through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, update

from imrdb.cli import cli
from imrdb.db.engine import open_database
from imrdb.db.models import cases, documents, ingest_runs
from imrdb.extract import extract_text
from imrdb.parse import PARSER_VERSION, parse_letter
from scripts.generate_letters import LAYOUTS, generate
from tests.support.cli import exported, failures, imrdb, summary
from tests.support.ingest_corpus import (
    image_only_pdf,
    non_imr_pdf,
    password_protected_pdf,
    real_letter_files,
    text_letter,
    truncated,
    zip_bytes,
)


def expected_record(pdf_or_text: bytes) -> dict:
    """What the parser makes of a file: what ingest must store for it."""
    text = pdf_or_text.decode() if not pdf_or_text.startswith(b"%PDF") else None
    text = text if text is not None else extract_text(pdf_or_text, "pdfium").text
    return parse_letter(text).to_dict(diagnoses=True)  # as export writes it


def count(db_url: str, model) -> int:
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


@pytest.fixture
def mixed(tmp_path: Path, real_letters: Path) -> dict:
    """A download folder and a zip, with everything users really have in them."""
    letters = real_letter_files(real_letters, 7)
    folder = tmp_path / "downloads"
    (folder / "2016").mkdir(parents=True)
    for pdf in letters[:3]:
        shutil.copy(pdf, folder / "2016" / pdf.name)
    (folder / f"{letters[3].stem}.txt").write_bytes(text_letter(letters[3]))
    (folder / "locked.pdf").write_bytes(password_protected_pdf())
    (folder / "cut.pdf").write_bytes(truncated(letters[0].read_bytes()))
    (folder / "scan.pdf").write_bytes(image_only_pdf())
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "newsletter.pdf").write_bytes(non_imr_pdf())
    (folder / "index.html").write_text("<html></html>")
    generated = list(generate(10, seed=7))  # every layout twice: five here, five in the zip
    for letter in generated[:5]:
        (folder / letter.file_name).write_bytes(letter.pdf_bytes())
    archive = tmp_path / "batch.zip"
    archive.write_bytes(
        zip_bytes(
            {
                f"batch/{letters[4].name}": letters[4].read_bytes(),
                f"batch/{letters[5].name}": letters[5].read_bytes(),
                "batch/copy-of-first.pdf": letters[0].read_bytes(),  # a duplicate
                "../evil.pdf": letters[6].read_bytes(),  # zip-slip
                "inner.zip": zip_bytes({letters[6].name: letters[6].read_bytes()}),
                **{f"generated/{g.file_name}": g.pdf_bytes() for g in generated[5:]},
            }
        )
    )
    expected = [expected_record(p.read_bytes()) for p in letters[:3] + letters[4:]]
    expected.append(expected_record(text_letter(letters[3])))
    expected += [expected_record(g.pdf_bytes()) for g in generated]
    assert {g.layout for g in generated} == set(LAYOUTS)
    return {
        "paths": [str(folder), str(archive)],
        "records": sorted(expected, key=lambda r: r["case_number"]),
        "failures": {
            ("locked.pdf", None): ("extract", "password-protected"),
            ("cut.pdf", None): ("extract", "corrupt or truncated PDF"),
            ("scan.pdf", None): ("extract", "no text layer; needs OCR"),
            ("empty.pdf", None): ("extract", "empty file"),
            ("newsletter.pdf", None): ("parse", "not an IMR"),
            ("batch.zip", "../evil.pdf"): ("source", "zip-slip"),
        },
    }


def _assert_failures(db_url: str, wanted: dict) -> None:
    found = failures(db_url)
    assert set(found) == set(wanted)
    for key, (stage, reason) in wanted.items():
        assert found[key][0] == stage, key
        assert reason in found[key][1], (key, found[key])


def test_mixed_folder_and_zip_store_every_good_letter_once(db_url, mixed):
    counts = summary(db_url, "--extractor", "pdfium", "--jobs", "2", *mixed["paths"])
    assert counts["status"] == "completed"
    assert (counts["read"], counts["stored"], counts["updated"]) == (24, 17, 0)
    assert (counts["unchanged"], counts["failed"], counts["skipped"]) == (1, 6, 1)
    assert exported(db_url) == mixed["records"]
    _assert_failures(db_url, mixed["failures"])
    table = imrdb(db_url, "failures")
    assert "password-protected" in table and table.rstrip().endswith("6 failures")

    again = summary(db_url, "--extractor", "pdfium", *mixed["paths"])
    assert (again["stored"], again["updated"], again["unchanged"], again["failed"]) == (0, 0, 18, 6)
    assert exported(db_url) == mixed["records"]
    assert count(db_url, cases) == 17
    strict = summary(db_url, "--extractor", "pdfium", "--strict", *mixed["paths"], code=1)
    assert strict["failed"] == 6


def test_pdfminer_and_pdfium_store_the_same_records(db_url, real_letters, tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    for pdf in real_letter_files(real_letters, 3):
        shutil.copy(pdf, folder)
    reference = summary(db_url, "--extractor", "pdfminer", "--jobs", "1", str(folder))
    assert reference["stored"] == 3 and reference["pages"] > 3
    by_pdfminer = exported(db_url)
    second = tmp_path / "pdfium.sqlite"  # and the other engine, for PostgreSQL's run
    summary(str(second), "--extractor", "pdfium", str(folder))
    assert exported(str(second)) == by_pdfminer


def test_a_republication_updates_the_case_and_keeps_both_documents(db_url, real_letters, tmp_path):
    (pdf,) = real_letter_files(real_letters, 1)
    first = summary(db_url, "--extractor", "pdfium", str(pdf))
    assert first["stored"] == 1
    republished = tmp_path / "republished.txt"
    republished.write_bytes(text_letter(pdf) + b"\n")  # same letter, different bytes
    second = summary(db_url, str(republished))
    assert (second["stored"], second["updated"]) == (0, 1)
    assert count(db_url, documents) == 2 and count(db_url, cases) == 1
    engine = open_database(db_url)
    with engine.connect() as conn:
        path = conn.scalar(
            select(documents.c.path).join(cases, cases.c.document_id == documents.c.id)
        )
    engine.dispose()
    assert path == str(republished)


def test_a_fixed_file_at_the_same_place_clears_its_failure(db_url, real_letters, tmp_path):
    (pdf,) = real_letter_files(real_letters, 1)
    download = tmp_path / "letter.pdf"
    download.write_bytes(truncated(pdf.read_bytes()))
    assert summary(db_url, "--extractor", "pdfium", str(download))["failed"] == 1
    assert list(failures(db_url)) == [("letter.pdf", None)]
    download.write_bytes(pdf.read_bytes())  # downloaded again, whole
    assert summary(db_url, "--extractor", "pdfium", str(download))["stored"] == 1
    assert failures(db_url) == {}


def _set(db_url: str, statement) -> None:
    engine = open_database(db_url)
    with engine.begin() as conn:
        conn.execute(statement)
    engine.dispose()


def test_reparse_takes_older_parser_versions(db_url, real_letters, tmp_path):
    letters = real_letter_files(real_letters, 3)
    folder = tmp_path / "in"
    folder.mkdir()
    for pdf in letters:
        shutil.copy(pdf, folder)
    (folder / "newsletter.pdf").write_bytes(non_imr_pdf())
    summary(db_url, "--extractor", "pdfium", str(folder))
    records = exported(db_url)
    assert imrdb(db_url, "reparse").startswith("read 0, stored 0, updated 0, unchanged 0, failed 0")

    _set(db_url, update(documents).values(parser_version="0.0"))  # stored by an older parser
    result = json.loads(imrdb(db_url, "reparse", "--format", "json", "--jobs", "1"))
    assert (result["read"], result["updated"], result["failed"]) == (3, 3, 0)
    assert result["pages"] == 0  # no extraction
    assert exported(db_url) == records
    engine = open_database(db_url)
    with engine.connect() as conn:
        assert set(conn.scalars(select(documents.c.parser_version))) == {PARSER_VERSION}
    engine.dispose()
    assert json.loads(imrdb(db_url, "reparse", "--format", "json"))["read"] == 0


def test_a_parse_failure_keeps_no_text_and_is_read_again_by_the_next_ingest(db_url, tmp_path):
    (tmp_path / "newsletter.pdf").write_bytes(non_imr_pdf())
    first = summary(db_url, "--extractor", "pdfium", str(tmp_path))
    assert (first["read"], first["failed"]) == (1, 1)
    assert count(db_url, documents) == 0  # hash, path and reason only: a failure row
    assert failures(db_url)[("newsletter.pdf", None)][0] == "parse"
    again = summary(db_url, "--extractor", "pdfium", str(tmp_path))
    assert (again["read"], again["unchanged"], again["failed"]) == (1, 0, 1)
    assert len(failures(db_url)) == 1


def test_every_run_is_recorded(db_url, tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    summary(db_url, str(tmp_path))
    engine = open_database(db_url)
    with engine.connect() as conn:
        run = conn.execute(select(ingest_runs)).mappings().one()
    engine.dispose()
    assert (run["command"], run["status"], run["parser_version"]) == (
        "ingest",
        "completed",
        PARSER_VERSION,
    )
    assert run["counts"]["failed"] == 1 and run["finished_at"] is not None


def test_bad_arguments_are_one_line_errors(db_url, tmp_path):
    result = CliRunner().invoke(cli, ["--db", db_url, "ingest", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert "Traceback" not in result.output


def test_text_letters_that_cannot_be_read(db_url, tmp_path):
    (tmp_path / "blank.txt").write_bytes(b"  \n")
    (tmp_path / "latin1.txt").write_bytes("Décision".encode("latin-1"))
    (tmp_path / "notes.txt").write_bytes(b"Groceries: milk, eggs.")
    counts = summary(db_url, str(tmp_path))
    assert (counts["read"], counts["failed"]) == (3, 3)
    wanted = {
        ("blank.txt", None): ("extract", "empty file"),
        ("latin1.txt", None): ("extract", "not UTF-8 text"),
        ("notes.txt", None): ("parse", "not an IMR"),
    }
    _assert_failures(db_url, wanted)
