"""Two worker processes on one PostgreSQL database share Telegram's send budget.

The fake Bot API enforces flood limits (50 messages/s here, scaled down from Telegram's 30
so 200 chats take seconds): together the workers must stay under it, send each reminder
once, and still use at least 0.9 of it. A 429 to one worker pauses both.
"""

from __future__ import annotations

import asyncio
import collections
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.storage.database import create_engine
from bot.storage.reminder_models import Reminder
from bot.storage.schema import upgrade
from tests.bot.reminders.conftest import make_user
from tests.fakes.telegram_server import FakeTelegram

WORKER = Path(__file__).with_name("telegram_budget_worker.py")
RATE = 50.0  # the configured limit, and the one the fake enforces
CHATS = 200


async def due_reminders(url: str, chat_ids: list[int]) -> None:
    """Store one due reminder for each chat."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        user = await make_user(engine)
        due = datetime.now(UTC) - timedelta(seconds=1)
        rows = [
            {
                "user_id": user,
                "platform": "telegram",
                "chat_id": str(chat),
                "text": f"task {chat}",
                "due_at": due,
                "tz": "UTC",
                "kind": "personal",
                "status": "pending",
                "attempts": 0,
                "late": False,
                "created_at": due,
            }
            for chat in chat_ids
        ]
        async with engine.begin() as conn:
            await conn.execute(insert(Reminder.__table__), rows)
    finally:
        await engine.dispose()


async def two_workers(url: str, fake: FakeTelegram) -> None:
    """Run two worker processes from a common start until nothing is pending."""
    start_at = time.time() + 3.0  # both have loaded knowledge and connected by then
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(WORKER),
            url,
            fake.base_url,
            fake.token,
            f"w{n}",
            str(RATE),
            str(start_at),
            "20",  # small claims, so both workers take part all along
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        for n in (1, 2)
    ]
    for process in processes:
        async with asyncio.timeout(90):
            _, err = await process.communicate()
        assert process.returncode == 0, err.decode()[-3000:]


def sends(fake: FakeTelegram) -> list[tuple[float, int]]:
    """Return (time, chat id) of every message the fake accepted."""
    return [
        (call.at, int(call.params["chat_id"]))
        for call in fake.calls_to("sendMessage")
        if call.status == 200
    ]


async def test_two_workers_keep_to_one_budget_and_use_it(
    fake_telegram: FakeTelegram, postgres_url: str
) -> None:
    """No 429, every chat's reminder once, and the pair sends at >= 0.9 of the limit."""
    chats = [fake_telegram.private_chat(fake_telegram.user(f"u{i}")).id for i in range(CHATS)]
    await due_reminders(postgres_url, chats)
    flood = fake_telegram.enforce_limits(RATE)

    await two_workers(postgres_url, fake_telegram)

    assert flood.refused == 0, "the fake refused sends: the workers went over the limit"
    accepted = sends(fake_telegram)
    assert collections.Counter(chat for _, chat in accepted) == dict.fromkeys(chats, 1)
    elapsed = accepted[-1][0] - accepted[0][0]
    rate = (len(accepted) - 1) / elapsed
    assert rate >= 0.9 * RATE, f"{rate:.1f}/s is under 0.9 of the {RATE:.0f}/s budget"


async def test_a_429_to_one_worker_pauses_both(
    fake_telegram: FakeTelegram, postgres_url: str
) -> None:
    """Telegram's retry_after, told to one worker, holds every worker's sends."""
    chats = [fake_telegram.private_chat(fake_telegram.user(f"u{i}")).id for i in range(120)]
    await due_reminders(postgres_url, chats)
    fake_telegram.fail("sendMessage", 429, retry_after=2)

    await two_workers(postgres_url, fake_telegram)

    refused = [c.at for c in fake_telegram.calls_to("sendMessage") if c.status == 429]
    assert len(refused) == 1
    accepted = sends(fake_telegram)
    # Sends already on the wire when the 429 came may still land; after that, silence.
    during = [at for at, _ in accepted if refused[0] + 0.2 < at < refused[0] + 2.0]
    assert during == [], f"{len(during)} messages went out during the retry_after"
    assert collections.Counter(chat for _, chat in accepted) == dict.fromkeys(chats, 1)
