"""Which database, how to connect to it, and keeping its schema at Alembic's head.

``--db`` takes a file path or a SQLAlchemy URL; ``IMRDB_DATABASE_URL`` is the fallback and
``imrdb.sqlite`` in the working directory the default. ``postgresql://`` URLs use psycopg 3.
SQLite runs in WAL mode with foreign keys on and a busy timeout, so two processes writing
at once wait for each other instead of failing.

Only writers create and migrate (``open_database(migrate=True)``: ingest, ``db upgrade``,
library use); readers check the revision with one query against the revisions read from the
migration files, so a search neither imports Alembic nor migrates a shared database.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from imrdb.errors import DatabaseUnavailable, SchemaError

if TYPE_CHECKING:
    from alembic.config import Config

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
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
_CREATES = "`imrdb ingest` or `imrdb db upgrade` creates one"


def resolve_url(db: str | None = None) -> URL:
    """The URL for ``--db`` (a path or a URL), the environment, or the default file."""
    value = db if db is not None else os.environ.get(ENV_VAR) or DEFAULT_DATABASE
    if not value.strip():
        raise DatabaseUnavailable("--db is empty: give a SQLite file path or a database URL")
    if "://" not in value:
        return URL.create("sqlite", database=str(Path(value).expanduser().absolute()))
    try:
        url = make_url(value)
    except (ArgumentError, ValueError) as exc:
        shown = re.sub(r"://[^@/]*@", "://***@", value)
        raise DatabaseUnavailable(f"not a database URL or path: {shown} ({exc})") from None
    if url.get_backend_name() not in SUPPORTED_BACKENDS and url.drivername != "postgres":
        raise DatabaseUnavailable(
            f"{url.drivername}:// databases are not supported: imrdb stores to SQLite "
            "(a file path) or PostgreSQL (postgresql://...)"
        )
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


_REVISION = re.compile(r"^(down_)?revision\b[^=]*=\s*(?:[\"'](\w+)[\"']|None)", re.M)


@cache
def revisions() -> tuple[str, ...]:
    """This imrdb's revisions, oldest first, read from the migration files (no Alembic: a
    reading command checks the schema without importing it; a test checks they agree)."""
    parent: dict[str, str | None] = {}
    for script in (migrations_folder() / "versions").glob("*.py"):
        found = {bool(m[1]): m[2] for m in _REVISION.finditer(script.read_text("utf-8"))}
        if found.get(False):
            parent[found[False]] = found.get(True)
    chain: list[str] = []
    following = {down: rev for rev, down in parent.items()}
    rev = following.get(None)
    while rev is not None:
        chain.append(rev)
        rev = following.get(rev)
    return tuple(chain)


def head_revision() -> str:
    return revisions()[-1]


def _alembic_config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_folder()))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def stored_revisions(conn: Connection) -> list[str] | None:
    """The rows of ``alembic_version`` (one query), or None when there is no such table."""
    try:
        with conn.begin_nested() if conn.in_transaction() else conn.begin():
            return list(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    except DBAPIError:
        return None


def current_revision(engine: Engine) -> str | None:
    """The database's revision, or None before the first migration (SchemaError when
    ``alembic_version`` holds several)."""
    with _connected(engine) as conn:
        rows = stored_revisions(conn) or []
    if len(rows) > 1:
        raise SchemaError(_doubled(engine, rows))
    return rows[0] if rows else None


def _doubled(engine: Engine, rows: list[str]) -> str:
    return (
        f"database {describe(engine.url)} records {len(rows)} schema revisions "
        f"({', '.join(rows)}) where it must hold one: it was changed outside imrdb"
    )


def schema_problem(engine: Engine, rows: list[str] | None) -> str | None:
    """Why a reader cannot use a database whose ``alembic_version`` holds ``rows``, and what
    to run; None when it is at this imrdb's head."""
    where = describe(engine.url)
    known = revisions()
    if not rows:
        with _connected(engine) as conn:
            tables = _tables(conn)
        if not tables:
            return f"database {where} has no imrdb schema yet: {_CREATES}"
        return (
            f"database {where} has imrdb's tables but no schema revision (alembic_version): "
            "it was changed outside imrdb"
        )
    if len(rows) > 1:
        return _doubled(engine, rows)
    (rev,) = rows
    if rev == known[-1]:
        return None
    if rev in known:
        return (
            f"database {where} is at schema {rev}, this imrdb needs {known[-1]}: "
            "run `imrdb db upgrade`"
        )
    if newer_revision(rev):
        return (
            f"database {where} is at schema {rev}, newer than this imrdb knows "
            f"({known[-1]}): upgrade imrdb"
        )
    return (
        f"database {where} is at schema revision {rev!r}, which no imrdb release made "
        f"(this one knows {known[0]}-{known[-1]}): it was changed outside imrdb"
    )


