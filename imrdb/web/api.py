"""The JSON API under ``/api/``: the CLI's JSON, field for field (DATA_CONTRACT.md names).

``/api/search`` answers what ``imrdb search --format json`` prints, ``/api/facets`` what
``imrdb facets --format json`` prints, ``/api/cases/{number}`` what ``imrdb show --format
json`` prints and ``/api/report`` what ``imrdb report --format json`` prints, for the same
query and filters. The schema is at ``/api/openapi.json``.
"""

from __future__ import annotations

import inspect
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from imrdb.db import read as stored
from imrdb.errors import CaseNotFound
from imrdb.present import case_view
from imrdb.report.render import render_json
from imrdb.search import FILTERS, SCOPES, SORTS, facets_only, search
from imrdb.web import queries, reports
from imrdb.web.cache import cached, connection
from imrdb.web.params import (
    MAX_FACET_SIZE,
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    ParamError,
    SearchParams,
    facet_size,
    multi,
    read,
)

router = APIRouter(prefix="/api", tags=["api"])
# Parameters read from the URL by the views themselves; declared here for the schema.
Flag = Annotated[str | None, Query(description="1: also count the hits by facet")]
ByRow = Annotated[str | None, Query(description="decision (default) or case: one row per case")]
FacetSize = Annotated[
    str | None, Query(alias="facet_size", description=f"values per facet, 1-{MAX_FACET_SIZE}")
]
ReportTemplate = Annotated[str | None, Query(description="a ready-made report (dwc-annual)")]
ReportBy = Annotated[list[str] | None, Query(description="group by this field; twice: a cross")]
ReportTop = Annotated[str | None, Query(description="rows kept per grouping; 0: all")]


def _search_parameters() -> list[inspect.Parameter]:
    """The search parameters as OpenAPI should list them (read by :func:`params`)."""

    def param(name: str, annotation: Any, description: str) -> inspect.Parameter:
        return inspect.Parameter(
            f"p_{name}",
            inspect.Parameter.KEYWORD_ONLY,
            default=Query(None, alias=name, description=description),
            annotation=annotation,
        )

    found = [
        param(
            "q",
            str | None,
            f"the query, as `imrdb search QUERY` takes it (at most {MAX_QUERY_CHARS} chars)",
        )
    ]
    for spec in FILTERS:
        choices = f" ({', '.join(spec.choices)})" if spec.choices else ""
        found.append(param(spec.name, list[str] | None, f"{spec.help}{choices}; repeatable"))
    found += [
        param("in", str | None, f"where to search: {' or '.join(SCOPES)}"),
        param("expand", str | None, "1: also find treatment synonyms"),
        param("sort", str | None, f"one of {', '.join(SORTS)}"),
        param("limit", str | None, f"hits per page, 0-{MAX_PAGE_SIZE} (default 20)"),
        param("offset", str | None, f"hits to skip, at most {MAX_OFFSET:,}"),
    ]
    return found


def params(request: Request, **_documented: Any) -> SearchParams:
    """The checked search parameters of the request's URL."""
    return read(multi(request.query_params.multi_items()))


params.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        *_search_parameters(),
    ]
)


@router.get("/search", summary="Decisions matching a query and filters (imrdb search)")
def api_search(
    request: Request,
    chosen: Annotated[SearchParams, Depends(params)],
    facets: Flag = None,
    by: ByRow = None,
    facet_size_: FacetSize = None,
) -> dict:
    if (by or "decision") not in ("decision", "case"):
        raise ParamError("by must be decision or case")
    size = facet_size(multi(request.query_params.multi_items()))
    with_facets = (facets or "").lower() in ("1", "true", "on", "yes")
    key = ("api search", *chosen.items(), size, with_facets, by)
    return cached(
        request,
        key,
        lambda conn: search(
            conn, chosen.request(facet_size=size), facets=with_facets, by_case=by == "case"
        ).to_dict(),
    )


@router.get("/facets", summary="Facet counts of a query and filters (imrdb facets)")
def api_facets(
    request: Request,
    chosen: Annotated[SearchParams, Depends(params)],
    facet_size_: FacetSize = None,
) -> dict:
    size = facet_size(multi(request.query_params.multi_items()))
    result = cached(
        request,
        ("api facets", *chosen.items(limit=None, offset=None, sort=None), size),
        lambda conn: facets_only(conn, chosen.request(facet_size=size, limit=0, offset=0)),
    )
    return {
        "total": result.total,
        "description": result.plan.description(),
        "facets": {name: f.to_dict() for name, f in (result.facets or {}).items()},
    }


@router.get("/cases/{number}", summary="One case record, the contract's shape (imrdb show)")
def api_case(request: Request, number: str) -> dict:
    canonical = case_view.case_number(number[:40])
    with connection(request) as conn:
        record = stored.load_case(conn, canonical)
        if record is None:
            raise CaseNotFound(canonical, stored.case_numbers_like(conn, canonical))
    return record.to_dict(diagnoses=True)


@router.get("/report", summary="Counts and uphold/overturn rates, grouped (imrdb report)")
def api_report(
    request: Request,
    chosen: Annotated[SearchParams, Depends(params)],
    template: ReportTemplate = None,
    by: ReportBy = None,
    top: ReportTop = None,
) -> dict:
    with connection(request) as conn:
        report = reports.build(conn, multi(request.query_params.multi_items()))
    return json.loads(render_json(report))


@router.get("/guidelines/{guideline_id}", summary="Decisions citing a guideline, with rates")
def api_guideline(
    request: Request,
    guideline_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict:
    page = cached(
        request,
        ("guideline", guideline_id, offset),
        lambda conn: queries.guideline_page(conn, guideline_id, offset),
    )
    if page is None:
        raise HTTPException(404)
    return {
        "id": page.id,
        "source": page.source,
        "name": page.name,
        "total": page.total.to_dict(),
        "by_year": [r.to_dict() for r in page.by_year],
        "by_cited_by": [r.to_dict() for r in page.by_party],
        "offset": page.offset,
        "decisions": [
            {
                "case_number": d.case_number,
                "ordinal": d.ordinal,
                "letter_date": d.letter_date.isoformat() if d.letter_date else None,
                "treatment": d.treatment,
                "outcome": d.outcome,
                "cited_by": list(d.cited_by),
            }
            for d in page.decisions
        ],
    }
