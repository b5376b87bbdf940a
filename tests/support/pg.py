"""A fresh PostgreSQL database per test, or a skip with the reason (a failure in CI).

Without a reachable server the PostgreSQL half skips with a message, unless
``IMRDB_REQUIRE_PG=1`` (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from tests.support.paths import required

PG_ADMIN_URL = os.environ.get(
    "IMRDB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


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
    if required("IMRDB_REQUIRE_PG"):
        pytest.fail(f"IMRDB_REQUIRE_PG=1 but {_PG_REASON}")
    pytest.skip(_PG_REASON)


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
