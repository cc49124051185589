"""The plan knows the date: steps for where the applicant's season stands, steps that can
only help a next season set apart, the safety net always in view for someone at risk, and
a short plan that fits a phone screen."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml

from flows.profile import Profile
from knowledge.plan import KEEP_IN_VIEW, MAX_SHOWN, SCREEN_COLUMNS, SCREEN_LINES

ONE_FAIL = {"step1_attempts": 2}
US_STRONG = {"visa": "us_citizen"}  # no fail, CK above the mean, no visa need: not at risk
NOT_TAKEN_CK = {"step2_status": "not_taken", "step2_score": None, "step2_attempts": None}
DATA = Path(__file__).resolve().parents[1] / "data"

# One day in each phase of the Match 2026 season (BASE applies for Match 2026).
ON = {
    "preparing": dt.date(2025, 4, 1),
    "applying": dt.date(2025, 9, 10),
    "interviewing": dt.date(2025, 12, 3),
    "ranking": dt.date(2026, 2, 1),
    "match_week": dt.date(2026, 3, 17),
    "after_match": dt.date(2026, 4, 10),
}

# season rule -> (phase and changes to BASE that make it fire, phase and changes that don't)
SEASON_RULE_CASES: dict[str, tuple[tuple[str, dict], tuple[str, dict]]] = {
    "season_ready_by_opening": (("preparing", {}), ("applying", {})),
    "season_submit_now": (("applying", {}), ("interviewing", {})),
    "season_signals_now": (("applying", {}), ("preparing", {})),
    "season_interview_prep": (("interviewing", {}), ("ranking", {})),
    "season_scores_answer": (("interviewing", ONE_FAIL), ("interviewing", {})),
    "season_scores_brief": (("interviewing", {}), ("interviewing", ONE_FAIL)),
    # At risk includes a visa need (001: categorical programs too, for most non-US IMGs).
    "season_backup_interviews": (("interviewing", ONE_FAIL), ("interviewing", US_STRONG)),
    "season_update_programs": (("ranking", {}), ("match_week", {})),
    "season_signals_spent": (("interviewing", {}), ("match_week", {})),
    "season_not_applied_yet": (("interviewing", {}), ("ranking", {})),
    "season_rank_list": (("ranking", {}), ("interviewing", {})),
    "season_rank_all_tracks": (("ranking", {"step2_score": 225}), ("ranking", US_STRONG)),
    "season_soap_ready": (("ranking", {}), ("match_week", {})),
    "season_match_monday": (("match_week", {}), ("after_match", {})),
    "season_soap": (("match_week", {}), ("ranking", {})),
    "season_after_match": (("after_match", {}), ("match_week", {})),
    "season_after_review": (("after_match", {}), ("preparing", {})),
    "season_after_recent_work": (("after_match", {}), ("interviewing", {})),
    "season_after_project": (("after_match", {}), ("ranking", {})),
}


def ids(plan, limit=None):
    return [a.rule_id for a in plan.actions[:limit]]


def test_every_season_rule_has_cases(kb):
    """A new season rule needs a firing and a silent case here."""
    assert {r for r in kb.rule_ids if r.startswith("season_")} == set(SEASON_RULE_CASES)


@pytest.mark.parametrize("rule_id", sorted(SEASON_RULE_CASES))
def test_season_rule_fires_in_its_phase_only(kb, make_profile, rule_id):
    """The step is in the plan on a day of its phase and absent for the silent case."""
    (fire_on, fire), (quiet_on, quiet) = SEASON_RULE_CASES[rule_id]
    assert rule_id in ids(kb.plan(make_profile(**fire), ON[fire_on]))
    assert rule_id not in ids(kb.plan(make_profile(**quiet), ON[quiet_on]))


def test_mid_interviews_no_rotation_or_letter_is_advised_for_this_season(kb, make_profile):
    """Match 2027 on 3 December 2026 with no psychiatry rotation or letter: the plan says
    where the season stands and puts rotations and letters under a next season."""
    profile = make_profile(match_year=2027, usce_fields=["im"], letters_psych=0, letters_medpsych=0)
    plan = kb.plan(profile, dt.date(2026, 12, 3))
    full = kb.render_plan(plan, profile, len(plan.actions))
    now, _, later = full.partition("**For a next season, if you need one**")
    assert "Match 2027: programs started reading about Wed 23 Sep 2026 (typical)" in now
    assert "rank list opens about Fri 15 Jan 2027 (typical)" in now
    assert "Why medicine-psychiatry?" in now and "signals went with" in now
    assert "Add a psychiatry rotation" in later and "Add a letter from a psychiatry" in later
    assert "rotation" not in now.split("**Your plan**")[1].split("\n\n")[1].lower()
    short = kb.render_plan(plan, profile)
    assert "Add a psychiatry rotation" not in short


def test_a_plan_moved_to_the_next_match_has_no_steps_of_the_old_season(kb, make_profile):
    """No CK and programs already reading for Match 2027: the plan is for Match 2028,
    before its ERAS opens, without interview steps."""
    profile = make_profile(match_year=2027, **NOT_TAKEN_CK)
    plan = kb.plan(profile, dt.date(2026, 12, 3))
    assert not [r for r in ids(plan) if r.startswith("season_") and r != "season_ready_by_opening"]
    assert plan.season is not None and plan.season.text.startswith("Match 2028: ERAS opens about")
    assert all(not a.later for a in plan.actions)


@pytest.mark.parametrize("phase", sorted(ON))
@pytest.mark.parametrize(
    "changes", [ONE_FAIL, {"step1_attempts": 2, "step2_attempts": 2}, {"step2_score": 225}]
)
def test_the_safety_net_is_never_behind_show_all_for_someone_at_risk(
    kb, make_profile, phase, changes
):
    """With a fail or a low CK, a parallel-application step is among the shown ones."""
    profile = make_profile(**changes)
    plan = kb.plan(profile, ON[phase])
    shown = ids(plan, MAX_SHOWN)
    assert set(shown) & set(KEEP_IN_VIEW), shown
    short = kb.render_plan(plan, profile)
    assert "psychiatry" in short and "IM" in short


def test_match_week_keeps_only_the_weeks_steps_and_visa(kb, make_profile):
    """In Match Week the current steps are SOAP and visa; the rest waits for after it."""
    plan = kb.plan(make_profile(visa="needs_h1b", **ONE_FAIL), ON["match_week"])
    now = [a.rule_id for a in plan.actions if not a.later]
    assert now[:2] == ["season_match_monday", "season_soap"] or set(now[:2]) == {
        "season_match_monday",
        "season_soap",
    }
    visa_rules = {r for r in kb.rule_ids if kb.rule_topic(r) == "visa"}
    assert all(r.startswith("season_") or r in visa_rules for r in now), now
    assert "Match Day is about Fri 20 Mar 2026 (typical)" in kb.render_plan(plan, None)


def test_after_the_rank_list_deadline_the_line_says_so(kb, make_profile):
    """Between the deadline and Match Week the plan points to Match Week."""
    plan = kb.plan(make_profile(), dt.date(2026, 3, 1))
    assert plan.season is not None
    assert plan.season.text == (
        "Match 2026: rank list closed. Match Week starts about Mon 16 Mar 2026 (typical)."
    )


def test_after_match_day_the_plan_is_for_the_next_season(kb, make_profile):
    """After Match Day: what to do for the next season, with the next ERAS date."""
    plan = kb.plan(make_profile(**ONE_FAIL), ON["after_match"])
    text = kb.render_plan(plan, None, len(plan.actions))
    assert "Match 2026 is over. The next ERAS opens about Wed 2 Sep 2026 (typical)" in text
    assert ids(plan)[0] == "season_after_match"
    assert "For a next season" not in text  # the whole plan is for it


def test_the_season_line_is_cited(kb, make_profile):
    """The dates at the top carry their sources, numbered with the steps'."""
    plan = kb.plan(make_profile(), ON["interviewing"])
    text = kb.render_plan(plan, None)
    assert text.splitlines()[0].endswith("[1][2]")
    cites = kb.plan_citations(plan)
    assert any("ResidencyAppMatch" in c for c in cites) and any("kcumb" in c for c in cites)


