"""Guideline citations: which guidelines an item's parties cite, and how each layout writes them.

A citation is drawn once per party (``draw_citations``) as a ``Cite`` (what is cited), then
written in the letter's style (``write``), which gives both the words the letter prints and
the truth the parser must recover from them (source, title normalized as the layout's truth
rule says, pages). Styles: ``published`` (2016-2017 letters: titles kept as written),
``classic`` (final_letter_2014 and documents_reviewed), ``notice`` (notice_2013) and
``professional`` (professional_review); the rules are in docs/generated-layouts.md.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from scripts.letters.vocab import Region


@dataclass(frozen=True, slots=True)
class TopicGuides:
    """What each guideline says about one kind of treatment."""

    sections: tuple[str, ...] = ()  # sections of the region's MTUS chapter (published letters)
    cpmtg: tuple[tuple[str, str], ...] = ()  # Chronic Pain guideline sections with pages
    special: tuple[str, ...] = ()  # other MTUS parts: acupuncture, postsurgical, opioid, ...
    odg_chapter: tuple[str, str] | None = None  # (long, short) when not the region's chapter
    odg_topics: tuple[str, ...] = ()
    acoem_chapter: str | None = None  # ACOEM 3rd edition chapter when not the region's
    acoem_topics: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    formulary: bool = False  # a drug: the MTUS Drug Formulary lists it


_PAIN = ("Pain (Chronic)", "Pain")
_IMAGING = ("Special Studies", "Diagnostic Criteria", "Summary")

TOPICS: dict[str, TopicGuides] = {
    "imaging": TopicGuides(
        _IMAGING,
        odg_topics=(
            "MRIs (magnetic resonance imaging)",
            "Magnetic resonance imaging (MRI)",
            "Indications for imaging",
        ),
        acoem_topics=("Diagnostic Testing, MRI", "Diagnostic Studies, Imaging"),
        others=("American College of Radiology Appropriateness Criteria, Chronic Back Pain",),
    ),
    "xray": TopicGuides(
        _IMAGING,
        odg_topics=("Radiography (x-rays)", "X-rays", "Indications for imaging"),
        acoem_topics=("Diagnostic Studies, Radiographs",),
    ),
    "emg": TopicGuides(
        ("Special Studies", "Diagnostic Criteria"),
        (("Electrodiagnostic testing (EMG/NCS)", "303"),),
        odg_topics=(
            "Electrodiagnostic studies (EDS)",
            "Nerve conduction studies (NCS)",
            "EMGs (electromyography)",
        ),
        acoem_topics=("Diagnostic Testing, Electrodiagnostic Studies",),
    ),
    "uds": TopicGuides(
        cpmtg=(("Drug testing", "43"), ("Opioids, steps to avoid misuse/addiction", "94-95")),
        special=("opioid",),
        odg_chapter=_PAIN,
        odg_topics=("Urine drug testing (UDT)",),
        others=(
            "Substance Abuse and Mental Health Services Administration, Clinical Drug Testing",
        ),
    ),
    "labs": TopicGuides(
        odg_chapter=("Low Back - Lumbar & Thoracic (Acute & Chronic)", "Low Back"),
        odg_topics=("Preoperative lab testing", "Preoperative testing, general"),
        others=(
            "Practice Advisory for Preanesthesia Evaluation, American Society of Anesthesiologists",
            "UpToDate, Preoperative medical evaluation of the healthy adult patient",
        ),
    ),
    "fce": TopicGuides(
        special=("general",),
        odg_chapter=("Fitness for Duty", "Fitness for Duty"),
        odg_topics=("Functional capacity evaluation (FCE)",),
    ),
    "sleep_study": TopicGuides(
        odg_chapter=_PAIN,
        odg_topics=("Polysomnography", "Insomnia"),
        others=("MedlinePlus, Sleep disorders", "UpToDate, Overview of polysomnography in adults"),
    ),
    "opioids": TopicGuides(
        cpmtg=(
            ("Opioids, criteria for use", "76-80"),
            ("Opioids for chronic pain", "80-82"),
            ("Opioids, long-term assessment", "88-89"),
        ),
        special=("opioid",),
        odg_chapter=_PAIN,
        odg_topics=("Opioids for chronic pain", "Opioids, specific drug list"),
        acoem_chapter="Chronic Pain",
        acoem_topics=("Opioids",),
        formulary=True,
    ),
    "muscle_relaxants": TopicGuides(
        cpmtg=(("Muscle relaxants (for pain)", "63-66"), ("Cyclobenzaprine (Flexeril)", "41-42")),
        odg_chapter=_PAIN,
        odg_topics=("Muscle relaxants (for pain)",),
        acoem_chapter="Chronic Pain",
        acoem_topics=("Muscle Relaxants",),
        formulary=True,
    ),
    "nsaids": TopicGuides(
        cpmtg=(
            ("NSAIDs (non-steroidal anti-inflammatory drugs)", "67-73"),
            ("Anti-inflammatory medications", "22"),
        ),
        odg_chapter=_PAIN,
        odg_topics=("NSAIDs (non-steroidal anti-inflammatory drugs)",),
        acoem_chapter="Chronic Pain",
        acoem_topics=("Non-steroidal Anti-inflammatory Drugs",),
        formulary=True,
    ),
    "ppi": TopicGuides(
        cpmtg=(("NSAIDs, GI symptoms & cardiovascular risk", "68-69"),),
        odg_chapter=_PAIN,
        odg_topics=("Proton pump inhibitors (PPIs)",),
        others=("FDA prescribing information, Prilosec (omeprazole)",),
        formulary=True,
    ),
    "neuropathic": TopicGuides(
        cpmtg=(
            ("Antiepilepsy drugs (AEDs)", "16-22"),
            ("Antidepressants for chronic pain", "13-16"),
        ),
        odg_chapter=_PAIN,
        odg_topics=("Anti-epilepsy drugs (AEDs) for pain", "Antidepressants for chronic pain"),
        formulary=True,
    ),
    "topicals": TopicGuides(
        cpmtg=(("Topical analgesics", "111-113"), ("Lidoderm (lidocaine patch)", "56-57")),
        odg_chapter=_PAIN,
        odg_topics=("Topical analgesics", "Lidoderm (Lidocaine patch)"),
        formulary=True,
    ),
    "sleep_aids": TopicGuides(
        odg_chapter=("Mental Illness & Stress", "Mental Illness & Stress"),
        odg_topics=("Insomnia treatment", "Zolpidem (Ambien)"),
        others=(
            "FDA prescribing information, Ambien (zolpidem tartrate)",
            "UpToDate, Treatment of insomnia in adults",
        ),
        formulary=True,
    ),
    "supportive": TopicGuides(
        cpmtg=(("Opioids, initiating therapy", "77"),),
        odg_chapter=_PAIN,
        odg_topics=("Antiemetics (for opioid nausea)", "Opioid-induced constipation treatment"),
        others=("FDA prescribing information, Zofran (ondansetron)",),
        formulary=True,
    ),
    "esi": TopicGuides(
        ("Physical Methods", "Summary"),
        (("Epidural steroid injections (ESIs)", "46"),),
        odg_topics=("Epidural steroid injections (ESIs), therapeutic",),
        acoem_topics=("Injection Therapies, Epidural Steroid Injections",),
    ),
    "facet": TopicGuides(
        ("Physical Methods", "Summary"),
        odg_topics=(
            "Facet joint diagnostic blocks",
            "Facet joint intra-articular injections",
            "Facet joint radiofrequency neurotomy",
        ),
        acoem_topics=("Injection Therapies, Facet Joint Injections",),
    ),
    "tpi": TopicGuides(
        cpmtg=(("Trigger point injections", "122"),),
        odg_chapter=_PAIN,
        odg_topics=("Trigger point injections",),
    ),
    "joint_injection": TopicGuides(
        ("Initial Care", "Summary"),
        odg_topics=("Steroid injections", "Hyaluronic acid injections", "Platelet-rich plasma"),
        acoem_topics=("Injections, Glucocorticosteroid Injections",),
    ),
    "surgery": TopicGuides(
        ("Surgical Considerations", "Summary"),
        odg_topics=("Indications for surgery",),
        acoem_topics=("Surgical Considerations",),
    ),
    "surgery_assist": TopicGuides(
        odg_chapter=("Low Back - Lumbar & Thoracic (Acute & Chronic)", "Low Back"),
        others=(
            "American College of Surgeons, Physicians as Assistants at Surgery",
            "Centers for Medicare & Medicaid Services, Assistant at surgery indicators",
        ),
        odg_topics=("Surgical assistant",),
    ),
    "pt": TopicGuides(
        ("Physical Methods", "Initial Care"),
        (("Physical medicine", "98-99"), ("Physical medicine treatment", "98-99")),
        special=("postsurgical",),
        odg_topics=("Physical therapy (PT)", "Physical medicine treatment"),
        acoem_topics=("Exercise, Therapeutic Exercise",),
    ),
    "chiro": TopicGuides(
        ("Physical Methods",),
        (("Manual therapy & manipulation", "58-60"),),
        odg_topics=("Manipulation", "Chiropractic guidelines"),
    ),
    "acupuncture": TopicGuides(
        special=("acupuncture",),
        odg_topics=("Acupuncture",),
    ),
    "aquatic": TopicGuides(
        cpmtg=(("Aquatic therapy", "22"), ("Physical medicine", "98-99")),
        odg_topics=("Aquatic therapy",),
    ),
    "massage": TopicGuides(
        cpmtg=(("Massage therapy", "60"),),
        odg_topics=("Massage",),
    ),
    "eswt": TopicGuides(
        ("Physical Methods",),
        odg_topics=("Extracorporeal shock wave therapy (ESWT)",),
        acoem_topics=("Extracorporeal Shock Wave Therapy",),
    ),
    "tens": TopicGuides(
        cpmtg=(
            ("TENS, chronic pain (transcutaneous electrical nerve stimulation)", "114-116"),
            ("Interferential Current Stimulation (ICS)", "118-120"),
        ),
        odg_chapter=_PAIN,
        odg_topics=("TENS (transcutaneous electrical nerve stimulation)",),
        others=("Aetna Clinical Policy Bulletin, Transcutaneous Electrical Nerve Stimulation",),
    ),
    "cold_therapy": TopicGuides(
        ("Initial Care", "Physical Methods"),
        odg_topics=("Continuous-flow cryotherapy", "Cold/heat packs"),
    ),
    "brace": TopicGuides(
        ("Initial Care", "Physical Methods"),
        odg_topics=(
            "Back brace, post operative (fusion)",
            "Knee brace",
            "Splints",
            "Lumbar supports",
        ),
        acoem_topics=("Braces and Supports",),
    ),
    "walking_aid": TopicGuides(
        odg_chapter=("Knee & Leg (Acute & Chronic)", "Knee"),
        odg_topics=("Walking aids (canes, crutches, braces, orthoses, & walkers)",),
    ),
    "orthotics": TopicGuides(
        ("Initial Care",),
        odg_chapter=("Ankle & Foot (Acute & Chronic)", "Ankle and Foot"),
        odg_topics=("Orthotic devices",),
    ),
    "dme_other": TopicGuides(
        odg_chapter=("Knee & Leg (Acute & Chronic)", "Knee"),
        odg_topics=("Durable medical equipment (DME)",),
        others=("Medicare National Coverage Determinations Manual, Durable Medical Equipment",),
    ),
    "followup": TopicGuides(
        ("Follow-up Visits",),
        special=("general",),
        odg_chapter=_PAIN,
        odg_topics=("Office visits",),
    ),
    "consult": TopicGuides(
        special=("general",),
        odg_chapter=_PAIN,
        odg_topics=("Office visits",),
        acoem_chapter="Independent Medical Examinations and Consultations",
        acoem_topics=("Referrals",),
    ),
    "clearance": TopicGuides(
        odg_chapter=("Low Back - Lumbar & Thoracic (Acute & Chronic)", "Low Back"),
        odg_topics=("Preoperative testing, general",),
        others=("UpToDate, Preoperative medical evaluation of the healthy adult patient",),
    ),
    "psych": TopicGuides(
        cpmtg=(("Psychological treatment", "101-102"), ("Behavioral interventions", "23")),
        special=("stress",),
        odg_chapter=("Mental Illness & Stress", "Mental Illness & Stress"),
        odg_topics=("Cognitive therapy for depression", "Psychotherapy guidelines"),
    ),
    "psych_eval": TopicGuides(
        cpmtg=(("Psychological evaluations", "100-101"),),
        special=("stress",),
        odg_chapter=("Mental Illness & Stress", "Mental Illness & Stress"),
        odg_topics=("Psychological evaluations",),
    ),
    "programs": TopicGuides(
        cpmtg=(
            ("Functional restoration programs (FRPs)", "30-32"),
            ("Chronic pain programs (functional restoration programs)", "30-34"),
            ("Work conditioning, work hardening", "125-126"),
            ("Detoxification", "42"),
        ),
        odg_chapter=_PAIN,
        odg_topics=("Functional restoration programs (FRPs)", "Work conditioning, work hardening"),
        others=("Aetna Clinical Policy Bulletin, Weight Reduction Medications and Programs",),
    ),
    "home_health": TopicGuides(
        cpmtg=(("Home health services", "51"),),
        odg_chapter=_PAIN,
        odg_topics=("Home health services",),
        others=("Medicare Benefit Policy Manual, Chapter 7, Home Health Services",),
    ),
    "transportation": TopicGuides(
        odg_chapter=("Knee & Leg (Acute & Chronic)", "Knee"),
        odg_topics=("Transportation (to & from appointments)",),
    ),
    "gym": TopicGuides(
        cpmtg=(("Exercise", "46-47"),),
        odg_topics=("Gym memberships",),
    ),
}

# Sections of MTUS parts other than the region chapters, as published letters name them.
_OPIOID_SECTIONS = (
    "3.3.6 Use of Urine Drug Testing (UDT)",
    "3.3.9 Maintenance of Chronic Opioid Treatment",
    "1.4 Opioids for Post-operative Pain",
    "4.1 Indications for Tapering Opioids",
)
_GENERAL_SECTIONS = ("Initial Approaches to Treatment", "Follow-up Visits", "Referral")
_STRESS_SECTIONS = ("Treatment", "Referral")


@dataclass(frozen=True, slots=True)
class Cite:
    """What one party cites: an MTUS part, an ODG or ACOEM chapter and topic, or other text."""

    kind: str  # mtus | odg | acoem | other
    part: str  # mtus: chapter | cpmtg | formulary | acupuncture | postsurgical | opioid | ...
    topic: str  # the section or topic; for "other", the whole citation
    pages: str | None
    region: Region | None
    variant: int  # which spelling the style uses


@dataclass(frozen=True, slots=True)
class Written:
    """A citation as one layout prints it, and what the parser must read from it."""

    text: str  # the words after the layout's marker, pages included
    source: str
    title: str
    pages: str | None


# ODG topics that depend on the region as well as the treatment.
_REGION_TOPICS = {
    ("surgery", "shoulder"): (
        "Surgery for impingement syndrome",
        "Surgery for rotator cuff repair",
    ),
    ("surgery", "knee"): ("Meniscectomy", "Knee joint replacement"),
    ("surgery", "wrist"): ("Carpal tunnel release surgery (CTR)",),
    ("surgery", "lumbar"): ("Fusion (spinal)", "Discectomy/laminectomy"),
    ("surgery", "cervical"): ("Fusion, anterior cervical", "Discectomy-laminectomy-laminoplasty"),
    ("surgery", "ankle"): ("Open reduction internal fixation (ORIF)",),
    ("surgery", "elbow"): ("Surgery for epicondylitis",),
}


def _odg_chapter(guides: TopicGuides, region: Region | None) -> tuple[str, str]:
    if guides.odg_chapter:
        return guides.odg_chapter
    if region is not None:
        return region.odg_long, region.odg_short
    return _PAIN


def _mtus_parts(guides: TopicGuides, region: Region | None, style: str) -> list[str]:
    parts = []
    if guides.sections and region is not None and region.mtus:
        parts.append("chapter")
    if guides.cpmtg:
        parts.append("cpmtg")
    for special in guides.special:
        if special == "opioid" and style in ("classic", "notice"):
            continue  # the 2016 opioid guideline postdates those letters
        if special == "postsurgical" and (region is None or not region.postsurgical):
            continue
        parts.append(special)
    if guides.formulary and style == "professional":
        parts.append("formulary")
    return parts


_PARTS: dict[tuple[str, Region | None, str], tuple[str, ...]] = {}  # _mtus_parts, memoized


def _mtus_cite(rng: random.Random, part: str, guides: TopicGuides, region: Region | None) -> Cite:
    if part == "chapter":
        if len(guides.sections) > 1 and rng.random() < 0.25:
            topic = ", ".join(rng.sample(guides.sections, 2))
        else:
            topic = rng.choice(guides.sections)
        pages = rng.choice(region.acoem_pages) if region and region.acoem_pages else None
    elif part == "cpmtg":
        topic, pages = rng.choice(guides.cpmtg)
    elif part == "opioid":
        topic, pages = rng.choice(_OPIOID_SECTIONS), None
    elif part == "general":
        topic, pages = rng.choice(_GENERAL_SECTIONS), rng.choice(("127", "92", "503"))
    elif part == "stress":
        topic, pages = rng.choice(_STRESS_SECTIONS), rng.choice(("398", "405-406"))
    elif part == "acupuncture":
        topic, pages = "", rng.choice(("8-9", "9", "13"))
    elif part == "postsurgical":
        topic, pages = "", rng.choice(("10-12", "24-26", "27"))
    else:  # formulary
        topic, pages = "", None
    return Cite("mtus", part, topic, pages, region, rng.randrange(4))


def draw_citations(
    rng: random.Random, topic: str, region: Region | None, style: str
) -> tuple[Cite, ...]:
    """One party's citations for one item (at least one; MTUS first, as letters list them)."""
    guides = TOPICS[topic]
    parts = _PARTS.get((topic, region, style))
    if parts is None:
        parts = _PARTS[topic, region, style] = tuple(_mtus_parts(guides, region, style))
    cites: list[Cite] = []
    if parts:
        count = 1 if rng.random() < 0.72 else (2 if rng.random() < 0.85 else 3)
        chosen = (rng.choice(parts),) if count == 1 else rng.sample(parts, min(count, len(parts)))
        for part in chosen:
            cites.append(_mtus_cite(rng, part, guides, region))
    odg_odds = 0.45 if cites else 0.8
    if guides.odg_topics and rng.random() < odg_odds:
        pages = rng.choice(("601-602", "12", "45-47", "88")) if rng.random() < 0.3 else None
        topics = guides.odg_topics
        if region is not None:
            topics += _REGION_TOPICS.get((topic, region.key), ())
        topic_text = rng.choice(topics)
        cites.append(Cite("odg", "odg", topic_text, pages, region, rng.randrange(5)))
    acoem_region = region.acoem3 if region else None
    acoem_chapter = guides.acoem_chapter or acoem_region
    if guides.acoem_topics and acoem_chapter and rng.random() < 0.08:
        pages = rng.choice(("64", "12", "112-114")) if rng.random() < 0.5 else None
        cites.append(
            Cite("acoem", acoem_chapter, rng.choice(guides.acoem_topics), pages, region, 0)
        )
    other_odds = 0.3 if not cites else 0.06
    if guides.others and rng.random() < other_odds:
        cites.append(Cite("other", "other", rng.choice(guides.others), None, region, 0))
    if not cites:  # every party that cites, cites something
        text = rng.choice(guides.odg_topics) if guides.odg_topics else guides.others[0]
        kind = "odg" if guides.odg_topics else "other"
        cites.append(Cite(kind, kind, text, None, region, rng.randrange(5)))
    if style == "published":
        mtus = [c for c in cites if c.kind == "mtus"]
        cites = mtus + [c for c in cites if c.kind != "mtus"][:2]
    return tuple(cites)


