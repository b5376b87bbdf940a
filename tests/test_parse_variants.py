"""Letters written with the variations real letters show (``generate_letters.py --variants``),
read back: through PDF and pdfminer for a small corpus of every layout, as text for a larger
one. Every field and every named variation must hold at 99%, and no letter with an outcome
after a decision heading may be refused."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from imrdb.cli.evaluate import _print as print_report
from imrdb.evaluate import FIELDS, Report, compare, evaluate
from imrdb.parse import parse_letter
from scripts.generate_letters import LAYOUTS, generate, write_corpus
from scripts.letters.variant_doc import NAMES

TEXT_LETTERS = 400
PDF_LETTERS = 60


def _assert_bars(report: Report) -> None:
    assert report.failures == []
    low = {name: report.accuracy(name) for name in FIELDS if report.accuracy(name) < 0.99}
    assert low == {}, report.differences[:10]
    weak = {
        name: score.accuracy
        for name, score in report.variations.items()
        if score.letter_accuracy < 0.98
    }
    assert weak == {}, report.differences[:10]


def test_the_truth_lists_the_variations_drawn_independently():
    letters = list(generate(200, seed=3, variants=True))
    applied = Counter(name for g in letters for name in g.truth()["variations"])
    assert set(applied) == set(NAMES)  # every named variation occurs
    per_letter = Counter(len(g.truth()["variations"]) for g in letters)
    assert max(per_letter) >= 5  # several at once
    assert [g.truth() for g in generate(20, seed=3, variants=True)] == [
        g.truth() for g in letters[:20]
    ]
    assert all(g.file_name.endswith(".txt") == ("crlf" in g.truth()["variations"]) for g in letters)
    crlf = next(g for g in letters if g.is_text)
    assert "\r\n" in crlf.text() and "\r\n" not in next(g for g in letters if not g.is_text).text()


def test_variant_letters_as_text():
    report = Report()
    for letter in generate(TEXT_LETTERS, seed=11, variants=True):
        truth = letter.truth()
        got = None
        try:
            got = parse_letter(letter.text()).to_dict()
            report.parsed += 1
        except Exception as exc:  # a refused letter is listed, never raised
            report.failures.append((letter.file_name, str(exc)))
        right, total = compare(letter.file_name, truth, got, report)
        for name in truth["variations"]:
            report.variations[name].add(right, total)
    assert {g.layout for g in generate(10, seed=11)} == set(LAYOUTS)
    _assert_bars(report)


@pytest.fixture(scope="module")
def pdf_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("variants")
    write_corpus(folder, PDF_LETTERS, seed=5, variants=True)
    return folder


def test_variant_letters_through_pdf_and_pdfminer(pdf_corpus, capsys):
    report = evaluate(pdf_corpus, "pdfminer", jobs=2)
    print_report(report, differences=0)  # what `imrdb eval` shows: fields, then variations
    shown = capsys.readouterr().out
    assert "by variation" in shown and "hyphenation" in shown
    assert set(report.to_dict()["variations"]) == set(report.variations)
    assert report.letters == PDF_LETTERS
    truths = [json.loads(line) for line in (pdf_corpus / "truth.jsonl").read_text().splitlines()]
    assert {t["layout"] for t in truths} == set(LAYOUTS)
    assert any(t["file"].endswith(".txt") for t in truths)  # read as ingest reads text files
    _assert_bars(report)
