"""Which engine module serves a database: a table, not a branch."""

from __future__ import annotations

from imrdb.search.index import postgresql, sqlite
from imrdb.search.index.base import TextIndex

_ENGINES: dict[str, TextIndex] = {"sqlite": sqlite.INDEX, "postgresql": postgresql.INDEX}


def for_dialect(name: str) -> TextIndex:
    """The full-text index of the SQLAlchemy dialect ``name``."""
    try:
        return _ENGINES[name]
    except KeyError:
        raise ValueError(f"no full-text index for the {name} dialect") from None
