"""The shared output layer through the real CLI: the same formats and ``-o FILE`` on every
command that prints rows, ``-o`` writing into a symlink's target or a device instead of
replacing it, and a full device or a closed pipe as one line, never a traceback (issue 17).

Output does not depend on the engine, so these run on SQLite only.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from imrdb.cli.output import FORMATS
from tests.support.cli import run
from tests.support.export_corpus import store_corpus

CASE = "CM13-0342649"  # any stored case will do; taken from the corpus below

COMMANDS = {
    "search": ["search", "pain", "--limit", "500"],
    "facets": ["facets", "pain"],
    "export": ["export"],
    "report": ["report", "--by", "category"],
    "failures": ["failures", "--format", "csv"],
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A SQLite database holding the export corpus, and one of its case numbers."""
    url = f"sqlite:///{tmp_path_factory.mktemp('out') / 'corpus.sqlite'}"
    records = store_corpus(url)
    return url, records[0].case_number


def _commands(case: str) -> dict[str, list[str]]:
    return {**COMMANDS, "show": ["show", case]}


def _process(db: str, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "imrdb", "--db", db, *args], stderr=subprocess.PIPE, **popen
    )


def test_every_row_printing_command_takes_the_shared_output_options(stored):
    _, case = stored
    from imrdb.cli import cli

    for name, args in _commands(case).items():
        command = cli.get_command(None, args[0])  # type: ignore[arg-type]
        options = {o for p in command.params for o in getattr(p, "opts", ())}
        assert {"--format", "-o", "--output"} <= options, name
        fmt = next(p for p in command.params if p.name == "fmt")
        assert set(fmt.type.choices) <= set(FORMATS), name


@pytest.mark.parametrize("name", [*COMMANDS, "show"])
def test_o_onto_a_symlink_writes_its_target_and_keeps_the_link(stored, tmp_path, name):
    db, case = stored
    target = tmp_path / "real.out"
    target.write_text("old")
    link = tmp_path / "link.out"
    link.symlink_to(target)
    run(db, *_commands(case)[name], "-o", str(link))
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text() not in ("", "old")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.out", "real.out"]


def test_o_onto_a_named_pipe_writes_into_it(stored, tmp_path):
    db, _ = stored
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run(db, "export", "-o", str(fifo))
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    lines = received[0].decode().splitlines()
    assert len(lines) >= 30 and all(json.loads(line)["case_number"] for line in lines)


@pytest.mark.parametrize("name", [*COMMANDS, "show"])
def test_o_onto_dev_full_is_one_line_and_leaves_the_device(stored, name):
    db, case = stored
    done = _process(db, *_commands(case)[name], "-o", "/dev/full", stdout=subprocess.PIPE)
    _, err = done.communicate(timeout=60)
    assert done.returncode == 1
    assert err.decode().strip() == "Error: cannot write /dev/full: No space left on device"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("name", ["search", "export", "report", "show"])
def test_stdout_onto_a_full_device_is_one_line(stored, name):
    db, case = stored
    with open("/dev/full", "w") as full:
        done = _process(db, *_commands(case)[name], stdout=full)
        _, err = done.communicate(timeout=60)
    assert done.returncode == 1
    assert err.decode().strip() == "Error: cannot write the output: No space left on device"


@pytest.mark.parametrize("name", ["search", "export", "report", "show"])
def test_a_reader_that_stops_at_once_is_not_an_error(stored, name):
    db, case = stored
    done = _process(db, *_commands(case)[name], stdout=subprocess.PIPE)
    done.stdout.close()  # the reader is gone before the first byte (`| head -0`)
    err = done.stderr.read().decode()
    done.wait(timeout=60)
    assert err == "" and done.returncode == 0


def test_json_is_one_indented_document_and_jsonl_one_object_per_line(stored):
    db, case = stored
    for args in (["search", "pain"], ["facets", "pain"], ["show", case], ["failures"]):
        document = run(db, *args, "--format", "json").output
        assert document.startswith(("{\n", "[")) and json.loads(document) is not None
    for args in (["search", "pain"], ["facets", "pain"], ["show", case], ["export"]):
        lines = run(db, *args, "--format", "jsonl").output.splitlines()
        assert lines and all(isinstance(json.loads(line), dict) for line in lines)


def test_db_current_as_json(stored):
    db, _ = stored
    current = json.loads(run(db, "db", "current", "--format", "json").output)
    assert current["state"] == "head" and current["revision"] == current["head"]


def test_search_sql_selects_what_search_finds(stored, tmp_path):
    import sqlite3

    db, _ = stored
    args = ["search", "pain", "-knee", "--outcome", "upheld"]
    statement = run(db, *args, "--sql").output
    found = json.loads(run(db, *args, "--format", "json").output)["total"]
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        assert len(conn.execute(statement).fetchall()) == found > 0
    assert run(db, "export", "pain", "-knee", "--outcome", "upheld", "--sql").output == statement


def test_sql_needs_no_database(tmp_path):
    missing = tmp_path / "none.sqlite"
    printed = run(str(missing), "search", "facet block", "--sql").output
    assert printed.startswith("SELECT") and "MATCH" in printed and not missing.exists()
    pg = run("postgresql://nobody@127.0.0.1:1/x", "search", "facet block", "--sql").output
    assert "@@" in pg


def test_excluded_words_are_not_short_options(stored, tmp_path):
    db, _ = stored
    with_exclusion = run(db, "search", "pain", "-opioids", "--format", "json").output
    assert json.loads(with_exclusion)["total"] > 0
    assert not list(tmp_path.iterdir()) and not Path("pioids").exists()
