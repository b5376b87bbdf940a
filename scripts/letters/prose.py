"""Clinical prose for generated letters: rationales, case summaries, documents reviewed.

Written for imrdb (no sentence comes from a real letter). Rationales never use the words
"Upheld" or "Overturned" and never start a line with a heading, so the only item and outcome
lines in a letter are the ones the layout draws. Summaries state the worker's age and sex
once, in their first sentence, and never again.
"""

from __future__ import annotations

import datetime as dt
import random

from scripts.letters.vocab import PROVIDERS, Region

# Per topic group: what the guidelines say, a quotable line, and the facts that decide.
_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "imaging": {
        "guide": (
            "{Guide} support imaging of the {site} when there are red flags, progressive "
            "neurological deficits, or when surgery is being considered.",
            "{Guide} reserve advanced imaging for patients whose findings do not improve after "
            "a course of conservative care and who are candidates for an invasive procedure.",
        ),
        "quote": (
            "imaging should be obtained only when the result is likely to change the plan of care",
        ),
        "upheld": (
            "The records do not describe a new injury or a change in the neurological "
            "examination since the prior study.",
            "There is no documentation that the injured worker would consider surgery based "
            "on the results.",
            "No red flag findings were reported on the most recent examination.",
        ),
        "overturned": (
            "The examination of {date} documented a progressive motor deficit.",
            "Symptoms have persisted despite more than six weeks of therapy, and a surgical "
            "referral is planned.",
        ),
    },
    "emg": {
        "guide": (
            "{Guide} recommend electrodiagnostic studies to clarify nerve root or peripheral "
            "nerve dysfunction when symptoms last longer than three to four weeks.",
        ),
        "quote": (
            "electrodiagnostic testing is not needed "
            "when radiculopathy is already clinically obvious",
        ),
        "upheld": (
            "The sensory and motor examination was documented as normal.",
            "Prior electrodiagnostic testing was performed and the records do not describe a "
            "change since then.",
        ),
        "overturned": (
            "The injured worker has numbness in a dermatomal pattern with reduced reflexes.",
            "The findings could reflect either a radiculopathy or a peripheral entrapment, and "
            "testing would guide treatment.",
        ),
    },
    "uds": {
        "guide": (
            "{Guide} support drug testing to assess for the use or presence of illegal drugs "
            "and to monitor adherence in patients on opioids.",
        ),
        "quote": ("frequency of testing should be based on documented risk stratification",),
        "upheld": (
            "A urine drug screen was performed within the last three months with consistent "
            "results.",
            "The records do not show that the injured worker is currently prescribed an opioid.",
            "There is no documentation of aberrant drug-related behavior or a high-risk profile.",
        ),
        "overturned": (
            "The injured worker remains on chronic opioid therapy and no test was performed in "
            "the past year.",
            "The prior screen showed an unexpected result that warrants follow-up testing.",
        ),
    },
    "preop": {
        "guide": (
            "{Guide} indicate that preoperative testing should be guided by the patient's "
            "clinical history, comorbidities and physical examination findings.",
        ),
        "quote": (
            "routine testing in healthy patients undergoing low-risk surgery is not recommended",
        ),
        "upheld": (
            "The associated procedure has not been certified, so the preoperative service is "
            "not needed.",
            "The injured worker is healthy and has no comorbidities that would call for this "
            "evaluation.",
        ),
        "overturned": (
            "The associated surgery was certified and the injured worker has a history of "
            "hypertension and diabetes.",
            "Given the age and medical history, the preoperative evaluation is appropriate.",
        ),
    },
    "fce": {
        "guide": (
            "{Guide} consider a functional capacity evaluation when case management is hampered "
            "by complex issues such as prior unsuccessful return-to-work attempts.",
        ),
        "quote": (
            "the evaluation should be performed when the "
            "worker is close to maximal medical improvement",
        ),
        "upheld": (
            "The injured worker is still undergoing active treatment and has not reached "
            "maximal medical improvement.",
            "No specific job or return-to-work plan was identified.",
        ),
        "overturned": (
            "The injured worker has reached maximal medical improvement and a modified position "
            "is being considered.",
        ),
    },
    "sleep": {
        "guide": (
            "{Guide} recommend a sleep study after at least six months of insomnia that has not "
            "responded to behavioral measures and sedative medication.",
        ),
        "quote": ("a sleep study is not recommended for the routine evaluation of insomnia",),
        "upheld": (
            "The records do not describe excessive daytime somnolence, witnessed apnea or "
            "cataplexy.",
            "There is no documentation of a trial of sleep hygiene measures.",
        ),
        "overturned": (
            "The injured worker has loud snoring with witnessed apneic episodes and daytime "
            "sleepiness.",
        ),
    },
    "opioids": {
        "guide": (
            "{Guide} require ongoing review of pain relief, functional status, appropriate "
            "medication use and side effects for patients on opioids.",
            "{Guide} support continuing opioids when the patient has returned to work or has "
            "improved functioning and pain.",
        ),
        "quote": (
            "opioids should be discontinued if there is no overall improvement in function",
            "the lowest possible dose should be prescribed to improve pain and function",
        ),
        "upheld": (
            "The records do not document a measurable improvement in function with {drug}.",
            "There is no current opioid treatment agreement and no recent urine drug screen "
            "in the records.",
            "Pain scores before and after medication were not recorded.",
            "Weaning is recommended rather than abrupt discontinuation.",
        ),
        "overturned": (
            "The provider documented that {drug} reduces pain from 8 out of 10 to 4 out of 10 "
            "and allows the injured worker to walk for 30 minutes.",
            "A signed opioid agreement is on file and the last urine drug screen was consistent.",
            "The injured worker continues to work full duty with the medication.",
        ),
    },
    "muscle_relaxants": {
        "guide": (
            "{Guide} recommend non-sedating muscle relaxants with caution as a second-line "
            "option for short-term treatment of acute exacerbations of chronic low back pain.",
        ),
        "quote": (
            "efficacy appears to diminish over time, and prolonged use may lead to dependence",
        ),
        "upheld": (
            "The records show that {drug} has been prescribed for several months, which exceeds "
            "the short course the guidelines support.",
            "No acute exacerbation or muscle spasm was documented on the last examination.",
        ),
        "overturned": (
            "The injured worker had a documented acute flare with palpable spasm, and a short "
            "course was requested.",
        ),
    },
    "nsaids": {
        "guide": (
            "{Guide} recommend anti-inflammatory medication at the lowest dose for the shortest "
            "period in patients with moderate to severe pain.",
        ),
        "quote": ("there is no evidence of long-term effectiveness for pain or function",),
        "upheld": (
            "The records do not describe how {drug} has changed pain or function.",
            "The injured worker has a history of gastritis, which raises the risk of this class "
            "of medication.",
        ),
        "overturned": (
            "The injured worker reports that {drug} allows participation in a home exercise "
            "program, and no adverse effects were noted.",
            "Laboratory monitoring has been performed and was within normal limits.",
        ),
    },
    "ppi": {
        "guide": (
            "{Guide} support a proton pump inhibitor for patients taking anti-inflammatory "
            "medication who are at intermediate or high risk for gastrointestinal events.",
        ),
        "quote": ("long-term use carries a risk of hip fracture",),
        "upheld": (
            "The records do not identify any gastrointestinal risk factors.",
            "There is no longer an active prescription for an anti-inflammatory medication.",
        ),
        "overturned": (
            "The injured worker is over 65, takes a daily anti-inflammatory medication and has a "
            "history of a peptic ulcer.",
        ),
    },
    "neuropathic": {
        "guide": (
            "{Guide} recommend anti-epilepsy drugs and certain antidepressants as first-line "
            "options for neuropathic pain.",
        ),
        "quote": (
            "a good response is a 50% reduction in pain, and a moderate response a 30% reduction",
        ),
        "upheld": (
            "The records do not describe neuropathic pain; the findings are mechanical.",
            "There is no documentation of a 30% reduction in pain or of improved function with "
            "{drug}.",
        ),
        "overturned": (
            "The injured worker has burning radicular pain, and {drug} was started recently "
            "with a documented early response.",
            "The provider described improved sleep and walking tolerance with the medication.",
        ),
    },
    "topicals": {
        "guide": (
            "{Guide} describe topical analgesics as largely experimental, with few randomized "
            "trials to determine efficacy or safety.",
        ),
        "quote": (
            "any compounded product that contains at least one drug or drug class that is not "
            "recommended is not recommended",
        ),
        "upheld": (
            "There is no documentation of a failed trial of first-line oral medication.",
            "The product contains at least one ingredient that the guidelines do not support "
            "for topical use.",
        ),
        "overturned": (
            "The injured worker could not tolerate oral anti-inflammatory medication because of "
            "gastrointestinal bleeding, and localized peripheral pain was documented.",
        ),
    },
    "sleep_aids": {
        "guide": (
            "{Guide} recommend short-term use of sleep medication, usually two to six weeks, "
            "after the cause of the sleep disturbance has been evaluated.",
        ),
        "quote": ("the use of hypnotics for more than a few weeks is discouraged",),
        "upheld": (
            "The records show that {drug} has been used for more than a year.",
            "The records do not describe sleep onset, maintenance or next-day function.",
        ),
        "overturned": (
            "The injured worker has a new diagnosis of insomnia and a short course was requested "
            "along with sleep hygiene counseling.",
        ),
    },
    "supportive": {
        "guide": (
            "{Guide} support treating the side effects of opioid therapy, such as nausea and "
            "constipation, when they are documented.",
        ),
        "quote": ("prophylactic treatment of constipation should be initiated with opioids",),
        "upheld": (
            "No nausea or constipation was documented in the recent reports.",
            "The associated opioid was not certified.",
        ),
        "overturned": ("The injured worker remains on daily opioids and reports constipation.",),
    },
    "injection": {
        "guide": (
            "{Guide} support injections of this type when there is objective evidence of the pain "
            "generator and a failure of conservative treatment.",
            "{Guide} require documented pain relief of at least 50% lasting six to eight weeks "
            "before a repeat injection.",
        ),
        "quote": (
            "radiculopathy must be documented by physical examination and corroborated by "
            "imaging or electrodiagnostic studies",
            "no more than two levels should be injected in one session",
        ),
        "upheld": (
            "The examination did not document radicular findings at the requested level.",
            "The prior injection gave less than two weeks of relief and no reduction in "
            "medication use.",
            "There is no documentation of a home exercise program to be used along with the "
            "injection.",
        ),
        "overturned": (
            "The imaging of {date} shows nerve root compression that matches the examination.",
            "The injured worker has failed physical therapy and medications, and the injection "
            "will be used to support an active rehabilitation program.",
        ),
    },
    "surgery": {
        "guide": (
            "{Guide} support surgery when there is clear clinical and imaging evidence of a "
            "lesion that has been shown to benefit from surgical repair.",
            "{Guide} require at least three to six months of conservative care before this "
            "procedure.",
        ),
        "quote": (
            "surgery is recommended when activity limitation persists for more than four months",
        ),
        "upheld": (
            "The imaging does not show a lesion that would be corrected by the procedure.",
            "The records document only four weeks of conservative care.",
            "A second opinion or psychological screening was not documented.",
        ),
        "overturned": (
            "The injured worker has failed more than six months of therapy, injections and "
            "medication, and the imaging of {date} correlates with the examination.",
            "The surgeon documented mechanical symptoms and a clear operative plan.",
        ),
    },
    "assist": {
        "guide": (
            "{Guide} consider an assistant at surgery when the complexity of the procedure "
            "calls for one, as listed by the surgical specialty societies.",
        ),
        "quote": ("an assistant is not routinely needed for this procedure",),
        "upheld": (
            "The associated procedure was not certified.",
            "The procedure is not one for which an assistant is usually indicated.",
        ),
        "overturned": (
            "The associated procedure was certified, and it is a complex procedure for which an "
            "assistant is commonly indicated.",
        ),
    },
    "therapy": {
        "guide": (
            "{Guide} allow for fading of treatment frequency, from up to three visits a week to "
            "one or less, plus active self-directed home therapy.",
            "{Guide} recommend 9 to 10 visits over 8 weeks for myalgia and myositis, and 8 to 10 "
            "visits over 4 weeks for neuralgia and radiculitis.",
        ),
        "quote": (
            "continued treatment depends on documented objective functional improvement",
            "a trial of 6 visits over 2 weeks is recommended, with evidence of objective "
            "functional improvement before further visits",
        ),
        "upheld": (
            "The injured worker has already completed {n} sessions of the same treatment.",
            "The records do not document objective functional improvement from the prior sessions.",
            "There is no explanation of why the injured worker cannot continue with a home "
            "exercise program.",
            "The number of requested sessions exceeds the guideline recommendation.",
        ),
        "overturned": (
            "The injured worker has not received this treatment for the current condition.",
            "The prior course improved walking tolerance and range of motion, and the "
            "requested sessions fall within the guideline recommendation.",
            "The treatment follows a surgery performed on {date} and remains within the "
            "postsurgical treatment period.",
        ),
    },
    "acupuncture": {
        "guide": (
            "{Guide} allow 3 to 6 acupuncture treatments to produce functional improvement, 1 to "
            "3 times a week, and more only with documented functional improvement.",
            "{Guide} recommend acupuncture as an option when pain medication is reduced or not "
            "tolerated, as an adjunct to physical rehabilitation.",
        ),
        "quote": (
            "acupuncture treatments may be extended if functional improvement is documented",
        ),
        "upheld": (
            "The injured worker has already completed {n} acupuncture sessions without "
            "documented functional improvement.",
            "The number of requested sessions exceeds the initial trial the guidelines allow.",
        ),
        "overturned": (
            "This is an initial trial, and the number of sessions is within the guideline "
            "recommendation.",
            "The prior sessions reduced medication use and improved sitting tolerance.",
        ),
    },
    "eswt": {
        "guide": (
            "{Guide} consider shock wave therapy only for specific conditions such as calcifying "
            "tendinitis or chronic plantar fasciitis after six months of failed conservative care.",
        ),
        "quote": (
            "the available evidence does not support shock wave therapy for most conditions",
        ),
        "upheld": (
            "The records do not describe calcifying tendinitis or another condition for which "
            "shock wave therapy is supported.",
            "Six months of conservative treatment were not documented.",
        ),
        "overturned": (
            "The injured worker has calcifying tendinitis on imaging and has failed more than six "
            "months of conservative care.",
        ),
    },
    "dme": {
        "guide": (
            "{Guide} support durable equipment when it is needed for a documented functional "
            "deficit and is part of an active treatment program.",
            "{Guide} recommend a one-month trial of the device, with documentation of how often "
            "it was used and the outcomes in terms of pain relief and function.",
        ),
        "quote": (
            "the device should be used as an "
            "adjunct to a program of evidence-based functional restoration",
        ),
        "upheld": (
            "The records do not describe a functional deficit that the device would address.",
            "There is no documentation of a successful trial period.",
            "The associated surgery was not certified.",
        ),
        "overturned": (
            "The injured worker had a one-month trial with documented reduction in medication use.",
            "The device is needed for the immediate postoperative period after a certified "
            "procedure.",
        ),
    },
    "visits": {
        "guide": (
            "{Guide} state that the need for an office visit is determined by the patient's "
            "concerns, signs and symptoms, clinical stability and reasonable physician judgment.",
            "{Guide} support referral to a specialist when the diagnosis is uncertain or "
            "extremely complex, or when the plan of care may benefit from additional expertise.",
        ),
        "quote": ("the need for an office visit is individualized and based on clinical judgment",),
        "upheld": (
            "The number of visits requested cannot be justified in advance without knowing the "
            "clinical course.",
            "The records do not explain what the consultation would add to the current plan.",
        ),
        "overturned": (
            "The injured worker remains on medications that require regular monitoring.",
            "The diagnosis remains uncertain after several months, and the specialist's input "
            "is needed to direct care.",
        ),
    },
    "behavioral": {
        "guide": (
            "{Guide} recommend psychological treatment for appropriately identified patients "
            "during treatment for chronic pain.",
            "{Guide} recommend an initial trial of 3 to 4 psychotherapy visits over 2 weeks, and "
            "up to 6 to 10 visits with evidence of objective functional improvement.",
        ),
        "quote": (
            "psychological evaluations are generally "
            "accepted, well-established diagnostic procedures",
        ),
        "upheld": (
            "The injured worker has already attended {n} sessions without documented "
            "improvement on standardized measures.",
            "The records do not describe symptoms of depression or anxiety that would call for "
            "this service.",
        ),
        "overturned": (
            "The injured worker scored in the moderate range on depression screening and has "
            "not received psychological treatment.",
            "Fear-avoidance beliefs are limiting participation in therapy.",
        ),
    },
    "programs": {
        "guide": (
            "{Guide} recommend these programs when previous methods of treating chronic pain "
            "have been unsuccessful and there is an absence of other options likely to result in "
            "significant clinical improvement.",
        ),
        "quote": (
            "treatment is not suggested for longer than "
            "2 weeks without evidence of demonstrated efficacy",
        ),
        "upheld": (
            "A thorough baseline evaluation, including functional testing, was not documented.",
            "The injured worker is still being considered for surgery.",
            "The records do not show motivation to change or a willingness to forgo secondary "
            "gains.",
        ),
        "overturned": (
            "The injured worker has completed a multidisciplinary evaluation, has exhausted "
            "other options and is motivated to return to work.",
        ),
    },
    "home_health": {
        "guide": (
            "{Guide} recommend home health services only for medical treatment for patients who "
            "are homebound, generally up to no more than 35 hours per week.",
        ),
        "quote": (
            "medical treatment does not include homemaker services like shopping, cleaning, and "
            "laundry",
        ),
        "upheld": (
            "The records do not show that the injured worker is homebound.",
            "The services described are homemaker tasks rather than medical treatment.",
        ),
        "overturned": (
            "The injured worker is homebound after surgery and needs wound care that a family "
            "member cannot provide.",
        ),
    },
    "transportation": {
        "guide": (
            "{Guide} recommend transportation to and from appointments for patients with "
            "disabilities that prevent them from self-transport.",
        ),
        "quote": (
            "transportation is recommended for medically "
            "necessary appointments in the same community",
        ),
        "upheld": (
            "The records show that the injured worker drives and walks independently.",
            "The appointments to which transport is requested were not identified.",
        ),
        "overturned": (
            "The injured worker is not permitted to drive after the surgery and has no other "
            "means of transport.",
        ),
    },
    "gym": {
        "guide": (
            "{Guide} do not recommend gym memberships as a medical prescription unless a home "
            "exercise program has not been effective and there is a need for equipment.",
        ),
        "quote": ("treatment needs to be monitored and administered by medical professionals",),
        "upheld": (
            "There is no documentation that a home exercise program has failed.",
            "No plan for professional supervision of the exercise was described.",
        ),
        "overturned": (
            "The injured worker has a documented need for pool exercise that cannot be "
            "performed at home, and the program will be supervised.",
        ),
    },
}

