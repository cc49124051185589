"""The choices the interview's questions offer: each option table, with the values it sets."""

from __future__ import annotations

from flows.options import Option
from flows.profile import (
    ExamStatus,
    Interest,
    Scholarship,
    Specialty,
    Step3Status,
    Track,
    Visa,
    VisaPreference,
)

VISA = (
    Option("US citizen", {"visa": Visa.US_CITIZEN}),
    Option("Green card", {"visa": Visa.GREEN_CARD}),
    Option("Need a J-1", {"visa": Visa.NEEDS_J1}),
    Option("Need an H-1B", {"visa": Visa.NEEDS_H1B}),
    Option("Not sure", {"visa": Visa.NOT_SURE}),
)


VISA_PREFERENCE = (
    Option("H-1B only", {"visa_preference": VisaPreference.H1B_ONLY}),
    Option("H-1B preferred, J-1 acceptable", {"visa_preference": VisaPreference.H1B_PREFERRED}),
    Option("J-1 is fine", {"visa_preference": VisaPreference.J1_OK}),
)

STUDENT = (
    Option("Yes, still a student", {"student": True}),
    Option("No, graduated", {"student": False}),
)

TRACKS = (
    Option("Med-psych only", {"tracks": [Track.MEDPSYCH]}),
    Option("Also psychiatry", {"tracks": [Track.MEDPSYCH, Track.PSYCHIATRY]}),
    Option("Also internal medicine", {"tracks": [Track.MEDPSYCH, Track.IM]}),
    Option("All three", {"tracks": [Track.MEDPSYCH, Track.PSYCHIATRY, Track.IM]}),
)

HOME_LETTERS = (Option("None", {"letters_home": 0}),)


def exam_status(prefix: str, *, booked: bool = False) -> tuple[Option, ...]:
    """Where Step 1 or Step 2 CK stands: passed, failed or not taken (or, for CK, a date
    booked; the month is asked next)."""
    return (
        Option("Passed", {f"{prefix}_status": ExamStatus.PASSED}),
        Option("Failed, not passed yet", {f"{prefix}_status": ExamStatus.FAILED}),
        Option("Not taken yet", {f"{prefix}_status": ExamStatus.NOT_TAKEN}),
    ) + ((Option("Date booked", {f"{prefix}_status": ExamStatus.SCHEDULED}),) if booked else ())


def attempts(prefix: str) -> tuple[Option, ...]:
    """How many attempts at a Step, counting the latest."""
    return (
        Option("1", {f"{prefix}_attempts": 1}),
        Option("2", {f"{prefix}_attempts": 2}),
        Option("3", {f"{prefix}_attempts": 3}),
        Option("4 or more", {f"{prefix}_attempts": 4}),
    )


STEP1_SCORE = (Option("Pass/fail only", {"step1_score": None}),)

STEP3 = (
    Option("Not planned", {"step3_status": Step3Status.NOT_PLANNED}),
    Option("Planned", {"step3_status": Step3Status.PLANNED}),
    Option("Passed", {"step3_status": Step3Status.PASSED}),
    Option("Failed", {"step3_status": Step3Status.FAILED}),
)

USCE = (Option("None yet", {"usce_months": 0, "usce_hands_on_months": 0, "usce_fields": []}),)

HANDS_ON = (
    Option("All hands-on", {"usce_hands_on_months": "all"}),
    Option("Observership only", {"usce_hands_on_months": 0}),
)

USCE_FIELDS = (
    Option("Internal medicine", {"usce_fields": [Specialty.IM]}),
    Option("Psychiatry", {"usce_fields": [Specialty.PSYCHIATRY]}),
    Option("Consult-liaison / med-psych", {"usce_fields": [Specialty.CL_PSYCHIATRY]}),
    Option("Other", {"usce_fields": [Specialty.OTHER]}),
)

LETTERS = (
    Option(
        "None yet", {"letters_im": 0, "letters_psych": 0, "letters_medpsych": 0, "letters_other": 0}
    ),
)

SCHOLARSHIP = (
    Option("None", {"scholarship": []}),
    Option("Research", {"scholarship": [Scholarship.RESEARCH]}),
    Option("QI project", {"scholarship": [Scholarship.QI]}),
    Option("Publication or poster", {"scholarship": [Scholarship.PUBLICATION]}),
)

INTERESTS = (
    Option("Consult-liaison", {"interests": [Interest.CONSULT_LIAISON]}),
    Option("Addiction", {"interests": [Interest.ADDICTION]}),
    Option("Integrated care", {"interests": [Interest.INTEGRATED_CARE]}),
    Option("Serious mental illness", {"interests": [Interest.SERIOUS_MENTAL_ILLNESS]}),
    Option("Global mental health", {"interests": [Interest.GLOBAL_MENTAL_HEALTH]}),
    Option("Underserved care", {"interests": [Interest.UNDERSERVED]}),
    Option("Research / academic", {"interests": [Interest.RESEARCH_ACADEMIC]}),
)
