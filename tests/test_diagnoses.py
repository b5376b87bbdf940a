"""Diagnoses a case summary states: sentence forms, list splitting, the real letters (my
reading of 32 summaries, read from ../shared at test time) and generated summaries."""

from __future__ import annotations

import random

import pytest

from imrdb.extract import extract_text
from imrdb.parse import parse_letter
from imrdb.parse.diagnoses import find_diagnoses
from scripts.letters import prose
from scripts.letters.vocab import REGIONS
from tests.support.paths import require_real_letters


def _texts(summary: str) -> list[str]:
    return [d.text for d in find_diagnoses(summary)]


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # the published letters' usual sentence, one diagnosis
        (
            "The current diagnosis is documented as lumbar spine sprain/strain.",
            ["lumbar spine sprain/strain"],
        ),
        # "diagnoses are documented as" with a comma list ending in "and"
        (
            "The current diagnoses are documented as shoulder pain, chronic pain, and rotator "
            "cuff tear.",
            ["shoulder pain", "chronic pain", "rotator cuff tear"],
        ),
        # "Diagnoses include" with semicolons
        (
            "Diagnoses include low back pain; lumbar radiculopathy.",
            ["low back pain", "lumbar radiculopathy"],
        ),
        # "diagnosed with" two conditions joined by "and"
        (
            "He was diagnosed with a right shoulder sprain and right hip sprain.",
            ["right shoulder sprain", "right hip sprain"],
        ),
        # "diagnosed as having"
        ("The injured worker was diagnosed as having lumbar radiculitis.", ["lumbar radiculitis"]),
        # "undergoing treatment for", the commonest form in the 2017 letters
        (
            "The injured worker is undergoing treatment for: right shoulder tendinitis.",
            ["right shoulder tendinitis"],
        ),
        # regions sharing one noun stay one diagnosis
        (
            "The current diagnoses are documented as lumbar, hip, and neck strain.",
            ["lumbar, hip, and neck strain"],
        ),
        # "right and left" is not two diagnoses
        ("Diagnoses include right and left shoulder sprain.", ["right and left shoulder sprain"]),
        # the ICD wording's commas and its encounter qualifier stay with the diagnosis
        (
            "Diagnoses are strain of muscle, fascia and tendon of lower back, initial encounter; "
            "sciatica.",
            ["strain of muscle, fascia and tendon of lower back, initial encounter", "sciatica"],
        ),
        # "diagnosis" without a verb after it introduces nothing
        ("The diagnosis remains uncertain after several months.", []),
        # "diagnostic" is not "diagnosis"
        ("Diagnostic studies included an MRI of the lumbar spine.", []),
        # a clause after the list is not a diagnosis
        (
            "She was diagnosed with plantar fasciitis, which was treated with orthotics.",
            ["plantar fasciitis"],
        ),
        # the same diagnosis stated twice is kept once
        ("Diagnoses include neck strain. He was diagnosed with neck strain.", ["neck strain"]),
    ],
)
def test_summary_sentence_forms(summary, expected):
    assert _texts(summary) == expected


def test_diagnosis_carries_its_region_and_span():
    summary = "Medical records note pain. Diagnoses include left knee medial meniscus tear."
    (found,) = find_diagnoses(summary)
    assert found.body_region == "knee"
    assert found.span is not None
    assert summary[found.span[0] : found.span[1]] == found.text


