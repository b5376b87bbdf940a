"""What ingest and reparse did: one ``ingest_runs`` row per run, one ``ingest_failures`` row
per file that could not be stored (kept until the file succeeds).

A failure is keyed by the hash of its bytes, or of its path and member when no bytes were
read (an unsafe archive member), so a file failing again updates its row instead of adding
one, and two processes recording the same failure do not collide.

A run killed outright (SIGKILL, a power cut) cannot say it stopped. While it runs, its
``counts`` hold who runs it (host, PID and the process's start time, so a reused PID is not
mistaken for it); a ``running`` run whose process is gone from this host is shown as
``interrupted``, and recorded so by the next ingest. A run from another host cannot be
checked from here and is shown as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from sqlalchemy import Connection, delete, insert, or_, select, update

from imrdb.db.dialect import upsert
from imrdb.db.models import ingest_failures as failures
from imrdb.db.models import ingest_runs as runs

_CHUNK = 500

# Where a file failed, in pipeline order.
STAGES = ("source", "read", "extract", "parse", "store")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def failure_key(sha256: str | None, path: str, member: str | None) -> str:
    if sha256:
        return sha256
    return hashlib.sha256(f"{path}\0{member or ''}".encode()).hexdigest()


def start_run(
    conn: Connection,
    command: str,
    arguments: str | None,
    extractor: str | None,
    parser_version: str | None,
) -> int:
    row = {
        "command": command,
        "arguments": arguments,
        "extractor": extractor,
        "parser_version": parser_version,
        "started_at": _now(),
        "status": "running",
        "counts": _owner(),
    }
    mark_dead_runs(conn)
    return conn.execute(insert(runs).returning(runs.c.id), row).scalar_one()


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc), if it runs."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # The command name (field 2) may hold spaces: count fields after its ")".
            return stat.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return None


def _owner() -> dict:
    pid = os.getpid()
    return {"host": socket.gethostname(), "pid": pid, "process_start": _process_start(pid)}


def _gone(counts: dict | None) -> bool:
    """True when the run's process is known to have died (on this host)."""
    owner = counts or {}
    if owner.get("host") != socket.gethostname() or not isinstance(owner.get("pid"), int):
        return False
    try:
        os.kill(owner["pid"], 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: alive
        pass
    started = owner.get("process_start")
    return started is not None and _process_start(owner["pid"]) not in (None, started)


def _dead_run_ids(conn: Connection) -> list[int]:
    query = select(runs.c.id, runs.c.counts).where(runs.c.status == "running")
    return [run_id for run_id, counts in conn.execute(query) if _gone(counts)]


def mark_dead_runs(conn: Connection) -> int:
    """Record the runs whose process died as ``interrupted``; how many there were."""
    dead = _dead_run_ids(conn)
    if dead:
        values = {"status": "interrupted", "finished_at": _now()}
        conn.execute(update(runs).where(runs.c.id.in_(dead)).values(values))
    return len(dead)


def iter_runs(conn: Connection) -> Iterator[dict]:
    """Every run, newest first; a run whose process died shows as ``interrupted``."""
    dead = set(_dead_run_ids(conn))
    query = select(runs).order_by(runs.c.id.desc())
    for row in conn.execution_options(yield_per=_CHUNK).execute(query).mappings():
        yield {
            "id": row["id"],
            "command": row["command"],
            "arguments": row["arguments"],
            "status": "interrupted" if row["id"] in dead else row["status"],
            "started_at": row["started_at"],
            "finished_at": row["finished_at"],
            "extractor": row["extractor"],
            "parser_version": row["parser_version"],
            "counts": row["counts"],  # who runs it (host, pid), until it finishes
        }


def finish_run(conn: Connection, run_id: int, status: str, counts: dict) -> None:
    values = {"finished_at": _now(), "status": status, "counts": counts}
    conn.execute(update(runs).where(runs.c.id == run_id).values(values))


class Failure(NamedTuple):
    path: str
    member: str | None
    sha256: str | None
    stage: str
    reason: str
    size: int | None = None  # bytes, where they were read: what a refused file weighed


def record_failures(conn: Connection, run_id: int | None, found: Sequence[Failure]) -> None:
    """Add the failures, or update the rows of files failing again."""
    now = _now()
    rows = {
        failure_key(f.sha256, f.path, f.member): {
            "source_key": failure_key(f.sha256, f.path, f.member),
            "run_id": run_id,
            "path": f.path,
            "member": f.member,
            "sha256": f.sha256,
            "size": f.size,
            "stage": f.stage,
            "reason": f.reason,
            "created_at": now,
        }
        for f in found
    }  # one row per key: a statement may not update the same row twice
    upsert(conn, failures, list(rows.values()), "source_key")


def clear_failures(conn: Connection, succeeded: Sequence[tuple[str, str, str | None]]) -> None:
    """Forget the failures of files that now succeeded, given as (sha256, path, member): the
    same bytes, or an earlier version at the same place (a truncated download fetched again)."""
    hashes = {sha for sha, _, _ in succeeded}
    places = {(path, member) for _, path, member in succeeded}
    paths = sorted({path for path, _ in places})
    stale: list[int] = []
    for i in range(0, max(len(hashes), len(paths)), _CHUNK):
        query = select(failures.c.id, failures.c.sha256, failures.c.path, failures.c.member).where(
            or_(
                failures.c.sha256.in_(sorted(hashes)[i : i + _CHUNK]),
                failures.c.path.in_(paths[i : i + _CHUNK]),
            )
        )
        for failure_id, sha, path, member in conn.execute(query):
            if sha in hashes or (path, member) in places:
                stale.append(failure_id)
    if stale:
        conn.execute(delete(failures).where(failures.c.id.in_(stale)))


def parse_failed(conn: Connection, hashes: Sequence[str]) -> set[str]:
    """The subset of ``hashes`` whose text is stored but did not parse."""
    found: set[str] = set()
    for i in range(0, len(hashes), _CHUNK):
        chunk = list(hashes[i : i + _CHUNK])
        query = select(failures.c.sha256).where(
            failures.c.stage == "parse", failures.c.sha256.in_(chunk)
        )
        found.update(conn.scalars(query))
    return found


def iter_failures(conn: Connection, stage: str | None = None) -> Iterator[dict]:
    """Every recorded failure, by path and member."""
    query = select(failures).order_by(failures.c.path, failures.c.member, failures.c.id)
    if stage:
        query = query.where(failures.c.stage == stage)
    for row in conn.execution_options(yield_per=_CHUNK).execute(query).mappings():
        yield {
            "path": row["path"],
            "member": row["member"],
            "sha256": row["sha256"],
            "size": row["size"],
            "stage": row["stage"],
            "reason": row["reason"],
            "run_id": row["run_id"],
            "recorded_at": row["created_at"],
        }
