"""The taxonomy's data files: every entry decides its own examples, files are canonical,
codes are unique and every code has a label."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from imrdb.vocab import drugs, labels, load, procedures, regions, subcategories
from imrdb.vocab.treatments import classify

FILES = ("subcategories", "drugs", "procedures", "body_regions", "labels")
SUBCATEGORY_EXAMPLES = [
    (cat["code"], sub["code"], example)
    for cat in load("subcategories")["categories"]
    for sub in cat["subcategories"]
    for example in sub["examples"]
]
PROCEDURE_EXAMPLES = [
    (entry["category"], entry["name"], example)
    for entry in load("procedures")["procedures"]
    for example in entry["examples"]
]
DRUG_EXAMPLES = [
    (entry["generic"], entry["class"], example)
    for entry in load("drugs")["drugs"]
    for example in entry["examples"]
]
REGION_EXAMPLES = [
    (entry["code"], example)
    for entry in load("body_regions")["regions"]
    for example in entry["examples"]
]


@pytest.mark.parametrize("name", FILES)
def test_file_is_canonical(name):
    """One layout (indent 1, UTF-8, final newline), so a correction is a one-line diff."""
    text = resources.files("imrdb.vocab").joinpath(f"{name}.json").read_text("utf-8")
    assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(("category", "code", "example"), SUBCATEGORY_EXAMPLES)
def test_subcategory_places_its_examples(category, code, example):
    assert classify(example, category).subcategory == code


@pytest.mark.parametrize(("category", "name", "example"), PROCEDURE_EXAMPLES)
def test_procedure_names_its_examples(category, name, example):
    found = procedures.named(example, category)
    assert found is not None and found.name == name


@pytest.mark.parametrize(("generic", "drug_class", "example"), DRUG_EXAMPLES)
def test_drug_entry_names_its_examples(generic, drug_class, example):
    found = drugs.mentions(example)
    assert [(m.generic, m.drug_class) for m in found] == [(generic, drug_class)]


@pytest.mark.parametrize(("code", "example"), REGION_EXAMPLES)
def test_body_region_is_named_first_in_its_examples(code, example):
    assert regions.first(example) == code


def test_codes_are_unique_and_labelled():
    subs = subcategories.codes()
    assert len(subs) == len(set(subs))
    for category in subcategories.categories():
        # Every category catches what nothing places, in a subcategory of its own.
        assert subcategories.default(category) == (
            "other_unspecified" if category == "other" else f"{category}_other"
        )
        assert labels.label("category", category) != category
    for kind in ("subcategory", "drug_class", "body_region", "outcome", "case_outcome"):
        for code, label in labels.table(kind).items():
            assert label and label != code and label[0].isupper(), (kind, code)


def test_categories_match_the_category_rules():
    assert set(subcategories.categories()) == {r["category"] for r in load("categories")["rules"]}


def test_references_between_files_resolve():
    subs = set(subcategories.codes())
    region_codes = set(regions.codes())
    for entry in load("procedures")["procedures"]:
        assert entry["category"] in subcategories.categories()
        if "subcategory" in entry:
            assert subcategories.category_of(entry["subcategory"]) == entry["category"]
    for entry in load("drugs")["drugs"]:
        assert entry["class"] in subcategories.codes("pharmaceuticals"), entry["generic"]
        assert set(entry.get("compounded_brands", [])) <= set(entry.get("brands", []))
    for cat in load("subcategories")["categories"]:
        for sub in cat["subcategories"]:
            assert set(sub.get("regions", [])) <= region_codes
            assert sub["code"] in subs


@pytest.mark.parametrize("name", ("drugs", "procedures", "body_regions"))
def test_patterns_compile_without_capturing_groups(name):
    """The loaders tell entries apart by named groups; a capturing group would shift them."""
    key = {"drugs": "drugs", "procedures": "procedures", "body_regions": "regions"}[name]
    for entry in load(name)[key]:
        for pattern in entry.get("patterns", []):
            assert re.compile(pattern).groups == 0, pattern
