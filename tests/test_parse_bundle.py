"""Completeness and bundles: a letter knows whether it is whole, and a file holding several
letters one after another splits into one text per letter."""

from __future__ import annotations

import json

import pytest

from imrdb.extract import extract_text
from imrdb.parse import parse_letter, split_letters
from scripts.generate_letters import LAYOUTS, generate


@pytest.fixture(scope="module")
def real(request) -> list[tuple[str, dict]]:
    from tests.support.paths import require_real_letters

    folder = require_real_letters()
    truths = [json.loads(line) for line in (folder / "truth.jsonl").read_text().splitlines()[:3]]
    return [(extract_text((folder / t["file"]).read_bytes(), "pdfium").text, t) for t in truths]


def _generated() -> list[tuple[str, dict]]:
    letters = {g.layout: g for g in generate(10, seed=4)}
    return [(letters[layout].text(), letters[layout].truth()) for layout in LAYOUTS]


def test_a_bundle_splits_into_its_letters_with_their_pages(real):
    letters = real + _generated()
    texts = [text.rstrip("\f") for text, _ in letters]
    bundle = "\f".join(texts) + "\f"
    parts = split_letters(bundle)
    assert len(parts) == len(letters)
    first = 1
    for (text, truth), (part, (start, end)) in zip(letters, parts, strict=True):
        pages = text.rstrip("\f").count("\f") + 1
        assert (start, end) == (first, first + pages - 1)
        first = end + 1
        got = parse_letter(part).to_dict()
        assert {k: got[k] for k in ("case_number", "letter_date", "decisions")} == {
            k: truth[k] for k in ("case_number", "letter_date", "decisions")
        }


def test_one_letter_is_one_part(real):
    text, _ = real[0]
    [(part, (start, end))] = split_letters(text)
    assert part == text.rstrip("\f") or part == text
    assert start == 1 and end >= 2


def test_a_whole_letter_has_no_completeness_warning(real):
    for text, _ in real + _generated():
        assert [w for w in parse_letter(text).warnings if w.field == "completeness"] == []


def test_a_letter_missing_its_last_page_is_kept_with_a_warning():
    letter = next(g for g in generate(40, seed=4) if g.layout == "final_letter_2014")
    text = letter.text()
    pages = text.rstrip("\f").split("\f")
    assert len(pages) >= 3 and "of" in pages[-1]
    cut = "\f".join(pages[:-1])
    record = parse_letter(cut)
    assert record.case_number == letter.record.case_number
    reasons = [w.reason for w in record.warnings if w.field == "completeness"]
    assert reasons and f"{len(pages)} pages" in reasons[0]


def test_a_letter_cut_mid_sentence_is_kept_with_a_warning(real):
    text, truth = real[0]
    cut = text.rstrip()[: -len(" medically necessary.") - 30]
    record = parse_letter(cut)
    assert len(record.decisions) == len(truth["decisions"])
    assert any("mid-sentence" in w.reason for w in record.warnings)


def test_a_signature_opening_a_cover_letters_second_page_does_not_split_it():
    """Generated seed 20261125's CM14-7792456: page 2 opens "MAXIMUS Federal Services" (the
    cover letter's signature), once read as a second letter's address block."""
    letter = next(g for g in generate(60, seed=20261125) if g.record.case_number == "CM14-7792456")
    text = letter.text()
    assert text.split("\f")[1].startswith("MAXIMUS Federal Services")
    assert [pages for _, pages in split_letters(text)] == [(1, text.rstrip("\f").count("\f") + 1)]


@pytest.mark.parametrize("variants", [False, True])
def test_no_single_letter_of_any_layout_is_split(variants):
    for letter in generate(200, seed=77, variants=variants):
        assert len(split_letters(letter.text())) == 1, letter.record.case_number
