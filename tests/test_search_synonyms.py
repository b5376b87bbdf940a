"""The synonym vocabulary: every group's examples contain one of its terms, and expansion
turns a word or phrase into itself OR its synonyms (by stems, never a prefix)."""

from __future__ import annotations

import pytest

from imrdb.search.analyzer import terms
from imrdb.search.expand import alternatives, expand
from imrdb.search.query import And, Or, Phrase, Word, parse, to_text
from imrdb.vocab import load

GROUPS = load("synonyms")["groups"]
EXAMPLES = [(g["name"], g["terms"], example) for g in GROUPS for example in g["examples"]]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack)))


@pytest.mark.parametrize(("name", "group", "example"), EXAMPLES)
def test_each_example_contains_a_term_of_its_group(name, group, example):
    assert any(_contains(terms(example), terms(t)) for t in group), (name, example)


def test_a_term_belongs_to_one_group_only():
    seen: dict[tuple[str, ...], str] = {}
    for group in GROUPS:
        for term in group["terms"]:
            key = tuple(terms(term))
            assert seen.setdefault(key, group["name"]) == group["name"], term


@pytest.mark.parametrize(
    ("query", "expanded"),
    [
        (
            "ESI",
            'ESI OR "epidural steroid injection" OR "epidural injection" OR '
            '"transforaminal epidural" OR "interlaminar epidural"',
        ),
        (
            "norco",
            'norco OR "hydrocodone acetaminophen" OR "hydrocodone APAP" OR '
            '"hydrocodone bitartrate acetaminophen" OR Vicodin',
        ),
        ("esi*", "esi*"),  # a prefix is left alone
        ("unrelated words", "unrelated words"),
    ],
)
def test_expansion(query, expanded):
    assert to_text(expand(parse(query).expr)) == expanded


def test_words_in_a_row_expand_as_a_phrase_would():
    expr = expand(parse("left facet blocks -lumbar").expr)
    assert isinstance(expr, And)
    left, facet_group = expr.items[0], expr.items[1]
    assert left == Word("left", "left")
    assert isinstance(facet_group, Or)
    assert facet_group.items[0] == And((Word("facet", "facet"), Word("blocks", "block")))
    assert Phrase((Word("medial", "medial"), Word("branch", "branch"), Word("block", "block"))) in (
        facet_group.items
    )
    assert alternatives(("facet", "block"))
