"""Every plan rule fires for a profile that calls for it and stays silent otherwise."""

from __future__ import annotations

import pytest

NOT_TAKEN_CK = {"step2_status": "not_taken", "step2_score": None, "step2_attempts": None}
ONE_FAIL = {"step1_attempts": 2}
TWO_FAILS = {"step1_attempts": 2, "step2_attempts": 2}
NO_LETTERS = {"letters_im": 0, "letters_psych": 0, "letters_medpsych": 0}
NO_STEP1 = {"step1_status": "not_taken", "step1_attempts": None, **NOT_TAKEN_CK}

# rule id -> (changes to BASE that make it fire, changes that keep it silent)
RULE_CASES: dict[str, tuple[dict, dict]] = {
    "ck_comeback": ({**ONE_FAIL, **NOT_TAKEN_CK}, NOT_TAKEN_CK),
    "ck_target": (NOT_TAKEN_CK, {**ONE_FAIL, **NOT_TAKEN_CK}),
    "ck_readiness": (NOT_TAKEN_CK, {}),
    "ck_before_eras": (
        {"step2_status": "failed", "step2_score": None},
        {"step2_status": "failed", "step2_score": None, "match_year": 2025},
    ),
    # Match 2025 on 1 April 2025: its ERAS season opened the September before.
    "ck_after_season_opened": (
        {"step2_status": "failed", "step2_score": None, "match_year": 2025},
        {"step2_status": "failed", "step2_score": None},
    ),
    "ck_retake": ({"step2_status": "failed", "step2_score": None}, NOT_TAKEN_CK),
    "step1_nbme": (NO_STEP1, {}),
    "step3_h1b": ({"visa": "needs_h1b"}, {"visa": "needs_h1b", "step3_status": "passed"}),
    "step3_retake_h1b": (
        {"visa": "needs_h1b", "step3_status": "failed"},
        {"step3_status": "failed"},
    ),
    "step3_retake_no_rush": (
        {"step3_status": "failed"},
        {"visa": "needs_h1b", "step3_status": "failed"},
    ),
    "step3_consider": (ONE_FAIL, {**ONE_FAIL, "visa": "needs_h1b"}),
    "step3_after_ck": ({"visa": "needs_h1b", **NOT_TAKEN_CK}, {"visa": "needs_h1b"}),
    "step3_report": ({"step3_status": "passed"}, {"step3_status": "planned"}),
    "explain_fail": (ONE_FAIL, {}),
    "lead_with_trend": ({**ONE_FAIL, "step2_score": 262}, {**ONE_FAIL, "step2_score": 250}),
    "interview_answer": ({"step2_score": 225}, {}),
    "wide_backup": (TWO_FAILS, ONE_FAIL),
    "parallel_apply": ({"visa": "us_citizen"}, {"visa": "us_citizen", **ONE_FAIL}),
    # The count of listed programs that take the visa: only once the visa is known.
    "programs_listed": ({}, {"visa": "not_sure"}),
    "attempt_filters": (ONE_FAIL, {}),
    "yog_filters": ({"graduation_year": 2016}, {"graduation_year": 2021}),
    "yog_recent_clinical": ({"graduation_year": 2016}, {}),
    "visa_filter": ({"visa": "needs_h1b"}, {"visa": "us_citizen"}),
    "visa_decide": ({"visa": "not_sure"}, {}),
    "j1_paperwork": ({}, {"visa": "needs_h1b"}),
    "us_img_breadth": ({"visa": "green_card"}, {}),
    "signals": ({}, NO_STEP1),
    "usce_start": ({"usce_months": 0, "usce_hands_on_months": 0, "usce_fields": []}, {}),
    "usce_hands_on": ({"usce_hands_on_months": 0}, {}),
    "usce_psychiatry": ({"usce_fields": ["im"]}, {"usce_fields": ["im", "psychiatry"]}),
    "usce_im": ({"usce_fields": ["psychiatry"]}, {}),
    "usce_cl": ({"usce_fields": ["im", "psychiatry"]}, {}),
    "psych_trail": ({"usce_fields": ["im", "other"]}, {}),
    "letters_us": (NO_LETTERS, {}),
    "letter_psych": ({"letters_psych": 0, "letters_medpsych": 0}, {"letters_psych": 0}),
    "letter_im": ({"letters_im": 0}, {}),
    "letters_clinical": (ONE_FAIL, {}),
    "ps_tracks": ({}, NO_STEP1),
    "year_before_projects": ({"match_year": 2027}, {}),
    "scholarship_small": ({"scholarship": []}, {"scholarship": [], "match_year": 2027}),
    # issue 16: the profile's new facts, and CK in bands (BASE: CK 255, J-1, Match 2026)
    "ck_little_below": ({"step2_score": 246}, {"step2_score": 231}),
    "ck_far_below": ({"step2_score": 231}, {"step2_score": 246}),
    "ck_low_band": ({"step2_score": 224}, {"step2_score": 231}),
    "ck_fail_target": ({**ONE_FAIL, "step2_score": 250}, {**ONE_FAIL, "step2_score": 262}),
    "step1_low_rise": ({"step1_score": 205, **NOT_TAKEN_CK}, {"step1_score": 216, **NOT_TAKEN_CK}),
    "step1_low_flat": (
        {"step1_score": 205, "step2_score": 210},
        {"step1_score": 205, "step2_score": 240},
    ),
    "step1_low_risen": (
        {"step1_score": 205, "step2_score": 240},
        {"step1_score": 205, "step2_score": 210},
    ),
    "student_ck_gap": ({**NO_STEP1, "student": True}, NO_STEP1),
    "ck_month_late": (
        {**NOT_TAKEN_CK, "step2_status": "scheduled", "step2_planned": "2025-10"},
        {**NOT_TAKEN_CK, "step2_status": "scheduled", "step2_planned": "2025-09"},
    ),
    "ck_month_tight": (
        {**NOT_TAKEN_CK, "step2_planned": "2025-09"},
        {**NOT_TAKEN_CK, "step2_planned": "2025-10"},
    ),
    "ck_month_in_time": (
        {**NOT_TAKEN_CK, "step2_status": "scheduled", "step2_planned": "2025-06"},
        {**NOT_TAKEN_CK, "step2_status": "scheduled", "step2_planned": "2025-08"},
    ),
    "step3_failed_j1_route": (
        {"visa": "needs_h1b", "step3_status": "failed"},
        {"visa": "needs_h1b", "visa_preference": "h1b_only", "step3_status": "failed"},
    ),
    "step3_failed_h1b_only": (
        {"visa": "needs_h1b", "visa_preference": "h1b_only", "step3_status": "failed"},
        {"visa": "needs_h1b", "step3_status": "failed"},
    ),
    "h1b_j1_realistic": (
        {"visa": "needs_h1b", "step2_score": 238},
        {"visa": "needs_h1b", "step2_score": 238, "step3_status": "passed"},
    ),
    "step3_consider_modest": ({"step2_score": 246}, {"step2_score": 246, **ONE_FAIL}),
    "explain_low": ({"step2_score": 225}, {"step2_score": 246}),
    "medpsych_only_risky": (
        {"tracks": ["medpsych"], "step2_score": 229},
        {"tracks": ["medpsych", "psychiatry", "im"], "step2_score": 229},
    ),
    "parallel_apply_risk": ({}, TWO_FAILS),
    "ck_beat_step1": ({"step1_score": 230, **NOT_TAKEN_CK}, {"step1_score": 205, **NOT_TAKEN_CK}),
    "medpsych_only_choice": (
        {"visa": "us_citizen", "tracks": ["medpsych"]},
        {"visa": "us_citizen", "tracks": ["medpsych", "im"]},
    ),
    "usce_psych_hands_on": (
        {"usce_im_hands_on_months": 3, "usce_psych_observer_months": 1},
        {"usce_im_hands_on_months": 3, "usce_psych_hands_on_months": 1},
    ),
    "usce_im_hands_on": (
        {"usce_im_observer_months": 2, "usce_psych_hands_on_months": 2},
        {"usce_im_hands_on_months": 2, "usce_psych_hands_on_months": 2},
    ),
    "letters_home": ({**NO_LETTERS, "letters_home": 2}, {"letters_home": 2}),
    "scholarship_name_it": (
        {"scholarship_topic": "delirium screening on a medicine ward"},
        {"scholarship": [], "scholarship_topic": "delirium screening on a medicine ward"},
    ),
}


