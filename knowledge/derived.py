"""Turn a Profile into the values conditions read: fields, derived values, facts, flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

from flows.profile import PROFILE_FIELDS, ExamStatus, Profile, Step3Status
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
    env.update({f.id: f.value for f in facts.values()})
    for flag in flags:
        env[flag.id] = flag.when.test(env)
    return env
