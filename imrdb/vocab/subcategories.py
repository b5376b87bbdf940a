"""The subcategory tree (subcategories.json): which subcategories a category has and how a
body region places surgery and imaging."""

from __future__ import annotations

from functools import cache

from imrdb.vocab import load


@cache
def _categories() -> dict[str, dict]:
    return {entry["code"]: entry for entry in load("subcategories")["categories"]}


def placed_by(category: str) -> str:
    """'drug_class', 'body_region' or 'procedure'."""
    return _categories()[category]["by"]


def codes(category: str | None = None) -> list[str]:
    """The subcategory codes of ``category`` (of every category when None), in tree order."""
    cats = [_categories()[category]] if category else _categories().values()
    return [sub["code"] for cat in cats for sub in cat["subcategories"]]


def default(category: str) -> str:
    """The subcategory that takes what nothing else places (listed last)."""
    return _categories()[category]["subcategories"][-1]["code"]


def by_region(category: str, region: str | None) -> str:
    """The subcategory of ``category`` whose regions include ``region`` (else the default)."""
    for sub in _categories()[category]["subcategories"]:
        if region and region in sub.get("regions", ()):
            return sub["code"]
    return default(category)


def category_of(subcategory: str) -> str | None:
    """The category a subcategory code belongs to."""
    for code, cat in _categories().items():
        if any(sub["code"] == subcategory for sub in cat["subcategories"]):
            return code
    return None


def categories() -> list[str]:
    return list(_categories())
