"""A database outage mid-delivery: 2,000 reminders on PostgreSQL, none twice, none lost.

The scheduler talks to the real PostgreSQL through a loopback proxy (tests/fakes/tcp_proxy.py)
that the test cuts after 606 sends, as in the issue's probe, and restores only after many
connection attempts were turned away: longer than any fixed number of retries would wait.
A round the outage breaks is tried again with its leases run out (the worst case); then
every lease runs out twice more and whatever is claimable is delivered again.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from bot.core.messages import Outgoing
from bot.reminders.scheduler import Scheduler
from bot.storage.database import create_engine
from bot.storage.reminder_models import Reminder
from bot.storage.schema import upgrade
from tests.fakes.tcp_proxy import CuttableProxy

T = Reminder.__table__
DUE = 2_000
CUT_AFTER = 606  # sends before the database goes away
OUTAGE = 40  # connection attempts turned away before it comes back


class CuttingSender:
    """Accepts every reminder; cuts the database after CUT_AFTER of them."""

    platform = "test"

    def __init__(self, proxy: CuttableProxy) -> None:
        self.proxy = proxy
        self.chats: Counter[str] = Counter()

    async def send(self, chat_id: str, _messages: Sequence[Outgoing]) -> None:
        """Count the delivery; start the outage at the chosen one."""
        self.chats[chat_id] += 1
        if sum(self.chats.values()) == CUT_AFTER:
            self.proxy.cut()


@pytest.fixture
async def proxy(postgres_url: str) -> AsyncIterator[CuttableProxy]:
    """A cuttable proxy in front of the test's PostgreSQL database."""
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url)
    cuttable = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
    await cuttable.start()
    cuttable.on_turned_away = lambda count: cuttable.restore() if count >= OUTAGE else None
    yield cuttable
    await cuttable.stop()


async def test_an_outage_mid_batch_sends_nothing_twice_and_loses_nothing(
    postgres_url: str, proxy: CuttableProxy
) -> None:
    """2,000 due, the database gone after 606 sends: each reminder arrives exactly once."""
    engine = create_engine(proxy.url_for(postgres_url))
    await upgrade(engine)
    now = [datetime(2026, 11, 22, 9, 0, tzinfo=UTC)]
    async with engine.begin() as conn:
        await conn.execute(
            insert(T),
            [
                {
                    "platform": "test",
                    "chat_id": f"chat-{n}",
                    "text": "book NBME 12",
                    "tz": "UTC",
                    "kind": "personal",
                    "status": "pending",
                    "attempts": 0,
                    "late": False,
                    "created_at": now[0],
                    "due_at": now[0] - timedelta(seconds=1),
                }
                for n in range(DUE)
            ],
        )
    sender = CuttingSender(proxy)

    async def no_wait(_seconds: float) -> None:
        await asyncio.sleep(0)  # let the proxy's loop run; the outage ends by attempts

    scheduler = Scheduler(
        engine,
        {"test": sender},
        worker_id="w1",
        clock=lambda: now[0],
        sleep=no_wait,
        limits={},
        batch_size=500,
    )
    try:
        for _round in range(200):  # the scheduler's loop: a failed round is tried again
            try:
                await scheduler.run_due()
                break
            except Exception:  # the outage broke this round; its leases run out meanwhile
                now[0] += timedelta(minutes=3)
        for _round in range(2):  # every lease runs out: whatever is claimable goes again
            now[0] += timedelta(minutes=3)
            await scheduler.run_due()
        async with engine.connect() as conn:
            unsent = await conn.scalar(select(func.count()).where(T.c.status != "sent"))
    finally:
        await engine.dispose()
    assert proxy.turned_away >= OUTAGE, "the outage happened"
    twice = [chat for chat, count in sender.chats.items() if count > 1]
    assert (len(twice), DUE - len(sender.chats), unsent) == (0, 0, 0)
