"""Turn a Profile into the values conditions read: fields, derived values, facts, flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

from flows.profile import PROFILE_FIELDS, ExamStatus, Profile, Specialty, Step3Status
from knowledge.model import Fact, Flag

_LETTERS = ("letters_im", "letters_psych", "letters_medpsych", "letters_other")


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


def _exam_fails(status: ExamStatus | None, attempts: int | None) -> int | None:
    if status == ExamStatus.FAILED:
        return attempts or 1
    if status in (ExamStatus.PASSED, None) and attempts is not None:
        return attempts - 1
    if status is not None:
        return 0
    return None


def failed_attempts(p: Profile) -> int | None:
    """Count failed Step attempts; None when nothing about exams is known."""
    counts = [
        _exam_fails(p.step1_status, p.step1_attempts),
        _exam_fails(p.step2_status, p.step2_attempts),
    ]
    if p.step3_status == Step3Status.FAILED:
        counts.append(p.step3_attempts or 1)
    elif p.step3_status is not None:  # a pass on the n-th attempt follows n - 1 fails
        counts.append(
            p.step3_attempts - 1 if p.step3_status == Step3Status.PASSED and p.step3_attempts else 0
        )
    known = [c for c in counts if c is not None]
    return sum(known) if known else None


_SPLIT = (
    "usce_im_hands_on_months",
    "usce_im_observer_months",
    "usce_psych_hands_on_months",
    "usce_psych_observer_months",
)


def field_months(p: Profile) -> dict[str, float | None]:
    """Hands-on and observership months per field (im_hands_on, psych_observer, ...).

    Told per field, they are read as told. Else they follow from the totals only where the
    totals leave no doubt (no USCE; all hands-on; observerships only), so someone with "4
    months, 2 hands-on, IM and psych" is not told they have hands-on work in both fields.
    """
    keys = ("im_hands_on", "im_observer", "psych_hands_on", "psych_observer")
    told = [getattr(p, name) for name in _SPLIT]
    # Months told per field count unless they exceed the total told since (then stale).
    if any(v is not None for v in told) and sum(v or 0.0 for v in told) <= (
        p.usce_months if p.usce_months is not None else float("inf")
    ):
        return {k: v or 0.0 for k, v in zip(keys, told, strict=True)}
    unknown: dict[str, float | None] = dict.fromkeys(keys)
    if p.usce_months is None:
        return unknown
    if p.usce_months == 0:
        return dict.fromkeys(keys, 0.0)
    fields = set(p.usce_fields or ())
    if not fields or p.usce_hands_on_months is None:
        return unknown
    im = Specialty.IM in fields
    psych = bool(fields & {Specialty.PSYCHIATRY, Specialty.CL_PSYCHIATRY})
    one_field = len(fields - {Specialty.OTHER}) == 1 and Specialty.OTHER not in fields
    total = p.usce_months if one_field else 1.0  # per-field months unknown with several
    if p.usce_hands_on_months >= p.usce_months:  # all hands-on
        return {
            "im_hands_on": total if im else 0.0,
            "im_observer": 0.0,
            "psych_hands_on": total if psych else 0.0,
            "psych_observer": 0.0,
        }
    if p.usce_hands_on_months == 0:  # observerships only
        return {
            "im_hands_on": 0.0,
            "im_observer": total if im else 0.0,
            "psych_hands_on": 0.0,
            "psych_observer": total if psych else 0.0,
        }
    return unknown


def month_start(planned: str | None) -> dt.date | None:
    """The first day of a stored "YYYY-MM" month, or None."""
    if not planned:
        return None
    year, month = planned.split("-")
    return dt.date(int(year), int(month), 1)


def months_between(today: dt.date, later: dt.date) -> int:
    """Whole months from `today` to `later` (negative when it has passed)."""
    months = (later.year - today.year) * 12 + later.month - today.month
    return months - 1 if later.day < today.day else months


def profile_env(
    profile: Profile,
    today: dt.date,
    facts: Mapping[str, Fact],
    flags: Iterable[Flag],
    submit_date: dt.date | None,
    reading_date: dt.date | None = None,
) -> dict[str, Any]:
    """Build the environment conditions are evaluated in, flags included."""
    env: dict[str, Any] = {name: _plain(getattr(profile, name)) for name in PROFILE_FIELDS}
    if any(env[k] is not None for k in _LETTERS):
        # Once the letters question is answered, an unmentioned kind means none.
        for k in _LETTERS:
            env[k] = env[k] or 0
    env["us_letters"] = profile.us_letters
    env["failed_attempts"] = failed_attempts(profile)
    env["years_since_graduation"] = (
        today.year - profile.graduation_year if profile.graduation_year else None
    )
    env["months_to_submit"] = months_between(today, submit_date) if submit_date else None
    env.update({f"{k}_months": v for k, v in field_months(profile).items()})
    env["cl_experience"] = (
        bool(profile.usce_cl) or Specialty.CL_PSYCHIATRY in (profile.usce_fields or ())
        if profile.usce_cl is not None or profile.usce_fields is not None
        else None
    )
    env["is_student"] = (
        profile.student
        if profile.student is not None
        else (profile.graduation_year > today.year if profile.graduation_year else None)
    )
    # The booked (or planned) CK month against the day programs start reading: how many
    # whole months the exam comes before it (negative: after programs started reading).
    ck_month = month_start(profile.step2_planned)
    env["ck_months_before_reading"] = (
        months_between(ck_month, reading_date) if ck_month and reading_date else None
    )
    env["reading_date"] = (
        reading_date.strftime("%d %B %Y").lstrip("0") if reading_date is not None else None
    )
    env["step2_planned_month"] = ck_month.strftime("%B %Y") if ck_month is not None else None
    env.update({f.id: f.value for f in facts.values()})
    for flag in flags:
        env[flag.id] = flag.when.test(env)
    return env
