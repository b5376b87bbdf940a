"""The JSON API answers what the CLI prints as JSON, for the engine-agreement table's
queries (tests/test_search_engines.py) on SQLite and PostgreSQL: ``/api/search`` and
``imrdb search --facets --format json``, ``/api/facets`` and ``imrdb facets``,
``/api/cases/N`` and ``imrdb show``, ``/api/report`` and ``imrdb report``; and the schema
lists every parameter."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from imrdb.cli import cli
from imrdb.search import FILTERS
from tests.support import agreement, search_corpus
from tests.support.web import served_corpus

LETTERS, SEED = 400, 11
QUERIES = agreement.QUERIES
_CLI_OPTIONS = {"limit": "--limit", "offset": "--offset", "sort": "--sort", "scope": "--in"}
_URL_OPTIONS = {"limit": "limit", "offset": "offset", "sort": "sort", "scope": "in"}


@pytest.fixture(scope="module")
def letters():
    return search_corpus.corpus(LETTERS, SEED)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory, letters):
    """(database URL, a client of the app over it), per engine."""
    with served_corpus(request.param, tmp_path_factory.mktemp("api"), letters) as both:
        yield both


def _cli(url: str, *args: str):
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _both(row, letters, paging: bool = True):
    """The row as CLI arguments and as URL parameters (without limit, offset and sort
    unless ``paging``)."""
    query, filters, options = row
    if not paging:
        options = {k: v for k, v in options.items() if k not in ("limit", "offset", "sort")}
    if "{case" in query:
        number = letters[7][1].case_number
        query = query.format(case=number, case_typed=number.lower().replace("-", " "))
    args, params = [query] if query else [], [("q", query)] if query else []
    for name, values in filters.items():
        for value in values:
            args += [f"--{name.replace('_', '-')}", value]
            params.append((name, value))
    for name, value in options.items():
        if name == "expand":
            args.append("--expand")
            params.append(("expand", "1"))
        else:
            args += [_CLI_OPTIONS[name], str(value)]
            params.append((_URL_OPTIONS[name], str(value)))
    return args, params


@pytest.mark.parametrize("row", QUERIES, ids=[f"{q!r}-{f}-{o}" for q, f, o in QUERIES])
def test_api_search_and_facets_equal_the_cli_json(served, row, letters):
    url, client = served
    args, params = _both(row, letters)
    answer = client.get("/api/search", params=[*params, ("facets", "1")])
    assert answer.status_code == 200, answer.text
    assert answer.json() == _cli(url, "search", *args, "--facets", "--format", "json")
    args, params = _both(row, letters, paging=False)
    answer = client.get("/api/facets", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.json() == _cli(url, "facets", *args, "--format", "json")


def test_api_search_by_case_equals_the_cli(served):
    url, client = served
    answer = client.get("/api/search", params={"q": "pain", "by": "case", "limit": "5"})
    assert answer.json() == _cli(
        url, "search", "pain", "--by", "case", "--limit", "5", "--format", "json"
    )


def test_api_case_and_report_equal_the_cli(served, letters):
    url, client = served
    number = letters[3][1].case_number
    assert client.get(f"/api/cases/{number}").json() == _cli(
        url, "show", number, "--format", "json"
    )
    lowered = number.lower().replace("-", " ")  # typed as people type it
    assert client.get(f"/api/cases/{lowered}").json()["case_number"] == number
    params = [("q", "therapy"), ("outcome", "upheld"), ("template", "dwc-annual")]
    expected = _cli(
        url,
        "report",
        "therapy",
        "--outcome",
        "upheld",
        "--template",
        "dwc-annual",
        "--format",
        "json",
    )
    assert client.get("/api/report", params=params).json() == expected
    params = [("guideline", "ODG"), ("by", "year"), ("by", "category")]  # a cross table
    expected = _cli(
        url, "report", "--guideline", "ODG", "--by", "year", "--by", "category", "--format", "json"
    )
    assert client.get("/api/report", params=params).json() == expected
    answer = client.get("/api/report", params=[("by", "outcome")])
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("by must be one of: category")


def test_an_unknown_case_is_a_404_with_the_cli_sentence(served):
    _url, client = served
    answer = client.get("/api/cases/CM99-0000000")
    assert answer.status_code == 404
    assert answer.json()["error"].startswith("no case CM99-0000000 in this database")


def test_the_openapi_schema_lists_every_filter_and_endpoint(served):
    _url, client = served
    schema = client.get("/api/openapi.json").json()
    assert {"/api/search", "/api/facets", "/api/cases/{number}", "/api/report"} <= set(
        schema["paths"]
    )
    names = {p["name"] for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert {spec.name for spec in FILTERS} | {"q", "in", "sort", "limit", "offset"} <= names
