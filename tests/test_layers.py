"""Imports point one way down the layers; a back-arrow fails here.

Every module's imports are read with ``ast`` (top-level, inside functions, relative), so a
lazy import does not hide an arrow. The rules are the architecture's: parse -> record/vocab;
db -> record (+ vocab to normalize); vocab -> nothing above; search -> db/record/vocab;
ingest -> parse/extract/db/search; present/export/report -> search/db/record; the faces
(cli, web) -> anything. Inside search, its index knows nothing of the queries built on it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import imrdb

ROOT = Path(imrdb.__file__).parent
ANYTHING = None  # a face: may import any layer
# Layer (imrdb's subpackage or top-level module) -> the other layers it may import.
ALLOWED: dict[str, frozenset[str] | None] = {
    "errors": frozenset(),
    "record": frozenset({"errors"}),
    "output": frozenset({"errors"}),
    "vocab": frozenset({"errors"}),
    "extract": frozenset({"errors"}),
    "parse": frozenset({"record", "vocab", "errors"}),
    "db": frozenset({"record", "vocab", "errors"}),
    "search": frozenset({"db", "record", "vocab", "errors"}),
    "ingest": frozenset({"parse", "extract", "db", "search", "record", "vocab", "errors"}),
    "evaluate": frozenset({"parse", "extract", "ingest", "record", "vocab", "errors"}),
    "present": frozenset({"search", "db", "record", "vocab", "output", "errors"}),
    "export": frozenset({"search", "db", "record", "vocab", "output", "errors"}),
    "report": frozenset({"search", "db", "record", "vocab", "output", "errors"}),
    "cli": ANYTHING,
    "web": ANYTHING,
    "__main__": ANYTHING,
    "__init__": frozenset(),
}
# Inside a layer: a package that must not import the rest of its layer, but only these.
INNER = {
    "search.index": frozenset({"search.index", "search.query", "search.analyzer", "search.codes"}),
}


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _is_module(name: str) -> bool:
    """Is ``name`` (relative to imrdb) a module or package of imrdb's?"""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imports_of(source: str, module: str, is_package: bool) -> set[str]:
    """The imrdb modules ``source`` imports (names relative to imrdb), wherever it does;
    ``from package import name`` counts as the module ``package.name`` when there is one."""
    found: set[str] = set()
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                prefix = ".".join(["imrdb", *base, *([node.module] if node.module else [])])
            else:
                prefix = node.module or ""
            names = []
            for alias in node.names:
                name = f"{prefix}.{alias.name}"
                names.append(name if _is_module(name.removeprefix("imrdb.")) else prefix)
        else:
            continue
        found.update(n.removeprefix("imrdb.") for n in names if n.startswith("imrdb."))
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the imrdb modules it imports, for every module under ``root``."""
    return {
        module_name(path, root): imports_of(
            path.read_text(), module_name(path, root), path.name == "__init__.py"
        )
        for path in sorted(root.rglob("*.py"))
    }


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def back_arrows(graph: dict[str, set[str]]) -> list[str]:
    """Every import the rules forbid, as "importer -> imported"."""
    wrong = []
    for module, imported in sorted(graph.items()):
        layer = module.split(".")[0]
        if layer not in ALLOWED:
            wrong.append(f"{module}: no rule for layer {layer!r} (add it to ALLOWED)")
            continue
        allowed = ALLOWED[layer]
        for target in sorted(imported):
            other = target.split(".")[0]
            if other != layer and allowed is not ANYTHING and other not in allowed:
                wrong.append(f"{module} -> {target}")
            for inner, inner_allowed in INNER.items():
                inside = _within(module, inner) and other == layer
                if inside and not any(_within(target, ok) for ok in inner_allowed):
                    wrong.append(f"{module} -> {target}")
    return wrong


def test_imports_point_down_the_layers():
    assert back_arrows(import_graph()) == []


def test_the_graph_is_read_whole():
    """Known arrows are seen: the reader is not vacuous."""
    graph = import_graph()
    assert "db.store" in graph["search.index.project"]
    assert "search.index.project" in graph["ingest.save"]
    db_imports = {t for m, ts in graph.items() if _within(m, "db") for t in ts}
    assert "record" in db_imports and not any(_within(t, "search") for t in db_imports)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("db.store", "search.index"),  # the store writing search's projection itself
        ("vocab.synonyms", "search.analyzer"),  # a vocabulary stemming like the index
        ("parse.fields", "db.models"),  # the pure parser touching the database
        ("search.codes", "export.tables"),  # search reaching up to a consumer
        ("record", "parse"),  # the records knowing who makes them
        ("search.index.project", "search.searcher"),  # the index knowing its queries
    ],
)
def test_a_back_arrow_is_caught(importer, imported):
    graph = import_graph()
    graph.setdefault(importer, set()).add(imported)
    assert back_arrows(graph) == [f"{importer} -> {imported}"]


def test_a_package_without_a_rule_is_caught():
    graph = {"newlayer.thing": {"db"}}
    assert back_arrows(graph) == [
        "newlayer.thing: no rule for layer 'newlayer' (add it to ALLOWED)"
    ]


@pytest.mark.parametrize(
    ("source", "module", "is_package", "expected"),
    [
        ("import imrdb.search.query", "db.store", False, {"search.query"}),
        ("from imrdb.search import index", "db.store", False, {"search.index"}),
        ("from imrdb import search", "db.store", False, {"search"}),
        ("def f():\n    from imrdb.search import x\n", "db.store", False, {"search"}),
        ("from ..search import index", "db.store", False, {"search.index"}),
        ("from . import store", "db", True, {"db.store"}),
        ("from .base import Match", "search.index.sqlite", False, {"search.index.base"}),
        ("import sqlalchemy", "db.store", False, set()),
    ],
)
def test_imports_are_read_in_every_form(source, module, is_package, expected):
    assert imports_of(source, module, is_package) == expected