def test_every_rule_has_cases(kb):
    """A new rule needs a firing and a silent case here (season rules: test_plan_season.py)."""
    assert {r for r in kb.rule_ids if not r.startswith("season_")} == set(RULE_CASES)


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_rule_fires_and_stays_silent(kb, make_profile, today, rule_id):
    """The rule is in the plan for its firing profile and absent for the silent one."""
    fire, silent = RULE_CASES[rule_id]
    fired = {a.rule_id for a in kb.plan(make_profile(**fire), today).actions}
    assert rule_id in fired
    quiet = {a.rule_id for a in kb.plan(make_profile(**silent), today).actions}
    assert rule_id not in quiet


def test_unanswered_fields_fire_nothing_that_depends_on_them(kb, today):
    """An empty profile gets no personal advice about exams, visa or USCE."""
    from flows.profile import Profile

    plan = kb.plan(Profile(), today)
    assert plan.flags == ()
    assert {a.rule_id for a in plan.actions} <= {"parallel_apply", "signals", "ps_tracks"}


def test_actions_are_sorted_and_cited(kb, make_profile, today):
    """Most urgent first, each with a one-line why and at least one source."""
    plan = kb.plan(
        make_profile(
            visa="needs_h1b", usce_months=0, usce_hands_on_months=0, usce_fields=[], **ONE_FAIL
        ),
        today,
    )
    # the safety-net step kept in view for someone at risk is the one allowed out of order
    priorities = [a.priority for a in plan.actions if a.rule_id != "parallel_apply"]
    assert priorities == sorted(priorities)
    for action in plan.actions:
        assert action.sources and action.why and "\n" not in action.why
        assert "{" not in action.text + action.why