def _pages_suffix(pages: str | None, plural: str = "pages", singular: str = "page") -> str:
    if not pages:
        return ""
    return f", {plural if '-' in pages else singular} {pages}"


def _source_of_text(text: str) -> str:
    if "ODG" in text or "Official Disability Guidelines" in text:
        return "ODG"
    if "ACOEM" in text:
        return "ACOEM"
    return "OTHER"


def write(cite: Cite, style: str, guides: TopicGuides, drug_generic: str | None = None) -> Written:
    """The citation in the given style, with its truth."""
    if cite.kind == "mtus":
        return _WRITERS_MTUS[style](cite, drug_generic)
    if cite.kind == "odg":
        return _write_odg(cite, style, guides)
    if cite.kind == "acoem":
        return _write_acoem(cite, style)
    return Written(cite.topic, _source_of_text(cite.topic), cite.topic, None)


def _mtus_published(cite: Cite, _: str | None) -> Written:
    region = cite.region
    if cite.part == "chapter":
        assert region is not None
        text = f"{region.mtus} {region.mtus_year}"
    elif cite.part == "cpmtg":
        text = f"Chronic Pain Medical Treatment {'2009' if cite.variant == 0 else '2016'}"
    elif cite.part == "opioid":
        text = "Opioid Treatment 2016"
    elif cite.part == "general":
        text = "General Approaches 2004"
    elif cite.part == "stress":
        text = "Stress Related Conditions 2004"
    elif cite.part == "acupuncture":
        text = "Acupuncture Treatment 2007"
    else:  # postsurgical
        assert region is not None
        text = f"Postsurgical Treatment 2009, Section(s): {region.postsurgical}"
    if cite.topic and cite.variant != 3:
        text += f", Section(s): {cite.topic}"
    return Written(text, "MTUS", text, None)


