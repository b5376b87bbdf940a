"""Disputed treatments: what is requested, with its category and guideline topic.

``FAMILIES`` is the data: each family names the contract category its requests fall in
(by /work/shared/real-letters/CATEGORY_RULES.md: the service itself, prefixes such as
"Associated surgical service:" or "Retrospective:" ignored), the guideline topic
(``guidelines.TOPICS``), the regions it applies to and its wordings. ``draw_treatment``
fills a wording in. ``examples()`` lists one of every wording, so a test can hold every
family's category against the parser's categorizer.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from scripts.letters.vocab import DRUGS, QUANTITIES, REGION, REGIONS, TOPICALS, Region

SPINE = ("lumbar", "cervical")
LIMBS = ("shoulder", "knee", "wrist", "elbow", "ankle", "hip")
ALL = tuple(r.key for r in REGIONS)

FREQUENCIES = (
    "2 times a week for 6 weeks",
    "3 times a week for 4 weeks (12 sessions)",
    "twice weekly for 4 weeks",
    "1 time per week for 6 weeks",
    "2 times a week for 3 weeks",
)
SESSIONS = ("6", "8", "10", "12", "18", "24")


@dataclass(frozen=True)
class Family:
    key: str
    category: str
    topic: str
    weight: int
    regions: tuple[str, ...]  # () = none needed
    wordings: tuple[str, ...]
    modifiable: bool = False  # UR may authorize part of it (published letters)


FAMILIES: tuple[Family, ...] = (
    Family(
        "mri",
        "diagnostic_imaging",
        "imaging",
        9,
        ALL,
        (
            "MRI of the {site} without contrast",
            "MRI of the {site}",
            "Repeat MRI of the {site}",
            "{Site} MRI",
            "MR arthrogram of the {site}",
        ),
    ),
    Family(
        "xray",
        "diagnostic_imaging",
        "xray",
        4,
        ALL,
        (
            "X-rays of the {site}",
            "X-ray of the {site}, 3 views",
            "{Site} x-rays",
            "Pre-op chest x-ray",
        ),
    ),
    Family(
        "ct",
        "diagnostic_imaging",
        "imaging",
        2,
        ("lumbar", "cervical", "wrist", "ankle", "knee"),
        (
            "CT scan of the {site}",
            "CT of the {site} without contrast",
            "Three phase bone scan of the {site}",
            "Diagnostic ultrasound of the {site}",
        ),
    ),
    Family(
        "emg",
        "diagnostic_testing",
        "emg",
        5,
        ("lumbar", "cervical", "wrist", "elbow"),
        (
            "EMG/NCV of the bilateral {limbs}",
            "EMG of the {side} {limb}",
            "NCV of the bilateral {limbs}",
            "EMG/NCS of the {side} {limb}",
        ),
    ),
    Family(
        "uds",
        "diagnostic_testing",
        "uds",
        4,
        (),
        (
            "Urine drug screen",
            "Urine drug testing",
            "Retrospective: Urine drug screen (DOS {dos})",
            "Random urine drug screen x 4 per year",
            "Urine toxicology screen",
        ),
    ),
    Family(
        "labs",
        "diagnostic_testing",
        "labs",
        2,
        (),
        (
            "Pre-op labs: CBC, BMP",
            "Pre-operative labs: CBC, CMP, PT/PTT",
            "Labs: CBC and CMP",
            "Pre-op EKG",
            "Pre-operative EKG",
        ),
    ),
    Family(
        "fce",
        "diagnostic_testing",
        "fce",
        1,
        (),
        ("Functional capacity evaluation", "Functional capacity evaluation (FCE)"),
    ),
    Family("sleep", "diagnostic_testing", "sleep_study", 1, (), ("Sleep study", "Polysomnography")),
    Family("drug", "pharmaceuticals", "", 22, (), ("{drug}",), modifiable=True),
    Family("topical", "pharmaceuticals", "topicals", 4, (), ("{topical}",)),
    Family(
        "esi",
        "injections",
        "esi",
        4,
        SPINE,
        (
            "{level} ESI",
            "{Side} {level} transforaminal epidural steroid injection",
            "{Spine} epidural steroid injection at {level}",
            "{Side} {level} interlaminar epidural steroid injection",
        ),
    ),
    Family(
        "facet",
        "injections",
        "facet",
        2,
        SPINE,
        (
            "{Side} {level} facet block (diagnostic)",
            "Bilateral {level} and {level2} facet joint injections",
            "{Side} {level} medial branch nerve block",
            "Radiofrequency ablation at {side} {level} and {level2}",
        ),
    ),
    Family(
        "tpi",
        "injections",
        "tpi",
        1,
        (),
        (
            "Trigger point injections to the trapezius muscles x 4",
            "Trigger point injections x 3 to the lumbar paraspinal muscles",
        ),
    ),
    Family(
        "joint_injection",
        "injections",
        "joint_injection",
        2,
        ("shoulder", "knee", "elbow"),
        (
            "{Site} cortisone injection",
            "Ultrasound-guided corticosteroid injection to the {site}",
            "Platelet-rich plasma injection to the {site}",
        ),
    ),
    Family(
        "surgery",
        "surgery",
        "surgery",
        4,
        ("shoulder", "knee", "wrist", "lumbar", "cervical", "ankle", "elbow"),
        ("{surgery}",),
    ),
    Family(
        "assist",
        "surgery",
        "surgery_assist",
        1,
        (),
        (
            "Assistant surgeon",
            "Associated surgical service: Assistant surgeon",
            "Associated surgical service: PA assist",
        ),
    ),
    Family(
        "pt",
        "physical_medicine",
        "pt",
        11,
        ALL,
        (
            "Physical therapy {freq} for the {site}",
            "Physical therapy {n} sessions for the {site}",
            "Additional physical therapy {n} visits for the {site}",
            "Post-op physical therapy {freq} for the {site}",
            "Occupational therapy {n} sessions for the {site}",
            "Physical therapy evaluation and treatment, {n} sessions",
        ),
        modifiable=True,
    ),
    Family(
        "chiro",
        "physical_medicine",
        "chiro",
        4,
        SPINE,
        (
            "Chiropractic treatment {freq} for the {site}",
            "Chiropractic manipulation {n} sessions",
            "Chiropractic care {n} visits for the {site}",
        ),
        modifiable=True,
    ),
    Family(
        "acupuncture",
        "physical_medicine",
        "acupuncture",
        3,
        ALL,
        (
            "Acupuncture {n} sessions",
            "Acupuncture {freq} for the {site}",
            "Electro-acupuncture {n} sessions",
        ),
        modifiable=True,
    ),
    Family(
        "aquatic",
        "physical_medicine",
        "aquatic",
        1,
        (),
        ("Aquatic therapy {n} sessions", "Aquatic therapy {freq}"),
    ),
    Family(
        "massage",
        "physical_medicine",
        "massage",
        1,
        SPINE,
        ("Massage therapy {n} sessions for the {site}",),
    ),
    Family(
        "eswt",
        "physical_medicine",
        "eswt",
        1,
        ("shoulder", "elbow", "ankle"),
        ("Extracorporeal shock wave therapy 3 sessions for the {site}",),
    ),
    Family(
        "tens",
        "dmepos",
        "tens",
        3,
        (),
        (
            "TENS unit",
            "TENS unit 30 day trial",
            "TENS unit purchase",
            "Replacement TENS unit pads",
            "Interferential unit 30 day rental",
        ),
    ),
    Family(
        "cold",
        "dmepos",
        "cold_therapy",
        2,
        ("shoulder", "knee", "wrist"),
        (
            "Associated surgical service: Cold therapy unit",
            "Cold therapy unit rental for 7 days",
            "Associated surgical service: Vascutherm unit rental for 14 days",
            "Hot/cold therapy unit",
        ),
    ),
    Family(
        "brace",
        "dmepos",
        "brace",
        2,
        ("lumbar", "knee", "wrist", "shoulder", "cervical"),
        ("{brace}",),
    ),
    Family(
        "walking",
        "dmepos",
        "walking_aid",
        1,
        (),
        ("Front-wheeled walker", "Single point cane", "Knee scooter"),
    ),
    Family(
        "orthotics", "dmepos", "orthotics", 1, (), ("Custom orthotics", "Orthotic shoe inserts")
    ),
    Family(
        "dme_other",
        "dmepos",
        "dme_other",
        1,
        (),
        ("Shower chair", "Hospital bed", "Cervical pillow"),
    ),
    Family(
        "followup",
        "evaluation_management",
        "followup",
        3,
        (),
        (
            "Follow-up visit with the primary treating physician",
            "Follow-up office visits times 3",
            "Office visit for medication management",
            "Monthly office visits for 6 months",
        ),
    ),
    Family(
        "consult",
        "evaluation_management",
        "consult",
        2,
        ("shoulder", "knee", "lumbar", "cervical"),
        (
            "Pain management consultation",
            "Orthopedic surgery consultation for the {site}",
            "Referral to a spine surgeon",
            "Neurology consultation",
            "Referral to a hand surgeon for evaluation",
            "Internal medicine consultation",
        ),
    ),
    Family(
        "clearance",
        "evaluation_management",
        "clearance",
        1,
        (),
        (
            "Pre-op medical clearance",
            "Associated surgical service: Medical clearance",
            "Pre-operative medical clearance with an internist",
        ),
    ),
    Family(
        "psych",
        "behavioral_health",
        "psych",
        2,
        (),
        (
            "Cognitive behavioral therapy {n} sessions",
            "Psychotherapy {freq}",
            "CBT {n} sessions",
            "Referral to a psychologist for cognitive behavioral therapy",
        ),
    ),
    Family(
        "psych_eval",
        "behavioral_health",
        "psych_eval",
        1,
        (),
        ("Psychological evaluation", "Psychiatric consultation", "Psychological testing"),
    ),
    Family(
        "programs",
        "programs",
        "programs",
        2,
        (),
        (
            "Functional restoration program 80 hours",
            "Functional restoration program evaluation",
            "Work hardening program 10 sessions",
            "Work conditioning 12 visits",
            "Medically supervised weight loss program for 12 weeks",
            "Outpatient detoxification program",
        ),
    ),
    Family(
        "home_health",
        "home_health",
        "home_health",
        1,
        (),
        (
            "Home health aide 4 hours per day, 5 days per week for 6 weeks",
            "Home health care 3 times a week for 4 weeks",
            "Home health nursing visits for wound care, 6 visits",
            "Skilled nursing visits x 4",
        ),
    ),
    Family(
        "transportation",
        "transportation",
        "transportation",
        1,
        (),
        (
            "Transportation to and from medical appointments",
            "Round trip transportation to physical therapy appointments",
            "Medical transportation for 12 appointments",
        ),
    ),
    Family(
        "gym",
        "other",
        "gym",
        1,
        (),
        (
            "Gym membership for 6 months",
            "YMCA membership for 3 months",
            "Gym membership with pool access for 1 year",
        ),
    ),
)

_SURGERIES = {
    "shoulder": (
        "{Site} arthroscopy with subacromial decompression",
        "{Side} shoulder rotator cuff repair",
        "{Site} arthroscopic debridement",
    ),
    "knee": (
        "{Site} arthroscopy with partial medial meniscectomy",
        "{Side} total knee arthroplasty",
    ),
    "wrist": ("{Side} carpal tunnel release", "{Side} open carpal tunnel release"),
    "lumbar": (
        "{level} posterior lumbar fusion",
        "{level} laminectomy and discectomy",
        "{level} decompression",
    ),
    "cervical": ("Anterior cervical discectomy and fusion at {level}",),
    "ankle": ("{Side} ankle open reduction and internal fixation",),
    "elbow": ("{Side} lateral epicondyle debridement",),
}
_BRACES = {
    "lumbar": ("Lumbar support brace", "Lumbosacral orthosis (LSO) brace"),
    "knee": ("{Side} knee hinged brace",),
    "wrist": ("{Side} wrist splint",),
    "shoulder": ("{Side} shoulder sling",),
    "cervical": ("Cervical collar",),
}
_DRUG_WORDINGS = (
    ("{name} {strength} {qty}", 10),
    ("{name} {strength}, {qty}", 2),
    ("{name} {strength} {qty} with 2 refills", 1),
    ("{name} {strength}", 2),
    ("1 prescription of {name} {strength} {qty}", 1),
    ("Post-op {name} {strength} {qty}", 1),
    ("Retrospective {name} {strength} {qty} (DOS {dos})", 1),
)
_DRUG_WORDING_TEXTS = [w for w, _ in _DRUG_WORDINGS]
_DRUG_WORDING_CUM = list(accumulate(weight for _, weight in _DRUG_WORDINGS))
FAMILY_WEIGHTS = list(accumulate(f.weight for f in FAMILIES))  # cumulative, for choices()


@dataclass(frozen=True)
class Treatment:
    """One drawn request."""

    text: str
    category: str
    topic: str
    region: Region | None
    family: str
    drug_name: str | None = None  # for drugs: the name as requested
    generic: str | None = None
    # For modifiable requests: the wording with "{q}" where the quantity goes, and the quantity.
    template: str | None = None
    quantity: int | None = None


def _side(rng: random.Random) -> str:
    return rng.choice(("left", "right", "right", "left", "bilateral"))


def _site(region: Region, side: str) -> str:
    if not region.sided:
        return region.name
    return f"{'left' if side == 'bilateral' else side} {region.name}"


def _fill(wording: str, rng: random.Random, region: Region | None, dos: str) -> str:
    side = _side(rng)
    levels = region.levels if region and region.levels else ("L4-5", "L5-S1")
    i = rng.randrange(len(levels) - 1) if len(levels) > 1 else 0
    upper = region is not None and region.key == "cervical"
    values = {
        "side": side,
        "Side": side.capitalize(),
        "site": _site(region, side) if region else "",
        "Site": _site(region, side).capitalize() if region else "",
        "level": levels[i],
        "level2": levels[i + 1] if len(levels) > 1 else levels[0],
        "Spine": "Cervical" if upper else "Lumbar",
        "limbs": "upper extremities"
        if upper or (region and region.key != "lumbar")
        else "lower extremities",
        "limb": "upper extremity" if region and region.key != "lumbar" else "lower extremity",
        "freq": rng.choice(FREQUENCIES),
        "n": rng.choice(SESSIONS),
        "dos": dos,
    }
    return wording.format(**values)


def draw_treatment(
    rng: random.Random, region: Region, dos: str, family: Family | None = None
) -> Treatment:
    """One request; ``region`` is the letter's main body region, used where the family allows."""
    family = family or rng.choices(FAMILIES, cum_weights=FAMILY_WEIGHTS)[0]
    used: Region | None = None
    if family.regions:
        used = region if region.key in family.regions else REGION[rng.choice(family.regions)]
    if family.key == "drug":
        return _draw_drug(rng, dos)
    if family.key == "topical":
        text, quantities = rng.choice(TOPICALS)
        return Treatment(
            f"{text} {rng.choice(quantities)}", family.category, family.topic, None, "topical"
        )
    wording = rng.choice(family.wordings)
    if wording == "{surgery}":
        assert used is not None
        wording = rng.choice(_SURGERIES[used.key])
    elif wording == "{brace}":
        assert used is not None
        wording = rng.choice(_BRACES.get(used.key, ("Lumbar support brace",)))
    if "{n}" not in wording:
        text = _fill(wording, rng, used, dos)
        return Treatment(text, family.category, family.topic, used, family.key)
    # Keep the session count replaceable, so UR can authorize part of the request.
    template = _fill(wording.replace("{n}", "{{q}}"), rng, used, dos)
    quantity = int(rng.choice(SESSIONS))
    text = template.replace("{q}", str(quantity))
    if not family.modifiable:
        template = None
    return Treatment(
        text, family.category, family.topic, used, family.key, template=template, quantity=quantity
    )


