"""Derived values the rules rely on: failed attempts, years since graduation, letters."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.profile import Profile
from knowledge.derived import failed_attempts, field_months, months_between


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, None),
        ({"step1_status": "passed"}, 0),
        ({"step1_status": "passed", "step1_attempts": 2}, 1),
        ({"step1_status": "failed"}, 1),
        ({"step1_status": "failed", "step1_attempts": 2}, 2),
        (
            {
                "step1_status": "passed",
                "step1_attempts": 2,
                "step2_status": "passed",
                "step2_attempts": 2,
            },
            2,
        ),
        ({"step1_status": "passed", "step3_status": "failed"}, 1),
        ({"step2_attempts": 3}, 2),
    ],
)
def test_failed_attempts(fields, expected):
    """Failures are counted from status and attempts; nothing known means unknown."""
    assert failed_attempts(Profile.model_validate(fields)) == expected


def test_months_between():
    """Whole months, counting down to the day."""
    assert months_between(dt.date(2025, 4, 1), dt.date(2025, 9, 3)) == 5
    assert months_between(dt.date(2025, 4, 10), dt.date(2025, 9, 3)) == 4
    assert months_between(dt.date(2025, 10, 1), dt.date(2025, 9, 3)) == -1


def test_env_fills_unmentioned_letters_and_counts_years(kb, today):
    """Once letters are answered a missing kind counts as none; graduation age is derived."""
    env = kb.env(Profile(letters_im=2, graduation_year=2016, match_year=2026), today)
    assert env["letters_psych"] == 0 and env["us_letters"] == 2
    assert env["years_since_graduation"] == 9
    assert env["months_to_submit"] == 5
    assert env["older_graduation"] is True and env["no_psych_letter"] is True


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Totals that leave no doubt: all hands-on, observerships only, none.
        (
            {"usce_months": 3, "usce_hands_on_months": 3, "usce_fields": ["im"]},
            {"im_hands_on": 3, "im_observer": 0, "psych_hands_on": 0, "psych_observer": 0},
        ),
        (
            {"usce_months": 2, "usce_hands_on_months": 0, "usce_fields": ["psychiatry"]},
            {"im_hands_on": 0, "im_observer": 0, "psych_hands_on": 0, "psych_observer": 2},
        ),
        (
            {"usce_months": 0},
            dict.fromkeys(("im_hands_on", "im_observer", "psych_hands_on", "psych_observer"), 0),
        ),
        # 4 months, 3 hands-on, in IM and psychiatry: which field was observed is unknown.
        (
            {"usce_months": 4, "usce_hands_on_months": 3, "usce_fields": ["im", "psychiatry"]},
            dict.fromkeys(("im_hands_on", "im_observer", "psych_hands_on", "psych_observer")),
        ),
        # Told per field: read as told.
        (
            {"usce_months": 5, "usce_im_hands_on_months": 3, "usce_psych_observer_months": 2},
            {"im_hands_on": 3, "im_observer": 0, "psych_hands_on": 0, "psych_observer": 2},
        ),
        # Months per field beyond the total told since are stale: not used.
        (
            {
                "usce_months": 2,
                "usce_hands_on_months": 2,
                "usce_fields": ["im"],
                "usce_im_hands_on_months": 3,
                "usce_psych_observer_months": 2,
            },
            {"im_hands_on": 2, "im_observer": 0, "psych_hands_on": 0, "psych_observer": 0},
        ),
    ],
)
def test_months_per_field(fields, expected):
    """Hands-on and observership months per field, only as far as the answers show them."""
    assert field_months(Profile.model_validate(fields)) == expected


@pytest.mark.parametrize(
    ("planned", "months"), [("2025-06", 3), ("2025-08", 1), ("2025-09", 0), ("2025-10", -1)]
)
def test_a_booked_ck_month_against_the_reading_day(kb, make_profile, planned, months):
    """Whole months from the CK month to the day programs start reading (Match 2026)."""
    env = kb.env(
        make_profile(
            step2_status="scheduled", step2_score=None, step2_attempts=None, step2_planned=planned
        ),
        dt.date(2025, 4, 1),
    )
    assert env["ck_months_before_reading"] == months


@pytest.mark.parametrize(
    ("fields", "student"),
    [
        ({"student": True}, True),
        ({"graduation_year": 2026}, True),
        ({"graduation_year": 2024}, False),
        ({}, None),
    ],
)
def test_still_a_student_told_or_from_the_graduation_year(kb, fields, student):
    """Told, or graduating after this year (1 April 2025)."""
    assert kb.env(Profile.model_validate(fields), dt.date(2025, 4, 1))["is_student"] is student