def _mtus_classic(cite: Cite, _: str | None) -> Written:
    region = cite.region
    if cite.part == "chapter":
        assert region is not None
        title = f"ACOEM Chapter {region.acoem_no} {region.mtus}"
    elif cite.part == "cpmtg":
        title = "Chronic Pain Medical Treatment Guidelines"
        if cite.variant == 0:
            title += " 8 C.C.R. 9792.20 - 9792.26 MTUS (Effective July 18, 2009)"
        elif cite.variant in (1, 2):
            title += f", {cite.topic}"
    elif cite.part == "general":
        title = "ACOEM Chapter 7 Independent Medical Examinations and Consultations"
    elif cite.part == "stress":
        title = "ACOEM Chapter 15 Stress Related Conditions"
    elif cite.part == "acupuncture":
        title = "Acupuncture Medical Treatment Guidelines"
    else:  # postsurgical
        assert region is not None
        title = "Postsurgical Treatment Guidelines"
        if cite.variant % 2:
            title += f", {region.postsurgical}"
    pages = cite.pages if cite.variant != 3 else None
    text = f"{title} Page(s): {pages}" if pages else title
    return Written(text, "MTUS", title, pages)


def _mtus_notice(cite: Cite, _: str | None) -> Written:
    region = cite.region
    if cite.part == "chapter":
        assert region is not None
        if cite.variant % 2:
            title = (
                "American College of Occupational and Environmental Medicine (ACOEM), "
                f"2nd Edition, (2004), Chapter {region.acoem_no}, {region.mtus}"
            )
        else:
            title = f"ACOEM Practice Guidelines, 2nd Edition (2004), Chapter {region.acoem_no}"
    elif cite.part == "cpmtg":
        title = f"Chronic Pain Medical Treatment Guidelines, {cite.topic}"
    elif cite.part == "general":
        title = "ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 7"
    elif cite.part == "stress":
        title = "ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 15"
    elif cite.part == "acupuncture":
        title = "Acupuncture Medical Treatment Guidelines"
    else:  # postsurgical
        assert region is not None
        title = f"Postsurgical Treatment Guidelines, {region.postsurgical}"
    pages = cite.pages if cite.variant != 3 else None
    return Written(title + _pages_suffix(pages), "MTUS", title, pages)


