"""The web face's database: opened read-only, never migrated, each request time-limited.

``imrdb serve`` must not change what it serves, so it opens the database as the readers do
(``open_database(migrate=False)``: a missing file or a schema other than Alembic's head is
refused with the command that fixes it). Every connection is read-only on
both engines (SQLite ``query_only``, PostgreSQL ``default_transaction_read_only``), and a
request's statements stop after a time limit: SQLite through a progress handler that
interrupts the statement, PostgreSQL through ``statement_timeout``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError, OperationalError

from imrdb.db.engine import open_database
from imrdb.errors import ImrdbError

DEFAULT_TIME_LIMIT = 10.0  # seconds a request's queries may take
# SQLite calls the progress handler every this many VM instructions (some microseconds).
_PROGRESS_STEPS = 1_000


class TimeLimitExceeded(ImrdbError):
    """A request's query ran past the server's time limit and was stopped."""


def _read_only(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA query_only = 1")
        else:
            cursor.execute("SET default_transaction_read_only = on")
            dbapi_connection.commit()
        cursor.close()


def open_read_only(db: str | None) -> Engine:
    """The engine for ``db`` if it exists at the schema this imrdb reads, every connection
    read-only; otherwise the one-line error of :func:`imrdb.db.engine.open_database` saying
    what to run (``imrdb db upgrade``...). Nothing is created, migrated or written."""
    engine = open_database(db, migrate=False, mapped=True)
    engine.dispose()  # the connection the check used was opened before the rule below
    _read_only(engine)
    return engine


def _interrupted(exc: BaseException) -> bool:
    """Whether a DBAPI error is the time limit (not some other failure)."""
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.OperationalError):
        return "interrupted" in str(orig)
    return type(orig).__name__ == "QueryCanceled"


@contextmanager
def limited(engine: Engine, seconds: float | None) -> Iterator[Connection]:
    """A connection whose statements stop after ``seconds`` in all (None: no limit),
    raising :class:`TimeLimitExceeded`."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if engine.dialect.name == "sqlite":
            if seconds is not None:
                deadline = time.monotonic() + seconds
                raw.set_progress_handler(lambda: time.monotonic() > deadline, _PROGRESS_STEPS)
        else:
            ms = max(1, int(seconds * 1000)) if seconds is not None else 0
            conn.exec_driver_sql(f"SET statement_timeout = {ms}")
        try:
            yield conn
        except (OperationalError, DBAPIError) as exc:
            if seconds is not None and _interrupted(exc):
                raise TimeLimitExceeded(
                    f"the query took longer than {seconds:g} s and was stopped: "
                    "narrow it with more words or filters"
                ) from None
            raise
        finally:
            if engine.dialect.name == "sqlite":
                raw.set_progress_handler(None, 0)
