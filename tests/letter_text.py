"""Letter texts written for parser tests, shaped as imrdb.extract lays real letters out.

Each builder takes the quirk under test as arguments so a test row names exactly what it
varies. The wording is ours; only the structure follows the published letters.
"""

from __future__ import annotations

HEADER = """Case Number: CM16-0200001
Date Assigned: 11/09/2016 Date of Injury: 10/13/2016
Decision Date: 12/09/2016 UR Denial Date: 11/03/2016
Priority: Standard Application 11/04/2016
Received:
"""

CREDENTIALS = """
HOW THE IMR FINAL DETERMINATION WAS MADE

MAXIMUS Federal Services sent the complete case file to an expert reviewer. The reviewer is
familiar with the governing laws and regulations.

The Expert Reviewer has the following credentials:
State(s) of Licensure: {states}
Certification(s)/Specialty: {specialty}

CLINICAL CASE SUMMARY
The expert reviewer developed the following clinical case summary based on a review of the
case file, including all medical records:

{summary}

IMR ISSUES, DECISIONS AND RATIONALES

The Final Determination was based on decisions for the disputed items/services set forth below:

"""

ITEM = """{name}: {outcome}

Claims Administrator guideline: {ca}

MAXIMUS guideline: {reviewer}

Decision rationale: {rationale}

"""

SUMMARY = (
    "The injured worker is a 52 year old female who sustained an industrial injury on\n"
    "10-13-16. She reports low back pain radiating to the left leg."
)
RATIONALE = (
    "The guidelines support this only after conservative care has failed. The records\n"
    "do not document such a failure. Therefore the request is not medically necessary."
)
CA = "Decision based on MTUS Low Back Complaints 2004."
REVIEWER = "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies."


def item(
    name="MRI of the lumbar spine", outcome="Upheld", ca=CA, reviewer=REVIEWER, rationale=RATIONALE
) -> str:
    return ITEM.format(name=name, outcome=outcome, ca=ca, reviewer=reviewer, rationale=rationale)


def published(
    *items: str,
    header: str = HEADER,
    states="California",
    specialty="Orthopedic Surgery",
    summary=SUMMARY,
) -> str:
    body = "".join(items) if items else item()
    return header + CREDENTIALS.format(states=states, specialty=specialty, summary=summary) + body