# (case number): the diagnoses its summary states, as I read them, and the region of the
# first. [] = the summary states none (only complaints "filed a claim for knee pain").
REAL = {
    # five diagnoses "being treated for the diagnoses of"
    "CM16-0213037": (
        [
            "right shoulder contusion",
            "neck strain",
            "right shoulder injury",
            "scapulothoracic syndrome",
            "right arm paresthesias",
        ],
        "shoulder",
    ),
    # two hand diagnoses joined by "and"
    "CM16-0228949": (
        [
            "jammed interphalangeal joint of the finger of the right hand",
            "trigger finger of the right thumb",
        ],
        "wrist_hand",
    ),
    # one diagnosis, "documented as"
    "CM16-0232543": (["lumbar spine sprain/strain"], "lumbar"),
    # a seven-item comma list ending in a one-word diagnosis
    "CM16-0233904": (
        [
            "cervical strain",
            "lumbar strain",
            "lumbar disc protrusion",
            "lumbar degenerative disc disease",
            "bilateral shoulder sprain-strain",
            "severe tendonitis on right lateral epicondyle",
            "insomnia",
        ],
        "cervical",
    ),
    # an ICD wording whose commas are not a list
    "CM16-0235869": (
        ["other specific injury of the muscle, fascia, tendon of the right hip"],
        "hip",
    ),
    # "being treated for" three head diagnoses
    "CM16-0236906": (
        ["postconcussion syndrome", "skull vault fracture-initial", "migraine"],
        "head",
    ),
    # "Diagnoses included"
    "CM16-0237163": (
        ["lumbar disc displacement", "lumbar radiculopathy", "lumbar sprain strain"],
        "lumbar",
    ),
    # three sites sharing "strain"
    "CM16-0238676": (["strain in right hip, ankle, and foot"], "hip"),
    # sides joined by "and" inside each diagnosis
    "CM16-0239569": (
        [
            "cervical sprain",
            "thoracic sprain",
            "lumbar sprain",
            "right and left shoulder joint sprain",
            "right and left elbow joint sprain",
        ],
        "cervical",
    ),
    # "gave the applicant diagnoses of"
    "CM16-0240259": (
        [
            "right-sided cubital tunnel syndrome",
            "right- sided carpal tunnel syndrome",
            "sprain of the left wrist",
        ],
        "elbow",
    ),
    # two sites sharing "pain", as written
    "CM16-0242302": (["right foot and right shoulder pain"], "ankle_foot"),
    # states only the claim ("filed a claim for knee pain")
    "CM16-0245028": ([], None),
    # likewise: complaints and an MRI finding, no diagnosis
    "CM16-0247287": ([], None),
    # "She was diagnosed with a ... and ..."
    "CM16-0248655": (["right shoulder sprain", "right hip sprain"], "shoulder"),
    # ICD pain codes separated by semicolons
    "CM16-0249536": (
        [
            "cervicalgia",
            "pain in thoracic spine",
            "low back pain",
            "pain in unspecified hip",
            "pain in unspecified knee",
            "pain in unspecified ankle",
            "pain, unspecified",
        ],
        "cervical",
    ),
    # one long post-operative status
    "CM16-0249726": (
        [
            "status post crush injury status post exploratory laparotomy with a colon resection "
            "now recovering well"
        ],
        "abdomen",
    ),
    # knee diagnoses, "and/or" inside one
    "CM17-0002892": (
        [
            "tear of the medial cartilage and/or meniscus",
            "rupture of the ACL",
            "knee pain",
            "chronic pain",
        ],
        "knee",
    ),
    # two diagnoses joined by "and", the second with "hand and wrist"
    "CM17-0003619": (
        ["pain in the left upper arm", "sprain of the other part of the left hand and wrist"],
        "upper_extremity",
    ),
    # "has diagnosis that include", mixed commas and semicolons
    "CM17-0004039": (
        [
            "mild cervical strain",
            "bilateral hand paresthesia most likely related to the neck",
            "low back strain",
            "left lumbar radiculopathy",
        ],
        "cervical",
    ),
    # eight diagnoses, cardiac ones among them
    "CM17-0005924": (
        [
            "neck muscle strain",
            "left index finger sprain",
            "lumbar muscle strain",
            "right knee contusion",
            "current right knee medial meniscus tear",
            "syncope",
            "supraventricular tachycardia",
            "cervical 2 vertebral unspecified type of fracture nondisplaced",
        ],
        "cervical",
    ),
    # a finding with its stenosis, as one
    "CM17-0006287": (
        [
            "bilateral lumbar radiculitis",
            "3mm disc protrusion at L4-5 with lateral recess and foraminal stenosis",
        ],
        "lumbar",
    ),
    # ICD encounter qualifiers after commas
    "CM17-0007376": (
        [
            "acute bilateral thoracic back pain",
            "closed fracture of multiple ribs of left side with routine healing",
            "concussion with loss of consciousness of 30 minutes or less, subsequent encounter",
            "nausea",
            "stain of neck muscle, subsequent encounter",
        ],
        "thoracic",
    ),
    # "has had diagnoses of", a qualifier followed by "and"
    "CM17-0008241": (["lumbar strain, subsequent encounter", "sciatica of left side"], "lumbar"),
    # "Diagnoses, and-or impressions, were noted to include:"
    "CM17-0008577": (
        ["low back injury", "lumbosacral pain with fat-sat trauma", "sacroiliac joint sprain"],
        "lumbar",
    ),
    # "The patient's current diagnosis is documented as"
    "CM17-0010420": (["umbilical hernia without obstruction or gangrene"], "abdomen"),
    # "was given diagnoses of" two sites sharing "strain"
    "CM17-0011543": (["neck and shoulder strain"], "cervical"),
    # three ICD strains of the arm
    "CM17-0013716": (
        [
            "unspecified strain of the right elbow, initial encounter",
            "strain of unspecified muscles, fascia and tendons at forearm level in the right arm",
            "strain of unspecified muscle, fascia and tendon at right wrist and hand level",
        ],
        "elbow",
    ),
    # "undergoing treatments for", six diagnoses
    "CM17-0015198": (
        [
            "cervical spine radiculitis",
            "thoracic and lumbar spine sprain and strain",
            "myalgia",
            "lumbar spine musculoligamentous injury",
            "bilateral shoulder bicipital tendinitis",
            "right shoulder impingement syndrome",
        ],
        "cervical",
    ),
    # head and psychological diagnoses
    "CM17-0017734": (
        [
            "headaches",
            "post-traumatic cephalalgia",
            "cervical spine pain",
            "cervical myofascialgia",
            "anxiety",
            "depression",
        ],
        "head",
    ),
    # "lumbago and left and right sided sciatica"
    "CM17-0020728": (["lumbago", "left and right sided sciatica"], "lumbar"),
    # psychiatric diagnoses, no body region
    "CM16-0231884": (
        [
            "major depressive disorder",
            "general anxiety disorder",
            "insomnia related to generalize anxiety disorder",
            "stress related physiological response affecting gastrointestinal disturbances and "
            "headaches",
        ],
        None,
    ),
    # the fracture; "and repair on 10-22-16" is its treatment
    "CM17-0016761": (["open proximal phalanx fracture of the left small finger"], "wrist_hand"),
}


