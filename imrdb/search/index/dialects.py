"""Which engine module serves a database: a table, not a branch.

Each engine's module is imported on first use, so a search of a SQLite database never
loads SQLAlchemy's PostgreSQL dialect (a tenth of the command's start-up).
"""

from __future__ import annotations

from collections.abc import Callable

from imrdb.search.index.base import TextIndex


def _sqlite() -> TextIndex:
    from imrdb.search.index import sqlite

    return sqlite.INDEX


def _postgresql() -> TextIndex:
    from imrdb.search.index import postgresql

    return postgresql.INDEX


_ENGINES: dict[str, Callable[[], TextIndex]] = {"sqlite": _sqlite, "postgresql": _postgresql}


def for_dialect(name: str) -> TextIndex:
    """The full-text index of the SQLAlchemy dialect ``name``."""
    try:
        engine = _ENGINES[name]
    except KeyError:
        raise ValueError(f"no full-text index for the {name} dialect") from None
    return engine()
