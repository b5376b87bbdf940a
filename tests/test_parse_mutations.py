"""The real letters' text, varied as other letters are written (scripts/letters/variations),
must give the truth record back: at least 99% on every field."""

from __future__ import annotations

import json
import random
import re
from collections import Counter

import pytest

from imrdb.evaluate import FIELDS, Report, compare
from imrdb.extract import extract_text
from imrdb.parse import ParseError, parse_letter
from scripts.letters.mutate import mutate

ROUNDS = 2  # each real letter varied twice, with different draws


@pytest.fixture(scope="module")
def real_texts(request) -> list[tuple[str, dict]]:
    from tests.support.paths import require_real_letters

    folder = require_real_letters()
    truths = [json.loads(line) for line in (folder / "truth.jsonl").read_text().splitlines()]
    return [(extract_text((folder / t["file"]).read_bytes(), "pdfium").text, t) for t in truths]


_HYPHEN_JOIN = re.compile(r"(?<=[a-z])- (?=[a-z])")


def _unhyphenated(value):
    """A record with line-break hyphens joined: the one field a hyphenated word changes."""
    if isinstance(value, str):
        return _HYPHEN_JOIN.sub("", value)
    if isinstance(value, list):
        return [_unhyphenated(v) for v in value]
    if isinstance(value, dict):
        return {k: _unhyphenated(v) for k, v in value.items()}
    return value


def test_mutated_real_letters_read_as_the_originals(real_texts):
    report = Report()
    applied: Counter = Counter()
    for round_ in range(ROUNDS):
        for text, truth in real_texts:
            rng = random.Random(f"{truth['case_number']}-{round_}")
            varied, names = mutate(text, truth, rng)
            applied.update(names)
            report.letters += 1
            try:
                got = parse_letter(varied).to_dict()
            except ParseError as exc:
                report.failures.append((truth["file"], f"{names}: {exc.reason}"))
                got = None
            else:
                report.parsed += 1
            if got is not None and "hyphenation" in names:
                got, expected = _unhyphenated(got), _unhyphenated(truth)
            else:
                expected = truth
            compare(f"{truth['file']} {names}", expected, got, report)
    assert report.failures == []
    assert set(applied) >= {"heading_wording", "item_determination", "hyphenation", "crlf"}
    low = {name: report.accuracy(name) for name in FIELDS if report.accuracy(name) < 0.99}
    assert low == {}, report.differences[:20]
