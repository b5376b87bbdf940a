"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

Each PostgreSQL test gets a database of its own, dropped afterwards. Without a reachable
server the PostgreSQL half skips with a message, unless ``IMRDB_REQUIRE_PG=1`` (CI), which
turns the skip into a failure. Tests reading ``../shared/real-letters`` skip when it is
absent, unless ``IMRDB_REQUIRE_SHARED=1``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("IMRDB_SHARED", ROOT.parent / "shared"))
REAL_LETTERS = SHARED / "real-letters"
PG_ADMIN_URL = os.environ.get(
    "IMRDB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _require(var: str) -> bool:
    return os.environ.get(var, "") not in ("", "0")


def _pg_admin_url() -> URL:
    url = make_url(PG_ADMIN_URL)
    return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url


def _pg_unavailable_reason() -> str | None:
    try:
        engine = create_engine(_pg_admin_url(), connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # any failure to reach the server means: no PostgreSQL here
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {str(exc).splitlines()[0]}"
    return None


_PG_REASON = _pg_unavailable_reason()


def skip_or_fail_pg() -> None:
    if _PG_REASON is None:
        return
    if _require("IMRDB_REQUIRE_PG"):
        pytest.fail(f"IMRDB_REQUIRE_PG=1 but {_PG_REASON}")
    pytest.skip(_PG_REASON)


def require_real_letters() -> Path:
    """The real letters folder, or skip (fail when IMRDB_REQUIRE_SHARED=1)."""
    if (REAL_LETTERS / "truth.jsonl").exists():
        return REAL_LETTERS
    message = f"real letters not found at {REAL_LETTERS} (set IMRDB_SHARED)"
    if _require("IMRDB_REQUIRE_SHARED"):
        pytest.fail(f"IMRDB_REQUIRE_SHARED=1 but {message}")
    pytest.skip(message)


@pytest.fixture
def real_letters() -> Path:
    return require_real_letters()


@contextmanager
def fresh_pg_database(prefix: str = "imrdb_test") -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped on leaving."""
    skip_or_fail_pg()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield _pg_admin_url().set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    with fresh_pg_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'imrdb.sqlite'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each engine (the test runs once per engine)."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def engine(db_url: str):
    """A migrated database on each engine."""
    from imrdb.db.engine import open_database

    eng = open_database(db_url)
    yield eng
    eng.dispose()