@pytest.fixture(scope="module")
def summaries():
    folder = require_real_letters()
    out = {}
    for case in REAL:
        text = extract_text((folder / f"{case}.pdf").read_bytes(), "pdfium").text
        start, end = parse_letter(text).sections["summary"]
        out[case] = text[start:end]
    return out


def test_real_table_is_large_enough():
    assert len(REAL) >= 30


def test_real_letters_diagnoses(summaries):
    """A diagnosis found for >= 90% of the letters whose summary states one, none invented
    where it states none, and most of the labelled diagnoses found as written."""
    stated = [case for case, (expected, _) in REAL.items() if expected]
    hits, labelled, found_items, misses = 0, 0, 0, []
    for case, (expected, region) in REAL.items():
        found = find_diagnoses(summaries[case])
        texts = {d.text.lower() for d in found}
        if not expected:
            assert found == (), case
            continue
        right = [e for e in expected if e.lower() in texts]
        labelled += len(expected)
        found_items += len(right)
        hits += bool(right)
        if not right:
            misses.append(case)
        assert found and found[0].body_region == region, case
    assert hits / len(stated) >= 0.9, misses
    assert found_items / labelled >= 0.85, (found_items, labelled)


def test_generated_summaries_diagnoses():
    """The generator states two diagnoses of the letter's region; both are found."""
    for seed in range(200):
        region = REGIONS[seed % len(REGIONS)]
        paragraphs = prose.summary_paragraphs(
            random.Random(seed),
            "The injured worker is a 45 year old male injured on 1/2/2015.",
            region,
            ["MRI of the lumbar spine", "Norco 10/325mg #60"],
            "3/4/2015",
            "he",
            "2/2/2015",
            False,
        )
        summary = "\n".join(paragraphs)
        expected = sorted(d for d in region.diagnoses if d in summary)
        assert len(expected) == 2
        assert sorted(_texts(summary)) == expected, summary
