"""Step 3 attempts: asked once Step 3 is taken, optional, read as people write it, and a pass
on a later attempt counts as the fail it followed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.exams import parse_attempts
from flows.interview import Interview
from flows.profile import Profile
from knowledge import load_knowledge
from tests.interview_script import SCRIPT, answer_interview

TODAY = date(2026, 11, 22)
ASKED = "ask_step3_attempts"


@pytest.fixture(scope="module")
def interview() -> Interview:
    """The real flow."""
    return Interview()


@pytest.mark.parametrize("step3", ["passed", "failed"])
def test_asked_once_step3_is_taken_and_can_be_skipped(interview: Interview, step3: str) -> None:
    """A taken Step 3 brings the attempts question; `skip` goes on without an answer."""
    state = interview.new_state()
    answer_interview(interview, state, SCRIPT.with_(ask_step3_status=step3), until=ASKED)
    prompt = interview.prompt(state)
    assert prompt is not None and prompt.optional and "Step 3 attempts" in prompt.text
    assert interview.skip(state).ok
    assert "step3_attempts" not in state.answers


@pytest.mark.parametrize("step3", ["not planned", "planned"])
def test_not_asked_before_step3_is_taken(interview: Interview, step3: str) -> None:
    """Nobody is asked how many times they sat an exam they have not sat."""
    state = interview.new_state()
    answer_interview(interview, state, SCRIPT.with_(ask_step3_status=step3))
    assert ASKED not in state.done and "step3_attempts" not in state.answers


@pytest.mark.parametrize(
    ("typed", "attempts"),
    [
        ("2", 2),
        ("second try", 2),
        ("failed once then passed", 2),
        ("3 attempts", 3),
        ("once", 1),
        ("٢", 2),
    ],
)
def test_attempts_read_as_people_write_them(typed: str, attempts: int) -> None:
    """Numbers, ordinals and a story of the attempts all give the count."""
    assert parse_attempts(typed, TODAY, "step3").values == {"step3_attempts": attempts}


@given(
    st.integers(min_value=1, max_value=9),
    st.sampled_from(["{n}", "{n} attempts", "{n} times", "it took {n} tries"]),
)
def test_any_count_from_one_to_nine_is_kept(n: int, phrasing: str) -> None:
    """Every count the profile accepts is read back as that count."""
    assert parse_attempts(phrasing.format(n=n), TODAY, "step3").values == {"step3_attempts": n}


@given(st.integers(min_value=10, max_value=10**6))
def test_a_count_out_of_range_is_re_asked(n: int) -> None:
    """An impossible count is refused with a clear re-ask, never stored."""
    parsed = parse_attempts(str(n), TODAY, "step3")
    assert not parsed.ok and "1 to 9" in (parsed.error or "")


def test_a_pass_on_the_second_attempt_brings_the_explain_a_fail_step() -> None:
    """A Step 3 passed on the 2nd try follows a fail: the plan says how to explain it."""
    knowledge = load_knowledge()
    base = {
        "visa": "needs_j1",
        "graduation_year": 2019,
        "match_year": 2028,
        "step1_status": "passed",
        "step1_attempts": 1,
        "step2_status": "passed",
        "step2_attempts": 1,
        "step2_score": 250,
        "step3_status": "passed",
    }
    first_try = knowledge.plan(Profile.model_validate(base), TODAY)
    second_try = knowledge.plan(Profile.model_validate({**base, "step3_attempts": 2}), TODAY)
    assert "explain_fail" not in {a.rule_id for a in first_try.actions}
    assert "explain_fail" in {a.rule_id for a in second_try.actions}
