"""Hostile input from issue 17, each case named after what it reproduces, through the real CLI
on SQLite and PostgreSQL: no traceback, no good letter lost, nothing kept that failed."""

from __future__ import annotations

import io
import json
import os
import tarfile
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from imrdb.db.engine import open_database
from imrdb.db.models import documents as documents_t
from imrdb.ingest import plan
from imrdb.ingest.items import Letter, Refusal
from imrdb.ingest.pathnames import from_stored
from imrdb.parse import parse_letter
from imrdb.search.query import QueryError
from imrdb.search.request import SearchRequest
from tests.support.cli import imrdb
from tests.support.ingest_corpus import real_letter_files, text_letter, zip_bytes


def ingest(db_url: str, *args: str) -> dict:
    return json.loads(imrdb(db_url, "ingest", "--format", "json", "--extractor", "pdfium", *args))


def failure_rows(db_url: str) -> list[dict]:
    return json.loads(imrdb(db_url, "failures", "--format", "json"))


def documents(db_url: str) -> list[tuple[str, str | None, str]]:
    engine = open_database(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(documents_t.c.path, documents_t.c.member, documents_t.c.text)
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _raw_path(folder: Path, name: bytes) -> Path:
    """A path whose last part is ``name``'s bytes, valid UTF-8 or not."""
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + name))


def _zip_named(raw_name: bytes, data: bytes) -> bytes:
    """A zip whose one member's name is ``raw_name`` without the UTF-8 flag, as Windows tools
    (cp437) and macOS (UTF-8) write them: zipfile itself would set the flag."""
    placeholder = b"Q" * (len(raw_name) - 4) + b".pdf"
    archive = zip_bytes({placeholder.decode(): data})
    assert archive.count(placeholder) == 2  # the local header and the central directory
    return archive.replace(placeholder, raw_name)


def test_file_names_that_are_not_utf8_are_stored_and_shown_losslessly(
    db_url, real_letters, tmp_path
):
    letters = real_letter_files(real_letters, 4)
    folder = tmp_path / "in"
    folder.mkdir()
    named = _raw_path(folder, b"x\xe9.pdf")  # cp real.pdf $'x\xe9.pdf'
    named.write_bytes(letters[0].read_bytes())
    junk = _raw_path(folder, b"junk\xff\\x41.pdf")  # a byte and a literal backslash-x
    junk.write_bytes(b"%PDF-1.4 not a letter")
    (folder / "[red]markup.pdf").write_bytes(b"not a PDF")  # rich markup in a name
    with tarfile.open(
        tmp_path / "latin1.tar", "w", format=tarfile.GNU_FORMAT, encoding="latin-1"
    ) as t:
        info = tarfile.TarInfo("caf\xe9.pdf")  # written in latin-1: byte 0xE9
        info.size = len(data := letters[1].read_bytes())
        t.addfile(info, io.BytesIO(data))
    (tmp_path / "windows.zip").write_bytes(_zip_named(b"caf\x82.pdf", letters[2].read_bytes()))
    (tmp_path / "mac.zip").write_bytes(_zip_named("café.pdf".encode(), letters[3].read_bytes()))
    paths = [str(folder), *(str(tmp_path / n) for n in ("latin1.tar", "windows.zip", "mac.zip"))]

    result = ingest(db_url, *paths)
    assert (result["stored"], result["failed"]) == (4, 2)
    stored = {(Path(p).name, m) for p, m, _ in documents(db_url)}
    assert stored == {
        ("x\\xe9.pdf", None),  # what ls -b shows
        ("latin1.tar", "caf\\xe9.pdf"),  # a latin-1 tar keeps its byte
        ("windows.zip", "café.pdf"),  # cp437 0x82 is é
        ("mac.zip", "café.pdf"),  # UTF-8 without the flag
    }
    path = next(p for p, m, _ in documents(db_url) if m is None)
    assert os.fsencode(from_stored(path)) == os.fsencode(named)
    failure, _ = sorted(failure_rows(db_url), key=lambda r: "markup" in r["path"])
    assert os.fsencode(from_stored(failure["path"])) == os.fsencode(junk)
    assert Path(failure["path"]).name == "junk\\xff\\\\x41.pdf"  # the backslash doubled
    table = imrdb(db_url, "failures")
    assert "junk\\xff\\\\x41.pdf" in table and "[red]markup.pdf" in table  # as stored
    again = ingest(db_url, *paths)  # a rerun meets the same names: no crash, nothing new
    assert (again["unchanged"], again["failed"]) == (4, 2)


def _corrupt_member(archive: bytes, name: str) -> bytes:
    """``archive`` with bytes in the middle of member ``name``'s data overwritten."""
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(name)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    data = bytearray(archive)
    data[middle : middle + 16] = bytes(16)
    return bytes(data)


def _zip(members: dict[str, bytes], method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("method", "reason"),
    [
        (zipfile.ZIP_LZMA, "unreadable archive member: "),  # LZMAError, or a CRC after it
        (zipfile.ZIP_STORED, "unreadable archive member: BadZipFile: Bad CRC-32"),
    ],
    ids=["lzma", "stored-bad-crc"],
)
def test_one_corrupt_member_fails_alone_and_the_letters_beside_it_go_in(
    db_url, real_letters, tmp_path, method, reason
):
    first, last = real_letter_files(real_letters, 2)
    members = {
        "a.pdf": first.read_bytes(),
        "bad.pdf": os.urandom(40_000),
        "z.pdf": last.read_bytes(),
    }
    (tmp_path / "month.zip").write_bytes(_corrupt_member(_zip(members, method), "bad.pdf"))
    result = ingest(db_url, str(tmp_path / "month.zip"))
    assert (result["stored"], result["failed"]) == (2, 1)
    (failure,) = failure_rows(db_url)
    assert failure["member"] == "bad.pdf" and failure["stage"] == "source"
    assert failure["reason"].startswith(reason)


