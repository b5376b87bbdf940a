"""Every vocabulary entry matches its own examples, and the real letters' categories."""

from __future__ import annotations

import json

import pytest

from imrdb.vocab import categories, guidelines, load, specialties

CATEGORY_EXAMPLES = [
    (rule["id"], rule["category"], example)
    for rule in load("categories")["rules"]
    for example in rule["examples"]
]
SPECIALTY_EXAMPLES = [
    (entry["name"], example)
    for entry in load("specialties")["specialties"]
    for example in entry["examples"]
]
GUIDELINE_EXAMPLES = [
    (entry["source"], entry["name"], example)
    for entry in load("guidelines")["guidelines"]
    for example in entry["examples"]
]


@pytest.mark.parametrize(("rule_id", "category", "example"), CATEGORY_EXAMPLES)
def test_category_rule_decides_its_examples(rule_id, category, example):
    assert categories.classify(example) == (category, rule_id)


@pytest.mark.parametrize("example", load("categories")["default_examples"])
def test_unmatched_treatments_are_other(example):
    assert categories.classify(example) == ("other", None)


@pytest.mark.parametrize(("name", "example"), SPECIALTY_EXAMPLES)
def test_specialty_matches_its_examples(name, example):
    assert specialties.normalize_one(example) == (name, True)


@pytest.mark.parametrize(("source", "name", "example"), GUIDELINE_EXAMPLES)
def test_guideline_catalog_matches_its_examples(source, name, example):
    assert guidelines.lookup(source, example) == (name, True)


def test_unknown_values_are_kept_as_written():
    assert specialties.normalize_one("Underwater  Basket Weaving") == (
        "Underwater Basket Weaving",
        False,
    )
    assert specialties.normalize("Family Practice, Underwater Basket Weaving") == [
        "Family Practice",
        "Underwater Basket Weaving",
    ]
    assert guidelines.lookup("OTHER", "A Local Working Group's Note, page 12") == (
        "A Local Working Group's Note",
        False,
    )


@pytest.mark.parametrize(
    ("treatment", "category"),
    [
        ("Associated surgical service: Cold therapy unit", "dmepos"),  # prefix ignored
        ("Pre-op chest x-ray", "diagnostic_imaging"),
        ("Pre-op labs: CBC", "diagnostic_testing"),
        ("Post-op Norco 5/325mg #60", "pharmaceuticals"),
        ("Post-op physical therapy 2 times a week for 4 weeks", "physical_medicine"),
        ("Pre-op Clearance", "evaluation_management"),
        ("Diazepam (Valium) 5mg take 1 tab orally 1 hour before exam", "pharmaceuticals"),
        ("Salonpas pad #60", "pharmaceuticals"),  # a topical, not a pad
        ("Lumbar epidural steroid injection with pain interventionist consult", "injections"),
        ("Gym membership", "other"),
    ],
)
def test_category_judgment_calls(treatment, category):
    assert categories.categorize(treatment) == category


def test_real_letters_categories(real_letters):
    truth = [json.loads(line) for line in (real_letters / "truth.jsonl").open()]
    pairs = [(d["treatment"], d["category"]) for r in truth for d in r["decisions"]]
    wrong = [(t, c, categories.categorize(t)) for t, c in pairs if categories.categorize(t) != c]
    assert len(pairs) > 200
    assert wrong == []