def _draw_drug(rng: random.Random, dos: str) -> Treatment:
    drug = rng.choice(DRUGS)
    strength = rng.choice(drug.strengths)
    qty = rng.choice(QUANTITIES)
    wording = rng.choices(_DRUG_WORDING_TEXTS, cum_weights=_DRUG_WORDING_CUM)[0]
    text = wording.format(name=drug.name, strength=strength, qty=qty, dos=dos)
    template, quantity = None, None
    if wording == "{name} {strength} {qty}":
        template, quantity = f"{drug.name} {strength} #{{q}}", int(qty[1:])
    return Treatment(
        text,
        "pharmaceuticals",
        drug.topic,
        None,
        "drug",
        drug_name=drug.name,
        generic=drug.generic,
        template=template,
        quantity=quantity,
    )


def examples() -> Iterator[tuple[str, str]]:
    """(treatment, category) for every wording of every family (drugs: one per drug)."""
    for family in FAMILIES:
        if family.key == "drug":
            for drug in DRUGS:
                yield f"{drug.name} {drug.strengths[0]} #60", family.category
            continue
        if family.key == "topical":
            for text, quantities in TOPICALS:
                yield f"{text} {quantities[0]}", family.category
            continue
        rng = random.Random(family.key)
        for wording in family.wordings:
            regions = family.regions or ("lumbar",)
            for key in regions:
                region = REGION[key] if family.regions else None
                if wording == "{surgery}":
                    for surgery in _SURGERIES.get(key, ()):
                        yield _fill(surgery, rng, region, "10/12/16"), family.category
                elif wording == "{brace}":
                    for brace in _BRACES.get(key, ()):
                        yield _fill(brace, rng, region, "10/12/16"), family.category
                else:
                    yield _fill(wording, rng, region, "10/12/16"), family.category
