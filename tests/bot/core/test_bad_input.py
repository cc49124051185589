"""Hostile and odd input: every message gets a clear answer and stored answers stay intact."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Chat

ODD = [
    "x" * 10_000,
    "🙂🙂🙂 🇪🇬",
    "\x00\x07\x1b[31mred\x1b[0m",
    "<b>bold</b><script>alert(1)</script>",
    "**bold** _it_ `code` [link](http://x)",
    "",
    "   ",
    "\n\n\n",
    "/",
    "/unknown_command",
    "a:ask_visa:99",
    "' OR 1=1; --",
]


async def answered_two(chat: Chat) -> None:
    """Answer up to the visa (a J-1) from the shared script."""
    await chat.answer(until="ask_graduation_year")


@pytest.mark.parametrize("text", ODD)
async def test_odd_messages_get_a_reply_and_change_nothing_stored(chat: Chat, text: str) -> None:
    """Long, emoji, control, HTML and Markdown messages are answered; answers stay intact."""
    await answered_two(chat)
    reply = await chat.say(text)
    assert reply.strip()
    assert "something went wrong" not in reply
    profile = await chat.say("profile")
    assert "need a j-1" in profile.lower()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=400))
async def test_any_text_mid_interview_never_breaks_the_advisor(chat: Chat, text: str) -> None:
    """Whatever is typed mid-interview, the advisor answers without an internal error."""
    reply = await chat.say(text)
    assert "something went wrong" not in reply


async def test_a_nul_byte_or_lone_surrogate_is_dropped_the_same_on_both_databases(
    chat: Chat,
) -> None:
    """A name with NUL and a lone surrogate is stored without them (PostgreSQL refuses NUL)."""
    await chat.say("hi")
    reply = await chat.say("Zu\x00beida\ud83d")
    assert "something went wrong" not in reply
    profile = await chat.say("profile")
    assert "Zubeida" in profile


@pytest.mark.parametrize(("typed", "stored"), [("٢٠١٩", "2019"), ("२०१९", "2019")])
async def test_digits_of_other_scripts_are_read_as_numbers(
    chat: Chat, typed: str, stored: str
) -> None:
    """A graduation year in Arabic-Indic or Devanagari digits is the year."""
    await chat.answer(until="ask_graduation_year")
    await chat.say(typed)
    assert stored in await chat.say("profile")
