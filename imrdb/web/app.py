"""The ASGI application: routes, templates, static files and the one place errors become
pages (or JSON under ``/api/``) with a sentence and never a traceback.

``create_app(engine)`` serves an engine opened by :func:`imrdb.web.database.open_read_only`;
``imrdb serve`` runs it under uvicorn.
"""

from __future__ import annotations

import logging
from importlib import resources

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from imrdb.errors import CaseNotFound, ImrdbError
from imrdb.search import QueryError
from imrdb.web import api, pages
from imrdb.web.cache import DEFAULT_SECONDS, Cache
from imrdb.web.database import DEFAULT_TIME_LIMIT, TimeLimitExceeded
from imrdb.web.json import SafeJSON
from imrdb.web.params import ParamError
from imrdb.web.views import PARTIES, label

log = logging.getLogger("imrdb.web")
_HERE = resources.files(__package__)


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_HERE.joinpath("templates"))),
        autoescape=True,  # every template, whatever its name: letter text is never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["label"] = label
    env.filters["sentence"] = lambda text: text[:1].upper() + text[1:]
    env.globals["PARTIES"] = PARTIES
    return Jinja2Templates(env=env)


def _status(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, CaseNotFound):
        return 404, "Not found"
    if isinstance(exc, TimeLimitExceeded):
        return 503, "Took too long"
    if isinstance(exc, (ParamError, QueryError, ImrdbError)):
        return 400, "Cannot do that"
    return 500, "Something went wrong"


def error_response(request: Request, status: int, title: str, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return SafeJSON({"error": message}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"title": title, "message": message}, status_code=status
    )


def create_app(
    engine: Engine,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    cache_seconds: float = DEFAULT_SECONDS,
) -> FastAPI:
    """The web face over ``engine`` (already opened read-only); answers are kept for
    ``cache_seconds`` (0: never)."""
    app = FastAPI(
        title="imrdb",
        summary="California IMR decisions: search, facets, cases and reports as JSON.",
        version="1",
        docs_url=None,  # the interactive pages load scripts from a CDN; the schema is enough
        redoc_url=None,
        openapi_url="/api/openapi.json",
        default_response_class=SafeJSON,
    )
    app.state.engine = engine
    app.state.time_limit = time_limit
    app.state.cache = Cache(cache_seconds)
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=str(_HERE.joinpath("static"))), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(Exception)
    async def _any(request: Request, exc: Exception) -> Response:
        status, title = _status(exc)
        if status == 500:
            log.exception("error serving %s", request.url.path)
            return error_response(request, 500, title, "The server could not answer this.")
        return error_response(request, status, title, str(exc))

    @app.exception_handler(ImrdbError)
    async def _imrdb(request: Request, exc: ImrdbError) -> Response:
        status, title = _status(exc)
        return error_response(request, status, title, str(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        title = "Not found" if exc.status_code == 404 else "Cannot do that"
        message = "There is no such page." if exc.status_code == 404 else str(exc.detail)
        return error_response(request, exc.status_code, title, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "query")
        return error_response(request, 400, "Cannot do that", f"{where}: {first.get('msg')}")

    @app.get("/robots.txt", include_in_schema=False, response_class=Response)
    def robots() -> Response:
        # Downloads and reports are whole-database work: crawlers keep to the pages.
        return Response(
            "User-agent: *\nDisallow: /export\nDisallow: /report\n", media_type="text/plain"
        )

    return app


__all__ = ["HTMLResponse", "create_app"]
