"""Two workers on one PostgreSQL database: one user's turns run once each, in order.

Each "worker" is its own `open_app` (its own engine, caches and locks), as two processes
would be; a person's messages alternate between them, each sent while the one before is
still being handled.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import AppContext, open_app
from bot.core.advisor import Advisor
from bot.core.messages import ChatKind, Incoming, Outgoing
from bot.storage.database import create_engine
from flows.interview import Interview
from tests.conftest import Chat, eventually
from tests.interview_script import SCRIPT, Shown, answer_interview, plan_arrived

FIXED = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
_AT_THE_LOCK = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


@pytest.fixture
async def workers(postgres_url: str) -> AsyncIterator[tuple[AppContext, AppContext]]:
    """Two workers on one database."""
    async with (
        open_app(postgres_url, clock=lambda: FIXED) as one,
        open_app(postgres_url, clock=lambda: FIXED) as two,
    ):
        yield one, two


def shown(replies: list[Outgoing]) -> list[Shown]:
    return [
        Shown(r.text, tuple(c.payload for c in r.choices), tuple(c.label for c in r.choices))
        for r in replies
    ]


async def send_interleaved(
    advisors: tuple[Advisor, Advisor], watcher: AsyncEngine, texts: list[str]
) -> list[list[Outgoing]]:
    """Send each text to the other worker than the last, while the last is still running.

    A message is sent once the one before it is at the user's lock (holding it or queued),
    and the one before that has been answered: the order the person typed is the order the
    turns ask for the lock.
    """
    tasks: list[asyncio.Task[list[Outgoing]]] = []

    async def at_the_lock() -> bool:
        running = sum(not t.done() for t in tasks)
        async with watcher.connect() as conn:
            return int(await conn.scalar(_AT_THE_LOCK) or 0) == running

    for n, typed in enumerate(texts):
        if n >= 2:
            await tasks[n - 2]
        await eventually(at_the_lock)
        incoming = Incoming("telegram", "amira", "chat-amira", ChatKind.PRIVATE, text=typed)
        tasks.append(asyncio.create_task(advisors[n % 2].handle(incoming)))
    return list(await asyncio.gather(*tasks))


async def test_one_users_turns_run_once_and_in_order_across_workers(
    workers: tuple[AppContext, AppContext], postgres_url: str
) -> None:
    """The whole interview, alternating workers: each reply asks the next question."""
    interview = Interview()
    states = answer_interview(interview, interview.new_state())
    texts = ["hi", *(SCRIPT.answer(state) for state in states)]
    watcher = create_engine(postgres_url)
    try:
        replies = await send_interleaved((workers[0].advisor, workers[1].advisor), watcher, texts)
    finally:
        await watcher.dispose()
    asked = [SCRIPT.asked(shown(r)) for r in replies[:-1]]
    assert [found[0] if found else None for found in asked] == states
    assert plan_arrived(shown(replies[-1]))


async def test_a_stale_worker_does_not_set_a_reminder_twice(
    workers: tuple[AppContext, AppContext],
) -> None:
    """Set it on one worker, Set it again on the other: one reminder, not two."""
    first, second = Chat(workers[0].advisor), Chat(workers[1].advisor)
    await first.say("remind me to email Dr. Lee tomorrow at 9am")
    second.last = first.last  # the same message, seen again on the other worker
    assert "Done. I'll remind you" in await second.press("Set it")
    await first.press("Set it")  # a second tap, handled by the worker that asked
    listing = await second.say("/reminders")
    assert listing.count("email Dr. Lee") == 1, listing
