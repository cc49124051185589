"""Leaving and coming back, and edits made before the interview is done, as chats."""

from __future__ import annotations

import pytest

from flows.questions import QUESTIONS_BY_STATE
from tests.conftest import Chat
from tests.interview_script import SCRIPT, plan_arrived

MATCH_YEAR_QUESTION = QUESTIONS_BY_STATE["ask_match_year"].prompt.split("?")[0]
NAME_QUESTION = QUESTIONS_BY_STATE["ask_name"].prompt.split("?")[0]

TIMEZONE_QUESTION = next(q.prompt for q in SCRIPT.questions if q.state == "ask_timezone")


@pytest.mark.parametrize("word", ["exit", "bye", "quit", "goodbye", "Bye!", "/exit"])
async def test_leaving_words_say_goodbye_and_lose_nothing(chat: Chat, word: str) -> None:
    """ "bye" at a question is no answer: a goodbye that says how to come back; `start`
    later asks the same question with the answers kept."""
    await chat.answer(until="ask_match_year")
    reply = await chat.say(word)
    assert "Bye for now" in reply and "`start`" in reply
    assert chat.last[-1].close and len(chat.last) == 1
    await chat.say("start")
    assert MATCH_YEAR_QUESTION in chat.last[-1].text
    assert "2019" in await chat.say("profile")


async def test_bye_at_the_name_question_is_not_a_name(chat: Chat) -> None:
    """ "bye" where the name is asked: nobody is called Bye."""
    await chat.answer(until="ask_name")
    assert "Bye for now" in await chat.say("bye")
    assert "name: bye" not in (await chat.say("profile")).lower()


async def test_edit_timezone_at_the_start_returns_to_the_first_question(chat: Chat) -> None:
    """`edit timezone` (as the reminder confirmation suggests) at the first question, then
    "Cairo": the interview carries on at its first question; no plan from the time zone."""
    await chat.answer(until="ask_name")
    assert TIMEZONE_QUESTION in await chat.say("edit timezone")
    reply = await chat.say("Cairo")
    assert not plan_arrived(chat.shown()) and "That's everything" not in reply
    assert NAME_QUESTION in chat.last[-1].text
    # The rest of the interview still comes, and the time zone is not asked again.
    await chat.answer(SCRIPT.with_(ask_timezone="Tokyo"))
    assert plan_arrived(chat.shown())
    assert "cairo" in (await chat.say("profile")).lower()


async def test_edit_with_a_value_mid_interview_returns_to_the_open_question(chat: Chat) -> None:
    """`edit timezone to Cairo` at the Match year question: stored, then that question."""
    await chat.answer(until="ask_match_year")
    await chat.say("edit timezone to Cairo")
    assert not plan_arrived(chat.shown())
    assert MATCH_YEAR_QUESTION in chat.last[-1].text


async def test_a_plan_is_shown_only_when_the_needed_answers_exist(chat: Chat) -> None:
    """Editing every later answer out of order never ends the interview early."""
    await chat.answer(until="ask_visa")
    await chat.say("edit timezone")
    await chat.say("Cairo")
    await chat.say("edit name")
    await chat.say("Salam")
    assert not plan_arrived(chat.shown())
    assert "visa" in chat.last[-1].text.lower()
