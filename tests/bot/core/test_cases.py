"""The table of text cases reads in the documented order, and a button comes first."""

from __future__ import annotations

from bot.core.advisor import Advisor
from tests.conftest import Chat


def test_the_cases_are_in_their_documented_order(advisor: Advisor) -> None:
    """payload → a shown button's words → command → thanks → a feature's own question →
    pending → aside (social reply, other script) → a feature's own message → public → first
    message → what is this → after the plan → empty → introduction → another question's
    fact → own question → answer."""
    names = [case.name for case in advisor.cases.table]
    assert names == [
        "button",
        "a shown button's words",
        "command",
        "thanks",
        "reply a feature asked for",
        "answer to a yes/no question",
        "aside",
        "feature's message",
        "public question",
        "first message",
        "what is this?",
        "after the plan",
        "empty",
        "introduction",
        "fact for another question",
        "own question",
        "answer",
    ]


async def test_a_command_comes_before_a_waiting_question(chat: Chat) -> None:
    """With `forget` waiting for yes, `profile` is still the command; "yes" then deletes."""
    await chat.say("hi")
    await chat.say("forget")
    assert "What I have stored about you" in await chat.say("profile")
    assert "everything stored about you is deleted" in await chat.say("yep")


async def test_a_waiting_question_not_answered_lets_the_message_through(chat: Chat) -> None:
    """`restart` waiting: anything but yes keeps the answers (said so), nothing restarts;
    the next message is read as usual again."""
    await chat.say("hi")
    await chat.say("restart")
    reply = await chat.say("hmm")
    assert "nothing was deleted" in reply and "Starting again" not in reply
    assert "What I can do" in await chat.say("what is this?")
