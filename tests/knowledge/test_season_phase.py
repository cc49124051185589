"""Where today falls in a Match season: the six phase names rules and answers test."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.season_phase import PHASES

# Match 2027 by the timeline's rules: ERAS opens Wed 2 Sep 2026, programs read from Wed 23
# Sep, the rank list opens about 15 Jan 2027, Match Week starts Mon 15 Mar, Match Day Fri 19.
MATCH_2027 = [
    ("2026-06-01", "preparing"),
    ("2026-09-01", "preparing"),
    ("2026-09-02", "applying"),
    ("2026-09-22", "applying"),
    ("2026-09-23", "interviewing"),
    ("2026-12-03", "interviewing"),
    ("2027-01-14", "interviewing"),
    ("2027-01-15", "ranking"),
    ("2027-02-20", "ranking"),  # after the deadline, before Match Week: still waiting
    ("2027-03-14", "ranking"),
    ("2027-03-15", "match_week"),
    ("2027-03-19", "match_week"),
    ("2027-03-20", "after_match"),
    ("2028-01-01", "after_match"),
]


def test_the_phase_names_are_the_agreed_ones():
    """Rules and topic variants rely on exactly these names."""
    assert PHASES == (
        "preparing",
        "applying",
        "interviewing",
        "ranking",
        "match_week",
        "after_match",
    )


@pytest.mark.parametrize(("day", "phase"), MATCH_2027)
def test_match_2027_phases_on_their_boundaries(kb, make_profile, day, phase):
    """Each phase starts on its milestone's day; Match Day still belongs to Match Week."""
    env = kb.env(make_profile(match_year=2027), dt.date.fromisoformat(day))
    assert env["season_phase"] == phase


@pytest.mark.parametrize("year", [2027, 2028, 2029, 2030, 2031])
def test_each_of_the_next_five_seasons_runs_through_every_phase(kb, make_profile, year):
    """On each milestone's own day the phase moves on, in order."""
    found = {m.id: m.date for m in kb.timeline(year, None)}
    profile = make_profile(match_year=year)
    days = [
        found["eras_submit"] - dt.timedelta(days=1),
        found["eras_submit"],
        found["programs_review"],
        found["rol_opens"],
        found["match_week"],
        found["match_day"] + dt.timedelta(days=1),
    ]
    assert [kb.env(profile, d)["season_phase"] for d in days] == list(PHASES)


def test_no_match_year_means_no_phase(kb, make_profile, today):
    """Without a Match year the phase is unknown, so no season rule fires."""
    assert kb.env(make_profile(match_year=None), today)["season_phase"] is None


@given(
    st.integers(min_value=2026, max_value=2032),
    st.dates(dt.date(2024, 1, 1), dt.date(2033, 12, 31)),
    st.dates(dt.date(2024, 1, 1), dt.date(2033, 12, 31)),
)
def test_phases_never_go_back_as_days_pass(kb, year, first, second):
    """Later days are never in an earlier phase of the same season."""
    early, late = sorted((first, second))
    tl = kb._k.timeline
    assert PHASES.index(tl.phase(early, year)) <= PHASES.index(tl.phase(late, year))


def test_answers_can_show_the_seasons_dates(kb, make_profile):
    """A variant can say when programs started reading and when the rank list opens:
    published days plainly, the others marked typical."""
    env = kb.env(make_profile(match_year=2027), dt.date(2026, 12, 3))
    assert env["programs_read_on"] == "Wed 23 Sep 2026 (typical)"
    assert env["rank_list_opens_on"] == "Fri 15 Jan 2027 (typical)"
    assert env["match_day_on"] == "Fri 19 Mar 2027 (typical)"
    assert env["next_eras_opens_on"] == "Wed 1 Sep 2027 (typical)"
    published = kb.env(make_profile(match_year=2026), dt.date(2025, 10, 1))
    assert published["programs_read_on"] == "Wed 24 Sep 2025"
    assert kb.env(make_profile(match_year=None), dt.date(2026, 12, 3))["programs_read_on"] is None
