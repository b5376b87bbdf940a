"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

Each PostgreSQL test gets a database of its own, dropped afterwards (tests/support/pg.py says
when the PostgreSQL half skips and when it fails); tests reading ``../shared/real-letters``
skip when it is absent (tests/support/paths.py). Helpers live in ``tests/support``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import ROOT, SHARED, require_real_letters
from tests.support.pg import fresh_pg_database, skip_or_fail_pg

__all__ = ["ROOT", "SHARED", "fresh_pg_database", "require_real_letters", "skip_or_fail_pg"]


@pytest.fixture
def real_letters() -> Path:
    return require_real_letters()


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
