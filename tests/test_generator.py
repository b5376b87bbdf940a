"""The letter generator: deterministic, varied, valid, and its PDFs say what its truth says.

Every truth field must be readable from the PDF's extracted text (the parser is scored on
these letters), both extractors must agree on that text, and the published layout's header
must vary in pdfminer's text order the way the real letters' does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import subprocess
import sys
from collections import Counter
from itertools import islice

import pytest
from pdfminer.high_level import extract_text as pdfminer_default_text

from imrdb.extract import extract_text
from imrdb.record import (
    CATEGORIES,
    CITED_BY,
    FINAL_DETERMINATIONS,
    OUTCOMES,
    PRIORITIES,
    SEXES,
    SOURCES,
    CaseRecord,
    final_determination_of,
)
from imrdb.vocab.categories import categorize
from scripts.generate_letters import LAYOUTS, GeneratedLetter, generate, main, write_corpus
from scripts.letters import treatments
from tests.support.paths import ROOT

CORPUS = list(generate(200, seed=0))
FURNITURE = re.compile(
    r"^(CM\d\d-\d{7}|Page \d+ of \d+|CM\d\d-\d{7} Page \d+ of \d+|Page \d+ of \d+ CM\d\d-\d{7})$"
)


def _normalized(text: str) -> str:
    """The text as one line, page furniture removed."""
    lines = [line for line in re.split(r"[\n\f]", text) if not FURNITURE.match(line.strip())]
    return " ".join(" ".join(lines).split())


def _date_forms(day: dt.date) -> list[str]:
    return [
        f"{day.month}/{day.day}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year}",
        f"{day:%B} {day.day}, {day.year}",
    ]


# --- Determinism ---------------------------------------------------------------------------


def test_same_seed_same_letters():
    again = list(generate(200, seed=0))
    assert [a.truth() for a in again] == [c.truth() for c in CORPUS]
    for layout in LAYOUTS:  # and the same bytes, encryption included
        first = next(c for c in CORPUS if c.layout == layout)
        second = next(a for a in again if a.layout == layout)
        assert first.pdf_bytes() == second.pdf_bytes()


def test_letter_does_not_depend_on_corpus_size_and_seeds_differ():
    assert [g.truth() for g in generate(7, seed=0)] == [c.truth() for c in CORPUS[:7]]
    other = [g.truth() for g in generate(7, seed=1)]
    assert all(a != b for a, b in zip(other, [c.truth() for c in CORPUS[:7]], strict=True))


# --- Variety -------------------------------------------------------------------------------


def _decisions(letters):
    return [(letter, d) for letter in letters for d in letter.record.decisions]


def test_corpus_covers_layouts_categories_outcomes():
    assert Counter(c.layout for c in CORPUS) == {layout: 40 for layout in LAYOUTS}
    decisions = _decisions(CORPUS)
    assert {d.category for _, d in decisions} == set(CATEGORIES)
    outcomes = Counter(d.outcome for _, d in decisions)
    assert 0.5 < outcomes["upheld"] / len(decisions) < 0.7
    assert {c.record.final_determination for c in CORPUS} == set(FINAL_DETERMINATIONS)
    assert max(len(c.record.decisions) for c in CORPUS) >= 10
    assert {c.record.priority for c in CORPUS} == {None, "standard", "expedited"}
    assert {s for _, d in decisions for s in (c.source for c in d.citations)} == set(SOURCES)


def test_corpus_has_the_real_quirks():
    decisions = _decisions(CORPUS)
    modified = [d for _, d in decisions if d.original_request]
    assert any(d.treatment != d.original_request for d in modified)  # the remaining portion
    # the rarer "The original request, X is: Upheld", in a larger corpus (records only: cheap)
    assert any(
        d.treatment == d.original_request
        for _, d in _decisions(generate(1000, seed=0, layouts=["published_2016"]))
        if d.original_request
    )
    assert {c.record.patient_sex for c in CORPUS} == {None, "male", "female"}
    assert any(c.record.patient_age is None for c in CORPUS)
    assert any("," in c.record.reviewer_license_state for c in CORPUS)
    assert any(c.plan.facts.states_sep == "," and len(c.plan.facts.states) > 1 for c in CORPUS)
    published = [(c, d) for c, d in decisions if c.layout == "published_2016"]
    # one sentence naming several MTUS parts, and "... and Other Medical Treatment Guidelines"
    for party in CITED_BY:
        assert any(
            sum(x.cited_by == party and x.source == "MTUS" for x in d.citations) > 1
            for _, d in published
        )
    assert any(
        sum(x.cited_by == "reviewer" and x.source != "MTUS" for x in d.citations) == 2
        for _, d in published
    )
    assert any(
        not any(x.cited_by == "claims_administrator" for x in d.citations) for _, d in published
    )
    assert any(i.adopts for c in CORPUS if c.layout == "notice_2013" for i in c.plan.items)
    assert any(x.pages for _, d in decisions for x in d.citations)


# --- Validity ------------------------------------------------------------------------------


@pytest.mark.parametrize("letter", CORPUS[:60], ids=lambda letter: letter.file_name)
def test_record_is_valid(letter: GeneratedLetter):
    r = letter.record
    assert r.layout == letter.layout
    assert re.fullmatch(r"CM\d\d-\d{7}", r.case_number)
    assert r.case_number[2:4] == f"{r.letter_date.year % 100:02d}"
    assert r.date_of_injury < r.ur_decision_date < r.application_received
    assert r.application_received < r.date_assigned < r.letter_date
    assert r.priority in (*PRIORITIES, None)
    assert (r.priority is None) == (letter.layout == "notice_2013")
    assert r.patient_sex in (*SEXES, None)
    assert r.patient_age is None or 18 <= r.patient_age <= 80
    assert r.final_determination == final_determination_of([d.outcome for d in r.decisions])
    assert r.reviewer_specialty and r.reviewer_license_state
    assert ",," not in r.reviewer_license_state and ", " in r.reviewer_license_state + ", "
    assert [d.ordinal for d in r.decisions] == list(range(1, len(r.decisions) + 1))
    for d in r.decisions:
        assert d.outcome in OUTCOMES and d.category in CATEGORIES
        assert d.treatment == " ".join(d.treatment.split()) and d.treatment
        # the last sentence, and only it, gives the verdict
        verdicts = ("medically necessary.", "medically necessary and appropriate.")
        assert sum(d.rationale.count(v) for v in verdicts) == 1
        assert d.rationale.endswith(verdicts)
        last = d.rationale.rsplit(". ", 1)[-1]
        assert ("not medically" in last) == (d.outcome == "upheld")
        for word in ("Upheld", "Overturned", "Decision rationale:", "guideline:", "Guideline:"):
            assert word not in d.rationale
        for marker in (": Upheld", ": Overturned", " is medically", " is not medically"):
            assert marker not in d.treatment
        assert (d.original_request is None) == (d.authorized is None)
        reviewer = [c for c in d.citations if c.cited_by == "reviewer"]
        assert reviewer, "every reviewer cites at least one guideline"
        for c in d.citations:
            assert c.cited_by in CITED_BY and c.source in SOURCES and c.title
            assert c.title == " ".join(c.title.split())
            assert c.pages is None or re.fullmatch(r"\d+(-\d+)?", c.pages)
    truth = letter.truth()
    assert truth["file"] == letter.file_name == f"GEN-{letter.layout}-{r.case_number}.pdf"
    assert truth["layout"] == letter.layout
    assert CaseRecord.from_dict(truth).to_dict() == r.to_dict()


def test_case_numbers_are_unique():
    numbers = [c.record.case_number[5:] for c in CORPUS]
    assert len(set(numbers)) == len(numbers)


# --- Categories follow CATEGORY_RULES.md (an independent reading of its ordered table) ---

_PREFIX = re.compile(
    r"^(associated surgical service:|retrospective:?|post-?op(erative)?|post operative|"
    r"pre-?op(erative)?)\s*",
    re.IGNORECASE,
)
_RULES = [
    ("surgery", r"\b(assistant surgeon|surgical assistant|pa assist|assistant pa)\b"),
    ("evaluation_management", r"\bclearance\b"),
    ("behavioral_health", r"\b(psycholog|psychiatr|psychotherap|cbt\b|cognitive behavioral)"),
    ("programs", r"\b(functional restoration|work (hardening|conditioning)|weight loss|detox)"),
    ("transportation", r"\btransport"),
    ("home_health", r"\b(home health|home care|home aide|rn|nurse|nursing)\b"),
    (
        "injections",
        r"\b(injections?|inject\w*|epidural|esi|facet block|nerve block|trigger point|"
        r"platelet-rich plasma|prp|radiofrequency|rhizotomy)\b",
    ),
    (
        "evaluation_management",
        r"^(consult|referral|toc)\b|\b(surgeon|surgery|specialist)\b.*\b(eval|consult)",
    ),
    (
        "surgery",
        r"\b(arthroscop\w*|arthroplasty|repair|decompression|fusion|laminectomy|discectomy|"
        r"meniscectomy|open reduction|internal fixation|carpal tunnel release|surgery|"
        r"debridement|osteotomy|resection|excision)\b",
    ),
    (
        "diagnostic_imaging",
        r"\b(mri|mr arthrogram|ct|x-rays?|radiograph\w*|bone scan|diagnostic ultrasound|scan)\b",
    ),
    (
        "diagnostic_testing",
        r"\b(emg|ncv|ncs|ekg|ecg|labs?|cbc|cmp|bmp|urine|drug screen|drug test\w*|sleep study|"
        r"polysomnograph\w*|functional capacity evaluation|fce)\b",
    ),
    (
        "physical_medicine",
        r"\b(physical therapy|occupational therapy|chiro\w*|manipulation|acupuncture|"
        r"aquatic therapy|massage|shock wave|traction)\b",
    ),
    ("pharmaceuticals", r"\b(salonpas|lidoderm|lidocaine|flector|voltaren|patch(es)?|cream|gel)\b"),
    (
        "dmepos",
        r"\b(tens|unit|braces?|support|orthotics?|orthosis|splint|sling|pillow|pads?|"
        r"cold therapy|vascutherm|hot/cold|walker|cane|hospital bed|scooter|shower chair|collar)\b",
    ),
    ("pharmaceuticals", r"\d(mg|mcg|gm|%)|#\d"),
    ("evaluation_management", r"\b(office visits?|follow-up|consult\w*|referral|evaluation)\b"),
]


def _category(treatment: str) -> str:
    service = _PREFIX.sub("", treatment).lower()
    for category, pattern in _RULES:
        if re.search(pattern, service):
            return category
    return "other"


def test_every_wording_has_the_category_the_rules_give():
    examples = list(treatments.examples())
    assert len(examples) > 150
    wrong = [(t, c, _category(t)) for t, c in examples if _category(t) != c]
    assert not wrong
    assert {c for _, c in examples} == set(CATEGORIES)


def test_the_parsers_categorizer_agrees_with_every_wording():
    wrong = [(t, c, categorize(t)) for t, c in treatments.examples() if categorize(t) != c]
    assert not wrong


def test_drawn_treatments_have_the_category_the_rules_give():
    wrong = [
        (d.treatment, d.category)
        for _, d in _decisions(CORPUS)
        if _category(d.treatment) != d.category
    ]
    assert not wrong


# --- The PDF says what the truth says ------------------------------------------------------

DATE_LABELS = {
    "published_2016": {
        "letter_date": "Decision Date:",
        "date_assigned": "Date Assigned:",
        "application_received": "Application",
        "ur_decision_date": "UR Denial Date:",
        "date_of_injury": "Date of Injury:",
    },
    "notice_2013": {
        "letter_date": "Dated:",
        "date_assigned": "provided to the above parties on",
        "application_received": "IMR Application Received:",
        "ur_decision_date": "Date of UR Decision:",
        "date_of_injury": "Date of Injury:",
    },
    "professional_review": {
        "letter_date": "Decision Date:",
        "date_assigned": "Date Assigned:",
        "application_received": "Application Received:",
        "ur_decision_date": "UR Denial Date:",
        "date_of_injury": "Date of Injury:",
    },
}
for _classic in ("final_letter_2014", "documents_reviewed"):
    DATE_LABELS[_classic] = {
        "letter_date": "Dated:",
        "date_assigned": "Date Assigned:",
        "application_received": "Application Received:",
        "ur_decision_date": "(Date of UR Decision:|UR Denial Date:)",
        "date_of_injury": "Date of Injury:",
    }


def _sample() -> list[GeneratedLetter]:
    """Four letters per layout, the ones with the most items first (and a modified one)."""
    chosen = []
    for layout in LAYOUTS:
        letters = [c for c in CORPUS if c.layout == layout]
        letters.sort(
            key=lambda c: (
                -any(d.original_request for d in c.record.decisions),
                -len(c.record.decisions),
            )
        )
        chosen += letters[:2] + letters[-2:]
    return chosen


def _outcome_pattern(letter: GeneratedLetter, d) -> str:
    t, word = re.escape(d.treatment), d.outcome.capitalize()
    if letter.layout == "published_2016":
        if d.original_request and d.treatment != d.original_request:
            return rf"original request, {t}: {word}"
        if d.original_request:
            return rf"The original request, {t} is: {word}"
        return rf"{t}: {word}"
    if letter.layout == "notice_2013":
        verdict = "is (not ?)?medically" if d.outcome == "upheld" else "is medically"
        lead = rf"{d.ordinal}\) MAXIMUS Federal Services, Inc\. has determined the request for"
        return rf"{lead} {t} {verdict}"
    if letter.layout == "professional_review":
        return rf"Item {d.ordinal}: {t} Determination: {word}"
    return rf"{t}: {word}"


@pytest.mark.parametrize("letter", _sample(), ids=lambda letter: letter.file_name)
def test_truth_is_in_the_pdf_text(letter: GeneratedLetter):
    pdf = letter.pdf_bytes()
    text = extract_text(pdf, "pdfminer").text
    assert extract_text(pdf, "pdfium").text == text
    norm = _normalized(text)
    r = letter.record
    assert r.case_number in norm
    for field, label in DATE_LABELS[letter.layout].items():
        day = getattr(r, field)
        forms = "|".join(re.escape(f) for f in _date_forms(day))
        assert re.search(rf"{label} ({forms})\b", norm), field
    if r.priority:
        assert f"Priority: {r.priority.capitalize()}" in norm
    else:
        assert "Priority" not in norm
    if letter.layout in ("final_letter_2014", "documents_reviewed"):
        assert f"Final Determination: {r.final_determination.replace('_', ' ').upper()}" in norm
    assert " ".join(r.reviewer_specialty.split()) in norm
    assert letter.plan.facts.states_sep.join(letter.plan.facts.states) in norm
    ages = re.findall(r"\b(\d+)[ -]year[ -]old\b", norm)
    assert ages == ([] if r.patient_age is None else [str(r.patient_age)])
    sexes = re.findall(r"\b(male|female)\b", norm)
    assert sexes == ([] if r.patient_sex is None else [r.patient_sex])
    for d in r.decisions:
        assert re.search(_outcome_pattern(letter, d), norm), d.treatment
        assert d.rationale in norm
        for value in (d.original_request, d.authorized):
            assert value is None or value in norm
        for c in d.citations:
            assert c.title in norm
            assert c.pages is None or c.pages in norm


def test_published_header_text_order_varies_but_pairs_by_position():
    letters = [c for c in CORPUS if c.layout == "published_2016"][:10]
    orders = set()
    for letter in letters:
        pdf = letter.pdf_bytes()
        default = pdfminer_default_text(io.BytesIO(pdf))
        header = default.split("HOW THE IMR")[0]
        # the lines in pdfminer's order, values masked: which label is next to which value
        orders.add(
            tuple(" ".join(re.sub(r"\d", "#", line).split()) for line in header.splitlines())
        )
        r = letter.record
        paired = extract_text(pdf).text
        assert extract_text(pdf, "pdfium").text == paired
        assert (
            f"Date Assigned: {r.date_assigned:%m/%d/%Y} Date of Injury: {r.date_of_injury:%m/%d/%Y}"
            in paired
        )
        assert f"Application {r.application_received:%m/%d/%Y}\nReceived:" in paired
    assert len(orders) >= 3


# --- The command line ----------------------------------------------------------------------


def test_cli_writes_pdfs_and_truth(tmp_path):
    assert (
        main(
            [
                str(tmp_path),
                "-n",
                "6",
                "--seed",
                "3",
                "--layout",
                "notice_2013",
                "--layout",
                "published_2016",
            ]
        )
        == 0
    )
    lines = [json.loads(line) for line in (tmp_path / "truth.jsonl").read_text().splitlines()]
    assert [line["layout"] for line in lines] == ["notice_2013", "published_2016"] * 3
    expected = list(generate(6, seed=3, layouts=["notice_2013", "published_2016"]))
    assert lines == [e.truth() for e in expected]
    for line in lines:
        assert (tmp_path / line["file"]).read_bytes()[:5] == b"%PDF-"


def test_script_runs_standalone_and_gives_the_same_bytes(tmp_path):
    done = subprocess.run(
        [sys.executable, "scripts/generate_letters.py", str(tmp_path), "-n", "5", "--seed", "9"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    assert "wrote 5 letters" in done.stdout
    for letter in generate(5, seed=9):
        written = (tmp_path / letter.file_name).read_bytes()
        assert hashlib.sha256(written).digest() == hashlib.sha256(letter.pdf_bytes()).digest()


def test_bad_layout_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(ValueError, match="unknown layout"):
        list(islice(generate(1, layouts=["memo_1999"]), 1))
    with pytest.raises(SystemExit) as exit_info:
        main([str(tmp_path), "--layout", "memo_1999"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'memo_1999'" in capsys.readouterr().err
    assert write_corpus(tmp_path / "empty", 0) == []
