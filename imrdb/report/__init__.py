"""Reports: counts and uphold / overturn rates of selected decisions, grouped by a field or
two, with totals; as a terminal table, Markdown, CSV, JSON or a self-contained HTML page."""

from __future__ import annotations

from collections.abc import Callable

from imrdb.report.aggregate import (
    DEFAULT_TOP,
    TEMPLATES,
    build_report,
    build_table,
    build_template,
)
from imrdb.report.groupings import GROUPINGS, treatment_key
from imrdb.report.html import render_html
from imrdb.report.model import Counts, Report, Row, Table
from imrdb.report.render import render_csv, render_json, render_markdown, render_text

RENDERERS: dict[str, Callable[[Report], str]] = {
    "table": render_text,
    "markdown": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "html": render_html,
}
FORMATS = tuple(RENDERERS)

__all__ = [
    "DEFAULT_TOP",
    "FORMATS",
    "GROUPINGS",
    "RENDERERS",
    "TEMPLATES",
    "Counts",
    "Report",
    "Row",
    "Table",
    "build_report",
    "build_table",
    "build_template",
    "treatment_key",
]
