"""Each topic answers generically and, for a profile, with the right personal variants."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.profile import Profile

NOT_TAKEN_CK = {"step2_status": "not_taken", "step2_score": None, "step2_attempts": None}
ONE_FAIL = {"step1_attempts": 2}
TWO_FAILS = {"step1_attempts": 2, "step2_attempts": 2}
H1B = {"visa": "needs_h1b"}
OLD = {"graduation_year": 2016}
# Dates inside each phase of the Match 2027 season ("today" in a case replaces the fixed date).
PREPARING = {"match_year": 2027}
APPLYING = {"match_year": 2027, "today": dt.date(2026, 9, 15)}
INTERVIEWING = {"match_year": 2027, "today": dt.date(2026, 12, 3)}
RANKING = {"match_year": 2027, "today": dt.date(2027, 2, 3)}
MATCH_WEEK = {"match_year": 2027, "today": dt.date(2027, 3, 16)}
AFTER_MATCH = {"match_year": 2027, "today": dt.date(2027, 5, 1)}

# (topic, variant) -> (changes to BASE that make it fire, changes that keep it silent)
VARIANT_CASES: dict[tuple[str, str], tuple[dict, dict]] = {
    ("step3_timing", "s3_passed"): ({"step3_status": "passed"}, {}),
    ("step3_timing", "s3_h1b"): (H1B, {**H1B, "step3_status": "passed"}),
    ("step3_timing", "s3_h1b_ck_first"): ({**H1B, **NOT_TAKEN_CK}, H1B),
    ("step3_timing", "s3_failed_h1b"): (
        {**H1B, "step3_status": "failed"},
        {"step3_status": "failed"},
    ),
    ("step3_timing", "s3_failed_other"): (
        {"step3_status": "failed"},
        {**H1B, "step3_status": "failed"},
    ),
    ("step3_timing", "s3_after_fail"): (ONE_FAIL, {**ONE_FAIL, **H1B}),
    ("step3_timing", "s3_low_ck"): ({"step2_score": 240}, {"step2_score": 240, **ONE_FAIL}),
    ("step3_timing", "s3_optional"): ({}, {"step2_score": 240}),
    ("explain_fail", "ef_rise"): (
        {"step1_score": 205, "step2_score": 240},
        {"step1_score": 235, "step2_score": 240},
    ),
    ("explain_fail", "ef_near_mean"): ({"step2_score": 246}, {"step2_score": 225}),
    ("low_score_chances", "ch_rise"): (
        {"step1_score": 205, "step2_score": 240},
        {"step1_score": 235, "step2_score": 240},
    ),
    ("low_score_chances", "ch_low_scores"): ({"step2_score": 225}, {"step2_score": 246}),
    ("low_score_chances", "ch_step3_passed"): ({"step3_status": "passed"}, {}),
    ("step2_target", "ck_v_after_fail"): (
        {**ONE_FAIL, "step2_score": 250},
        {**ONE_FAIL, "step2_score": 262},
    ),
    ("step2_target", "ck_v_well_below"): ({"step2_score": 228}, {"step2_score": 246}),
    ("step2_target", "ck_v_month_late"): (
        {**NOT_TAKEN_CK, "step2_status": "scheduled", "step2_planned": "2025-10"},
        {**NOT_TAKEN_CK, "step2_status": "scheduled", "step2_planned": "2025-05"},
    ),
    ("step2_target", "ck_v_month_tight"): (
        {**NOT_TAKEN_CK, "step2_planned": "2025-08"},
        {**NOT_TAKEN_CK, "step2_planned": "2025-10"},
    ),
    ("step2_target", "ck_v_month_in_time"): (
        {**NOT_TAKEN_CK, "step2_planned": "2025-05"},
        {**NOT_TAKEN_CK, "step2_planned": "2025-09"},
    ),
    ("visa", "v_step3_failed_h1b"): ({**H1B, "step3_status": "failed"}, H1B),
    ("visa", "v_step3_failed_other"): (
        {"step3_status": "failed"},
        {**H1B, "step3_status": "failed"},
    ),
    ("visa", "v_h1b_modest"): ({**H1B, "step2_score": 240}, H1B),
    ("visa", "v_h1b_only"): ({**H1B, "visa_preference": "h1b_only"}, H1B),
    ("letters", "l_home"): ({"letters_home": 2}, {"letters_home": 0}),
    ("letters", "l_medpsych"): ({"letters_medpsych": 0}, {}),
    ("how_many_programs", "hm_tracks"): (
        {"tracks": ["medpsych", "psychiatry"]},
        {"tracks": ["medpsych", "psychiatry", "im"]},
    ),
    ("how_many_programs", "hm_tracks_choice"): (
        {"visa": "us_citizen", "tracks": ["medpsych"]},
        {"tracks": ["medpsych"]},
    ),
    ("strengthen_profile", "sp_named"): (
        {"scholarship_topic": "depression in heart failure"},
        {"scholarship": [], "scholarship_topic": "depression in heart failure"},
    ),
    ("usce", "u_psych_observer"): (
        {"usce_im_hands_on_months": 3, "usce_psych_observer_months": 1},
        {"usce_im_hands_on_months": 3, "usce_psych_hands_on_months": 1},
    ),
    ("usce", "u_im_observer"): (
        {"usce_im_observer_months": 3, "usce_psych_hands_on_months": 1},
        {"usce_im_hands_on_months": 3, "usce_psych_hands_on_months": 1},
    ),
    ("explain_fail", "ef_trend"): ({**ONE_FAIL, "step2_score": 262}, ONE_FAIL),
    ("explain_fail", "ef_multiple"): (TWO_FAILS, ONE_FAIL),
    ("explain_fail", "ef_step3_failed"): ({"step3_status": "failed"}, {}),
    ("explain_fail", "ef_single_fail"): (ONE_FAIL, {**ONE_FAIL, "step2_score": 262}),
    ("explain_fail", "ef_low_no_fail"): ({"step2_score": 225}, {"step2_score": 225, **ONE_FAIL}),
    ("explain_fail", "ef_nothing"): ({}, ONE_FAIL),
    ("how_many_programs", "hm_multiple"): (TWO_FAILS, ONE_FAIL),
    ("how_many_programs", "hm_low"): (ONE_FAIL, TWO_FAILS),
    ("how_many_programs", "hm_strong"): ({}, {"step2_score": 248}),
    ("how_many_programs", "hm_visa"): ({}, {"visa": "us_citizen"}),
    ("how_many_programs", "hm_us_img"): ({"visa": "us_citizen"}, {}),
    ("step2_target", "ck_v_comeback"): ({**ONE_FAIL, **NOT_TAKEN_CK}, NOT_TAKEN_CK),
    ("step2_target", "ck_v_fresh"): (NOT_TAKEN_CK, {**ONE_FAIL, **NOT_TAKEN_CK}),
    ("step2_target", "ck_v_over_step1"): ({**NOT_TAKEN_CK, "step1_score": 220}, NOT_TAKEN_CK),
    ("step2_target", "ck_v_after_step1"): (
        {"step1_status": "not_taken", "step1_attempts": None, **NOT_TAKEN_CK},
        NOT_TAKEN_CK,
    ),
    ("step2_target", "ck_v_failed"): ({"step2_status": "failed", "step2_score": None}, {}),
    ("step2_target", "ck_v_on_target"): ({}, {"step2_score": 240}),
    ("step2_target", "ck_v_below"): ({"step2_score": 240}, {"step2_score": 230}),
    ("low_score_chances", "ch_multiple"): (TWO_FAILS, ONE_FAIL),
    ("low_score_chances", "ch_trend"): ({**ONE_FAIL, "step2_score": 262}, ONE_FAIL),
    ("low_score_chances", "ch_single"): (ONE_FAIL, TWO_FAILS),
    ("low_score_chances", "ch_low_no_fail"): (
        {"step2_score": 240},
        {"step2_score": 240, **ONE_FAIL},
    ),
    ("low_score_chances", "ch_old"): (OLD, {}),
    ("low_score_chances", "ch_visa"): ({}, {"visa": "us_citizen"}),
    ("low_score_chances", "ch_strong"): ({}, {"step2_score": 248}),
    ("visa", "v_h1b"): (H1B, {**H1B, "step3_status": "passed"}),
    ("visa", "v_h1b_done"): ({**H1B, "step3_status": "passed"}, H1B),
    ("visa", "v_j1"): ({}, H1B),
    ("visa", "v_unsure"): ({"visa": "not_sure"}, {}),
    ("visa", "v_us_img"): ({"visa": "us_citizen"}, {}),
    ("usce", "u_none"): ({"usce_months": 0, "usce_hands_on_months": 0, "usce_fields": []}, {}),
    ("usce", "u_no_hands_on"): ({"usce_hands_on_months": 0}, {}),
    ("usce", "u_no_psych"): ({"usce_fields": ["im"]}, {}),
    ("usce", "u_no_im"): ({"usce_fields": ["psychiatry"]}, {}),
    ("usce", "u_no_cl"): ({"usce_fields": ["im", "psychiatry"]}, {}),
    ("usce", "u_old"): (OLD, {}),
    # 4 months, 3 hands-on, in IM and psychiatry: which field the observership was in is
    # unknown, so "hands-on in both fields" waits for all-hands-on or the per-field months.
    ("usce", "u_good"): ({"usce_hands_on_months": 4}, {}),
    ("letters", "l_none"): ({"letters_im": 0, "letters_psych": 0, "letters_medpsych": 0}, {}),
    ("letters", "l_no_psych"): ({"letters_psych": 0, "letters_medpsych": 0}, {}),
    ("letters", "l_no_im"): ({"letters_im": 0}, {}),
    ("letters", "l_scores"): (ONE_FAIL, {}),
    ("letters", "l_both"): ({}, {"letters_psych": 0, "letters_medpsych": 0}),
    ("personal_statement", "ps_fail"): (ONE_FAIL, {}),
    ("personal_statement", "ps_no_psych"): ({"usce_fields": ["im"]}, {}),
    ("personal_statement", "ps_non_us"): ({}, {"visa": "us_citizen"}),
    ("personal_statement", "ps_interests"): ({}, {"interests": ["research_academic"]}),
    ("program_selection", "sel_visa"): ({}, {"visa": "us_citizen"}),
    ("program_selection", "sel_h1b"): (H1B, {}),
    ("program_selection", "sel_old"): (OLD, {}),
    ("program_selection", "sel_attempts"): (TWO_FAILS, ONE_FAIL),
    ("program_selection", "sel_us_img"): ({"visa": "us_citizen"}, {}),
    ("program_selection", "sel_strong"): ({}, {"step2_score": 248}),
    ("timeline", "t_ck"): (NOT_TAKEN_CK, {}),
    ("timeline", "t_h1b"): (H1B, {**H1B, "step3_status": "passed"}),
    ("timeline", "t_year_before"): ({"match_year": 2027}, {}),
    ("about_medpsych", "am_interest"): ({}, {"interests": ["research_academic"]}),
    ("about_medpsych", "am_visa"): ({}, {"visa": "us_citizen"}),
    ("about_medpsych", "am_no_psych_yet"): ({"usce_fields": ["im"]}, {}),
    ("strengthen_profile", "sp_none_yet"): ({"scholarship": []}, {}),
    ("strengthen_profile", "sp_after_fail"): (ONE_FAIL, {}),
    ("strengthen_profile", "sp_window"): ({"match_year": 2027}, {}),
    ("season_now", "sn_preparing"): (PREPARING, INTERVIEWING),
    ("season_now", "sn_applying"): (APPLYING, PREPARING),
    ("season_now", "sn_applying_no_ck"): ({**APPLYING, **NOT_TAKEN_CK}, APPLYING),
    ("season_now", "sn_interviewing"): (INTERVIEWING, RANKING),
    ("season_now", "sn_ranking"): (RANKING, INTERVIEWING),
    ("season_now", "sn_match_week"): (MATCH_WEEK, RANKING),
    ("season_now", "sn_after_match"): (AFTER_MATCH, MATCH_WEEK),
    ("season_now", "sn_h1b"): ({**INTERVIEWING, **H1B}, {**PREPARING, **H1B}),
    ("interviews", "iv_fail"): (ONE_FAIL, {}),
    ("interviews", "iv_low_ck"): ({"step2_score": 228}, {"step2_score": 228, **ONE_FAIL}),
    ("interviews", "iv_h1b"): (H1B, {**H1B, "step3_status": "passed"}),
    ("interviews", "iv_j1"): ({}, H1B),
    ("interviews", "iv_interviewing"): (INTERVIEWING, PREPARING),
    ("interviews", "iv_ranking"): (RANKING, INTERVIEWING),
    ("signals", "sg_visa"): ({}, {"visa": "us_citizen"}),
    ("signals", "sg_spent"): (INTERVIEWING, APPLYING),
    ("signals", "sg_risk"): (ONE_FAIL, {}),
    ("unmatched_soap", "um_match_week"): (MATCH_WEEK, RANKING),
    ("unmatched_soap", "um_after"): (AFTER_MATCH, RANKING),
    ("unmatched_soap", "um_fail"): (ONE_FAIL, {**ONE_FAIL, "step3_status": "passed"}),
    ("unmatched_soap", "um_older"): (OLD, {}),
    ("unmatched_soap", "um_no_hands_on"): ({"usce_hands_on_months": 0}, {}),
    ("ecfmg_eligibility", "ec_h1b"): (H1B, {**H1B, "step3_status": "passed"}),
    ("ecfmg_eligibility", "ec_j1"): ({}, H1B),
    ("ecfmg_eligibility", "ec_ck_first"): (NOT_TAKEN_CK, {}),
}

TOPIC_IDS = [
    "step3_timing",
    "explain_fail",
    "how_many_programs",
    "step2_target",
    "low_score_chances",
    "visa",
    "usce",
    "letters",
    "personal_statement",
    "program_selection",
    "timeline",
    "season_now",
    "interviews",
    "unmatched_soap",
    "signals",
    "ecfmg_eligibility",
    "about_medpsych",
    "strengthen_profile",
]


def test_topics_are_the_agreed_ones_with_short_titles(kb):
    """The menu shows these topics, each with a button-sized title."""
    assert [t.id for t in kb.topics] == TOPIC_IDS
    assert all(0 < len(t.title) <= 30 for t in kb.topics)


def test_every_variant_has_cases(kb):
    """A new variant needs a firing and a silent case here."""
    assert {(t.id, v.id) for t in kb.topics for v in t.variants} == set(VARIANT_CASES)


@pytest.mark.parametrize("key", sorted(VARIANT_CASES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_variant_fires_and_stays_silent(kb, make_profile, today, key):
    """The variant holds for its firing profile and not for the silent one."""
    topic, variant = key
    fire, silent = ({**case} for case in VARIANT_CASES[key])
    fire_day, silent_day = fire.pop("today", today), silent.pop("today", today)
    assert variant in kb.fired_variants(topic, make_profile(**fire), fire_day)
    assert variant not in kb.fired_variants(topic, make_profile(**silent), silent_day)


@pytest.mark.parametrize("topic", TOPIC_IDS)
def test_generic_answer_is_public_and_cited(kb, topic):
    """Without a profile, every topic answers, cites its sources, and is not personal."""
    answer = kb.topic_answer(topic, None)
    assert answer.topic == topic and not answer.personal
    assert "Sources: " in answer.text and answer.sources
    assert "For you" not in answer.text
    assert "{" not in answer.text and "}" not in answer.text


@pytest.mark.parametrize("topic", TOPIC_IDS)
def test_personal_answer_leads_with_the_profile(kb, make_profile, today, topic):
    """With a profile that triggers a variant, the answer opens with 'For you'."""
    profile = make_profile(
        visa="needs_h1b",
        usce_fields=["im"],
        graduation_year=2016,
        step1_attempts=2,
        step2_attempts=2,
        step2_score=221,
        letters_psych=0,
        letters_medpsych=0,
    )
    answer = kb.topic_answer(topic, profile, today)
    assert answer.personal
    assert answer.text.index("**For you**") < answer.text.index("Sources: ")


def test_personal_answer_shows_the_applicants_own_score(kb, make_profile, today):
    """A variant can quote the applicant's value back to them."""
    answer = kb.topic_answer("step2_target", make_profile(step2_score=240), today)
    assert "Your CK (240) is a little below the national mean" in answer.text