_TOPIC_GROUP = {
    "imaging": "imaging",
    "xray": "imaging",
    "emg": "emg",
    "uds": "uds",
    "labs": "preop",
    "clearance": "preop",
    "fce": "fce",
    "sleep_study": "sleep",
    "opioids": "opioids",
    "muscle_relaxants": "muscle_relaxants",
    "nsaids": "nsaids",
    "ppi": "ppi",
    "neuropathic": "neuropathic",
    "topicals": "topicals",
    "sleep_aids": "sleep_aids",
    "supportive": "supportive",
    "esi": "injection",
    "facet": "injection",
    "tpi": "injection",
    "joint_injection": "injection",
    "surgery": "surgery",
    "surgery_assist": "assist",
    "pt": "therapy",
    "chiro": "therapy",
    "acupuncture": "acupuncture",
    "aquatic": "therapy",
    "massage": "therapy",
    "eswt": "eswt",
    "tens": "dme",
    "cold_therapy": "dme",
    "brace": "dme",
    "walking_aid": "dme",
    "orthotics": "dme",
    "dme_other": "dme",
    "followup": "visits",
    "consult": "visits",
    "psych": "behavioral",
    "psych_eval": "behavioral",
    "programs": "programs",
    "home_health": "home_health",
    "transportation": "transportation",
    "gym": "gym",
}

