"""Paths -> letters: folders, archives (nested too) and everything that must be refused."""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from imrdb.ingest import archives, items, sources
from imrdb.ingest.items import Letter, Refusal, Skipped
from imrdb.ingest.sources import iter_items
from tests.support.ingest_corpus import zip_bytes

PDF = b"%PDF-1.4 a letter"


def _items(*paths) -> list:
    return list(iter_items(paths))


def _tar(path: Path, members: dict[str, bytes], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _link_tar(path: Path, kind: bytes) -> Path:
    with tarfile.open(path, "w") as archive:
        info = tarfile.TarInfo("link.pdf")
        info.type = kind
        info.linkname = "/etc/passwd"
        archive.addfile(info)
    return path


def test_folders_are_walked_recursively_in_name_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.pdf").write_bytes(PDF)
    (tmp_path / "a.txt").write_bytes(b"text letter")
    (tmp_path / "C.PDF").write_bytes(PDF)
    (tmp_path / "index.html").write_bytes(b"<html>")
    items = _items(tmp_path)
    assert [(type(i).__name__, Path(i.path).name) for i in items] == [
        ("Letter", "C.PDF"),
        ("Letter", "a.txt"),
        ("Skipped", "index.html"),
        ("Letter", "x.pdf"),
    ]
    assert [i.kind for i in items if isinstance(i, Letter)] == ["pdf", "text", "pdf"]
    assert items[0].data == PDF


def test_a_file_named_on_the_command_line_is_read_whatever_its_name(tmp_path):
    named = tmp_path / "download"
    named.write_bytes(PDF)
    assert _items(named) == [Letter(str(named), None, PDF, "pdf")]


def test_zip_members_are_read_in_memory_and_named_by_member(tmp_path):
    archive = tmp_path / "month.zip"
    archive.write_bytes(zip_bytes({"2016/a.pdf": PDF, "2016/b.txt": b"t", "readme.md": b"r"}))
    assert _items(archive) == [
        Letter(str(archive), "2016/a.pdf", PDF, "pdf"),
        Letter(str(archive), "2016/b.txt", b"t", "text"),
        Skipped(str(archive), "readme.md"),
    ]


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_tar_archives_in_every_compression(tmp_path, mode):
    suffix = {"w": ".tar", "w:gz": ".tar.gz", "w:bz2": ".tar.bz2", "w:xz": ".tar.xz"}[mode]
    archive = _tar(tmp_path / f"letters{suffix}", {"a.pdf": PDF, "b.pdf": PDF + b"2"}, mode)
    assert [(i.member, i.data) for i in _items(archive)] == [("a.pdf", PDF), ("b.pdf", PDF + b"2")]


def test_nested_archives_are_read_and_named_outer_to_inner(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "SPOOL_BYTES", 10)  # the inner archive goes through a file
    inner = zip_bytes({"deep/a.pdf": PDF})
    outer = _tar(tmp_path / "year.tar.gz", {"jan.zip": inner, "b.pdf": PDF})
    assert _items(outer) == [
        Letter(str(outer), "jan.zip!deep/a.pdf", PDF, "pdf"),
        Letter(str(outer), "b.pdf", PDF, "pdf"),
    ]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.pdf", "zip-slip"),  # the classic zip-slip
        ("letters/../../evil.pdf", "zip-slip"),  # hidden inside a path
        ("..\\evil.pdf", "zip-slip"),  # Windows separators
        ("/etc/evil.pdf", "absolute path"),
        ("C:\\Windows\\evil.pdf", "absolute path"),
        ("letters/a..b.pdf", None),  # dots inside a name are fine
        ("letters/a.pdf", None),
    ],
)
def test_unsafe_member_names(name, reason):
    found = items.unsafe_name(name)
    assert (reason in found) if reason else found is None


def test_zip_slip_member_is_refused_and_nothing_is_written(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    archive = folder / "bad.zip"
    archive.write_bytes(zip_bytes({"../evil.pdf": PDF, "good.pdf": PDF}))
    items = _items(archive)
    assert isinstance(items[0], Refusal) and items[0].member == "../evil.pdf"
    assert "zip-slip" in items[0].reason
    assert items[1] == Letter(str(archive), "good.pdf", PDF, "pdf")
    assert not (tmp_path / "evil.pdf").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["bad.zip", "in"]


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_links_in_tar_are_refused(tmp_path, kind):
    items = _items(_link_tar(tmp_path / "links.tar", kind))
    assert items == [Refusal(str(tmp_path / "links.tar"), "link.pdf", "link member refused")]


def test_symlink_in_zip_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        info = zipfile.ZipInfo("link.pdf")
        info.external_attr = (0o120777 << 16) | 0x20
        archive.writestr(info, "/etc/passwd")
    path = tmp_path / "links.zip"
    path.write_bytes(out.getvalue())
    assert _items(path) == [Refusal(str(path), "link.pdf", "link member refused")]


def test_zip_bomb_member_is_refused_by_its_ratio(tmp_path):
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_bytes({"bomb.pdf": b"\0" * (8 * 2**20), "ok.pdf": PDF}))
    bomb, ok = _items(path)
    assert isinstance(bomb, Refusal) and "decompression bomb" in bomb.reason
    assert ok.data == PDF


