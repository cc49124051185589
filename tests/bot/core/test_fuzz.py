"""A seeded fuzz of 20,000 hostile messages spread over every interview state: 0 apologies.

The generator is seeded (the same messages on every run), and its pieces are the inputs
that once broke a handler: digits of other scripts (`٢٠١٩`, `९`), digits `int()` cannot
read (`²`, `⓹`, `①`), NUL bytes, lone surrogates, numbers too big for a float (`1e309`,
400 nines), stale or made-up buttons (`t:unknown`), and commands given such arguments.
"""

from __future__ import annotations

import random

import pytest

from bot.core.advisor import Advisor
from bot.core.messages import Incoming
from bot.core.texts import APOLOGY
from flows.interview import Interview
from tests.conftest import Chat
from tests.interview_script import SCRIPT, answer_interview

SEED = 20  # issue 20
MESSAGES = 20_000

PIECES = (
    "²", "⓹", "①", "٢٠١٩", "९", "２０２８", "\x00", "\ud83d", "\udc00", "9" * 400, "1e309",
    "-1", "0", "3", "12", "2, 3", "1 and 9", "240", "J1", "none", "skip", "yes", "no",
    "🙂", "**", "_", "`", "<b>", "@everyone", "\n", " ", "failed", "twice", "months",
)  # fmt: skip
PREFIXES = ("", "", "", "reminders edit ", "edit ", "remind tomorrow 9am: ", "what is ")
PAYLOADS = ("t:unknown", "t:", "a:ask_visa:99", "s:nowhere", "x", "t:\x00", "a:²:⓹", "r:⓹")


def fuzzed(rng: random.Random) -> tuple[str | None, str | None]:
    """One hostile message: (text, payload), exactly one of them set."""
    if rng.random() < 0.1:
        return None, rng.choice(PAYLOADS)
    body = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4)))
    return rng.choice(PREFIXES) + body, None


async def test_twenty_thousand_hostile_messages_get_no_apology(advisor: Advisor) -> None:
    """At every question and after the plan, hostile messages always get a real reply."""
    rng = random.Random(SEED)
    interview = Interview()
    states = [*answer_interview(interview, interview.new_state()), "done"]
    per_state = MESSAGES // len(states)
    apologies: list[tuple[str, str | None, str | None]] = []
    for index, state in enumerate(states):
        chat = Chat(advisor, user=f"fuzz-{index}")
        parked = state if state != "done" else None
        for sent in range(per_state):
            if sent % 50 == 0:  # back at the question (an answer may have moved it on)
                chat = Chat(advisor, user=f"fuzz-{index}-{sent}")
                await chat.answer(until=parked)
            text, payload = fuzzed(rng)
            replies = await advisor.handle(
                Incoming(chat.platform, chat.user, f"chat-{chat.user}", text=text, payload=payload)
            )
            if any(r.text == APOLOGY for r in replies):
                apologies.append((state, text, payload))
    assert apologies == [], f"{len(apologies)} apologies, e.g. {apologies[:5]}"


@pytest.mark.parametrize("text", ["²", "⓹", "①", "٢", "३"])
async def test_unusual_digits_pick_a_choice(chat: Chat, text: str) -> None:
    """A digit from another script, or a superscript or circled one, picks that option."""
    await chat.answer(until="ask_visa")
    reply = await chat.say(text)
    assert APOLOGY not in reply
    asked = SCRIPT.asked(chat.shown())
    assert asked is not None and asked[0] != "ask_visa"  # answered: the next question