def _mtus_professional(cite: Cite, generic: str | None) -> Written:
    region = cite.region
    acoem = "MTUS (ACOEM Practice Guidelines, 3rd Edition (2011))"
    if cite.part == "chapter":
        assert region is not None
        title = f"{acoem}, {region.acoem3}"
        if cite.variant % 2:
            title += f", {cite.topic}"
    elif cite.part == "cpmtg":
        if cite.variant % 2:
            title = f"MTUS Chronic Pain Medical Treatment Guidelines (2016), {cite.topic}"
        else:
            title = f"{acoem}, Chronic Pain, {cite.topic}"
    elif cite.part == "formulary":
        title = (
            f"MTUS Drug Formulary, {generic}" if generic and cite.variant else "MTUS Drug Formulary"
        )
    elif cite.part == "opioid":
        title = "MTUS Opioid Treatment Guidelines (2016)"
    elif cite.part == "general":
        title = f"{acoem}, General Approaches, {cite.topic}"
    elif cite.part == "stress":
        title = f"{acoem}, Chronic Pain, Psychological treatment"
    elif cite.part == "acupuncture":
        title = "MTUS Acupuncture Medical Treatment Guidelines (2007)"
    else:  # postsurgical
        assert region is not None
        title = f"MTUS Postsurgical Treatment Guidelines (2009), {region.postsurgical}"
    pages = cite.pages if cite.variant in (1, 2) and cite.part != "formulary" else None
    return Written(title + _pages_suffix(pages), "MTUS", title, pages)


