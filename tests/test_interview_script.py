"""The shared interview script copes with a flow it has never seen: a new optional question
is skipped, wherever it stands, without a change to the script or to any test."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.interview_replies import InterviewReplies
from flows.interview import DONE, Interview
from flows.parsing import Parsed
from flows.question_types import Question
from flows.questions import QUESTIONS
from tests.conftest import Chat
from tests.interview_script import SCRIPT, Shown, answer_interview, drive, question_count


def _pronouns(text: str, _today: date) -> Parsed:
    return Parsed({"pronouns": text.strip()})


# A question the script knows nothing about (its field is not even in the Profile: skipped,
# it stores nothing).
EXTRA = Question(
    "ask_pronouns",
    ("pronouns",),
    "Which pronouns should I use? (optional)",
    _pronouns,
    optional=True,
    label="pronouns",
)
PLACES = [0, 1, 4, len(QUESTIONS) - 1, len(QUESTIONS)]


def with_extra(place: int, question: Question = EXTRA) -> tuple[Question, ...]:
    """The interview's questions with one more inserted at `place`."""
    return (*QUESTIONS[:place], question, *QUESTIONS[place:])


@pytest.mark.parametrize("place", PLACES)
def test_a_new_optional_question_is_skipped_and_the_interview_still_ends(place: int) -> None:
    """Driving `Interview` directly: the new question is asked, skipped, and the flow ends."""
    interview = Interview(questions=with_extra(place))
    st = interview.new_state()
    answered = answer_interview(interview, st)
    assert st.state == DONE and "ask_pronouns" in answered
    assert "pronouns" not in st.answers
    assert question_count(interview=interview) == question_count() + 1


@pytest.mark.parametrize("place", [1, len(QUESTIONS)])
async def test_a_new_optional_question_through_the_whole_advisor(
    sqlite_url: str, place: int
) -> None:
    """Through the real Advisor and its replies: the script reads the new question from the
    prompt (and its Skip button), skips it, and the plan arrives."""
    from bot.app import open_advisor

    interview = Interview(questions=with_extra(place))
    fixed = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    async with open_advisor(sqlite_url, interview=interview, clock=lambda: fixed) as advisor:
        chat = Chat(advisor)
        await chat.say("hi")
        asked: list[str] = []
        script = SCRIPT.using(interview.questions)

        async def reply(text: str, question: Shown) -> list[Shown]:
            asked.append(script.state_in(question) or "?")
            await chat.say(text)
            return chat.shown()

        await drive(script, chat.shown(), reply)
    assert "That's everything" in "\n".join(r.text for r in chat.last)
    assert "ask_pronouns" in asked


def test_every_rendered_prompt_is_recognised_by_its_text_alone() -> None:
    """Each question, as the core renders it and stripped of buttons and Markdown (as a
    platform may show it), is recognised as itself."""
    interview = Interview(questions=with_extra(len(QUESTIONS)))
    replies = InterviewReplies(interview, knowledge=None)
    script = SCRIPT.using(interview.questions)
    for question in interview.questions:
        st = interview.new_state()
        st.state = question.state
        [shown] = replies.prompt(st, read="✓ Got it — visa: Need a J-1\n")
        plain = shown.text.replace("`", "").replace("_", "").replace("*", "")
        assert script.state_in(Shown(plain)) == question.state, question.prompt
        assert script.state_in(Shown("", tuple(c.payload for c in shown.choices))) in (
            question.state,
            None,
        )


def test_a_required_question_without_an_answer_is_named() -> None:
    """A new required question needs one scripted answer; the failure says which."""
    required = Question("ask_city", ("city",), "Which city?", _pronouns, label="city")
    interview = Interview(questions=with_extra(2, required))
    with pytest.raises(AssertionError, match="ask_city"):
        answer_interview(interview, interview.new_state())


def test_an_answer_the_flow_refuses_names_the_question() -> None:
    """A driver stuck at a question fails with its state and the refused answer."""
    interview = Interview()
    with pytest.raises(AssertionError, match="ask_graduation_year: 'soon'"):
        answer_interview(interview, interview.new_state(), SCRIPT.with_(ask_graduation_year="soon"))


async def test_a_chat_stuck_at_a_question_is_named(chat: Chat) -> None:
    """Through the advisor, the same question asked again and again stops the driver."""
    with pytest.raises(AssertionError, match="stuck at ask_graduation_year"):
        await chat.answer(SCRIPT.with_(ask_graduation_year="soon"))


def test_until_a_question_the_interview_never_asks_fails() -> None:
    """`until` a question that does not apply fails instead of running past it."""
    interview = Interview()
    with pytest.raises(AssertionError, match="ended before ask_step2_planned"):
        answer_interview(interview, interview.new_state(), until="ask_step2_planned")
