"""The migrations and the models agree, and the migrations go down and up, on both engines."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from imrdb.db import engine as db_engine
from imrdb.db import models
from imrdb.search.index import include_object


@contextmanager
def _expression_indexes_unread() -> Iterator[None]:
    """SQLite's reflection skips expression indexes (facet_combos' key parts, migration
    0010), and says so; tests/test_facets.py checks them by name and by the plans that
    read them."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
        yield


def _drift(engine) -> list:
    with engine.connect() as conn, _expression_indexes_unread():
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        return compare_metadata(context, models.metadata)


def _fulltext_present(engine) -> bool:
    insp = inspect(engine)
    if engine.dialect.name == "sqlite":
        return {"decisions_fts", "documents_fts"} <= set(insp.get_table_names())
    indexed = {
        (table, column)
        for table in ("decision_facets", "documents")
        for index in insp.get_indexes(table)
        for column in index["column_names"]
    }
    return {("decision_facets", "search_vector"), ("documents", "search_vector")} <= indexed


def test_upgrade_head_matches_the_models(engine):
    assert db_engine.current_revision(engine) == db_engine.head_revision()
    assert _drift(engine) == []
    assert _fulltext_present(engine)


def test_downgrade_to_base_and_up_again(engine):
    db_engine.downgrade(engine, "base")
    assert db_engine.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    db_engine.upgrade(engine)
    assert db_engine.current_revision(engine) == db_engine.head_revision()
    assert _drift(engine) == []
    assert _fulltext_present(engine)


def test_drift_check_can_fail(engine):
    """A column the migrations lack is reported: the comparison above is not vacuous."""
    from sqlalchemy import Column, Integer, MetaData, Table

    metadata = MetaData()
    for table in models.metadata.tables.values():
        table.to_metadata(metadata)
    Table("decisions", metadata, Column("extra", Integer), extend_existing=True)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        with _expression_indexes_unread():
            diffs = compare_metadata(context, metadata)
    assert any(d[0] == "add_column" and d[3].name == "extra" for d in diffs)
