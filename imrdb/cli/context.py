"""What every command shares: the database named by ``--db``, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass
class App:
    db: str | None
    _engine: Engine | None = field(default=None, repr=False)

    def engine(self, mapped: bool = False, migrate: bool = False) -> Engine:
        """The database, which must exist at this imrdb's schema; with ``migrate`` (ingest
        only) created and migrated to head if need be. ``mapped``: for searches, see
        :func:`imrdb.db.engine.make_engine`."""
        if self._engine is None:
            from imrdb.db.engine import open_database

            self._engine = open_database(self.db, migrate=migrate, mapped=mapped)
        return self._engine


pass_app = click.make_pass_decorator(App)
