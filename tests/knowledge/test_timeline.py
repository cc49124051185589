"""The season calendar: exact dates where known, the typical pattern elsewhere (marked),
and personal milestones such as Step 3 planning for an H-1B."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.timeline import TYPICAL_NOTE, TimelineData
from tests.knowledge.test_loader import data, edit, problems  # noqa: F401 (fixture)

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
    assert items["rol_closes"].typical and items["rol_closes"].timing
    assert not items["eras_submit"].typical


def test_unknown_season_follows_the_typical_pattern(kb):
    """A year without data gets the usual months, each marked as typical timing."""
    items = kb.timeline(2030, None)
    found = by_id(items)
    assert found["myeras_opens"].date == dt.date(2029, 6, 1)
    assert found["eras_submit"].date == dt.date(2029, 9, 5)  # first Wednesday
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
    assert waiting["step3_planning"].date == dt.date(2025, 6, 2)  # 1 June 2025 is a Sunday
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
    assert items["year_before_start"].date == dt.date(2024, 3, 1)  # 3 March 2024 is a Sunday


def test_timeline_answer_generic_and_personal(kb, make_profile):
    """Without a profile: typical months. With a Match year: upcoming dates only (personal)."""
    generic = kb.topic_answer("timeline", None)
    assert (
        "First Wednesday of September, as in the 2026 season: ERAS (Electronic Residency"
        " Application Service) opens" in generic.text
    )  # ERAS is spelt out at its first use in the answer
    assert "Third Friday of March: Match Day" in generic.text
    assert not generic.personal
    personal = kb.topic_answer("timeline", make_profile(), dt.date(2025, 9, 10))
    assert personal.personal
    assert "Match 2026" in personal.text
    assert "24 Sep 2025: Programs start reading applications" in personal.text
    assert "3 Sep 2025" not in personal.text  # already past on 10 September
    assert "13 Feb 2026: Rank order list deadline (typical: mid to late February," in personal.text
    assert "20 Mar 2026: Match Day (typical: third Friday of March)" in personal.text


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


# --- the rules for the next five seasons ---------------------------------------------------

# Match year -> what the rules give, worked out by hand from a calendar.
NEXT_FIVE = {
    2027: {"eras_submit": "2026-09-02", "programs_review": "2026-09-23", "match_day": "2027-03-19"},
    2028: {"eras_submit": "2027-09-01", "programs_review": "2027-09-22", "match_day": "2028-03-17"},
    2029: {"eras_submit": "2028-09-06", "programs_review": "2028-09-27", "match_day": "2029-03-16"},
    2030: {"eras_submit": "2029-09-05", "programs_review": "2029-09-26", "match_day": "2030-03-15"},
    2031: {"eras_submit": "2030-09-04", "programs_review": "2030-09-25", "match_day": "2031-03-21"},
}


@pytest.mark.parametrize("year", sorted(NEXT_FIVE))
def test_next_five_seasons_follow_their_weekday_rules(kb, year):
    """ERAS opens on a Wednesday, programs read three weeks later, Match Day is the third
    Friday of March and Match Week starts on its Monday; nothing lands on a weekend."""
    items = by_id(kb.timeline(year, None))
    for key, day in NEXT_FIVE[year].items():
        assert items[key].date == dt.date.fromisoformat(day), key
    assert items["eras_submit"].date.strftime("%A") == "Wednesday"
    assert items["eras_submit"].date.day <= 7
    assert items["programs_review"].date.strftime("%A") == "Wednesday"
    match_day = items["match_day"].date
    assert match_day.strftime("%A") == "Friday" and 15 <= match_day.day <= 21
    assert items["match_week"].date.strftime("%A") == "Monday"
    assert items["match_week"].date == match_day - dt.timedelta(days=4)
    assert all(m.date.weekday() < 5 for m in items.values()), "a milestone on a weekend"
    season = [items[t.id] for t in kb._k.timeline.typical]
    assert all(m.typical and m.timing and TYPICAL_NOTE in (m.note or "") for m in season)


@pytest.mark.parametrize("year", sorted(NEXT_FIVE))
def test_next_five_seasons_run_in_order_and_in_their_months(kb, year):
    """Each milestone stays in the month its source gives, in season order."""
    items = by_id(kb.timeline(year, None))
    months = {
        "myeras_opens": (year - 1, 6),
        "eras_submit": (year - 1, 9),
        "nrmp_register": (year - 1, 9),
        "programs_review": (year - 1, 9),
        "invitations": (year - 1, 10),
        "interviews": (year - 1, 10),
        "rol_opens": (year, 1),
        "rol_closes": (year, 2),
        "match_week": (year, 3),
        "match_day": (year, 3),
    }
    for key, (y, month) in months.items():
        assert (items[key].date.year, items[key].date.month) == (y, month), key
    order = list(months)
    assert [items[k].date for k in order] == sorted(items[k].date for k in order)
    assert 13 <= items["nrmp_register"].date.day <= 15
    assert 13 <= items["rol_opens"].date.day <= 15 and 13 <= items["rol_closes"].date.day <= 16


def test_the_2028_match_no_longer_falls_on_a_weekend(kb):
    """The old fixed days put Match Day 2028 on a Sunday and programs reading on a Saturday."""
    items = by_id(kb.timeline(2028, None))
    assert f"{items['match_day'].date:%a %d %b %Y}" == "Fri 17 Mar 2028"
    assert f"{items['programs_review'].date:%a %d %b %Y}" == "Wed 22 Sep 2027"


def test_published_seasons_agree_with_the_rules(kb):
    """Where a season's dates were published, the rules give the same days."""
    tl = kb._k.timeline
    for year, season in tl.seasons.items():
        rules = TimelineData(tl.typical, {}, ()).dates(year)
        for key, day in season.dates.items():
            assert rules[key][0] == day, (year, key)


# --- mistakes in the rules are named with their line ---------------------------------------


def test_a_wrong_weekday_rule_is_named(data):  # noqa: F811 (fixture)
    """A misspelt weekday, a missing nth and both kinds of rule at once are refused."""
    tl = data / "timeline.yaml"
    edit(tl, "    weekday: wednesday\n    nth: 1\n", "    weekday: wensday\n    nth: 1\n")
    edit(tl, "    weekday: friday\n    nth: 3\n", "    weekday: friday\n")
    edit(
        tl,
        "    month: 6\n    part: early\n",
        "    month: 6\n    part: early\n    weekday: monday\n",
    )
    found = problems(data)
    assert any("timeline.yaml" in p and "'weekday' must be one of monday" in p for p in found)
    assert any("a milestone with a weekday needs 'nth'" in p for p in found)
    assert any("give either 'part'" in p for p in found)


def test_a_flag_cannot_read_the_season_phase(data):  # noqa: F811 (fixture)
    """The phase is set after the flags, so a flag using it would never fire: refused."""
    with (data / "flags.yaml").open("a", encoding="utf-8") as f:
        f.write('\n  - id: in_season\n    when: season_phase == "ranking"\n    description: x\n')
    (problem,) = problems(data)
    assert "flags.yaml" in problem and "a flag cannot use season_phase or a season date" in problem