def test_third_party_figures_say_approximate(kb):
    """The CK mean comes from third-party pages, so it is called approximate beside it."""
    text = kb.topic_answer("step2_target", None).text
    assert "The mean is about 247–249 (approximate: quantaprep.com, elitemedicalprep.com)" in text
    # The article is named by its title and site, with its link, not by a file name.
    assert (
        "Sources: [Step Score Strategy for Non-US Citizen IMGs in Medicine-Psychiatry Residency"
        " (residencyadvisor.com)](https://residencyadvisor.com/resources/" in text
    )
    assert ".txt" not in text


def test_unknown_topic_offers_the_topics(kb):
    """A stale or made-up topic button gets the list of topics, not an error."""
    answer = kb.topic_answer("no_such_topic", None)
    assert answer.topic is None
    assert "don't have that topic" in answer.text
    assert {t.id for t in answer.suggestions} == {t.id for t in kb.topics}


def test_empty_profile_gets_the_generic_answer(kb, today):
    """A profile with nothing answered yet changes nothing."""
    answer = kb.topic_answer("visa", Profile(), today)
    assert not answer.personal
    assert answer.text == kb.topic_answer("visa", None).text


def test_asking_how_to_explain_a_fail_the_answers_do_not_show_says_where_that_comes_from(
    kb, make_profile, today
):
    """ "How do I explain my Step 1 fail?" from someone who answered "passed": the answer
    says it goes by their answers and how to make it fit, not just "no fail"."""
    answer = kb.answer("how do I explain my step 1 fail?", make_profile(), today)
    assert answer.topic == "explain_fail"
    assert "Your answers show no fail" in answer.text
    assert "correct that answer" in answer.text
