"""Figures that belong to one season (signal counts, ERAS fees) say which season, and an
applicant of a later Match is told they may have changed."""

from __future__ import annotations

import datetime as dt

from tests.knowledge.test_loader import data, edit, problems  # noqa: F401 (fixture)

STALE = "may have changed for Match"


def signal_lines(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if "signal" in line.lower() and "(" in line and not line.startswith("Sources:")
    ]


def test_a_later_applicant_is_warned_the_signal_count_may_have_changed(kb, make_profile):
    """Match 2027 sees the 2025 season's counts flagged; Match 2025 sees them plainly."""
    later = kb.topic_answer("program_selection", make_profile(match_year=2027), dt.date(2026, 5, 1))
    (line,) = signal_lines(later.text)
    assert "(2025 season; may have changed for Match 2027; AAMC" in line
    same = kb.topic_answer("program_selection", make_profile(match_year=2025), dt.date(2024, 5, 1))
    (line,) = signal_lines(same.text)
    assert "(2025 season;" in line and STALE not in line


def test_the_plan_flags_a_figure_of_an_earlier_season(kb, make_profile):
    """The plan's signal step for Match 2027 carries the warning too."""
    plan = kb.plan(make_profile(match_year=2027), dt.date(2026, 5, 1))
    (step,) = [a for a in plan.actions if a.rule_id == "signals"]
    assert "2 (2025 season; may have changed for Match 2027" in step.text


def test_a_public_answer_flags_it_for_the_season_under_way(kb):
    """Without a profile, the season under way on the day decides (Match 2027 in December
    2026; Match 2025 in January 2025)."""
    december = kb.topic_answer("program_selection", None, dt.date(2026, 12, 3))
    assert "may have changed for Match 2027" in december.text
    assert not december.personal
    january = kb.topic_answer("program_selection", None, dt.date(2025, 1, 10))
    assert STALE not in january.text


def test_fees_say_their_season(kb, make_profile):
    """ERAS fees name their season, and a later applicant is told they may have changed."""
    answer = kb.topic_answer(
        "how_many_programs", make_profile(match_year=2028), dt.date(2027, 2, 1)
    )
    (line,) = [x for x in answer.text.splitlines() if "fees are" in x]
    assert "(2025 season; may have changed for Match 2028" in line


def test_a_seasonal_figure_must_name_its_season(data):  # noqa: F811 (fixture)
    """A `season:` whose figure does not say the season is refused, with its line."""
    edit(
        data / "facts.yaml",
        "    display: 2 (2025 season)\n    season: 2025",
        "    display: '2'\n    season: 2025",
    )
    (problem,) = problems(data)
    assert "facts.yaml" in problem and "say the season in the figure" in problem


def test_after_match_day_figures_are_for_the_next_season(kb, make_profile):
    """Once Match 2027 is over, the warning speaks of Match 2028, the season ahead."""
    plan = kb.plan(make_profile(match_year=2027), dt.date(2027, 4, 12))
    text = kb.render_plan(plan, None, len(plan.actions))
    assert "may have changed for Match 2028" in text and "for Match 2027" not in text
