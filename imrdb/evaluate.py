"""``imrdb eval``: the parser against a folder's ``truth.jsonl``, field by field.

Header fields are scored per letter, decision fields per truth decision (matched by
ordinal); a letter that fails to parse misses every field. Text is compared after
whitespace normalization; citations as a set of (cited_by, source, pages), and, stricter,
``citation_titles`` as a set of (cited_by, source, title, pages).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imrdb.errors import ImrdbError
from imrdb.extract import ExtractionError, extract_text
from imrdb.parse import ParseError, parse_letter
from imrdb.record import DATE_FIELDS, CaseRecord
from imrdb.vocab import categories, guidelines, specialties

HEADER_FIELDS = (
    "case_number",
    *DATE_FIELDS,
    "priority",
    "final_determination",
    "patient_age",
    "patient_sex",
    "reviewer_specialty",
    "reviewer_license_state",
)
DECISION_FIELDS = (
    "treatment",
    "outcome",
    "category",
    "original_request",
    "authorized",
    "rationale",
    "citations",
    "citation_titles",
)
FIELDS = (*HEADER_FIELDS, "item_count", *DECISION_FIELDS)


@dataclass
class Difference:
    file: str
    field: str
    expected: Any
    got: Any


@dataclass
class Report:
    letters: int = 0
    parsed: int = 0
    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    differences: list[Difference] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    vocabulary_misses: Counter = field(default_factory=Counter)

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.total[name] if self.total[name] else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "letters": self.letters,
            "parsed": self.parsed,
            "fields": {
                name: {
                    "right": self.right[name],
                    "total": self.total[name],
                    "accuracy": round(self.accuracy(name), 4),
                }
                for name in FIELDS
            },
            "failures": [{"file": f, "reason": r} for f, r in self.failures],
            "differences": [d.__dict__ for d in self.differences],
            "vocabulary_misses": [
                {"vocabulary": v, "value": value, "count": n}
                for (v, value), n in self.vocabulary_misses.most_common()
            ],
        }


def _norm(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def _citation_sets(decision: dict) -> tuple[set, set]:
    cites = decision.get("citations") or []
    loose = {(c["cited_by"], c["source"], _norm(c.get("pages"))) for c in cites}
    strict = {(c["cited_by"], c["source"], _norm(c["title"]), _norm(c.get("pages"))) for c in cites}
    return loose, strict


def _decision_value(decision: dict | None, name: str) -> Any:
    if decision is None:
        return None
    if name == "citations":
        return sorted(_citation_sets(decision)[0], key=str)
    if name == "citation_titles":
        return sorted(_citation_sets(decision)[1], key=str)
    return _norm(decision.get(name))


def _vocabulary_misses(record: CaseRecord, report: Report) -> None:
    for part in (record.reviewer_specialty or "").replace(";", ",").split(","):
        if part.strip() and not specialties.normalize_one(part)[1]:
            report.vocabulary_misses["specialty", " ".join(part.split())] += 1
    for d in record.decisions:
        if categories.classify(d.treatment)[1] is None:
            report.vocabulary_misses["category", d.treatment] += 1
        for c in d.citations:
            if not guidelines.lookup(c.source, c.title)[1]:
                report.vocabulary_misses["guideline", f"{c.source}: {c.title}"] += 1


def compare(name: str, truth: dict, got: dict | None, report: Report) -> None:
    """Score one letter's parse (``got``, None when it failed) against its truth."""
    for key in HEADER_FIELDS:
        expected, value = _norm(truth.get(key)), _norm(got.get(key)) if got else None
        report.total[key] += 1
        if got is not None and expected == value:
            report.right[key] += 1
        elif got is not None:
            report.differences.append(Difference(name, key, expected, value))
    expected_items = truth.get("decisions") or []
    got_items = {d["ordinal"]: d for d in (got or {}).get("decisions") or []}
    report.total["item_count"] += 1
    if got is not None and len(expected_items) == len(got_items):
        report.right["item_count"] += 1
    elif got is not None:
        report.differences.append(
            Difference(name, "item_count", len(expected_items), len(got_items))
        )
    for expected in expected_items:
        mine = got_items.get(expected["ordinal"])
        for key in DECISION_FIELDS:
            want, have = _decision_value(expected, key), _decision_value(mine, key)
            report.total[key] += 1
            if mine is not None and want == have:
                report.right[key] += 1
            elif got is not None:
                label = f"{key} #{expected['ordinal']}"
                report.differences.append(Difference(name, label, want, have))


def _read(path: Path, extractor: str) -> tuple[dict | None, str | None, CaseRecord | None]:
    try:
        data = path.read_bytes()
        text = (
            data.decode("utf-8")
            if path.suffix.lower() == ".txt"
            else extract_text(data, extractor).text
        )
        record = parse_letter(text)
    except (ExtractionError, ParseError) as exc:
        return None, exc.reason, None
    except (OSError, UnicodeDecodeError) as exc:
        return None, str(exc), None
    return record.to_dict(), None, record


def evaluate(folder: Path, extractor: str = "pdfminer", jobs: int | None = None) -> Report:
    """Parse every letter named in ``folder/truth.jsonl`` and score it."""
    truth_file = folder / "truth.jsonl"
    if not truth_file.exists():
        raise ImrdbError(f"no truth.jsonl in {folder}")
    truths = [json.loads(line) for line in truth_file.read_text("utf-8").splitlines() if line]
    paths = [folder / t["file"] for t in truths]
    report = Report(letters=len(truths))
    workers = jobs or os.cpu_count() or 1
    if workers > 1 and len(paths) > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_read, paths, [extractor] * len(paths), chunksize=4))
    else:
        results = [_read(p, extractor) for p in paths]
    for truth, path, (got, failure, record) in zip(truths, paths, results, strict=True):
        if failure:
            report.failures.append((path.name, failure))
        else:
            report.parsed += 1
            _vocabulary_misses(record, report)
        compare(path.name, truth, got, report)
    return report