def test_member_past_the_size_limit_is_refused(tmp_path, monkeypatch):
    for module in (sources, archives):  # a loose file, an archive member
        monkeypatch.setattr(module, "MAX_MEMBER_BYTES", 100)
    path = tmp_path / "big.zip"
    path.write_bytes(zip_bytes({"big.pdf": os.urandom(200), "ok.pdf": PDF}))
    big, ok = _items(path)
    assert isinstance(big, Refusal) and "expands past" in big.reason
    assert ok.data == PDF
    loose = tmp_path / "big.pdf"
    loose.write_bytes(os.urandom(200))
    assert "not a letter" in _items(loose)[0].reason


def test_tar_gz_bomb_stops_the_archive(tmp_path):
    path = _tar(tmp_path / "bomb.tar.gz", {"ok.pdf": PDF, "bomb.pdf": b"\0" * (8 * 2**20)})
    ok, bomb = _items(path)
    assert ok.data == PDF
    assert bomb == Refusal(
        str(path),
        None,
        "decompression bomb: archive expands over 100 times; the rest was not read",
    )


def test_archive_expansion_and_member_count_limits(tmp_path, monkeypatch):
    path = tmp_path / "many.zip"
    path.write_bytes(zip_bytes({f"{n}.pdf": PDF for n in range(3)}))
    monkeypatch.setattr(archives, "MAX_MEMBERS", 2)
    items = _items(path)
    assert [type(i) for i in items] == [Letter, Letter, Refusal]
    assert "more than 2 members" in items[2].reason
    monkeypatch.setattr(archives, "MAX_MEMBERS", 100)
    monkeypatch.setattr(archives, "MAX_ARCHIVE_BYTES", 2 * len(PDF))
    items = _items(path)
    assert [type(i) for i in items] == [Letter, Letter, Refusal]
    assert "archive expands past" in items[2].reason


def test_archives_nested_too_deep_are_refused(tmp_path):
    data = zip_bytes({"a.pdf": PDF})
    for level in range(3):
        data = zip_bytes({f"level{level}.zip": data})
    path = tmp_path / "deep.zip"
    path.write_bytes(data)
    (refused,) = _items(path)
    assert refused.member == "level2.zip!level1.zip!level0.zip"
    assert refused.reason == "archive nested deeper than 3 levels"


def test_corrupt_archives_are_refused_keeping_what_was_read(tmp_path):
    broken_zip = tmp_path / "broken.zip"
    broken_zip.write_bytes(zip_bytes({"a.pdf": PDF})[:40])
    (refused,) = _items(broken_zip)
    assert refused.member is None and refused.reason.startswith("corrupt archive")
    whole = _tar(tmp_path / "whole.tar.gz", {"a.pdf": PDF, "b.pdf": os.urandom(50_000)})
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole.read_bytes()[:30_000])
    first, cut_member, refused = _items(cut)
    assert first.data == PDF
    assert cut_member.member == "b.pdf"
    assert cut_member.reason.startswith("unreadable archive member: ReadError")
    assert refused.member is None and refused.reason.startswith("corrupt archive")


def test_damaged_and_encrypted_zip_members(tmp_path):
    data = bytearray(zip_bytes({"damaged.pdf": os.urandom(5000), "ok.pdf": PDF}))
    data[60:90] = bytes(30)  # inside damaged.pdf's compressed data
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    bad, ok = _items(damaged)
    assert bad.reason.startswith("unreadable archive member")
    assert ok.data == PDF
    # zipfile cannot write encrypted members; set the "encrypted" flag as such a zip has it.
    data = bytearray(zip_bytes({"locked.pdf": PDF}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 1
    locked = tmp_path / "locked.zip"
    locked.write_bytes(bytes(data))
    reason = "password-protected archive member"
    assert _items(locked) == [Refusal(str(locked), "locked.pdf", reason)]


def test_macos_metadata_is_not_a_letter(tmp_path):
    path = tmp_path / "mac.zip"
    path.write_bytes(zip_bytes({"__MACOSX/._a.pdf": b"\0\5\26\7", "a.pdf": PDF, "._b.pdf": b"x"}))
    assert _items(path) == [Letter(str(path), "a.pdf", PDF, "pdf")]


def test_estimate_counts_letters_without_reading_them(tmp_path):
    (tmp_path / "a.pdf").write_bytes(PDF)
    (tmp_path / "notes.html").write_bytes(b"x")
    (tmp_path / "m.zip").write_bytes(zip_bytes({"1.pdf": PDF, "2.pdf": PDF}))
    _tar(tmp_path / "t.tar.gz", {"3.pdf": PDF, "4.pdf": PDF, "5.pdf": PDF})
    assert sources.estimate_count([tmp_path]) == 6
