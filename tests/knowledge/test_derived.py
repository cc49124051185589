"""Derived values the rules rely on: failed attempts, years since graduation, letters."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.profile import Profile
from knowledge.derived import failed_attempts, months_between


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
