"""The shared send budget on PostgreSQL: two workers' budgets hand out one sequence of slots."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.reminders.ratelimit import RateLimit
from bot.storage.database import create_engine
from bot.storage.rate_budget import SharedBudget, send_pacers
from bot.storage.schema import upgrade


async def test_sqlite_keeps_the_in_process_pacer(sqlite_url: str) -> None:
    """One process, one budget: SQLite gets no shared pacer, the scheduler paces itself."""
    engine = create_engine(sqlite_url)
    try:
        assert send_pacers(engine, {"telegram": RateLimit(per_second=30)}) == {}
    finally:
        await engine.dispose()


async def test_two_workers_share_one_chat_interval(postgres_url: str) -> None:
    """Four sends to one chat from two workers (own engines) come an interval apart."""
    engines = [create_engine(postgres_url) for _ in range(2)]
    try:
        await upgrade(engines[0])
        limit = RateLimit(per_second=1000, chat_interval=0.25)
        budgets = [SharedBudget(engine, "telegram", limit) for engine in engines]
        sent: list[float] = []

        async def send(budget: SharedBudget) -> None:
            async with budget.slot("42"):
                sent.append(time.monotonic())

        await asyncio.gather(*(send(budgets[n % 2]) for n in range(4)))
        sent.sort()
        gaps = [b - a for a, b in itertools.pairwise(sent)]
        assert min(gaps) >= 0.25 * 0.9, gaps  # the clock is PostgreSQL's; the sleep ours
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_group_takes_the_group_interval(postgres_url: str) -> None:
    """A cohort channel's two posts are the group interval apart, not the chat interval."""
    engine = create_engine(postgres_url)
    try:
        await upgrade(engine)
        budget = SharedBudget(
            engine, "telegram", RateLimit(per_second=1000, chat_interval=0.05, group_interval=0.5)
        )
        sent: list[float] = []

        async def post() -> None:
            async with budget.slot("-100", group=True):
                sent.append(time.monotonic())

        await asyncio.gather(post(), post())
        assert abs(sent[1] - sent[0]) >= 0.5 * 0.9
    finally:
        await engine.dispose()
