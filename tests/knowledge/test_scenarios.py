"""The plan for the eight scenario profiles gives the advice the articles give for them,
and nothing that contradicts it. The profiles live in tests/data/profiles/."""

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
