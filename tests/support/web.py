"""A real uvicorn server on 127.0.0.1 (a free port) in a thread, over a database opened
as ``imrdb serve`` opens it; and the browser, or a skip (a failure under
``IMRDB_REQUIRE_BROWSER=1``) when Debian's chromium is missing."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from imrdb.db.engine import open_database
from imrdb.web.app import create_app
from imrdb.web.database import DEFAULT_TIME_LIMIT, open_read_only

CHROMIUM = Path("/usr/bin/chromium")


@contextmanager
def served_corpus(engine: str, folder: Path, letters) -> Iterator[tuple[str, TestClient]]:
    """(database URL, a client of the app over it): ``letters`` stored on ``engine``
    (``sqlite`` in ``folder``, or a fresh PostgreSQL database), served read-only."""
    from tests.support import search_corpus

    def serve(url: str) -> Iterator[tuple[str, TestClient]]:
        db = open_database(url)
        search_corpus.load(db, letters)
        db.dispose()
        db = open_read_only(url)
        try:
            with TestClient(create_app(db)) as client:
                yield url, client
        finally:
            db.dispose()

    if engine == "sqlite":
        yield from serve(f"sqlite:///{folder / 'web.sqlite'}")
    else:
        with search_corpus.pg_database() as url:
            yield from serve(url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db_url: str, time_limit: float = DEFAULT_TIME_LIMIT) -> Iterator[str]:
    """The base URL of ``imrdb serve``'s app over ``db_url``, stopped on leaving."""
    engine = open_read_only(db_url)
    config = uvicorn.Config(
        create_app(engine, time_limit), host="127.0.0.1", port=free_port(), log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(10)
        engine.dispose()


def require_browser() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} not found (apt-get install chromium)"
    if os.environ.get("IMRDB_REQUIRE_BROWSER", "") not in ("", "0"):
        pytest.fail(f"IMRDB_REQUIRE_BROWSER=1 but {message}")
    pytest.skip(message)


@contextmanager
def browser_page(width: int = 1200, height: int = 900, javascript: bool = True):
    """A page of a headless Chromium (Debian's, through Playwright); ``javascript=False``
    shows what a visitor without it gets."""
    executable = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(executable), args=["--no-sandbox"])
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                accept_downloads=True,
                java_script_enabled=javascript,
            )
            yield context.new_page()
        finally:
            browser.close()
