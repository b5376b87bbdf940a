"""Alembic environment: runs on the connection imrdb hands over, or on a URL."""

from alembic import context
from sqlalchemy import create_engine

from imrdb.db.models import metadata
from imrdb.search import index  # its tables join the same metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=index.include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        run(conn)
