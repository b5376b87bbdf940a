"""The taxonomy on the real letters and on generated ones: every item placed, and a labelled
table (my reading of each treatment; the text itself is read from ../shared at test time)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from imrdb.vocab.treatments import classify, unplaced
from scripts.generate_letters import generate
from tests.support.paths import require_real_letters

# (case, ordinal): (subcategory, normalized, body region) for services, and for drugs
# (subcategory, normalized, drug class, brand, strength, quantity). One comment per row.
SERVICES = {
    ("CM16-0213037", 1): ("imaging_shoulder", "MRI", "shoulder"),  # shoulder MRI, no contrast
    ("CM16-0213037", 2): ("imaging_spine", "MRI", "cervical"),  # cervical MRI
    ("CM16-0230548", 1): ("imaging_spine", "MRI", "cervical"),  # neck named before the hand
    ("CM16-0230548", 2): ("pm_acupuncture", "acupuncture", "cervical"),  # neck, hand and head
    ("CM16-0231706", 1): ("pm_chiropractic", "chiropractic", None),  # "chiropractic physio"
    ("CM16-0231884", 1): ("bh_evaluation", "psychological testing", None),  # psych testing
    ("CM16-0232543", 3): ("imaging_hip", "X-ray", "hip"),  # the pelvis goes with the hip
    ("CM16-0232543", 5): ("imaging_shoulder", "X-ray", "shoulder"),  # shoulder films
    ("CM16-0234464", 3): ("imaging_wrist_hand", "MRI", "wrist_hand"),  # positional MRI, hand
    ("CM16-0235869", 2): ("pm_modalities", "electrical stimulation", None),  # e-stim sessions
    ("CM16-0235869", 3): ("pm_modalities", "infrared therapy", None),  # infrared sessions
    ("CM16-0235869", 4): ("pm_physical_therapy", "physical therapy", None),  # manual therapy
    ("CM16-0235869", 6): ("pm_biofeedback", "biofeedback", None),  # biofeedback sessions
    ("CM16-0236906", 1): ("testing_electrodiagnostic", "EEG", None),  # electroencephalogram
    ("CM16-0238035", 1): ("surgery_shoulder", "arthroscopy", "shoulder"),  # scope + RCR first
    ("CM16-0238035", 2): ("em_clearance", "medical clearance", None),  # pre-op H&P
    ("CM16-0238035", 3): ("testing_cardiac", "EKG", None),  # "Labs to include: EKG"
    ("CM16-0238035", 4): ("imaging_chest_abdomen", "X-ray", "chest"),  # chest x-ray in labs
    ("CM16-0238035", 6): ("dme_cold_heat", "cold therapy unit", None),  # cold compression
    ("CM16-0238035", 7): ("dme_cold_heat", "therapy wrap", "shoulder"),  # its shoulder wrap
    ("CM16-0238035", 8): ("dme_braces", "sling", "shoulder"),  # sling with pillow
    ("CM16-0238676", 2): ("imaging_spine", "MRI", "spine"),  # "MRI/CT of the spine"
    ("CM16-0239569", 1): ("pm_chiropractic", "chiropractic", "spine"),  # spinal manipulation
    ("CM16-0239569", 4): ("pm_modalities", "traction", None),  # spinolator = traction
    ("CM16-0239569", 5): ("pm_modalities", "hot/cold packs", None),  # ice/heat in the office
    ("CM16-0240259", 1): ("testing_electrodiagnostic", "EMG/NCS", "wrist_hand"),  # hands
    ("CM16-0242302", 1): ("imaging_elbow_arm", "MRI", "elbow"),  # elbow MRI
    # NCS alone: a nerve conduction study of the arm
    ("CM16-0247287", 2): ("testing_electrodiagnostic", "nerve conduction study", "upper_extremity"),
    ("CM16-0247624", 1): ("imaging_head", "CT scan", "head"),  # head CT
    ("CM16-0247802", 1): ("em_consultation", "consultation", "spine"),  # a surgeon's evaluation
    ("CM16-0248233", 1): ("pm_occupational_therapy", "hand therapy", "wrist_hand"),  # hand
    ("CM16-0249536", 4): ("testing_drug_screen", "urine drug screen", None),  # "Urine Test"
    ("CM16-0249536", 5): ("pm_shockwave", "shockwave therapy", None),  # ESWT
    ("CM16-0249726", 1): ("home_nursing", "home nursing", None),  # daily RN visits
    ("CM17-0002551", 1): ("dmepos_other", "hearing aids", None),  # hearing aids
    ("CM17-0002892", 1): ("surgery_knee", "arthroscopy", "knee"),  # knee scope, meniscectomy
    ("CM17-0002892", 2): ("surgery_assistant", "assistant surgeon", None),  # PA assist
    ("CM17-0005924", 1): ("imaging_spine", "CT scan", "cervical"),  # retrospective CT
    # a lumbar epidural injection under fluoroscopy
    ("CM17-0006287", 1): ("injection_epidural", "epidural steroid injection", "lumbar"),
    ("CM17-0006797", 4): ("dme_cold_heat", "cold therapy unit", None),  # cryotherapy unit
    ("CM17-0006912", 1): ("dme_supplies", "gloves", None),  # gloves
    ("CM17-0006912", 2): ("dme_supplies", "hygiene wipes", None),  # wipes
    # ESI with a consult: the injection is what is asked
    ("CM17-0007151", 1): ("injection_epidural", "epidural steroid injection", "lumbar"),
    ("CM17-0008519", 1): ("imaging_spine", "MRI", "lumbar"),  # lumbosacral MRI
    ("CM17-0009441", 1): ("testing_functional", "grip strength test", None),  # Jamar
    ("CM17-0009441", 2): ("testing_functional", "range of motion test", None),  # ROM test
    # an FCE is a test, not a visit
    ("CM17-0009441", 7): ("testing_functional", "functional capacity evaluation", None),
    ("CM17-0009441", 8): ("em_consultation", "consultation", None),  # med management consult
    ("CM17-0009996", 1): ("dme_home", "hospital bed", None),  # hospital bed rental
    ("CM17-0010021", 1): ("dme_electrotherapy", "TENS unit", "lumbar"),  # TENS, low back first
    ("CM17-0010021", 2): ("pm_modalities", "electrical stimulation", None),  # office e-stim
    ("CM17-0010420", 2): ("testing_labs", "CBC", None),  # "Pre-op labs: CBC"
    ("CM17-0010420", 4): ("testing_labs", "PT/PTT", None),  # coagulation, not therapy
    ("CM17-0011730", 1): ("testing_electrodiagnostic", "SSEP", "lumbar"),  # SSEP
    ("CM17-0012640", 2): ("em_consultation", "consultation", "hip"),  # hip replacement consult
    ("CM17-0013587", 1): ("em_office_visit", "office visit", None),  # follow-up visits
    ("CM17-0015198", 2): ("pm_chiropractic", "chiropractic", "cervical"),  # chiro, neck first
    ("CM17-0015957", 1): ("surgery_knee", "arthroscopy", "knee"),  # knee arthroscopy
    ("CM17-0016761", 2): ("other_gym", "gym membership", None),  # gym
    ("CM17-0006912", 3): ("pm_physical_therapy", "physical therapy", "wrist_hand"),  # PT/OT
    ("CM17-0019066", 1): ("imaging_spine", "X-ray", "thoracic"),  # thoracic film
    ("CM17-0021656", 1): ("imaging_ankle_foot", "MRI", "ankle_foot"),  # foot MRI
}
DRUGS = {
    # Viagra: sildenafil, a class of its own
    ("CM16-0221706", 1): (
        "erectile_dysfunction",
        "sildenafil",
        "erectile_dysfunction",
        "Viagra",
        "50 mg",
        None,
    ),
    # Norflex is orphenadrine
    ("CM16-0232543", 1): (
        "muscle_relaxants",
        "orphenadrine",
        "muscle_relaxants",
        "Norflex",
        "100 mg",
        60,
    ),
    # Pepcid: an H2 blocker, filed with the PPIs as stomach protection
    ("CM16-0232543", 2): ("ppis", "famotidine", "ppis", "Pepcid", "20 mg", None),
    # a plain lidocaine ointment; 106.32gm is an amount, not a strength
    ("CM16-0234464", 6): (
        "topical_analgesics",
        "lidocaine ointment",
        "topical_analgesics",
        None,
        "5%",
        None,
    ),
    # Salonpas pad: a topical, its pad is a patch
    ("CM16-0245796", 1): (
        "topical_analgesics",
        "methyl salicylate/menthol patch",
        "topical_analgesics",
        "Salonpas",
        None,
        60,
    ),
    # Anecream is a 4% lidocaine cream
    ("CM16-0245796", 2): (
        "topical_analgesics",
        "lidocaine cream",
        "topical_analgesics",
        "Anecream",
        "4%",
        30,
    ),
    # Norco: hydrocodone/acetaminophen, frequency left out
    ("CM16-0247802", 4): (
        "opioids",
        "hydrocodone/acetaminophen",
        "opioids",
        "Norco",
        "5/325 mg",
        40,
    ),
    # five ingredients in cream base: a compound of mixed classes
    ("CM16-0249536", 2): (
        "compounded_drugs",
        "flurbiprofen/baclofen/dexamethasone/menthol/capsaicin cream",
        "compounded_drugs",
        None,
        "20%/5%/2%/2%/0.025%",
        None,
    ),
    # Lorzone is chlorzoxazone
    ("CM17-0005412", 1): (
        "muscle_relaxants",
        "chlorzoxazone",
        "muscle_relaxants",
        "Lorzone",
        "750 mg",
        45,
    ),
    # nortriptyline HCL, a tricyclic antidepressant
    ("CM17-0008753", 1): ("antidepressants", "nortriptyline", "antidepressants", None, "25 mg", 30),
    # post-op Norco: the prefix is ignored
    ("CM17-0010420", 6): (
        "opioids",
        "hydrocodone/acetaminophen",
        "opioids",
        "Norco",
        "5/325 mg",
        60,
    ),
    # Colace is docusate, a stool softener
    ("CM17-0010420", 7): ("laxatives", "docusate", "laxatives", "Colace", "100 mg", 60),
    # Ultram ER is tramadol
    ("CM17-0012593", 2): ("opioids", "tramadol", "opioids", "Ultram", "100 mg", 60),
    # Fioricet: butalbital/acetaminophen/caffeine, for headache
    ("CM17-0012593", 3): (
        "headache_medications",
        "butalbital/acetaminophen/caffeine",
        "headache_medications",
        "Fioricet",
        None,
        120,
    ),
    # Synapryn: a tramadol suspension compounding kit
    ("CM17-0014438", 1): (
        "compounded_drugs",
        "tramadol oral suspension",
        "opioids",
        "Synapryn",
        "10 mg/ml",
        None,
    ),
    # Ketophene: a ketoprofen cream compound
    ("CM17-0014438", 3): (
        "compounded_drugs",
        "ketoprofen cream",
        "nsaids",
        "Ketophene",
        "20%",
        None,
    ),
    # the word 'compound' makes it one
    ("CM17-0014438", 4): (
        "compounded_drugs",
        "cyclobenzaprine compound",
        "muscle_relaxants",
        None,
        "5%",
        None,
    ),
    # Prilosec is omeprazole
    ("CM17-0014438", 7): ("ppis", "omeprazole", "ppis", "Prilosec", "20 mg", 90),
    # Norco written 7.5-325mg: the same strength as 7.5/325
    ("CM17-0015790", 2): (
        "opioids",
        "hydrocodone/acetaminophen",
        "opioids",
        "Norco",
        "7.5/325 mg",
        112,
    ),
    # generic with the brand in brackets
    ("CM17-0019171", 1): ("nsaids", "meloxicam", "nsaids", "Mobic", "7.5 mg", 30),
}


@pytest.fixture(scope="module")
def truth():
    path = require_real_letters() / "truth.jsonl"
    records = [json.loads(line) for line in path.open()]
    return {(r["case_number"], d["ordinal"]): d for r in records for d in r["decisions"]}


def test_table_is_large_enough():
    assert len(SERVICES) + len(DRUGS) >= 60


@pytest.mark.parametrize(("key", "expected"), SERVICES.items(), ids=str)
def test_real_service_is_placed_as_labelled(truth, key, expected):
    item = truth[key]
    facts = classify(item["treatment"], item["category"])
    assert (facts.subcategory, facts.normalized, facts.body_region) == expected


@pytest.mark.parametrize(("key", "expected"), DRUGS.items(), ids=str)
def test_real_drug_is_placed_as_labelled(truth, key, expected):
    item = truth[key]
    f = classify(item["treatment"], item["category"])
    assert (f.subcategory, f.normalized, f.drug_class, f.brand, f.strength, f.quantity) == expected


def test_every_real_item_is_placed(truth):
    """Every item gets a subcategory of its category and a normalized treatment; the report
    names any the vocabulary cannot place."""
    items = [(d["treatment"], d["category"]) for d in truth.values()]
    assert len(items) > 200
    for treatment, category in items:
        facts = classify(treatment, category)
        assert facts.subcategory and facts.normalized
    assert unplaced(items) == []


def test_every_generated_item_is_placed():
    """The generator's wordings (records only, no PDFs) all land in a specific subcategory."""
    items = [(d.treatment, d.category) for g in generate(600, seed=3) for d in g.record.decisions]
    assert unplaced(items) == []
    subs = Counter(classify(t, c).subcategory for t, c in items)
    assert len(subs) > 40


def test_generated_drugs_get_the_generators_generic():
    for letter in generate(300, seed=4):
        for decision in letter.record.decisions:
            if decision.category == "pharmaceuticals":
                facts = classify(decision.treatment, decision.category)
                assert facts.drug is not None and facts.placed, decision.treatment


def test_unplaced_report_names_what_it_cannot_place():
    report = unplaced([("Zyxolin 10mg #30", "pharmaceuticals"), ("Norco 10/325mg", None)])
    assert report == [("Zyxolin 10mg #30", "pharmaceuticals", "zyxolin", 1)]