def _sqlite_bytes(folder: Path) -> int:
    """The SQLite database's size on disk, its write-ahead log included."""
    return sum(p.stat().st_size for p in folder.glob("imrdb.sqlite*"))


def test_a_zip_of_junk_text_leaves_failure_rows_not_text(db_url, tmp_path):
    """1,000 junk text files once grew the database to 1.05 GB; a text too long for a letter
    left its text in the index."""
    junk = {f"junk/{i}.txt": f"lorem ipsum {i} ".encode() * 20_000 for i in range(40)}
    (tmp_path / "junk.zip").write_bytes(zip_bytes(junk))
    (tmp_path / "long.txt").write_bytes(b"Independent Medical Review " * 120_000)  # 3.2 MB
    imrdb(db_url, "db", "upgrade")  # the database, created and migrated: its size before
    before = _sqlite_bytes(tmp_path)
    result = ingest(db_url, str(tmp_path / "junk.zip"), str(tmp_path / "long.txt"))
    assert (result["read"], result["failed"]) == (41, 41)
    assert documents(db_url) == []
    rows = {r["member"] or Path(r["path"]).name: r for r in failure_rows(db_url)}
    assert rows["long.txt"]["reason"].startswith("text too long for a letter")
    assert all(r["sha256"] and r["stage"] == "parse" for r in rows.values())
    # each keeps what it weighed: the member's bytes, the file's size
    assert {m: rows[m]["size"] for m in junk} == {m: len(data) for m, data in junk.items()}
    assert rows["long.txt"]["size"] == (tmp_path / "long.txt").stat().st_size
    if db_url.startswith("sqlite"):  # 41 rows, not 13 MB of text
        assert _sqlite_bytes(tmp_path) - before < 2**20


def test_a_stalled_extraction_is_reported_as_a_time_limit(db_url, real_letters, tmp_path):
    (letter,) = real_letter_files(real_letters, 1)
    args = ("--extractor", "pdfminer", "--time-limit", "0.001", str(letter))
    out = json.loads(imrdb(db_url, "ingest", "--format", "json", *args))
    assert out["failed"] == 1
    (failure,) = failure_rows(db_url)
    assert failure["stage"] == "extract"
    assert failure["reason"].startswith("time limit: extraction took over 0.001 s")


def test_a_text_letter_holding_nul_bytes_stores_the_same_on_both_engines(
    db_url, real_letters, tmp_path
):
    (letter,) = real_letter_files(real_letters, 1)
    clean = text_letter(letter)
    cut = len(clean) // 2
    (tmp_path / "nul.txt").write_bytes(clean[:cut] + b"\0\0" + clean[cut:] + b"\0")
    assert ingest(db_url, str(tmp_path / "nul.txt"))["stored"] == 1
    ((_, _, stored_text),) = documents(db_url)
    assert stored_text == clean.decode()
    exported = [json.loads(line) for line in imrdb(db_url, "export").splitlines()]
    assert exported == [parse_letter(clean.decode()).to_dict(diagnoses=True)]


def test_reparse_all_over_a_stored_text_that_is_not_utf8(sqlite_url, real_letters, tmp_path):
    """SQLite keeps any bytes another tool writes into a text column (PostgreSQL refuses
    them, so this case exists on SQLite alone)."""
    (letter,) = real_letter_files(real_letters, 1)
    (tmp_path / "a.txt").write_bytes(text_letter(letter))
    ingest(sqlite_url, str(tmp_path / "a.txt"))
    engine = open_database(sqlite_url)
    with engine.begin() as conn:
        conn.execute(
            update(documents_t).values(text=text("CAST(CAST(text AS BLOB) || X'FF' AS TEXT)"))
        )
    engine.dispose()
    out = json.loads(imrdb(sqlite_url, "reparse", "--all", "--format", "json"))
    assert (out["read"], out["failed"]) == (1, 0)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        # The CLI refuses the argument itself (its 4,096-character cap) before any search.
        ("case:CM16-0000001 " * 40_000, "imrdb takes at most 4,096"),
        ("case:x " * 300, "more than 200 filter values in one search"),
        ("case:" + "C" * 500, "a filter value longer than 200 characters"),
        (" ".join(f"w{i}" for i in range(300)), "words"),  # query.MAX_TOKENS
    ],
    ids=["40000-inline-filters", "300-filter-values", "long-value", "300-words"],
)
def test_hostile_searches_are_one_line_errors(db_url, query, message):
    out = imrdb(db_url, "db", "upgrade") and imrdb(db_url, "search", query, code=1)
    assert out.count("\n") == 1 and message in out


def test_the_request_layer_caps_what_a_face_passes_on():
    """The web face builds requests without the CLI's argument cap: the same caps hold."""
    with pytest.raises(QueryError, match="longer than 10,000 characters"):
        SearchRequest(query="case:CM16-0000001 " * 40_000).plan()
    with pytest.raises(QueryError, match="more than 200 filter values"):
        SearchRequest(filters={"case": ["CM16-0000001"] * 201}).plan()


def test_letters_read_ahead_are_bounded_by_bytes_not_only_by_count(monkeypatch):
    """A folder of 60 MB files once held 64 of them (4 GB) in memory at once."""
    monkeypatch.setattr(plan, "READ_AHEAD_BYTES", 100)
    items = [Letter("p", str(i), b"x" * 60, "pdf") for i in range(5)]
    items.insert(2, Refusal("p", "r", "refused"))
    assert [len(c) for c in plan._read_ahead(items)] == [2, 3, 1]
