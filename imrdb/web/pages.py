"""The HTML pages: search, case, guideline, report, and the downloads.

Each view reads its URL, calls the library as the CLI does (``imrdb.search``,
``imrdb.db.read``, ``imrdb.report``, ``imrdb.export``) and renders one template. A bad
query is shown on the search page itself, in the CLI's words.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from imrdb.db import read as stored
from imrdb.errors import CaseNotFound
from imrdb.export import FORMATS, TABLES
from imrdb.present import case_view
from imrdb.report import TEMPLATES
from imrdb.search import QueryError, search
from imrdb.web import downloads, queries, reports, views
from imrdb.web.cache import cached, connection
from imrdb.web.database import TimeLimitExceeded
from imrdb.web.params import MAX_QUERY_CHARS, ParamError, SearchParams, multi, read

router = APIRouter(include_in_schema=False)
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def _render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def url_params(request: Request) -> dict[str, list[str]]:
    return multi(request.query_params.multi_items())


def _report_url(params: SearchParams, template: str) -> str:
    """The report ``template`` of the page's selection (paging and order do not matter)."""
    url = params.url("/report", limit=None, offset=None, sort=None)
    return f"{url}{'&' if '?' in url else '?'}template={template}"


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    raw = url_params(request)
    empty = SearchParams("", {}, "decision", False, "relevance", 20, 0)
    context: dict = {"params": empty, "result": None, "error": None, "titles": views.FACET_TITLES}
    context["typed"] = " ".join(raw.get("q") or ())[:MAX_QUERY_CHARS]
    try:
        params = read(raw)
        context["params"] = params
        result = cached(
            request,
            ("search page", *params.items()),
            lambda conn: search(conn, params.request(), facets=True),
        )
    except (ParamError, QueryError, TimeLimitExceeded) as exc:
        context["error"] = str(exc)
        status = 503 if isinstance(exc, TimeLimitExceeded) else 400
        return _render(request, "search.html", context, status)
    context.update(
        result=result,
        facets=[
            (name, views.facet_links(params, name, facet), facet.not_counted)
            for name, facet in views.sidebar(result.facets or {})
        ],
        chips=views.chips(params),
        pager=views.pager(params, len(result.hits), result.total),
        hits=[(hit, views.snippet_pieces(hit.snippet)) for hit in result.hits],
        downloads={
            fmt: params.url(f"/export.{fmt}", limit=None, offset=None, sort=None) for fmt in FORMATS
        },
        reports={name: _report_url(params, name) for name in TEMPLATES},
    )
    return _render(request, "search.html", context)


@router.get("/cases/{number}", response_class=HTMLResponse)
def case_page(request: Request, number: str) -> Response:
    canonical = case_view.case_number(number[:40])
    if canonical != number:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/cases/{canonical}{query}", status_code=308)
    typed = (request.query_params.get("q") or "")[:MAX_QUERY_CHARS]
    with connection(request) as conn:
        record = stored.load_case(conn, canonical)
        if record is None:
            raise CaseNotFound(canonical, stored.case_numbers_like(conn, canonical))
        extras = queries.case_extras(conn, canonical)
    context = {
        "record": record,
        "citation": case_view.citation_line(record),
        "facts": case_view.facts(record),
        "extras": extras,
        "cited_by": views.cited_by(record, extras.guideline_ids),
        "mark": views.highlighter(typed),
        "typed": typed,
        "back_url": SearchParams(typed, {}, "decision", False, "relevance", 20, 0).url()
        if typed
        else None,
    }
    return _render(request, "case.html", context)


@router.get("/cases/{number}/similar/{ordinal}", response_class=HTMLResponse)
def similar_page(request: Request, number: str, ordinal: str) -> HTMLResponse:
    """Similar decisions to one item: a page of its own, since finding them costs a search
    or three (50-500 ms at a million decisions), more than the case page itself."""
    canonical = case_view.case_number(number[:40])
    with connection(request) as conn:
        record = stored.load_case(conn, canonical)
        if record is None:
            raise CaseNotFound(canonical, stored.case_numbers_like(conn, canonical))
    decision = next((d for d in record.decisions if str(d.ordinal) == ordinal), None)
    if decision is None:
        raise HTTPException(404)
    found = cached(
        request,
        ("similar", canonical, decision.ordinal),
        lambda conn: queries.similar(conn, record, decision),
    )
    context = {"record": record, "decision": decision, "similar": found}
    return _render(request, "similar.html", context)


@router.get("/guidelines/{guideline_id}", response_class=HTMLResponse)
def guideline_page(request: Request, guideline_id: str) -> HTMLResponse:
    if not guideline_id.isdigit() or len(guideline_id) > 9:
        raise ParamError("a guideline is named by its number, e.g. /guidelines/12")
    offset = read({"offset": request.query_params.getlist("offset")}).offset
    page = cached(
        request,
        ("guideline", int(guideline_id), offset),
        lambda conn: queries.guideline_page(conn, int(guideline_id), offset),
    )
    if page is None:
        raise HTTPException(404)
    search_url = None
    if queries.reads_as_itself(page.name):  # the same decisions, searchable and faceted
        chosen = {"guideline_name": (page.name,)}
        search_url = SearchParams("", chosen, "decision", False, "relevance", 20, 0).url()
    context = {"page": page, "size": queries.CITED_BY_PAGE, "search_url": search_url}
    return _render(request, "guideline.html", context)


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request) -> HTMLResponse:
    with connection(request) as conn:
        report = reports.build(conn, url_params(request))
    return HTMLResponse(reports.html(report))


@router.get("/export.{fmt}")
def download(request: Request, fmt: str) -> Response:
    if fmt not in FORMATS:
        raise ParamError(f"downloads are {', '.join('export.' + f for f in FORMATS)}")
    raw = url_params(request)
    table = (raw.get("table") or ["decisions"])[-1]
    if table not in TABLES:
        raise ParamError(f"table must be one of: {', '.join(TABLES)}")
    if fmt == "jsonl" and "table" in raw:
        raise ParamError("table applies to csv and parquet; jsonl gives whole case records")
    selection = reports.selection(read(raw).request(), request.app.state.engine.dialect.name)

    chunks = downloads.stream(request.app.state.engine, fmt, selection, table)
    name = "imrdb-cases.jsonl" if fmt == "jsonl" else f"imrdb-{table}.{fmt}"
    return StreamingResponse(
        chunks,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