def _profiles() -> list[tuple[str, Profile]]:
    found = []
    for path in sorted((DATA / "profiles").glob("*.yaml")):
        found.append((path.stem, Profile.model_validate(yaml.safe_load(path.read_text()))))
    for path in sorted((DATA / "personas").glob("*.yaml")):
        persona = yaml.safe_load(path.read_text())
        found.append((path.stem, Profile.model_validate(persona["profile"])))
    return found


def screen_lines(text: str) -> int:
    """Lines the text takes on a phone about SCREEN_COLUMNS characters wide."""
    return sum(len(textwrap.wrap(line, SCREEN_COLUMNS)) or 1 for line in text.splitlines())


@pytest.mark.parametrize("phase", sorted(ON))
def test_the_short_plan_fits_a_phone_screen(kb, phase):
    """Up to the sources line, every scenario and persona's short plan fits one screen."""
    for name, profile in _profiles():
        year = profile.match_year or 2026
        day = ON[phase].replace(year=ON[phase].year + year - 2026)
        text = kb.render_plan(kb.plan(profile, day), profile)
        body = text.split("\n\nSources: ")[0]
        assert screen_lines(body) <= SCREEN_LINES, (name, phase, body)
        # With its numbered sources (articles named by title and site) it stays short too.
        assert len(text) <= 1800, (name, phase)