# Tables every imrdb schema has: a database holding them but no revision is a damaged
# imrdb database; a database holding other tables only (a shared server's) may take imrdb's.
_OWN_TABLES = frozenset({"cases", "decisions", "documents"})


def _tables(conn: Connection) -> list[str]:
    """imrdb's own tables in the database (see ``_OWN_TABLES``)."""
    return sorted(_OWN_TABLES & set(inspect(conn).get_table_names()))


def newer_revision(rev: str) -> bool:
    """Whether ``rev`` looks like a later imrdb's (revisions are numbered 0001, 0002, ...)."""
    head = head_revision()
    return rev.isdigit() and len(rev) == len(head) and rev > head


def check_schema(engine: Engine) -> None:
    """Raise SchemaError unless the database is at this imrdb's head (one query when it is)."""
    with _connected(engine) as conn:
        rows = stored_revisions(conn)
    problem = schema_problem(engine, rows)
    if problem:
        raise SchemaError(problem)


def known_revision(revision: str) -> str:
    """``revision`` if this imrdb has it (or ``head``); else SchemaError listing those it has."""
    if revision not in ("head", *revisions()):
        raise SchemaError(
            f"no schema revision {revision[:40]!r}: this imrdb knows "
            f"{', '.join(revisions())} and head"
        )
    return revision


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to ``revision`` under a lock, so concurrent first uses migrate once."""
    known_revision(revision)
    from alembic import command

    with _connected(engine) as conn:
        conn = conn.execution_options(imrdb_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            rows = stored_revisions(conn)
            # Alembic itself would trip over these with a traceback, or build over a stranger.
            foreign = not rows and _tables(conn)
            if foreign or (rows and (len(rows) > 1 or rows[0] not in revisions())):
                raise SchemaError(schema_problem(engine, rows) or "")
            command.upgrade(_alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

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


def _sqlite_file(url: URL, create: bool) -> None:
    """The file behind a SQLite URL must be a database file; only writers create it."""
    if not url.database or url.database == ":memory:":
        return
    path = Path(url.database)
    if path.exists():
        if not path.is_file():
            raise DatabaseUnavailable(f"{path} is not a database file")
        if create and not os.access(path, os.W_OK):
            raise DatabaseUnavailable(f"database {path} is read-only: cannot store to it")
        return
    if not create:
        raise DatabaseUnavailable(f"no database at {path}: {_CREATES}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot create {path}: {exc.strerror or exc}") from None


def connect(db: str | None = None, create: bool = False, mapped: bool = False) -> Engine:
    """The engine for ``db`` with no schema check (``create``: a missing SQLite file may be
    made); the connection is tried at once, so an unreachable server is one message."""
    url = resolve_url(db)
    if url.get_backend_name() == "sqlite":
        _sqlite_file(url, create)
    engine = make_engine(url, mapped)
    with _connected(engine):
        pass
    return engine


def open_database(db: str | None = None, migrate: bool = True, mapped: bool = False) -> Engine:
    """The engine for ``db``: with ``migrate``, created and migrated to head if need be;
    without, it must exist at head (SchemaError says what to run). ``mapped``: see
    :func:`make_engine`."""
    engine = connect(db, create=migrate, mapped=mapped)
    if migrate:
        with _connected(engine) as conn:
            rows = stored_revisions(conn)
        if rows != [head_revision()]:
            upgrade(engine)
    else:
        check_schema(engine)
    return engine
