"""The parent's one job: store readings, a batch per transaction.

A batch is all-or-nothing, so a killed run leaves whole letters or none. Writers take
turns, as SQLite makes them (``BEGIN IMMEDIATE``): on PostgreSQL a transaction-scoped
advisory lock, so a batch sees what every other ingest committed before it and does not
collide with it (four concurrent ingests once collided on unique hashes, and psycopg
logged "error ignored terminating <Pipeline>: pipeline aborted" for each collision). A
batch that fails all the same (a deadlock, one letter's own problem) is rolled back and
its letters are stored one by one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from imrdb.db import ingest_log, read, store
from imrdb.db.engine import write_transaction
from imrdb.db.store import Fate, SourceDocument
from imrdb.errors import DatabaseUnavailable
from imrdb.ingest import save
from imrdb.ingest.pathnames import to_stored
from imrdb.ingest.worker import Reading

# Attempts per letter when another process keeps winning the race for the same rows.
RETRIES = 5
# Conflicts another writer can cause; anything else about a letter is a failure of its own.
_CONFLICTS = (IntegrityError, OperationalError)
# The advisory lock PostgreSQL writers take in turn ("imrdb" batch writer).
_PG_WRITER_LOCK = 0x1A7D_B002
_TAKE_TURN = text("SELECT pg_advisory_xact_lock(:k)")


def first_line(exc: DBAPIError) -> str:
    text = str(exc.orig if exc.orig is not None else exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _place(o: Reading) -> tuple[str, str | None]:
    """Where the file came from, as stored: names that are not UTF-8 escaped reversibly."""
    return to_stored(o.path), to_stored(o.member) if o.member is not None else None


def _failure(o: Reading, stage: str, reason: str) -> ingest_log.Failure:
    return ingest_log.Failure(*_place(o), o.sha256, stage, reason, o.size)


def _source_document(o: Reading) -> SourceDocument:
    path, member = _place(o)
    return SourceDocument(
        sha256=o.sha256 or "",
        path=path,
        text=o.text or "",
        member=member,
        size=o.size,
        pages=o.pages,
        extractor=o.extractor,
    )


class Writer:
    def __init__(self, engine: Engine, run_id: int, parser_version: str):
        self.engine = engine
        self.run_id = run_id
        self.parser_version = parser_version

    def write(self, readings: Sequence[Reading]) -> list[Fate]:
        """Store ``readings`` (in order) and say what became of each."""
        if not readings:
            return []
        try:
            with self._turn() as conn:
                return self._write(conn, readings)
        except DBAPIError as exc:  # a conflict, or one letter's own problem: find out alone
            if exc.connection_invalidated:
                raise DatabaseUnavailable(f"database connection lost: {first_line(exc)}") from None
        return [self._write_alone(o) for o in readings]

    @contextmanager
    def _turn(self) -> Iterator[Connection]:
        """A write transaction, once every other writer's batch is committed."""
        with write_transaction(self.engine) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(_TAKE_TURN, {"k": _PG_WRITER_LOCK})
            yield conn

    def _write_alone(self, reading: Reading) -> Fate:
        error: DBAPIError | None = None
        for _ in range(RETRIES):
            try:
                with self._turn() as conn:
                    return self._write(conn, [reading])[0]
            except _CONFLICTS as exc:
                error = exc
            except DBAPIError as exc:  # this letter's own problem (a value too long, ...)
                error = exc
                break
        failure = _failure(reading, "store", first_line(error))
        try:
            with write_transaction(self.engine) as conn:
                ingest_log.record_failures(conn, self.run_id, [failure])
        except DBAPIError as exc:
            raise DatabaseUnavailable(f"cannot write to the database: {first_line(exc)}") from None
        return "failed"

    def _write(self, conn: Connection, readings: Sequence[Reading]) -> list[Fate]:
        new = [o.sha256 for o in readings if _is_new_document(o)]
        # Another process may have stored some of them since the parent looked.
        known = read.known_hashes(conn, new) if new else set()
        fates: list[Fate] = ["failed"] * len(readings)
        run: list[int] = []  # consecutive new documents, saved together

        def save_run() -> None:
            if not run:
                return
            letters = [(_source_document(readings[i]), readings[i].record) for i in run]
            saved = save.save_letters(conn, letters, self.parser_version)
            for i, fate in zip(run, saved, strict=True):
                fates[i] = fate or "failed"  # every letter saved here has a record
            run.clear()

        for i, o in enumerate(readings):
            if _is_new_document(o):
                if o.sha256 in known:
                    fates[i] = "unchanged"
                else:
                    run.append(i)
                continue
            save_run()  # keep the order: a later letter may update the same case
            if o.document_id is not None:
                fates[i] = self._parse_again(conn, o)
        save_run()
        written = [o for o, r in zip(readings, fates, strict=True) if o.record and r != "failed"]
        failed = [o for o, r in zip(readings, fates, strict=True) if r == "failed"]
        ingest_log.clear_failures(conn, [(o.sha256 or "", *_place(o)) for o in written])
        ingest_log.record_failures(
            conn, self.run_id, [_failure(o, o.stage or "store", o.reason or "") for o in failed]
        )
        return fates

    def _parse_again(self, conn: Connection, o: Reading) -> Fate:
        """A stored text parsed again (``reparse``, or ``ingest`` meeting a parse failure)."""
        if o.record is None:
            store.mark_unparsed(conn, o.document_id, self.parser_version)
            return "failed"
        return save.replace_record(conn, o.document_id, o.record, self.parser_version)


def _is_new_document(o: Reading) -> bool:
    """A letter read now: it becomes a document. A file that failed keeps only its hash,
    path and reason (a failure row), never its text: junk must not fill the database."""
    return o.document_id is None and o.record is not None and bool(o.sha256)
