"""The parser on generated letters of every layout: PDF -> pdfminer.six -> parser, 100%."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from imrdb.evaluate import FIELDS, evaluate
from imrdb.extract import extract_text
from imrdb.parse import ParseError, parse_letter
from scripts.generate_letters import LAYOUTS, generate, write_corpus
from tests.support.strategies import damaged


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    write_corpus(folder, 60, seed=20261125)
    return folder


def test_every_field_of_every_layout(corpus):
    report = evaluate(corpus, "pdfminer", jobs=2)
    assert report.failures == []
    assert report.parsed == report.letters == 60
    assert {name: report.accuracy(name) for name in FIELDS} == {name: 1.0 for name in FIELDS}, (
        report.differences[:10]
    )


def test_each_layout_is_detected(corpus):
    import json

    truths = [json.loads(line) for line in (corpus / "truth.jsonl").open()]
    assert {t["layout"] for t in truths} == set(LAYOUTS)
    for truth in truths[:10]:
        text = extract_text((corpus / truth["file"]).read_bytes(), "pdfium").text
        assert parse_letter(text).layout == truth["layout"]


@pytest.fixture(scope="module")
def generated_texts():
    return [extract_text(g.pdf_bytes(), "pdfium").text for g in generate(15, seed=3)]


def test_damaged_generated_letters(generated_texts):
    @settings(max_examples=300, deadline=None)
    @given(damaged(generated_texts))
    def check(text):
        try:
            assert parse_letter(text).decisions
        except ParseError as exc:
            assert exc.reason

    check()
