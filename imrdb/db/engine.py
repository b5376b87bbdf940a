"""Which database, how to connect to it, and keeping its schema at Alembic's head.

``--db`` takes a file path or a SQLAlchemy URL; ``IMRDB_DATABASE_URL`` is the fallback and
``imrdb.sqlite`` in the working directory the default. ``postgresql://`` URLs use psycopg 3.
SQLite runs in WAL mode with foreign keys on and a busy timeout, so two processes writing
at once wait for each other instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from imrdb.errors import DatabaseUnavailable

DEFAULT_DATABASE = "imrdb.sqlite"
ENV_VAR = "IMRDB_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 60_000
# Searches (``mapped``) map the file rather than copy pages through read(): they join index
# hits to rows all over the projection (docs/search.md). Streaming commands do not: mapped
# pages count in a process's resident memory, which an export must keep flat.
SQLITE_MMAP_BYTES = 1 << 32
SQLITE_CACHE_KIB = 65_536
# Any constant will do: it only has to be the same for every imrdb process.
_PG_MIGRATION_LOCK = 0x1A7D_B001


def resolve_url(db: str | None = None) -> URL:
    """The URL for ``--db`` (a path or a URL), the environment, or the default file."""
    value = db or os.environ.get(ENV_VAR) or DEFAULT_DATABASE
    if "://" not in value:
        return URL.create("sqlite", database=str(Path(value).expanduser().resolve()))
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"not a database URL or path: {value}") from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe(url: URL) -> str:
    """The URL as it may be shown: password hidden."""
    return url.render_as_string(hide_password=True)


def _tune_sqlite(engine: Engine, mapped: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's BEGIN (below) start transactions, so DDL is transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        if mapped:
            cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: a deferred transaction that reads, then
        # writes, fails at once with SQLITE_BUSY when another process wrote meanwhile.
        immediate = conn.get_execution_options().get("imrdb_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch to WAL, retrying while another process holds the database.

    Switching a new file to WAL takes an exclusive lock without calling the busy handler,
    so two processes opening a fresh database at once can see "database is locked" here.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def make_engine(url: URL, mapped: bool = False) -> Engine:
    """An engine for ``url`` with imrdb's connection settings (``mapped``: SQLite reads by
    memory-mapping the file, for searches)."""
    try:
        if url.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            _tune_sqlite(engine, mapped)
            return engine
        # JIT compiling costs a search ~35 ms and saves it nothing (docs/search.md).
        settings = {"connect_timeout": 10, "options": "-c jit=off"}
        return create_engine(url, pool_pre_ping=True, connect_args=settings)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseUnavailable(f"cannot use database {describe(url)}: {exc}") from exc


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that takes the write lock at once (SQLite)."""
    with engine.connect() as conn:
        conn = conn.execution_options(imrdb_write=True)
        with conn.begin():
            yield conn


def migrations_folder() -> Path:
    """The Alembic scripts: top-level ``migrations/`` in a checkout, shipped in the wheel as
    ``imrdb.migrations`` (setup.py), so an installed imrdb finds them too."""
    return Path(str(resources.files("imrdb.migrations")))


def _alembic_config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_folder()))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision, or None before the first migration."""
    with _connected(engine) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to ``revision`` under a lock, so concurrent first uses migrate once."""
    with _connected(engine) as conn:
        conn = conn.execution_options(imrdb_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            command.upgrade(_alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with _connected(engine) as conn, conn.begin():
        command.downgrade(_alembic_config(conn), revision)


@contextmanager
def _connected(engine: Engine) -> Iterator[Connection]:
    try:
        conn = engine.connect()
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(
            f"cannot connect to database {describe(engine.url)}: {reason}"
        ) from None
    with conn:
        yield conn


def open_database(db: str | None = None, migrate: bool = True, mapped: bool = False) -> Engine:
    """The engine for ``db``, created and migrated to head on first use (``mapped``: see
    :func:`make_engine`)."""
    url = resolve_url(db)
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url, mapped)
    if migrate and current_revision(engine) != head_revision():
        upgrade(engine)
    elif not migrate:
        with _connected(engine):
            pass
    return engine
