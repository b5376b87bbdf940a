"""What every command shares: the database named by ``--db``, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field

import click
from sqlalchemy import Engine

from imrdb.db.engine import open_database


@dataclass
class App:
    db: str | None
    _engine: Engine | None = field(default=None, repr=False)

    def engine(self) -> Engine:
        """The database, created and migrated to head if need be."""
        if self._engine is None:
            self._engine = open_database(self.db)
        return self._engine


pass_app = click.make_pass_decorator(App)