def test_passing_step3_removes_step3_advice(kb, make_profile, today):
    """Once Step 3 is passed, the plan stops telling the applicant to plan or take it."""
    before = kb.plan(make_profile(visa="needs_h1b"), today)
    after = kb.plan(make_profile(visa="needs_h1b", step3_status="passed"), today)
    assert before.actions[0].rule_id == "step3_h1b"
    ids = {a.rule_id for a in after.actions}
    assert not ids & {"step3_h1b", "step3_consider", "step3_after_ck", "step3_retake_h1b"}
    assert "step3_report" in ids


def test_an_h1b_plan_gives_a_step3_deadline_that_holds_mid_season(kb, make_profile, today):
    """Someone applying now (interviews under way) is told the rank list deadline, not only
    "before interviews", and to tell programs when the pass arrives."""
    first = kb.plan(make_profile(visa="needs_h1b", match_year=2027), today).actions[0]
    assert first.rule_id == "step3_h1b"
    assert "before interviews" in first.text and "rank list deadline" in first.text
    assert "tell programs" in first.text
    for question in ("when should I take step 3?", "when does eras open?"):
        variant = kb.answer(question, make_profile(visa="needs_h1b"), today)
        assert "rank list deadline" in variant.text.split("In general")[0], question


def test_needing_h1b_brings_step3_forward(kb, make_profile, today):
    """With a past fail Step 3 is a later option on a J-1, but first on the list for an H-1B."""
    j1 = kb.plan(make_profile(**ONE_FAIL), today)
    h1b = kb.plan(make_profile(visa="needs_h1b", **ONE_FAIL), today)
    j1_rank = [a.rule_id for a in j1.actions].index("step3_consider")
    assert j1.actions[j1_rank].priority > 3
    assert h1b.actions[0].rule_id == "step3_h1b"
    assert "step3_consider" not in {a.rule_id for a in h1b.actions}


def test_rendered_plan_fits_a_phone_and_names_sources(kb, make_profile, today):
    """The plan text is short, numbered by source, and carries the disclaimer."""
    plan = kb.plan(
        make_profile(
            visa="needs_h1b",
            usce_months=0,
            usce_hands_on_months=0,
            usce_fields=[],
            **TWO_FAILS,
            **NO_LETTERS,
        ),
        today,
    )
    text = kb.render_plan(plan, None)
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(bullets) <= 8
    assert "not shown" in text
    assert "Sources: [1]" in text
    assert "Strategies for Low Step Scores in Med-Psych (residencyadvisor.com)" in text
    assert ".txt" not in text
    assert "not an official or guaranteed answer" in text


def test_plan_citations_are_the_shown_sources_in_the_plans_numbering(kb, make_profile, today):
    """Citation n (with its address) is the source the plan marks [n]; sources of steps
    not shown are not listed."""
    plan = kb.plan(
        make_profile(
            visa="needs_h1b",
            usce_months=0,
            usce_hands_on_months=0,
            usce_fields=[],
            **TWO_FAILS,
            **NO_LETTERS,
        ),
        today,
    )
    line = next(x for x in kb.render_plan(plan, None).splitlines() if x.startswith("Sources: "))
    labels = [part.split("] ", 1)[1] for part in line.removeprefix("Sources: ").split("; ")]
    cites = kb.plan_citations(plan)
    assert len(cites) == len(labels)
    assert all(cite.startswith(label) for cite, label in zip(cites, labels, strict=True))
    assert any(" - https://" in cite for cite in cites)
