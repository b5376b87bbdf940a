"""Readable labels for every code imrdb stores ("Diagnostic imaging" for diagnostic_imaging).

The labels live beside the codes in the data files (subcategories.json, body_regions.json,
labels.json); a report prints the label and keeps the code in JSON and CSV.
"""

from __future__ import annotations

from functools import cache

from imrdb.vocab import load

KINDS = ("category", "subcategory", "drug_class", "body_region", "outcome", "case_outcome")


@cache
def table(kind: str) -> dict[str, str]:
    """code -> label for one kind of code."""
    if kind == "category":
        return {c["code"]: c["label"] for c in load("subcategories")["categories"]}
    if kind in ("subcategory", "drug_class"):
        cats = load("subcategories")["categories"]
        subs = [
            s
            for c in cats
            if kind == "subcategory" or c["by"] == "drug_class"
            for s in c["subcategories"]
        ]
        return {s["code"]: s["label"] for s in subs}
    if kind == "body_region":
        return {r["code"]: r["label"] for r in load("body_regions")["regions"]}
    return dict(load("labels")[kind])


def label(kind: str, code: str | None) -> str:
    """The label of ``code``; an unknown code is shown as written (never hidden)."""
    if code is None:
        return "(none)"
    return table(kind).get(code, code)
