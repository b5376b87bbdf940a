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


# --- the older layouts and the professional review, one short letter each -------------------

NOTICE = """MAXIMUS FEDERAL SERVICES, INC.
Independent Medical Review
Notice of Independent Medical Review Determination

Dated: 9/26/2013

Employee:
Claim Number: 0001234
Date of UR Decision: 8/30/2013
Date of Injury: 3/14/2010
IMR Application Received: 9/6/2013
MAXIMUS Case Number: CM13-0028462

Dear Mr. ,

1) MAXIMUS Federal Services, Inc. has determined the request for a 28 day functional
restoration program is notmedically necessary and appropriate.
2) MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #90 is
medically necessary and appropriate.

INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE
An application for Independent Medical Review was filed on 9/6/2013 disputing the Utilization
Review Denial dated 8/30/2013. A Notice of Assignment and Request for Information was provided
to the above parties on 9/23/2013.

Medical Qualifications of the Expert Reviewer:
The physician reviewer is Board Certified in Occupational Medicine and is licensed to practice in
California.

Case Summary:
The patient is a 45-year-old male who injured his back on 3/14/2010.

1) Regarding the request for a 28 day functional restoration program:
Medical Treatment Guideline(s) Used by the Claims Administrator in the Utilization Review
Page 3 of 4\fCM13-0028462
Denial:
The Claims Administrator based its decision on the Chronic Pain Medical Treatment Guidelines,
Functional restoration programs, pages 30-32, which is part of the MTUS.
Medical Treatment Guideline(s) the Expert Reviewer Used:
The Expert Reviewer found the guideline used by the Claims Administrator relevant and
appropriate for the employee's clinical circumstance.
Rationale Used by the Expert Reviewer:
The program is not supported. The request for a 28 day functional restoration program is not
medically necessary and appropriate.

2) Regarding the request for Norco 10/325mg #90:
Medical Treatment Guideline(s) Used by the Claims Administrator in the Utilization Review
Denial:
The Claims Administrator based its decision on the Official Disability Guidelines (ODG), Pain
Chapter, Opioids, which is not part of the MTUS.
Medical Treatment Guideline(s) the Expert Reviewer Used:
The Expert Reviewer based his/her decision on the Chronic Pain Medical Treatment Guidelines,
Opioids, pages 74-96, which is part of the MTUS.
Rationale Used by the Expert Reviewer:
Function improved. The request for Norco 10/325mg #90 is medically necessary and appropriate.
"""

FINAL_LETTER_PAGE_1 = {
    "A": """Final Determination Letter for IMR Case Number CM14-0087001

Dated: 7/25/2014

IMR Case Number: CM14-0087001 Date Assigned: 07/23/2014
Date of Injury: 01/06/2012 Date of UR Decision: 05/21/2014
Priority: Expedited Application Received: 06/10/2014
Employee Name:
Provider Name:
Treatment(s) in Dispute Listed on IMR Application:
LUMBAR ESI, NORCO

Dear ,

Final Determination: PARTIALLY OVERTURNED
""",
    "B": """Final Determination Letter for IMR Case Number CM14-0087001

Dated: July 25, 2014

Case Number: CM14-0087001 Date Assigned: 7/23/2014
Date of Injury: 1/6/2012 UR Denial Date: 5/21/2014
Priority: Expedited Application Received: 6/10/2014

Expert Reviewer Information
State(s) of Licensure: California,Oregon
Certification(s)/Specialty: Anesthesiology, Pain Medicine

Dear ,

Final Determination: PARTIALLY OVERTURNED
""",
}

FINAL_LETTER_PAGES = """\f
CM14-0087001 Page 2 of 3
HOW THE IMR FINAL DETERMINATION WAS MADE

The expert reviewer is Board Certified in Anesthesiology, and is licensed to practice in
California.

{documents}CLINICAL CASE SUMMARY
This 61 year-old injured worker sustained an injury on 01/06/2012 while employed by  .

{issues}

The Final Determination was based on decisions for the disputed items/services set forth below:

Lumbar epidural steroid injection L4-5:  Upheld

Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment
Guidelines Page(s): 46.

MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines
Page(s): 46.  Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low
Back, Epidural steroid injections, pages 1012-1013.

Decision rationale: Radiculopathy is not documented.  The request is not
Page 2 of 3\f CM14-0087001
medically necessary.
Norco 10/325mg #120:  Overturned
Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for
its decision.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines Page(s):
78-80.
Decision rationale: Function improved. The request is medically necessary.
"""


def final_letter(variant: str = "A", documents: bool = False, page_1: bool = True) -> str:
    docs = "DOCUMENTS REVIEWED\nProgress report dated 4/2/2014\n\n" if documents else ""
    issues = (
        "IMR DECISION(S) AND RATIONALE(S)"
        if documents
        else ("IMR ISSUES, DECISIONS AND RATIONALES")
    )
    pages = FINAL_LETTER_PAGES.format(documents=docs, issues=issues)
    return (FINAL_LETTER_PAGE_1[variant] if page_1 else "") + pages


PROFESSIONAL = """MEDICAL PROFESSIONAL REVIEW
Independent Medical Review Final Determination

IMR Case Number: CM19-0150001
Decision Date: January 20, 2019
Date Assigned: December 13, 2018
Application Received: December 3, 2018
UR Denial Date: November 11, 2018
Date of Injury: December 26, 2005
Priority: Standard

ISSUE AT DISPUTE:
1. Eszopiclone 3mg #60
2. Chiropractic treatment 3 times a week for 4 weeks (12 sessions) for the lumbar spine

CASE SUMMARY:
The patient is a 40-year-old female who was injured on December 26, 2005.

DOCUMENTS REVIEWED FOR DETERMINATION:
Utilization review determination dated 11/11/2018

Item 1: Eszopiclone 3mg #60
Determination: Upheld
MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:
Guideline: MTUS Drug Formulary, Eszopiclone
Why: The MTUS addresses this request.
RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:
Long-term use is not supported. The request is not medically necessary.

Item 2: Chiropractic treatment 3 times a week for 4 weeks (12 sessions) for the lumbar
spine
Determination: Overturned
MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:
Guideline: MTUS (ACOEM Practice Guidelines, 3rd Edition (2011)), Low Back Disorders,
page 309
CM19-0150001 Page 1 of 2\f
Guideline: Official Disability Guidelines (ODG), Low Back - Lumbar & Thoracic (Acute &
Chronic), Manipulation
Why: The MTUS addresses the requested service.
RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:
A trial is supported. The request is medically necessary.

MEDICAL REVIEWER QUALIFICATIONS:
State(s) of Licensure: Colorado
Certification(s)/Specialty: Psychiatry
The professional reviewer has practiced clinically for more than five years, currently practices
at least 24 hours a week.
"""
