"""The applicant profile: the typed answers the interview collects.

This is the boundary between `flows/` (which fills it) and `knowledge/` (which reads it).
Every field is optional because a profile is built one answer at a time; `None` means
"not answered (yet)" or "does not apply".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

PROFILE_SCHEMA_VERSION = 1


class Visa(StrEnum):
    """Citizenship and the visa the applicant needs for residency."""

    US_CITIZEN = "us_citizen"
    GREEN_CARD = "green_card"
    NEEDS_J1 = "needs_j1"
    NEEDS_H1B = "needs_h1b"
    NOT_SURE = "not_sure"


class ExamStatus(StrEnum):
    """Where the applicant stands on a Step exam (Step 1 and Step 2 CK)."""

    NOT_TAKEN = "not_taken"
    PASSED = "passed"
    FAILED = "failed"  # has failed and not passed yet
    SCHEDULED = "scheduled"  # not taken, a date is booked (Step 2 CK only; month in *_planned)


class VisaPreference(StrEnum):
    """Which visa an applicant who needs one would take."""

    H1B_ONLY = "h1b_only"
    H1B_PREFERRED = "h1b_preferred"  # a J-1 is acceptable
    J1_OK = "j1_ok"


class Track(StrEnum):
    """The kinds of programs an applicant means to apply to."""

    MEDPSYCH = "medpsych"
    PSYCHIATRY = "psychiatry"  # categorical psychiatry
    IM = "im"  # categorical internal medicine


class Step3Status(StrEnum):
    """Where the applicant stands on Step 3."""

    NOT_PLANNED = "not_planned"
    PLANNED = "planned"
    PASSED = "passed"
    FAILED = "failed"


class Specialty(StrEnum):
    """Fields of US clinical experience."""

    IM = "im"
    PSYCHIATRY = "psychiatry"
    CL_PSYCHIATRY = "cl_psychiatry"  # consult-liaison or a med-psych service
    OTHER = "other"


class Scholarship(StrEnum):
    """Med-psych relevant research, quality improvement or publications."""

    RESEARCH = "research"
    QI = "qi"
    PUBLICATION = "publication"


class Interest(StrEnum):
    """Areas of med-psych interest."""

    CONSULT_LIAISON = "consult_liaison"
    ADDICTION = "addiction"
    INTEGRATED_CARE = "integrated_care"
    SERIOUS_MENTAL_ILLNESS = "serious_mental_illness"
    GLOBAL_MENTAL_HEALTH = "global_mental_health"
    UNDERSERVED = "underserved"
    RESEARCH_ACADEMIC = "research_academic"


class Profile(BaseModel):
    """Everything the interview knows about one applicant."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str | None = Field(default=None, max_length=60)
    visa: Visa | None = None
    visa_preference: VisaPreference | None = None
    tracks: list[Track] | None = None  # None: not asked (med-psych plus both categoricals)
    student: bool | None = None  # still in medical school
    graduation_year: int | None = Field(default=None, ge=1950, le=2100)
    match_year: int | None = Field(default=None, ge=2000, le=2100)

    step1_status: ExamStatus | None = None
    step1_attempts: int | None = Field(default=None, ge=1, le=9)
    step1_score: int | None = Field(default=None, ge=1, le=300)  # numeric era only

    step2_status: ExamStatus | None = None
    step2_planned: str | None = None  # "YYYY-MM"
    step2_attempts: int | None = Field(default=None, ge=1, le=9)
    step2_score: int | None = Field(default=None, ge=1, le=300)

    step3_status: Step3Status | None = None
    step3_planned: str | None = None  # "YYYY-MM"
    step3_attempts: int | None = Field(default=None, ge=1, le=9)
    step3_score: int | None = Field(default=None, ge=1, le=300)

    usce_months: float | None = Field(default=None, ge=0, le=240)
    usce_hands_on_months: float | None = Field(default=None, ge=0, le=240)
    usce_fields: list[Specialty] | None = None
    # Months per field, hands-on and observership; None: not told (only the totals above).
    usce_im_hands_on_months: float | None = Field(default=None, ge=0, le=240)
    usce_im_observer_months: float | None = Field(default=None, ge=0, le=240)
    usce_psych_hands_on_months: float | None = Field(default=None, ge=0, le=240)
    usce_psych_observer_months: float | None = Field(default=None, ge=0, le=240)
    usce_cl: bool | None = None  # any of it consult-liaison psychiatry

    letters_im: int | None = Field(default=None, ge=0, le=20)
    letters_psych: int | None = Field(default=None, ge=0, le=20)
    letters_medpsych: int | None = Field(default=None, ge=0, le=20)  # CL or med-psych program
    letters_other: int | None = Field(default=None, ge=0, le=20)
    letters_home: int | None = Field(default=None, ge=0, le=20)  # from the home country

    scholarship: list[Scholarship] | None = None  # [] means "none"
    scholarship_topic: str | None = Field(default=None, max_length=200)  # in their words
    interests: list[Interest] | None = None
    timezone: str | None = None  # IANA name, e.g. "Africa/Cairo"

    def filled(self) -> dict[str, Any]:
        """Return only the answered fields, JSON-ready."""
        return self.model_dump(mode="json", exclude_none=True)

    @property
    def us_letters(self) -> int | None:
        """Total US letters, or None if the letters question is unanswered."""
        counts = (self.letters_im, self.letters_psych, self.letters_medpsych, self.letters_other)
        if all(c is None for c in counts):
            return None
        return sum(c or 0 for c in counts)


PROFILE_FIELDS: tuple[str, ...] = tuple(Profile.model_fields)
