"""``imrdb serve``: the web face and JSON API over a database, read-only, under uvicorn."""

from __future__ import annotations

import click

from imrdb.cli.context import App, pass_app
from imrdb.errors import ImrdbError

WEB_MISSING = "imrdb serve needs the web extra: pip install 'imrdb[web]'"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.01),
    default=10.0,
    show_default=True,
    help="Seconds a page's or an API call's queries may take before they are stopped.",
)
@click.option(
    "--cache",
    "cache_seconds",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Seconds a search page's answer is kept for the next visitor asking it (0: off).",
)
@pass_app
def serve(app: App, host: str, port: int, time_limit: float, cache_seconds: float) -> None:
    """Serve the search, case, guideline and report pages and the JSON API (/api/) over
    the database, read-only: it never migrates or writes."""
    try:
        import uvicorn

        from imrdb.web.app import create_app
        from imrdb.web.database import open_read_only
    except ImportError:
        raise ImrdbError(WEB_MISSING) from None
    engine = open_read_only(app.db)
    click.echo(f"imrdb: serving on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(
        create_app(engine, time_limit, cache_seconds), host=host, port=port, log_level="warning"
    )
