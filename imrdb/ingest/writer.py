"""The parent's one job: store what the workers read, a batch per transaction.

A batch is all-or-nothing, so a killed run leaves whole letters or none. When a batch
collides with another process storing the same letters (a unique hash or case number, a
deadlock), it is rolled back and its letters are stored one by one, each seeing what the
other process committed.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from imrdb.db import ingest_log, read, store
from imrdb.db.engine import write_transaction
from imrdb.db.store import Fate, SourceDocument
from imrdb.errors import DatabaseUnavailable
from imrdb.ingest import save
from imrdb.ingest.worker import Reading

# Attempts per letter when another process keeps winning the race for the same rows.
RETRIES = 5
# Conflicts another writer can cause; anything else about a letter is a failure of its own.
_CONFLICTS = (IntegrityError, OperationalError)


def _first_line(exc: DBAPIError) -> str:
    text = str(exc.orig if exc.orig is not None else exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _source_document(o: Reading) -> SourceDocument:
    return SourceDocument(
        sha256=o.sha256 or "",
        path=o.path,
        text=o.text or "",
        member=o.member,
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
            with write_transaction(self.engine) as conn:
                return self._write(conn, readings)
        except DBAPIError as exc:  # a conflict, or one letter's own problem: find out alone
            if exc.connection_invalidated:
                raise DatabaseUnavailable(f"database connection lost: {_first_line(exc)}") from None
        return [self._write_alone(o) for o in readings]

    def _write_alone(self, reading: Reading) -> Fate:
        error: DBAPIError | None = None
        for _ in range(RETRIES):
            try:
                with write_transaction(self.engine) as conn:
                    return self._write(conn, [reading])[0]
            except _CONFLICTS as exc:
                error = exc
            except DBAPIError as exc:  # this letter's own problem (a value too long, ...)
                error = exc
                break
        failure = ingest_log.Failure(
            reading.path, reading.member, reading.sha256, "store", _first_line(error)
        )
        try:
            with write_transaction(self.engine) as conn:
                ingest_log.record_failures(conn, self.run_id, [failure])
        except DBAPIError as exc:
            raise DatabaseUnavailable(f"cannot write to the database: {_first_line(exc)}") from None
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
                fates[i] = fate or "failed"  # no fate: a text kept without a record
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
        ingest_log.clear_failures(conn, [(o.sha256 or "", o.path, o.member) for o in written])
        ingest_log.record_failures(
            conn,
            self.run_id,
            [ingest_log.Failure(o.path, o.member, o.sha256, o.stage, o.reason) for o in failed],
        )
        return fates

    def _parse_again(self, conn: Connection, o: Reading) -> Fate:
        """A stored text parsed again (``reparse``, or ``ingest`` meeting a parse failure)."""
        if o.record is None:
            store.mark_unparsed(conn, o.document_id, self.parser_version)
            return "failed"
        return save.replace_record(conn, o.document_id, o.record, self.parser_version)


def _is_new_document(o: Reading) -> bool:
    """A file whose text was read now (parsed or not): it becomes a document."""
    return o.document_id is None and o.text is not None and bool(o.sha256)