_WRITERS_MTUS = {
    "published": _mtus_published,
    "classic": _mtus_classic,
    "notice": _mtus_notice,
    "professional": _mtus_professional,
}


def _write_odg(cite: Cite, style: str, guides: TopicGuides) -> Written:
    long, short = _odg_chapter(guides, cite.region)
    topic = cite.topic
    if style == "published":
        text = (
            f"Official Disability Guidelines (ODG), {long}, {topic}",
            f"Official Disability Guidelines (ODG) {short} Chapter, {topic}",
            f"Official Disability Guidelines, 2016, Web Version, {long}, {topic}",
            f"Official Disability Guidelines, {short} Chapter (updated 11/23/16): {topic}",
            f"ODG {short}, {topic}",
        )[cite.variant]
        return Written(text, "ODG", text, None)
    if style == "notice":
        title = f"{short} Chapter, {topic}"
    elif style == "classic":
        title = f"{long if cite.variant % 2 else short}, {topic}"
    else:
        title = f"{long}, {topic}"
    text = f"Official Disability Guidelines (ODG), {title}{_pages_suffix(cite.pages)}"
    return Written(text, "ODG", title, cite.pages)


def _write_acoem(cite: Cite, style: str) -> Written:
    chapter, topic = cite.part, cite.topic
    if style == "published":
        pages = cite.pages
        suffix = ""
        if pages:
            suffix = f", pg. {pages}" if "-" not in pages else f", pages {pages}"
        text = f"ACOEM Practice Guidelines, 3rd Edition, {chapter}, {topic}{suffix}"
        return Written(text, "ACOEM", text, pages)
    edition = " (online edition)" if style == "professional" else ", 3rd Edition"
    title = f"ACOEM Practice Guidelines{edition}, {chapter}, {topic}"
    return Written(title + _pages_suffix(cite.pages), "ACOEM", title, cite.pages)
