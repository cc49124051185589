"""Pacing: no chat gets more than one message per interval, nor the platform more than its rate."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.reminders.ratelimit import Pacer, RateLimit


async def _send_all(pacer: Pacer, chats: list[str]) -> list[tuple[str, float]]:
    sent: list[tuple[str, float]] = []

    async def one(chat: str) -> None:
        async with pacer.slot(chat):
            sent.append((chat, time.monotonic()))

    await asyncio.gather(*(one(c) for c in chats))
    return sent


async def test_one_chat_gets_one_message_per_interval() -> None:
    """Four messages to one chat are spaced by the chat interval, in order."""
    sent = await _send_all(Pacer(RateLimit(per_second=1000, chat_interval=0.05)), ["a"] * 4)
    gaps = [b - a for (_, a), (_, b) in itertools.pairwise(sent)]
    assert min(gaps) >= 0.045


async def test_the_overall_rate_holds_across_chats() -> None:
    """Twenty different chats at 100/s: the n-th send never comes before n/100 s."""
    started = time.monotonic()
    sent = await _send_all(Pacer(RateLimit(per_second=100, chat_interval=1.0)),
                           [f"c{i}" for i in range(20)])
    times = sorted(at - started for _, at in sent)
    assert all(at >= n * 0.01 - 0.002 for n, at in enumerate(times))
    assert times[-1] >= 0.18


async def test_a_busy_chat_does_not_hold_up_the_others() -> None:
    """While one chat waits for its interval, other chats are served."""
    pacer = Pacer(RateLimit(per_second=1000, chat_interval=0.3))
    sent = await _send_all(pacer, ["busy", "busy", "x", "y", "z"])
    order = [chat for chat, _ in sorted(sent, key=lambda s: s[1])]
    assert order[-1] == "busy"
    assert set(order[1:4]) == {"x", "y", "z"}
