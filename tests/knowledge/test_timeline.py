"""The season calendar: exact dates where known, the typical pattern elsewhere (marked),
and personal milestones such as Step 3 planning for an H-1B."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.timeline import TYPICAL_NOTE

NO_CK = {"step2_status": "not_taken", "step2_score": None, "step2_attempts": None}


def by_id(milestones):
    return {m.id: m for m in milestones}


def test_known_season_uses_exact_dates(kb):
    """For the 2026 Match the published submission and review dates are used, with sources."""
    items = by_id(kb.timeline(2026, None))
    assert items["eras_submit"].date == dt.date(2025, 9, 3)
    assert items["programs_review"].date == dt.date(2025, 9, 24)
    assert items["eras_submit"].note is None
    assert any("approximate" in s for s in items["eras_submit"].sources)
    assert items["rol_closes"].note == TYPICAL_NOTE


def test_unknown_season_follows_the_typical_pattern(kb):
    """A year without data gets the usual months, each marked as typical timing."""
    items = kb.timeline(2030, None)
    found = by_id(items)
    assert found["myeras_opens"].date == dt.date(2029, 6, 1)
    assert found["eras_submit"].date == dt.date(2029, 9, 1)
    assert found["rol_closes"].date == dt.date(2030, 2, 15)
    assert found["match_day"].date == found["match_week"].date + dt.timedelta(days=4)
    assert all(m.note and TYPICAL_NOTE in m.note for m in items)
    assert [m.date for m in items] == sorted(m.date for m in items)
    assert all(m.sources for m in items)


def test_past_match_day_is_exact(kb):
    """The 2024 Match Day date comes from its source."""
    assert by_id(kb.timeline(2024, None))["match_day"].date == dt.date(2024, 3, 15)


def test_h1b_applicant_gets_step3_milestones_until_passed(kb, make_profile, today):
    """Step 3 planning and result dates appear for an H-1B seeker, and go once passed."""
    waiting = by_id(kb.timeline(2026, make_profile(visa="needs_h1b"), today))
    assert waiting["step3_planning"].date == dt.date(2025, 6, 1)
    assert waiting["step3_result"].date == waiting["invitations"].date
    assert "rank list deadline" in (waiting["step3_result"].note or "")
    passed = by_id(kb.timeline(2026, make_profile(visa="needs_h1b", step3_status="passed"), today))
    assert "step3_planning" not in passed and "step3_result" not in passed
    j1 = by_id(kb.timeline(2026, make_profile(), today))
    assert "step3_planning" not in j1


def test_step2_result_before_eras_opens(kb, make_profile, today):
    """If CK is not passed yet, its result is due by the day ERAS opens."""
    items = by_id(
        kb.timeline(
            2026,
            make_profile(step2_status="not_taken", step2_score=None, step2_attempts=None),
            today,
        )
    )
    assert items["step2_result"].date == dt.date(2025, 9, 3)
    assert "step2_result" not in by_id(kb.timeline(2026, make_profile(), today))


def test_year_before_plan_starts_eighteen_months_ahead(kb):
    """The year-before milestone sits at the start of the window the article gives."""
    items = by_id(kb.timeline(2026, None))
    assert items["year_before_start"].date == dt.date(2024, 3, 3)


def test_timeline_answer_generic_and_personal(kb, make_profile):
    """Without a profile: typical months. With a Match year: upcoming dates only (personal)."""
    generic = kb.topic_answer("timeline", None)
    assert "Early September: ERAS opens for submissions" in generic.text
    assert not generic.personal
    personal = kb.topic_answer("timeline", make_profile(), dt.date(2025, 9, 10))
    assert personal.personal
    assert "Match 2026" in personal.text
    assert "24 Sep 2025: Programs start reading applications" in personal.text
    assert "3 Sep 2025" not in personal.text  # already past on 10 September
    assert "15 Feb 2026: Rank order list deadline" in personal.text
    assert "(typical)" in personal.text


@pytest.mark.parametrize(
    ("changes", "on", "planned"),
    [
        ({}, dt.date(2025, 10, 1), 2026),  # CK passed: the season open is theirs
        (NO_CK, dt.date(2025, 4, 1), 2026),  # CK still possible before ERAS opens
        (NO_CK, dt.date(2025, 10, 1), 2027),  # programs are reading, and no CK: next Match
        ({"step2_status": "failed", "step2_score": None}, dt.date(2025, 10, 1), 2027),
    ],
)
def test_the_match_to_plan_for_moves_when_the_season_opened_without_ck(
    kb, make_profile, changes, on, planned
):
    """The plan, reminders and the season answer aim for the same Match."""
    profile = make_profile(**changes)
    assert kb.match_year_to_plan(profile, on) == planned
    assert f"Your season: Match {planned}" in kb.topic_answer("timeline", profile, on).text
