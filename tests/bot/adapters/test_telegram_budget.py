"""Two worker processes on one PostgreSQL database share Telegram's send budget.

The issue's test: two workers fan out cohort and season reminders to 10,000 chats (a
cohort post to each of 2,000 groups, a season milestone to each of 8,000 people) while the
fake Bot API enforces the configured limits, overall per second and per chat, answering
429 past them. Together the workers must stay under them, send each message once, and
still use at least 0.9 of the overall limit, measured from the fake's receive times.

It is the same code path as `run` (the scheduler, the PostgreSQL budget, PTB) with a higher
configured limit: TELEGRAM_MESSAGES_PER_SECOND is RATE instead of Telegram's 30/s, and the
fake enforces RATE. A 429 to one worker pauses both.
"""

from __future__ import annotations

import asyncio
import collections
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.storage.database import create_engine
from bot.storage.models import User
from bot.storage.reminder_models import Reminder, ReminderKind
from bot.storage.schema import upgrade
from tests.fakes.telegram_server import FakeTelegram

WORKER = Path(__file__).with_name("telegram_budget_worker.py")
# The configured limit, and the one the fake enforces, chosen by measuring on a loaded
# 2-core machine: there two workers delivered 45-55 messages/s however high the limit
# (each message takes ~20 round trips to PostgreSQL: budget, claims, the milestone's note),
# so 40/s is the highest limit they reliably use 0.9 of. 10,000 chats take ~4.5 minutes.
RATE = 40.0
PEOPLE = 8000  # a season milestone each, in their private chat
GROUPS = 2000  # a cohort post each, in the group


def row(chat: int, kind: ReminderKind, user: int | None, due: datetime) -> dict[str, object]:
    """Return a due reminder row of one kind for one chat."""
    return {
        "user_id": user,
        "platform": "telegram",
        "chat_id": str(chat),
        "text": f"ERAS opens to programs ({kind.value} {chat})",
        "milestone_id": "2027:eras-opens",
        "due_at": due,
        "tz": "UTC",
        "kind": kind.value,
        "status": "pending",
        "attempts": 0,
        "late": False,
        "created_at": due,
    }


async def due_reminders(url: str, people: list[int], groups: list[int]) -> None:
    """Store a due season milestone for each person and a due cohort post for each group."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        due = datetime.now(UTC) - timedelta(seconds=1)
        async with engine.begin() as conn:
            users = await conn.execute(
                insert(User).returning(User.id), [{"created_at": due} for _ in people]
            )
            rows = [
                row(chat, ReminderKind.MILESTONE, user, due)
                for user, chat in zip(users.scalars(), people, strict=True)
            ]
            rows += [row(chat, ReminderKind.COHORT, None, due) for chat in groups]
            # Interleaved, as a day's milestones and cohort posts fall due together.
            rows.sort(key=lambda r: str(r["chat_id"])[-3:])
            await conn.execute(insert(Reminder.__table__), rows)
    finally:
        await engine.dispose()


async def two_workers(url: str, fake: FakeTelegram, rate: float, batch: int) -> None:
    """Run two worker processes, started together once both are ready, until none is pending."""
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(WORKER),
            url,
            fake.base_url,
            fake.token,
            f"w{n}",
            str(rate),
            str(batch),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for n in (1, 2)
    ]
    try:
        async with asyncio.timeout(600):
            for process in processes:
                assert process.stdout is not None
                ready = await process.stdout.readline()
                if ready.strip() != b"ready":
                    _, err = await process.communicate()
                    raise AssertionError(err.decode()[-3000:])
            for process in processes:
                assert process.stdin is not None
                process.stdin.write(b"go\n")
                await process.stdin.drain()
            # Together: a worker whose pipe nobody reads would stall on a full buffer.
            outputs = await asyncio.gather(*(p.communicate() for p in processes))
            for process, (_, err) in zip(processes, outputs, strict=True):
                assert process.returncode == 0, err.decode()[-3000:]
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()


def sends(fake: FakeTelegram) -> list[tuple[float, int]]:
    """Return (time, chat id) of every message the fake accepted."""
    return [
        (call.at, int(call.params["chat_id"]))
        for call in fake.calls_to("sendMessage")
        if call.status == 200
    ]


async def test_two_workers_fan_out_to_10000_chats_within_the_limits_and_use_them(
    fake_telegram: FakeTelegram, postgres_url: str
) -> None:
    """No 429, every chat's reminder once, and the pair sends at >= 0.9 of the limit."""
    people = [fake_telegram.private_chat(fake_telegram.user(f"u{i}")).id for i in range(PEOPLE)]
    groups = [fake_telegram.group(f"Cohort {i}").id for i in range(GROUPS)]
    await due_reminders(postgres_url, people, groups)
    # A second's worth of slack: on a loaded machine a worker held off the CPU for a moment
    # sends the slots it was given together. Going over the rate for longer still empties it.
    flood = fake_telegram.enforce_limits(RATE, burst=RATE)

    await two_workers(postgres_url, fake_telegram, RATE, 200)

    assert flood.refused == 0, "the fake refused sends: the workers went over the limit"
    accepted = sends(fake_telegram)
    assert collections.Counter(chat for _, chat in accepted) == dict.fromkeys(people + groups, 1)
    texts = {c.params["text"] for c in fake_telegram.calls_to("sendMessage") if c.status == 200}
    assert sum("cohort" in t for t in texts) == GROUPS
    elapsed = accepted[-1][0] - accepted[0][0]
    rate = (len(accepted) - 1) / elapsed
    print(f"{len(accepted)} messages in {elapsed:.1f} s: {rate:.1f}/s of {RATE:.0f}/s")  # -s
    assert rate >= 0.9 * RATE, f"{rate:.1f}/s is under 0.9 of the {RATE:.0f}/s budget"


async def test_a_429_to_one_worker_pauses_both(
    fake_telegram: FakeTelegram, postgres_url: str
) -> None:
    """Telegram's retry_after, told to one worker, holds every worker's sends."""
    people = [fake_telegram.private_chat(fake_telegram.user(f"u{i}")).id for i in range(120)]
    await due_reminders(postgres_url, people, [])
    fake_telegram.fail("sendMessage", 429, retry_after=2)

    await two_workers(postgres_url, fake_telegram, 50.0, 20)  # small claims: both take part

    refused = [c.at for c in fake_telegram.calls_to("sendMessage") if c.status == 429]
    assert len(refused) == 1
    accepted = sends(fake_telegram)
    # Sends given their slot before the 429 came may still land (on a loaded machine up to
    # half a second later); after that, silence.
    during = [at for at, _ in accepted if refused[0] + 0.5 < at < refused[0] + 2.0]
    assert during == [], f"{len(during)} messages went out during the retry_after"
    assert collections.Counter(chat for _, chat in accepted) == dict.fromkeys(people, 1)
