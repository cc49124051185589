"""The plan for the eight scenario profiles gives the advice the articles give for them,
and nothing that contradicts it (the profiles live in tests/data/profiles/); and the
misreadings issue 16 found (CK bands, low scores, Step 3, per-field USCE, a booked CK,
tracks, H-1B vs J-1) stay fixed."""

from __future__ import annotations

import pytest

# scenario -> (rules the plan must contain, rules it must not contain)
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    # 000/001: own the fail, lead with the CK rebound, Step 3 only if it can be strong,
    # letters about clinical work, apply in parallel.
    "1_": (
        {
            "explain_fail",
            "lead_with_trend",
            "step3_consider",
            "letters_clinical",
            "parallel_apply_risk",
        },
        {
            "ck_comeback",
            "ck_little_below",
            "ck_far_below",
            "ck_low_band",
            "wide_backup",
            "step3_h1b",
            "ck_retake",
        },
    ),
    # 001 + domain facts: an H-1B needs Step 3, so it comes first; sponsorship filters.
    "2_": (
        {"step3_h1b", "visa_filter"},
        {"step3_consider", "j1_paperwork", "us_img_breadth", "explain_fail"},
    ),
    # No visa: sponsorship is not a filter for a US citizen.
    "3_": (
        {"us_img_breadth", "parallel_apply"},
        {"visa_filter", "visa_decide", "j1_paperwork", "step3_h1b", "explain_fail"},
    ),
    # 000/001: get USCE in IM and psychiatry, hands-on, and US letters.
    "4_": (
        {"usce_start", "usce_hands_on", "letters_us"},
        {"usce_psychiatry", "usce_im", "letter_psych", "letter_im"},
    ),
    # 000 (year-of-graduation filters) + program pages (domain facts §10).
    "5_": ({"yog_filters", "yog_recent_clinical", "usce_hands_on"}, {"usce_start", "explain_fail"}),
    # 000: a poor Step 3 hurts - don't rush the retake; explain it like any fail.
    "6_": (
        {"step3_retake_no_rush", "explain_fail", "letters_clinical"},
        {"step3_report", "step3_h1b", "step3_consider", "lead_with_trend"},
    ),
    # 000: med-psych needs balanced interest - psychiatry rotation, letter, visible trail.
    "7_": (
        {"usce_psychiatry", "letter_psych", "psych_trail"},
        {
            "explain_fail",
            "wide_backup",
            "ck_little_below",
            "ck_far_below",
            "ck_low_band",
            "letters_clinical",
            "step3_consider",
        },
    ),
    # 000: the more attempts, the more a broad backup matters; check attempt filters.
    "8_": (
        {"wide_backup", "attempt_filters", "explain_fail", "letters_clinical"},
        {"parallel_apply", "parallel_apply_risk", "lead_with_trend", "ck_comeback"},
    ),
}
TOP: dict[str, str] = {
    "2_": "step3_h1b",
    "4_": "usce_start",
    "7_": "usce_psychiatry",
    "8_": "wide_backup",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario_plan(kb, scenario, today, name):
    """The plan holds the advice the articles give for this applicant, and no contradiction."""
    must, must_not = EXPECTED[name]
    plan = kb.plan(scenario(name), today)
    ids = [a.rule_id for a in plan.actions]
    assert must <= set(ids), f"missing {must - set(ids)}"
    assert not must_not & set(ids), f"contradicting {must_not & set(ids)}"
    if name in TOP:
        assert ids[0] == TOP[name]


def test_upward_trend_story_quotes_the_rebound(kb, scenario, today):
    """Scenario 1's explanation advice centres on the CK rebound."""
    answer = kb.topic_answer("explain_fail", scenario("1_"), today)
    assert "Your CK (262) is a clear rebound" in answer.text


def test_h1b_step3_answer_does_not_call_it_optional(kb, scenario, today):
    """For an H-1B applicant the personal part never says Step 3 is optional."""
    answer = kb.topic_answer("step3_timing", scenario("2_"), today)
    personal = answer.text.split("**In general**")[0]
    assert "core plan" in personal and "optional" not in personal


def test_us_citizen_visa_answer(kb, scenario, today):
    """A US citizen is told visa filters do not apply."""
    answer = kb.topic_answer("visa", scenario("3_"), today)
    assert "You need no visa" in answer.text


def test_older_graduate_sees_program_limits_with_examples(kb, scenario, today):
    """Scenario 5 is pointed to graduation-year limits, citing program pages as examples."""
    plan = kb.plan(scenario("5_"), today)
    yog = next(a for a in plan.actions if a.rule_id == "yog_filters")
    assert "USA Health" in yog.why and "Indiana University IM" in yog.why
    assert any("FAQ" in s for s in yog.sources)


def test_failed_step3_answer_says_do_not_rush(kb, scenario, today):
    """Scenario 6 hears: retake when ready, explain briefly."""
    answer = kb.topic_answer("step3_timing", scenario("6_"), today)
    assert "Don't rush the retake" in answer.text


def test_several_fails_chances_are_honest(kb, scenario, today):
    """Scenario 8 gets a realistic, kind answer about chances."""
    answer = kb.topic_answer("low_score_chances", scenario("8_"), today)
    assert "fewer programs will look" in answer.text
    assert "backup plan" in answer.text


# --- issue 16: advice that reads what is stored ------------------------------------------


def _plan_text(kb, profile, today) -> str:
    plan = kb.plan(profile, today)
    return kb.render_plan(plan, profile, limit=len(plan.actions))


def test_ck_246_is_a_little_below_the_mean_not_below_target(kb, make_profile, today):
    """246 with no fail: a little below a mean of about 247-249, still widely matchable."""
    text = _plan_text(kb, make_profile(step2_score=246), today)
    assert "is a little below the national mean" in text and "widely matchable" in text
    assert "below the usual target" not in text


def test_how_to_explain_a_low_score_gets_the_three_parts(kb, make_profile, today):
    """ "How do I explain my low score?" with CK 224 and no fail: context, change, evidence."""
    answer = kb.answer("how do I explain my low score?", make_profile(step2_score=224), today)
    assert "explained the same way as a fail - brief context" in answer.text
    assert "no fail to explain" not in answer.text


def test_a_numeric_step1_rise_to_ck_is_the_upward_trend(kb, make_profile, today):
    """Step 1 208 then CK 240: the low Step 1 is named and the rise is the story."""
    text = _plan_text(kb, make_profile(step1_score=208, step2_score=240), today)
    assert "Your Step 1 (208) is below what programs see as average" in text
    assert "Your CK shows the rise they look for" in text


def test_after_step3_is_passed_no_step3_is_suggested(kb, make_profile, today):
    """Passed Step 3: the chances answer does not offer Step 3 as something to do."""
    profile = make_profile(step3_status="passed", step2_score=240)
    answer = kb.answer("can I still match with a low score?", profile, today)
    assert "Step 3 if you can do it well" not in answer.text
    assert "better than before" not in _plan_text(kb, profile, today)


def test_a_failed_step3_with_an_h1b_says_what_it_means_in_plan_and_visa_answer(
    kb, make_profile, today
):
    """No H-1B before a passed retake, retake only when ready, the J-1 as the fallback."""
    profile = make_profile(visa="needs_h1b", step3_status="failed")
    text = _plan_text(kb, profile, today)
    assert "No H-1B until you pass Step 3" in text and "a J-1 keeps you" in text
    visa = kb.answer("what visa options do I have?", profile, today)
    assert "no H-1B until you pass the retake" in visa.text and "a J-1 needs no Step 3" in visa.text


def test_im_hands_on_and_a_psych_observership_is_not_hands_on_in_both(kb, make_profile, today):
    """The observership is to be turned into hands-on psychiatry."""
    profile = make_profile(
        usce_months=5,
        usce_hands_on_months=3,
        usce_im_hands_on_months=3,
        usce_psych_observer_months=2,
    )
    assert "Turn your psychiatry observership into hands-on" in _plan_text(kb, profile, today)
    answer = kb.answer("is my usce enough?", profile, today)
    assert "hands-on experience in both fields" not in answer.text


def test_a_booked_ck_after_programs_start_reading_is_said_to_be_late(kb, make_profile, today):
    """CK booked for October 2025, Match 2026: programs start reading in September."""
    profile = make_profile(
        step2_status="scheduled", step2_score=None, step2_attempts=None, step2_planned="2025-10"
    )
    text = _plan_text(kb, profile, today)
    assert "Your CK in October 2025 comes after programs start reading" in text
    assert "moving the date still beats a weak score" in text


def test_med_psych_only_with_a_low_ck_is_told_to_apply_to_categorical_too(kb, make_profile, today):
    """Never hidden for someone at risk: it is the first step of the plan."""
    plan = kb.plan(make_profile(tracks=["medpsych"], step2_score=228), today)
    assert plan.actions[0].rule_id == "medpsych_only_risky"


def test_an_h1b_seeker_with_a_modest_ck_hears_when_the_j1_is_realistic(kb, make_profile, today):
    """H-1B, CK 238, no Step 3 yet: the J-1 is the realistic route unless Step 3 comes in time."""
    text = _plan_text(kb, make_profile(visa="needs_h1b", step2_score=238), today)
    assert "the J-1 is the realistic route unless you can pass Step 3 well and in time" in text
