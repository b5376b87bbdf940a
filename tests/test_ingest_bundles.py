"""Completeness and bundles at ingest, through the real CLI on SQLite and PostgreSQL: the most
complete version of a case wins, and a file of several letters is one case per letter."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select

from imrdb.db.completeness import Completeness
from imrdb.db.engine import open_database
from imrdb.db.models import cases, documents
from scripts.generate_letters import generate
from tests.support.cli import exported, imrdb, run, summary


def _pdf(pdf: pdfium.PdfDocument) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _without_last_page(data: bytes) -> bytes:
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) >= 3
    pdf.del_page(len(pdf) - 1)
    return _pdf(pdf)


def _bundle(parts: list[bytes]) -> bytes:
    """The letters' PDFs one after another in one PDF, as a merged download has them."""
    bundle = pdfium.PdfDocument.new()
    for data in parts:
        bundle.import_pages(pdfium.PdfDocument(data))
    return _pdf(bundle)


def _count(db_url: str, model) -> int:
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def long_letter() -> tuple[bytes, int]:
    """A generated letter of three pages or more, and its decision count."""
    letter = next(
        g
        for g in generate(40, seed=4)
        if g.layout == "final_letter_2014" and len(pdfium.PdfDocument(g.pdf_bytes())) >= 3
    )
    return letter.pdf_bytes(), len(letter.record.decisions)


def _stored_decisions(db_url: str) -> int:
    (case,) = exported(db_url)
    return len(case["decisions"])


def test_a_letter_missing_its_last_page_never_replaces_the_whole_one(db_url, tmp_path, long_letter):
    whole, decisions = long_letter
    (tmp_path / "whole.pdf").write_bytes(whole)
    (tmp_path / "cut.pdf").write_bytes(_without_last_page(whole))
    assert summary(db_url, str(tmp_path / "whole.pdf"))["stored"] == 1
    before = exported(db_url)
    second = run(db_url, "ingest", str(tmp_path / "cut.pdf")).output
    assert "Traceback" not in second and "kept 1" in second and "updated 0" in second
    assert exported(db_url) == before
    assert _stored_decisions(db_url) == decisions
    assert _count(db_url, documents) == 2 and _count(db_url, cases) == 1
    warnings = json.loads(imrdb(db_url, "failures", "--warnings", "--format", "json"))
    conflict = [w for w in warnings if Path(w["path"]).name == "cut.pdf" and "stays" in w["reason"]]
    assert conflict and conflict[0]["field"] == "completeness"
    assert "imrdb failures --warnings" in second
    again = summary(db_url, str(tmp_path / "cut.pdf"))
    assert (again["unchanged"], again["kept"], again["updated"]) == (1, 0, 0)
    reparsed = imrdb(db_url, "reparse", "--all")
    assert "Traceback" not in reparsed and exported(db_url) == before
    warnings = json.loads(imrdb(db_url, "failures", "--warnings", "--format", "json"))
    assert [w for w in warnings if Path(w["path"]).name == "cut.pdf" and "stays" in w["reason"]]


def test_a_whole_letter_replaces_the_one_missing_its_last_page(db_url, tmp_path, long_letter):
    whole, decisions = long_letter
    (tmp_path / "cut.pdf").write_bytes(_without_last_page(whole))
    (tmp_path / "whole.pdf").write_bytes(whole)
    assert summary(db_url, str(tmp_path / "cut.pdf"))["stored"] == 1
    second = summary(db_url, str(tmp_path / "whole.pdf"))
    assert (second["updated"], second["kept"]) == (1, 0)
    assert _stored_decisions(db_url) == decisions
    assert _count(db_url, documents) == 2 and _count(db_url, cases) == 1
    assert "whole.pdf" in imrdb(db_url, "show", exported(db_url)[0]["case_number"])


def _documents(db_url: str) -> dict[str, tuple[str, str | None, int]]:
    """``case number -> (path, member, pages)`` of every case's document."""
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            query = select(
                cases.c.case_number, documents.c.path, documents.c.member, documents.c.pages
            ).join(documents, documents.c.id == cases.c.document_id)
            return {row[0]: tuple(row[1:]) for row in conn.execute(query)}
    finally:
        engine.dispose()


def test_a_pdf_bundle_of_letters_is_one_case_per_letter_with_its_pages(db_url, tmp_path):
    letters = list(generate(5, seed=11))
    pdfs = [g.pdf_bytes() for g in letters]
    bundle = tmp_path / "bundle.pdf"
    bundle.write_bytes(_bundle(pdfs))
    first = summary(db_url, str(bundle))
    assert (first["read"], first["stored"], first["failed"]) == (5, 5, 0)
    stored = _documents(db_url)
    start = 1
    for letter, pdf in zip(letters, pdfs, strict=True):
        pages = len(pdfium.PdfDocument(pdf))
        wanted = f"#pages={start}-{start + pages - 1}"
        assert stored[letter.record.case_number] == (str(bundle), wanted, pages)
        shown = imrdb(db_url, "show", letter.record.case_number)
        assert f"{bundle}, pages {start}-{start + pages - 1}" in shown
        start += pages
    by_number = {c["case_number"]: c for c in exported(db_url)}
    for letter in letters:
        assert len(by_number[letter.record.case_number]["decisions"]) == len(
            letter.record.decisions
        )
    again = summary(db_url, str(bundle))
    assert (again["unchanged"], again["stored"], again["updated"]) == (5, 0, 0)
    assert _count(db_url, documents) == 5


def test_a_bundle_inside_a_zip_names_its_member_and_pages(db_url, tmp_path):
    letters = list(generate(2, seed=12))
    archive = tmp_path / "letters.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2016/merged.pdf", _bundle([g.pdf_bytes() for g in letters]))
    output = run(db_url, "ingest", str(archive)).output
    assert "Traceback" not in output and "stored 2" in output
    members = {m for _, m, _ in _documents(db_url).values()}
    assert all(m.startswith("2016/merged.pdf#pages=") for m in members) and len(members) == 2


def test_which_version_of_a_case_is_the_more_complete():
    may, june = dt.date(2016, 5, 1), dt.date(2016, 6, 1)
    whole = Completeness(True, 3, may)
    assert Completeness(False, 3, may).loses_to(whole)  # cut short: the stored one stays
    assert Completeness(False, 5, june).loses_to(whole)
    assert Completeness(True, 2, may).loses_to(whole)  # an item lost with its page
    assert Completeness(True, 2, None).loses_to(whole)
    assert not Completeness(True, 2, june).loses_to(whole)  # a later re-publication
    assert not Completeness(True, 3, may).loses_to(whole)  # the same letter again
    assert not Completeness(True, 1, may).loses_to(Completeness(False, 3, may))
