"""Pacing: no chat gets more than one message per interval, nor the platform more than its rate."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.reminders.ratelimit import Pacer, RateLimit
from tests.fakes.virtual_time import VirtualTime


async def _send_all(vt: VirtualTime, limit: RateLimit, chats: list[str]) -> list[tuple[str, float]]:
    pacer = Pacer(limit, clock=vt.monotonic, sleep=vt.sleep)
    sent: list[tuple[str, float]] = []

    async def one(chat: str) -> None:
        async with pacer.slot(chat):
            sent.append((chat, vt.monotonic()))

    await vt.run(asyncio.gather(*(one(c) for c in chats)))
    return sent


async def test_one_chat_gets_one_message_per_interval(virtual_time: VirtualTime) -> None:
    """Four messages to one chat are spaced by the chat interval, in order."""
    sent = await _send_all(virtual_time, RateLimit(per_second=1000, chat_interval=0.05), ["a"] * 4)
    gaps = [b - a for (_, a), (_, b) in itertools.pairwise(sent)]
    assert min(gaps) >= 0.045
    assert gaps == pytest.approx([0.05] * 3)  # exactly the interval: no slack, no drift


async def test_the_overall_rate_holds_across_chats(virtual_time: VirtualTime) -> None:
    """Twenty different chats at 100/s: the n-th send never comes before n/100 s."""
    started = virtual_time.monotonic()
    sent = await _send_all(
        virtual_time, RateLimit(per_second=100, chat_interval=1.0), [f"c{i}" for i in range(20)]
    )
    times = sorted(at - started for _, at in sent)
    assert all(at >= n * 0.01 - 0.002 for n, at in enumerate(times))
    assert times[-1] >= 0.18
    assert times == pytest.approx([n * 0.01 for n in range(20)])  # and not later either


async def test_a_busy_chat_does_not_hold_up_the_others(virtual_time: VirtualTime) -> None:
    """While one chat waits for its interval, other chats are served."""
    sent = await _send_all(
        virtual_time, RateLimit(per_second=1000, chat_interval=0.3), ["busy", "busy", "x", "y", "z"]
    )
    order = [chat for chat, _ in sorted(sent, key=lambda s: s[1])]
    assert order[-1] == "busy"
    assert set(order[1:4]) == {"x", "y", "z"}
    assert [at for _, at in sent] == pytest.approx([0, 0.001, 0.002, 0.003, 0.3])


async def test_a_group_waits_its_longer_interval(virtual_time: VirtualTime) -> None:
    """A cohort channel gets one post per group interval (Telegram: 20 a minute)."""
    limit = RateLimit(per_second=1000, chat_interval=1.0, group_interval=3.0)
    pacer = Pacer(limit, clock=virtual_time.monotonic, sleep=virtual_time.sleep)
    sent: list[float] = []

    async def post() -> None:
        async with pacer.slot("-100", group=True):
            sent.append(virtual_time.monotonic())

    await virtual_time.run(asyncio.gather(post(), post(), post()))
    assert [b - a for a, b in itertools.pairwise(sent)] == pytest.approx([3.0, 3.0])


async def test_retry_after_holds_every_sender(virtual_time: VirtualTime) -> None:
    """After a 429 with retry_after 2 s, no slot is handed out for 2 s, then sends resume."""
    pacer = Pacer(RateLimit(per_second=100), clock=virtual_time.monotonic, sleep=virtual_time.sleep)
    started = virtual_time.monotonic()
    sent: list[float] = []

    async def one(chat: str) -> None:
        async with pacer.slot(chat):
            sent.append(virtual_time.monotonic() - started)

    async def told_429() -> None:
        await pacer.retry_after(2.0)
        sent.append(virtual_time.monotonic() - started)  # the retried request

    await virtual_time.run(told_429())
    await virtual_time.run(asyncio.gather(one("a"), one("b")))
    assert sent == pytest.approx([2.0, 2.01, 2.02])
