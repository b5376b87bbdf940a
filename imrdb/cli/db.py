"""``imrdb db``: Alembic for operators."""

from __future__ import annotations

import click

from imrdb.cli.context import App, pass_app
from imrdb.db import engine as db_engine


@click.group("db")
def db_group() -> None:
    """Schema migrations (Alembic)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@pass_app
def upgrade(app: App, revision: str) -> None:
    """Migrate the database to REVISION (default: head)."""
    engine = db_engine.open_database(app.db, migrate=False)
    db_engine.upgrade(engine, revision)
    click.echo(f"{db_engine.describe(engine.url)} at {db_engine.current_revision(engine)}")


@db_group.command("current")
@pass_app
def current(app: App) -> None:
    """Print the database's schema revision (and whether it is the newest)."""
    engine = db_engine.open_database(app.db, migrate=False)
    revision = db_engine.current_revision(engine)
    head = db_engine.head_revision()
    state = "head" if revision == head else f"behind head {head}"
    click.echo(f"{revision or 'empty (no schema yet)'} ({state})")
