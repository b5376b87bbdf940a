"""``imrdb eval``: the parser against a folder's ``truth.jsonl``, field by field.

Header fields are scored per letter, decision fields per truth decision (matched by
ordinal); a letter that fails to parse misses every field. Letters are read as ``imrdb
ingest`` reads them (the ingest worker's read). A truth line may list the ``variations`` its
letter carries (``scripts/generate_letters.py --variants``): each is scored on its letters.
Text is compared after whitespace normalization; citations as a set of (cited_by, source,
pages), and, stricter, ``citation_titles`` as a set of (cited_by, source, title, pages).
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imrdb.errors import ImrdbError
from imrdb.ingest import worker
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
class VariationScore:
    """How the letters carrying one named variation (generator ``--variants``) were read."""

    letters: int = 0
    exact: int = 0  # letters with every field right
    right: int = 0
    total: int = 0

    def add(self, right: int, total: int) -> None:
        self.letters += 1
        self.exact += right == total
        self.right += right
        self.total += total

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    @property
    def letter_accuracy(self) -> float:
        return self.exact / self.letters if self.letters else 1.0


@dataclass
class Report:
    letters: int = 0
    parsed: int = 0
    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    differences: list[Difference] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    vocabulary_misses: Counter = field(default_factory=Counter)
    variations: defaultdict[str, VariationScore] = field(
        default_factory=lambda: defaultdict(VariationScore)
    )

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
            "variations": {
                name: {
                    "letters": v.letters,
                    "letters_exact": v.exact,
                    "letter_accuracy": round(v.letter_accuracy, 4),
                    "field_accuracy": round(v.accuracy, 4),
                }
                for name, v in sorted(self.variations.items())
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


def compare(name: str, truth: dict, got: dict | None, report: Report) -> tuple[int, int]:
    """Score one letter's parse (``got``, None when it failed) against its truth; returns
    the letter's (right, total) field count."""
    before = sum(report.right.values()), sum(report.total.values())
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
    return sum(report.right.values()) - before[0], sum(report.total.values()) - before[1]


def _read(path: Path, extractor: str) -> tuple[dict | None, str | None, CaseRecord | None]:
    """One letter read exactly as ``imrdb ingest`` reads it (the ingest worker's own read)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, str(exc), None
    kind = "text" if path.suffix.lower() == ".txt" else "pdf"
    outcome = worker.run(worker.Task("", str(path), None, kind, data=data), extractor)
    if outcome.failed or outcome.record is None:
        return None, f"{outcome.stage}: {outcome.reason}", None
    return outcome.record.to_dict(), None, outcome.record


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
        right, total = compare(path.name, truth, got, report)
        for variation in truth.get("variations") or ():
            report.variations[variation].add(right, total)
    return report