_GENERIC = {
    "upheld": (
        "Medical necessity has not been established.",
        "Exceptional factors that would justify a departure from the guidelines were not "
        "documented.",
        "The submitted records do not describe a failed trial of conservative care.",
        "The most recent report does not include an examination of the {site}.",
    ),
    "overturned": (
        "The guideline criteria have been met.",
        "The treating provider documented clear goals and a plan to measure progress.",
        "Medical necessity has been established.",
    ),
}

_GUIDE_NAMES = {
    "MTUS": ("The MTUS guidelines", "The CA MTUS guidelines", "The California MTUS guidelines"),
    "ODG": ("The Official Disability Guidelines", "The ODG guidelines"),
    "ACOEM": ("The ACOEM guidelines",),
    "OTHER": ("The referenced guidelines", "Evidence-based guidelines"),
}

_CONCLUSIONS = (
    "Therefore, the request for {t} is {verdict}.",
    "As such, the request for {t} is {verdict}.",
    "The request for {t} is {verdict}.",
    "Given the above, the request is {verdict}.",
    "Therefore, the requested {t} is {verdict}.",
    "Consequently, the {t} is {verdict}.",
    "The request is {verdict}.",
)


def rationale(
    rng: random.Random,
    topic: str,
    outcome: str,
    treatment: str,
    guide_source: str,
    site: str,
    drug: str | None,
    notice: bool,
) -> str:
    """The reviewer's rationale: 2 to 8 sentences, ending with the verdict on the request."""
    group = _GROUPS[_TOPIC_GROUP[topic]]
    sentences = [rng.choice(group["guide"])]
    if rng.random() < 0.3:
        form = rng.choice(('The guidelines state that "{q}."', 'Per the guidelines, "{q}."'))
        sentences.append(form.replace("{q}", rng.choice(group["quote"])))
    count = rng.choice((0, 1, 1, 2, 2, 3))
    facts = group[outcome]
    sentences += rng.sample(facts, min(count, len(facts)))
    if rng.random() < 0.35:
        sentences.append(rng.choice(_GENERIC[outcome]))
    text = " ".join(sentences)
    values = {"Guide": rng.choice(_GUIDE_NAMES[guide_source]), "site": site or "affected area"}
    values["drug"] = drug or "the medication"
    if "{n}" in text:
        values["n"] = rng.choice(("6", "8", "12", "18", "24"))
    if "{date}" in text:
        values["date"] = (
            f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.choice(('14', '15', '16'))}"
        )
    verdict = "not medically necessary" if outcome == "upheld" else "medically necessary"
    if notice:
        ending = f"The request for {treatment} is {verdict} and appropriate."
    else:
        ending = rng.choice(_CONCLUSIONS).format(t=treatment, verdict=verdict)
    return text.format(**values) + " " + ending


