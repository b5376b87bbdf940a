"""Reports and selections from a URL, as ``imrdb report`` and ``imrdb export`` make them
from options: the same search request, the same :class:`Selection`, the same builders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection

from imrdb.report import (
    DEFAULT_TOP,
    GROUPINGS,
    TEMPLATES,
    Report,
    build_report,
    build_template,
)
from imrdb.report.html import render_html
from imrdb.search import SearchRequest, Selection, matching
from imrdb.web.params import ParamError, read

DEFAULT_TEMPLATE = "dwc-annual"


def selection(request: SearchRequest, dialect: str) -> Selection:
    """The decisions the request finds, as exports and reports take them."""
    return matching(request, dialect)


def build(conn: Connection, params: Mapping[str, Sequence[str]]) -> Report:
    """The report a URL asks for: ``template`` (default dwc-annual) or ``by`` (once or
    twice for a cross table), ``top``, over the search parameters' selection."""
    by = [b for b in params.get("by") or () if b]
    template = (params.get("template") or [""])[-1]
    if template and by:
        raise ParamError("give by or template, not both")
    if not by:
        template = template or DEFAULT_TEMPLATE
        if template not in TEMPLATES:
            raise ParamError(f"template must be one of: {', '.join(TEMPLATES)}")
    for name in by:
        if name not in GROUPINGS:
            raise ParamError(f"by must be one of: {', '.join(GROUPINGS)}")
    if len(by) > 2:
        raise ParamError("by: at most two fields (a cross table)")
    top_raw = (params.get("top") or [str(DEFAULT_TOP)])[-1]
    if not top_raw.isdigit() or int(top_raw) > 1000:
        raise ParamError("top must be a whole number from 0 to 1,000")
    top = int(top_raw) or None
    chosen = selection(read(params).request(), conn.dialect.name)
    if template:
        return build_template(conn, chosen, template, top)
    return build_report(conn, chosen, [by], top)


def html(report: Report) -> str:
    return render_html(report)
