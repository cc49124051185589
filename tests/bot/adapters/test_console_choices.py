"""The console numbers one list per turn, and `exit` ends the chat with nothing lost."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleChat
from bot.core.advisor import Advisor
from flows.questions import QUESTIONS_BY_STATE
from tests.interview_script import SCRIPT, script_lines

MATCH_YEAR_QUESTION = QUESTIONS_BY_STATE["ask_match_year"].prompt.split("?")[0]


@pytest.fixture
async def advisor(sqlite_url: str) -> AsyncIterator[Advisor]:
    """The advisor on an SQLite file, on the tests' fixed day."""
    from bot.app import open_advisor

    fixed = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    async with open_advisor(sqlite_url, clock=lambda: fixed) as adv:
        yield adv


async def _chat(advisor: Advisor, lines: list[str], tmp_path: Path) -> tuple[int, str]:
    out = io.StringIO()
    chat = ConsoleChat(advisor, "amira", io.StringIO("\n".join(lines) + "\n"), out, tmp_path)
    return await chat.run(), out.getvalue()


async def test_after_the_plan_the_turn_has_one_numbered_list(
    advisor: Advisor, tmp_path: Path
) -> None:
    """Plan and season offer: "1. Show all N steps", "2. Yes, remind me", "3. No thanks";
    typing 2 takes the offer (typing 1 no longer picks it)."""
    code, out = await _chat(advisor, [*script_lines(SCRIPT), "2"], tmp_path)
    assert code == 0
    last_turn = out[out.rindex("That's everything") :]
    assert re.search(r"^  1\. Show all \d+ steps$", last_turn, re.MULTILINE)
    assert "\n  2. Yes, remind me\n  3. No thanks\n" in last_turn
    assert "season reminders, the first on" in last_turn


async def test_yes_typed_at_the_offer_takes_it(advisor: Advisor, tmp_path: Path) -> None:
    """ "yes" typed to "Shall I remind you…?" is the offer's yes, not a question."""
    _code, out = await _chat(advisor, [*script_lines(SCRIPT), "yes"], tmp_path)
    assert "season reminders, the first on" in out and "can't help" not in out


async def test_an_interview_question_keeps_its_own_numbers(
    advisor: Advisor, tmp_path: Path
) -> None:
    """A question's options are 1, 2 … however many buttons came before it in the turn."""
    lines = script_lines(SCRIPT.with_(ask_visa="4"), until="ask_graduation_year")
    _code, out = await _chat(advisor, [*lines, "profile"], tmp_path)
    assert "  4. Need an H-1B" in out
    assert "need an h-1b" in out.lower().split("what i have stored about you")[-1]


async def test_exit_ends_the_chat_and_keeps_the_answers(advisor: Advisor, tmp_path: Path) -> None:
    """`exit` at a question: a goodbye, the chat ends (later lines are not read), and the
    next chat carries on at the same question."""
    lines = script_lines(SCRIPT, until="ask_match_year")
    code, out = await _chat(advisor, [*lines, "exit", "profile"], tmp_path)
    assert code == 0 and "Bye for now" in out
    assert "What I have stored about you" not in out
    _code, again = await _chat(advisor, [], tmp_path)
    assert MATCH_YEAR_QUESTION in again