# --- Case summaries -------------------------------------------------------------------------

_TREATED = (
    "medications",
    "physical therapy",
    "chiropractic care",
    "acupuncture",
    "activity modification",
    "a home exercise program",
    "injections",
    "diagnostic imaging",
    "work restrictions",
    "a TENS unit",
)


def summary_paragraphs(
    rng: random.Random,
    opening: str,
    region: Region,
    requests: list[str],
    ur_date: str,
    pronoun: str,
    visit_date: str,
    modified: bool,
) -> list[str]:
    """The clinical case summary: the given opening sentence, then the history (1-2 paragraphs)."""
    subject = rng.choice(("The injured worker", "The patient"))
    if pronoun in ("he", "she"):
        they, they_mid = pronoun.capitalize(), pronoun
    else:
        they, they_mid = subject, subject.lower()
    dx = rng.sample(region.diagnoses, 2)
    treated = rng.sample(_TREATED, 3)
    findings = rng.sample(region.findings, 2)
    sentences = [
        opening,
        f"{subject} was diagnosed with {dx[0]} and {dx[1]}.",
        f"Treatment to date has included {treated[0]}, {treated[1]}, and {treated[2]}.",
        f"On {visit_date}, {they_mid} reported {rng.choice(region.complaints)}.",
        f"Physical examination revealed {findings[0]} and {findings[1]}.",
    ]
    if rng.random() < 0.5:
        sentences.append(
            f"{they} rated the pain {rng.randint(4, 9)} out of 10 without medication and "
            f"{rng.randint(2, 4)} out of 10 with medication."
        )
    if rng.random() < 0.4:
        duty = rng.choice(("modified duty", "temporary total disability", "full duty"))
        sentences.append(f"{they} {rng.choice(('is', 'remained'))} on {duty}.")
    listed = ", ".join(requests[:-1]) + (" and " if len(requests) > 1 else "") + requests[-1]
    provider = rng.choice(PROVIDERS)
    sentences.append(f"The treatment plan from {provider} included {listed}.")
    action = "modified" if modified else rng.choice(("non-certified", "denied"))
    sentences.append(f"On {ur_date}, utilization review {action} the request.")
    if len(sentences) > 6 and rng.random() < 0.5:
        cut = rng.randint(3, len(sentences) - 2)
        return [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
    return [" ".join(sentences)]


_DOCUMENTS = (
    "Utilization Review determination dated {ur}",
    "Application for Independent Medical Review dated {app}",
    "Primary treating physician's progress report dated {d1}",
    "Primary treating physician's progress report dated {d2}",
    "Request for authorization dated {d3}",
    "MRI report of the {site} dated {d4}",
    "Physical therapy progress notes from {d4} to {d2}",
    "Orthopedic consultation report dated {d1}",
    "Pharmacy records dated {d3}",
)


def documents(rng: random.Random, dates: dict[str, str], site: str) -> list[str]:
    """The records the reviewer lists, each with its date."""
    chosen = [_DOCUMENTS[0], _DOCUMENTS[1], *rng.sample(_DOCUMENTS[2:], rng.randint(2, 5))]
    return [d.format(site=site, **dates) for d in chosen]


def date_text(day: dt.date, style: str) -> str:
    """A date as letters write it: mdy (7/23/2014), mdy0 (07/23/2014), dashes (7-23-14), long."""
    if style == "mdy":
        return f"{day.month}/{day.day}/{day.year}"
    if style == "mdy0":
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    if style == "dashes":
        return f"{day.month}-{day.day}-{day.year % 100:02d}"
    return f"{day:%B} {day.day}, {day.year}"
