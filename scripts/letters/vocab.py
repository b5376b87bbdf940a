"""Clinical and administrative vocabulary the generated letters draw from.

Plain data: body regions with the guideline chapters that cover them, drugs with their
strengths, reviewer certifications and licence states. Everything here is written for
imrdb; none of it is taken from a real letter.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class Region:
    """A body region and the guideline chapters a reviewer would cite for it."""

    key: str
    name: str  # as in "MRI of the lumbar spine"
    sided: bool  # takes "left"/"right"
    mtus: str | None  # MTUS (2004 ACOEM) chapter as the published letters name it
    mtus_year: str
    acoem_no: int | None  # the chapter's number in ACOEM 2nd edition
    acoem_pages: tuple[str, ...]
    odg_long: str
    odg_short: str
    acoem3: str  # ACOEM 3rd edition / current chapter
    postsurgical: str | None
    diagnoses: tuple[str, ...]
    complaints: tuple[str, ...]
    findings: tuple[str, ...]
    levels: tuple[str, ...] = ()


REGIONS: tuple[Region, ...] = (
    Region(
        "lumbar",
        "lumbar spine",
        False,
        "Low Back Complaints",
        "2004",
        12,
        ("303-305", "308-310", "298-301", "287-289", "309"),
        "Low Back - Lumbar & Thoracic (Acute & Chronic)",
        "Low Back",
        "Low Back Disorders",
        "Low Back",
        (
            "lumbar radiculopathy",
            "lumbar disc protrusion",
            "lumbosacral sprain and strain",
            "degenerative disc disease of the lumbar spine",
            "lumbar facet arthropathy",
        ),
        (
            "low back pain radiating into the left leg",
            "constant low back pain rated 7 out of 10",
            "low back pain with numbness in both feet",
            "aching low back pain that worsened with prolonged sitting",
        ),
        (
            "tenderness over the lumbar paraspinal muscles",
            "a positive straight leg raise test on the left",
            "lumbar flexion limited to 40 degrees",
            "decreased sensation in the L5 dermatome",
            "spasm of the lumbar paravertebral muscles",
        ),
        ("L3-4", "L4-5", "L5-S1"),
    ),
    Region(
        "cervical",
        "cervical spine",
        False,
        "Neck and Upper Back Complaints",
        "2004",
        8,
        ("174", "177-179", "181-183", "170-171", "165-166"),
        "Neck & Upper Back (Acute & Chronic)",
        "Neck and Upper Back",
        "Cervical and Thoracic Spine Disorders",
        None,
        (
            "cervical radiculopathy",
            "cervical disc herniation",
            "cervical sprain and strain",
            "cervical spondylosis",
        ),
        (
            "neck pain radiating into the right arm",
            "neck pain with headaches",
            "constant neck stiffness rated 6 out of 10",
        ),
        (
            "tenderness of the cervical paraspinal muscles",
            "a positive Spurling's test on the right",
            "cervical rotation limited to 50 degrees",
            "diminished biceps reflexes",
        ),
        ("C4-5", "C5-6", "C6-7"),
    ),
    Region(
        "shoulder",
        "shoulder",
        True,
        "Shoulder Complaints",
        "2004",
        9,
        ("207-209", "213-214", "210-211", "204"),
        "Shoulder (Acute & Chronic)",
        "Shoulder",
        "Shoulder Disorders",
        "Shoulder",
        (
            "rotator cuff tendinitis",
            "shoulder impingement syndrome",
            "partial thickness rotator cuff tear",
            "adhesive capsulitis",
        ),
        (
            "shoulder pain with overhead reaching",
            "night pain in the shoulder",
            "shoulder weakness when lifting",
        ),
        (
            "a positive Hawkins impingement sign",
            "shoulder abduction limited to 100 degrees",
            "tenderness over the acromioclavicular joint",
            "4 out of 5 strength with external rotation",
        ),
    ),
    Region(
        "knee",
        "knee",
        True,
        "Knee Complaints",
        "2004",
        13,
        ("341-343", "343-345", "346-347", "337-339"),
        "Knee & Leg (Acute & Chronic)",
        "Knee",
        "Knee Disorders",
        "Knee",
        (
            "medial meniscus tear",
            "knee osteoarthritis",
            "patellofemoral pain syndrome",
            "knee sprain",
        ),
        (
            "knee pain with stairs",
            "episodes of the knee giving way",
            "swelling of the knee after standing",
        ),
        (
            "medial joint line tenderness",
            "a positive McMurray's test",
            "knee flexion limited to 110 degrees",
            "a small effusion",
        ),
    ),
    Region(
        "wrist",
        "wrist",
        True,
        "Forearm, Wrist, and Hand Complaints",
        "2004",
        11,
        ("268-270", "265-266", "270-272", "261"),
        "Forearm, Wrist, & Hand (Acute & Chronic)",
        "Forearm, Wrist and Hand",
        "Hand, Wrist, and Forearm Disorders",
        "Forearm, Wrist, & Hand",
        (
            "carpal tunnel syndrome",
            "de Quervain's tenosynovitis",
            "wrist sprain",
            "triangular fibrocartilage complex tear",
        ),
        (
            "numbness and tingling in the fingers at night",
            "wrist pain with gripping",
            "weakness of grip",
        ),
        (
            "a positive Phalen's test",
            "a positive Tinel's sign at the wrist",
            "decreased grip strength",
            "tenderness over the first dorsal compartment",
        ),
    ),
    Region(
        "elbow",
        "elbow",
        True,
        "Elbow Complaints",
        "2007",
        10,
        ("24-26", "29-31", "41-42"),
        "Elbow (Acute & Chronic)",
        "Elbow",
        "Elbow Disorders",
        None,
        ("lateral epicondylitis", "medial epicondylitis", "cubital tunnel syndrome"),
        ("elbow pain with lifting", "pain over the outer elbow when gripping"),
        (
            "tenderness over the lateral epicondyle",
            "pain with resisted wrist extension",
            "a positive Tinel's sign at the elbow",
        ),
    ),
    Region(
        "ankle",
        "ankle",
        True,
        "Ankle and Foot Complaints",
        "2004",
        14,
        ("371-372", "374-375", "376-377"),
        "Ankle & Foot (Acute & Chronic)",
        "Ankle and Foot",
        "Ankle and Foot Disorders",
        None,
        ("ankle sprain", "plantar fasciitis", "Achilles tendinopathy"),
        ("ankle pain with walking", "heel pain in the morning", "ankle swelling by evening"),
        (
            "tenderness over the anterior talofibular ligament",
            "tenderness at the plantar fascia insertion",
            "an antalgic gait",
        ),
    ),
    Region(
        "hip",
        "hip",
        True,
        None,
        "",
        None,
        (),
        "Hip & Pelvis (Acute & Chronic)",
        "Hip and Pelvis",
        "Hip and Groin Disorders",
        None,
        ("hip bursitis", "hip osteoarthritis", "hip labral tear"),
        ("hip pain with walking", "groin pain when rising from a chair"),
        ("tenderness over the greater trochanter", "painful internal rotation of the hip"),
    ),
)
REGION = {r.key: r for r in REGIONS}


@dataclass(frozen=True)
class Drug:
    """A drug as requests name it, with its class (the guideline topic) and strengths."""

    name: str
    topic: str
    strengths: tuple[str, ...]
    generic: str  # as the MTUS Drug Formulary lists it


DRUGS: tuple[Drug, ...] = (
    Drug("Norco", "opioids", ("5/325mg", "7.5/325mg", "10/325mg"), "Hydrocodone/Acetaminophen"),
    Drug("Hydrocodone/APAP", "opioids", ("5/325mg", "10/325mg"), "Hydrocodone/Acetaminophen"),
    Drug("Percocet", "opioids", ("5/325mg", "10/325mg"), "Oxycodone/Acetaminophen"),
    Drug("Oxycodone", "opioids", ("5mg", "10mg", "15mg"), "Oxycodone"),
    Drug("Tramadol", "opioids", ("50mg",), "Tramadol"),
    Drug("Tramadol ER", "opioids", ("100mg", "150mg", "200mg"), "Tramadol"),
    Drug("Ultram", "opioids", ("50mg",), "Tramadol"),
    Drug("Nucynta", "opioids", ("50mg", "75mg"), "Tapentadol"),
    Drug("Cyclobenzaprine", "muscle_relaxants", ("5mg", "7.5mg", "10mg"), "Cyclobenzaprine"),
    Drug("Flexeril", "muscle_relaxants", ("5mg", "10mg"), "Cyclobenzaprine"),
    Drug("Tizanidine", "muscle_relaxants", ("2mg", "4mg"), "Tizanidine"),
    Drug("Zanaflex", "muscle_relaxants", ("4mg",), "Tizanidine"),
    Drug("Baclofen", "muscle_relaxants", ("10mg", "20mg"), "Baclofen"),
    Drug("Methocarbamol", "muscle_relaxants", ("500mg", "750mg"), "Methocarbamol"),
    Drug("Orphenadrine ER", "muscle_relaxants", ("100mg",), "Orphenadrine"),
    Drug("Naproxen", "nsaids", ("500mg",), "Naproxen"),
    Drug("Naproxen sodium", "nsaids", ("550mg",), "Naproxen"),
    Drug("Anaprox DS", "nsaids", ("550mg",), "Naproxen"),
    Drug("Ibuprofen", "nsaids", ("600mg", "800mg"), "Ibuprofen"),
    Drug("Meloxicam", "nsaids", ("7.5mg", "15mg"), "Meloxicam"),
    Drug("Mobic", "nsaids", ("15mg",), "Meloxicam"),
    Drug("Celebrex", "nsaids", ("100mg", "200mg"), "Celecoxib"),
    Drug("Diclofenac sodium ER", "nsaids", ("100mg",), "Diclofenac"),
    Drug("Etodolac", "nsaids", ("400mg",), "Etodolac"),
    Drug("Nabumetone", "nsaids", ("500mg", "750mg"), "Nabumetone"),
    Drug("Omeprazole", "ppi", ("20mg", "40mg"), "Omeprazole"),
    Drug("Prilosec", "ppi", ("20mg",), "Omeprazole"),
    Drug("Pantoprazole", "ppi", ("20mg", "40mg"), "Pantoprazole"),
    Drug("Protonix", "ppi", ("40mg",), "Pantoprazole"),
    Drug("Gabapentin", "neuropathic", ("300mg", "600mg"), "Gabapentin"),
    Drug("Neurontin", "neuropathic", ("300mg",), "Gabapentin"),
    Drug("Lyrica", "neuropathic", ("50mg", "75mg", "150mg"), "Pregabalin"),
    Drug("Pregabalin", "neuropathic", ("75mg",), "Pregabalin"),
    Drug("Duloxetine", "neuropathic", ("30mg", "60mg"), "Duloxetine"),
    Drug("Cymbalta", "neuropathic", ("30mg", "60mg"), "Duloxetine"),
    Drug("Amitriptyline", "neuropathic", ("10mg", "25mg"), "Amitriptyline"),
    Drug("Zolpidem", "sleep_aids", ("5mg", "10mg"), "Zolpidem"),
    Drug("Ambien", "sleep_aids", ("10mg",), "Zolpidem"),
    Drug("Ambien CR", "sleep_aids", ("12.5mg",), "Zolpidem"),
    Drug("Eszopiclone", "sleep_aids", ("2mg", "3mg"), "Eszopiclone"),
    Drug("Trazodone", "sleep_aids", ("50mg", "100mg"), "Trazodone"),
    Drug("Ondansetron", "supportive", ("4mg", "8mg"), "Ondansetron"),
    Drug("Zofran", "supportive", ("8mg",), "Ondansetron"),
    Drug("Docusate sodium", "supportive", ("100mg",), "Docusate"),
    Drug("Senna", "supportive", ("8.6mg",), "Sennosides"),
)

# Topical products: (text without quantity, quantity forms).
TOPICALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Lidoderm 5% patch", ("#30", "#60")),
    ("Lidocaine 5% patches", ("#30", "#90")),
    ("Terocin patches", ("#20", "#30")),
    ("Flector 1.3% patch", ("#30", "#60")),
    ("Voltaren 1% gel", ("100gm", "3 tubes")),
    ("Flurbiprofen 20%/Lidocaine 5% cream", ("180gm", "240gm")),
    ("Ketoprofen 10%, Gabapentin 6%, Lidocaine 5% compound cream", ("120gm", "240gm")),
    ("Menthol 4%/Capsaicin 0.025% cream", ("120gm",)),
    ("Salonpas pad", ("#60", "#30")),
)

QUANTITIES = ("#20", "#30", "#60", "#60", "#90", "#90", "#120", "#180")

SPECIALTIES: tuple[tuple[str, int], ...] = (
    ("Family Practice", 14),
    ("Preventive Medicine, Occupational Medicine", 10),
    ("Physical Medicine & Rehabilitation, Pain Management", 8),
    ("Physical Medicine & Rehabilitation", 6),
    ("Orthopedic Surgery", 6),
    ("Orthopedic Surgery, Sports Medicine", 3),
    ("Anesthesiology, Pain Management", 4),
    ("Internal Medicine", 3),
    ("Occupational Medicine", 4),
    ("Neurology", 2),
    ("Neurology, Pain Management", 2),
    ("Psychiatry", 2),
    ("Emergency Medicine", 2),
    ("Chiropractor", 2),
    ("Preventive Medicine, Occupational Medicine, Public Health & General Preventive Medicine", 2),
    ("Physical Medicine & Rehabilitation, Pain Management, Occupational Medicine", 1),
    ("Internal Medicine, Hospice & Palliative Medicine", 1),
    ("Neurological Surgery", 1),
    ("Family Practice, Sports Medicine", 1),
    ("Anesthesiology, Pain Management, Hospice & Palliative Medicine", 1),
    ("Orthopedic Surgery, Sports Medicinea", 1),  # a typo kept as written, as real letters do
    ("Physical Medicine & Rehabilitaton", 1),  # likewise
)

STATES = (
    "California",
    "Arizona",
    "Texas",
    "New York",
    "Florida",
    "North Carolina",
    "Ohio",
    "Pennsylvania",
    "Oregon",
    "Washington",
    "Nevada",
    "Illinois",
    "Maryland",
    "New Jersey",
    "Colorado",
    "Missouri",
)

# Words the letters use for the physician who asked for the treatment.
PROVIDERS = (
    "the primary treating physician",
    "the treating provider",
    "the requesting physician",
    "the orthopedic surgeon",
    "the pain management physician",
)
