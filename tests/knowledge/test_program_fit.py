"""The program list sorted for an applicant's visa, graduation year and attempts, and the
typed questions that ask for it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import KnowledgeBase
from knowledge.program_fit import Criterion, criteria_for, fit_visa_count, read_list_request


def _groups(criterion: Criterion) -> dict[str, set[str]]:
    return {g.kind: {e.program.id for e in g.entries} for g in criterion.groups}


def _criteria(kb: KnowledgeBase, profile, today) -> dict[str, Criterion]:  # type: ignore[no-untyped-def]
    return {c.id: c for c in criteria_for(kb.programs, profile, today)}


def test_an_h1b_seeker_sees_who_states_it_sponsors_who_does_not_and_who_is_silent(
    kb: KnowledgeBase, make_profile, today: dt.date
) -> None:
    """Iowa and Emory state H-1B; UT Southwestern's own page says no; MUSC states nothing."""
    h1b = _groups(_criteria(kb, make_profile(visa="needs_h1b"), today)["h1b"])
    assert h1b["fits"] == {"iowa", "emory"}
    assert {"utsw", "siu", "ucdavis"} <= h1b["does_not_fit"]
    assert h1b["not_stated"] == {"musc"}


def test_a_j1_seeker_is_sorted_by_j1_only(kb: KnowledgeBase, make_profile, today: dt.date) -> None:
    """Every listed program states J-1 sponsorship; H-1B is no criterion for them."""
    found = _criteria(kb, make_profile(visa="needs_j1"), today)
    assert "h1b" not in found
    assert _groups(found["j1"])["fits"] == {p.id for p in kb.programs.programs}


def test_no_visa_need_means_no_visa_sorting(
    kb: KnowledgeBase, make_profile, today: dt.date
) -> None:
    """A US citizen is not sorted by sponsorship; every listed program fits the visa need."""
    citizen = make_profile(visa="us_citizen")
    assert not {"j1", "h1b"} & set(_criteria(kb, citizen, today))
    assert fit_visa_count(kb.programs, citizen) == len(kb.programs.programs)


def test_the_visa_count_follows_the_visa_need(kb: KnowledgeBase, make_profile) -> None:
    """Two programs state H-1B, all nine J-1; an undecided visa has no count."""
    assert fit_visa_count(kb.programs, make_profile(visa="needs_h1b")) == 2
    assert fit_visa_count(kb.programs, make_profile(visa="needs_j1")) == 9
    assert fit_visa_count(kb.programs, make_profile(visa="not_sure")) is None


@pytest.mark.parametrize(
    ("year", "fits", "past"),
    [
        (2016, {"duke", "utsw"}, {"ecu", "kentucky", "siu", "emory", "ucdavis", "musc"}),
        (2012, {"duke"}, {"utsw", "emory", "ucdavis"}),
        (2024, {"duke", "utsw", "ecu", "kentucky", "siu", "emory", "ucdavis", "musc"}, set()),
    ],
)
def test_graduation_year_against_each_stated_limit(
    kb: KnowledgeBase, make_profile, today: dt.date, year: int, fits: set[str], past: set[str]
) -> None:
    """ "Within N years" counts from today (1 April 2025); "2013 or later" is a fixed year."""
    groups = _groups(_criteria(kb, make_profile(graduation_year=year), today)["graduation"])
    assert fits <= groups["fits"] and past <= groups["does_not_fit"]
    assert groups["not_stated"] == {"iowa"}


def test_attempts_matter_only_after_a_fail(kb: KnowledgeBase, make_profile, today: dt.date) -> None:
    """With a failed attempt, first-attempt-only programs are set apart; without, no sorting."""
    assert "attempts" not in _criteria(kb, make_profile(), today)
    groups = _groups(_criteria(kb, make_profile(step1_attempts=2), today)["attempts"])
    assert groups["does_not_fit"] == {"ecu", "emory"}
    assert groups["fits"] == {"ucdavis"}


def test_every_entry_keeps_the_fact_it_was_sorted_by(
    kb: KnowledgeBase, make_profile, today: dt.date
) -> None:
    """Sorted entries carry their fact (so the reply names its source); not stated: none."""
    profile = make_profile(visa="needs_h1b", graduation_year=2016, step1_attempts=2)
    for criterion in criteria_for(kb.programs, profile, today):
        for group in criterion.groups:
            for entry in group.entries:
                assert (entry.fact is None) == (group.kind == "not_stated")


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("which med-psych programs sponsor H-1B?", ("h1b", "visa")),
        ("list med psych programs", ()),
        ("programs that take old graduates", ("graduation",)),
        ("Which programs accept J1?", ("j1",)),
        ("show me all im psych programs", ()),
        ("list of programs that give h1b for medpsych?", ("h1b",)),
        ("what programs take people with failed attempts", ("attempts",)),
    ],
)
def test_list_questions_are_read(text: str, focus: tuple[str, ...]) -> None:
    """Questions asking which programs meet a rule, or for the list, are list requests."""
    asked = read_list_request(text)
    assert asked is not None and set(focus) <= set(asked.focus)


@pytest.mark.parametrize(
    "text",
    [
        "how many med psych programs shoud I apply to as img",
        "do med psych programs sponsor h1b??",
        "how do I find programs that sponsor visa and take old grads",
        "which programs do holistic review?",
        "programs with YOG cutoff, how to check",
        "which program is best for me, i like addiction",
        "will programs even look at me with a fail on ck",
        "when do programs start to review applications",
        "I need an H1B visa",
    ],
)
def test_general_questions_are_left_to_the_topics(text: str) -> None:
    """ "How many", "how do I", yes/no questions and questions on other matters are not."""
    assert read_list_request(text) is None


@given(st.text(max_size=200))
def test_reading_any_text_never_fails(text: str) -> None:
    """Any message is read without error; one that never says "program" is no request."""
    asked = read_list_request(text)
    if "program" not in text.casefold().replace("-", ""):
        assert asked is None
