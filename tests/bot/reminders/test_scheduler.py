"""The scheduler: on time, after a restart, after a dead worker, for blocked users, across DST."""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.reminders.ratelimit import RateLimit
from bot.reminders.scheduler import Scheduler
from tests.bot.reminders.conftest import RecordingSender, add_row, make_user, row
from tests.conftest import eventually
from tests.fakes.virtual_time import VirtualTime


@pytest.fixture
def vt(virtual_time: VirtualTime, sender: RecordingSender) -> VirtualTime:
    """Virtual time for the scheduler and the sender's record of when it was called."""
    sender.clock = virtual_time.monotonic
    return virtual_time


@asynccontextmanager
async def running(scheduler: Scheduler) -> AsyncIterator[Scheduler]:
    task = asyncio.create_task(scheduler.run())
    try:
        yield scheduler
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def scheduler_for(
    engine: AsyncEngine, sender: RecordingSender, vt: VirtualTime, **kwargs: object
) -> Scheduler:
    time: dict[str, object] = {"clock": vt.now, "sleep": vt.sleep, "monotonic": vt.monotonic}
    return Scheduler(
        engine,
        {"test": sender},
        # No heartbeat unless a test is about it: its sleeps would stand among the wakes
        # these tests read.
        **({"worker_id": "w1", "heartbeat": None} | time | kwargs),  # type: ignore[arg-type]
    )


async def test_a_reminder_added_while_running_arrives_on_time(engine, sender, vt):
    """A reminder due in 0.6 s arrives within a second of its time, not at the next poll."""
    user = await make_user(engine)
    idle = timedelta(seconds=30)
    async with running(scheduler_for(engine, sender, vt, max_idle=idle)) as sch:
        await vt.sleeping(until=vt.now() + idle)  # the scheduler is asleep with nothing to do
        due = vt.now() + timedelta(seconds=0.6)
        await add_row(engine, user_id=user, due_at=due)
        sch.poke(due)
        await vt.sleeping(until=due)  # poked, it now sleeps until exactly that time
        await vt.advance_to(due)
        await sender.wait_for(1)
        await vt.sleeping()  # the round is over (the row marked): asleep again
    lateness = sender.deliveries[0].at - (due - vt.start).total_seconds()
    assert lateness < 1.0
    assert lateness == 0
    assert "email Dr. Lee" in sender.deliveries[0].messages[0].text
    assert "Late" not in sender.deliveries[0].messages[0].text


async def test_scheduler_sleeps_until_the_nearest_row(engine, sender, vt):
    """With a reminder already stored, the scheduler wakes for it without being poked."""
    user = await make_user(engine)
    due = vt.now() + timedelta(seconds=0.8)
    rid = await add_row(engine, user_id=user, due_at=due)
    async with running(scheduler_for(engine, sender, vt, max_idle=timedelta(seconds=30))):
        await vt.sleeping(until=due)
        assert vt.wakeups() == [due]
        await vt.advance_to(due)
        await sender.wait_for(1)
        await vt.sleeping()  # the round is over (the row marked): asleep again
    assert (vt.now() - due).total_seconds() < 1.0
    assert sender.deliveries[0].at == (due - vt.start).total_seconds()
    assert (await row(engine, rid)).status == "sent"


async def test_overdue_reminders_are_sent_once_and_marked_late(engine, sender, vt):
    """After downtime, a missed one-off is sent once with a late note."""
    user = await make_user(engine)
    rid = await add_row(engine, user_id=user, due_at=vt.now() - timedelta(hours=2))
    scheduler = scheduler_for(engine, sender, vt)
    assert await scheduler.run_due() == 1
    assert await scheduler.run_due() == 0
    assert len(sender.deliveries) == 1
    assert "Late: this was due" in sender.deliveries[0].messages[0].text
    stored = await row(engine, rid)
    assert (stored.status, stored.late, stored.claimed_by) == ("sent", True, None)


async def test_a_recurring_reminder_fires_once_after_missing_several(engine, sender, vt):
    """A daily reminder missed for three days fires once and moves to its next future time."""
    user = await make_user(engine)
    rule = "DTSTART:20250101T190000\nRRULE:FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0"
    three_days_ago = vt.now() - timedelta(days=3)
    rid = await add_row(engine, user_id=user, due_at=three_days_ago, rrule=rule)
    scheduler = scheduler_for(engine, sender, vt)
    assert await scheduler.run_due() == 1
    assert await scheduler.run_due() == 0
    stored = await row(engine, rid)
    assert stored.status == "pending"
    assert vt.now() < stored.due_at <= vt.now() + timedelta(days=1)
    assert stored.due_at.astimezone(UTC).hour == 19
    assert "Next time:" in sender.deliveries[0].messages[0].text


async def test_a_dead_workers_claim_is_retried_after_its_lease(engine, sender, vt):
    """A row claimed by a worker that died is sent once its lease runs out, not before."""
    user = await make_user(engine)
    lease_end = vt.now() + timedelta(seconds=1.0)
    rid = await add_row(
        engine,
        user_id=user,
        due_at=vt.now() - timedelta(seconds=5),
        claimed_by="dead-worker",
        lease_until=lease_end,
    )
    async with running(scheduler_for(engine, sender, vt)):
        await vt.sleeping(until=lease_end)  # not the 5 s poll: it knows when the lease ends
        assert sender.deliveries == []
        await vt.advance_to(lease_end)
        await sender.wait_for(1)
        await vt.sleeping()  # the round is over (the row marked): asleep again
    assert vt.now() >= lease_end
    assert len(sender.deliveries) == 1
    assert (await row(engine, rid)).status == "sent"


async def test_a_blocked_user_is_paused_not_retried(engine, sender, vt):
    """Unreachable pauses every reminder of that chat; other chats still get theirs."""
    user = await make_user(engine)
    past = vt.now() - timedelta(seconds=1)
    blocked = [await add_row(engine, user_id=user, chat_id="gone", due_at=past) for _ in range(3)]
    later = await add_row(engine, user_id=user, chat_id="gone", due_at=vt.now() + timedelta(days=1))
    fine = await add_row(engine, user_id=user, chat_id="here", due_at=past)
    sender.blocked.add("gone")
    scheduler = scheduler_for(engine, sender, vt)
    await scheduler.run_due()
    await scheduler.run_due()
    assert len(sender.refused) == 1  # one attempt, then the chat is paused
    assert {(await row(engine, r)).status for r in [*blocked, later]} == {"paused"}
    assert (await row(engine, fine)).status == "sent"
    assert await scheduler._queue.next_wake(["test"], vt.now()) is None


async def test_a_failed_send_is_retried_later_not_lost(engine, sender, vt):
    """A transient platform error keeps the reminder, backs off, and delivers on retry."""
    user = await make_user(engine)
    rid = await add_row(engine, user_id=user, chat_id="flaky", due_at=vt.now())
    sender.flaky["flaky"] = 1
    scheduler = scheduler_for(engine, sender, vt)
    assert await scheduler.run_due() == 0
    stored = await row(engine, rid)
    assert (stored.status, stored.attempts, stored.claimed_by) == ("pending", 1, None)
    assert stored.lease_until > vt.now()  # not before the back-off
    later = stored.lease_until + timedelta(seconds=1)
    assert await scheduler_for(engine, sender, vt, clock=lambda: later).run_due() == 1


async def test_a_daily_reminder_stays_at_1900_local_across_dst(engine, sender, vt):
    """Delivered the evening before DST starts, the next one is 19:00 New York time again."""
    user = await make_user(engine)
    ny = ZoneInfo("America/New_York")
    rule = "DTSTART:20250301T190000\nRRULE:FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0"
    first = datetime(2025, 3, 8, 19, 0, tzinfo=ny)
    rid = await add_row(engine, user_id=user, due_at=first, tz="America/New_York", rrule=rule)
    clock: Callable[[], datetime] = lambda: first.astimezone(UTC) + timedelta(seconds=2)  # noqa: E731
    assert await scheduler_for(engine, sender, vt, clock=clock).run_due() == 1
    following = (await row(engine, rid)).due_at
    assert following.astimezone(ny) == datetime(2025, 3, 9, 19, 0, tzinfo=ny)
    assert following - first.astimezone(UTC) == timedelta(hours=23)  # the clocks sprang ahead


async def test_a_cancel_during_delivery_wins(engine, sender, vt):
    """Cancelling a recurring reminder while it is being sent stops the series."""
    user = await make_user(engine)
    rule = "DTSTART:20250101T090000\nRRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0"
    rid = await add_row(engine, user_id=user, due_at=vt.now(), rrule=rule)
    from bot.reminders.store import ReminderStore

    async def cancel_midway(chat_id, messages):  # type: ignore[no-untyped-def]
        await ReminderStore(engine).cancel(user, rid)

    sender.send = cancel_midway  # type: ignore[method-assign]
    await scheduler_for(engine, sender, vt).run_due()
    assert (await row(engine, rid)).status == "cancelled"


async def test_per_chat_pacing_spaces_messages_to_one_chat(engine, sender, vt):
    """With a 1-per-interval chat limit, five reminders to one chat are spread out."""
    user = await make_user(engine)
    for _ in range(5):
        await add_row(engine, user_id=user, chat_id="busy", due_at=vt.now())
    limits = {"test": RateLimit(per_second=1000, chat_interval=0.1)}
    started = vt.monotonic()
    assert await vt.run(scheduler_for(engine, sender, vt, limits=limits).run_due()) == 5
    times = [d.at for d in sender.deliveries]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.09
    assert vt.monotonic() - started >= 0.4
    assert gaps == pytest.approx([0.1] * 4)  # one chat interval apart, no more


async def test_only_platforms_with_a_sender_are_claimed(engine, sender, vt):
    """A worker without a Discord sender leaves Discord reminders for a worker that has one."""
    user = await make_user(engine)
    other = await add_row(engine, user_id=user, platform="discord", due_at=vt.now())
    assert await scheduler_for(engine, sender, vt).run_due() == 0
    assert (await row(engine, other)).claimed_by is None


async def test_a_claim_running_out_while_paced_is_given_back_not_sent_late(engine, sender, vt):
    """Rows whose lease would expire while they wait for the chat's turn are released and
    sent by a later claim, each exactly once."""
    user = await make_user(engine)
    ids = [
        await add_row(engine, user_id=user, chat_id="busy", text=f"task {i}", due_at=vt.now())
        for i in range(6)
    ]
    limits = {"test": RateLimit(per_second=1000, chat_interval=0.1)}
    scheduler = scheduler_for(engine, sender, vt, limits=limits, lease=timedelta(seconds=0.4))
    first_round = await vt.run(scheduler.run_due())
    assert 0 < first_round < 6  # the lease ran short before the chat's turn came
    assert first_round == 3  # sent at 0, 0.1, 0.2 s; at 0.3 s only a quarter lease is left
    for _ in range(5):
        if len(sender.deliveries) == 6:
            break
        await vt.run(scheduler.run_due())
    texts = [d.messages[0].text for d in sender.deliveries]
    assert sorted(texts) == sorted(f"**Reminder:** task {i}" for i in range(6))
    assert {(await row(engine, r)).status for r in ids} == {"sent"}


async def _exited_pid() -> int:
    """The pid of a process that has just exited (a worker killed a moment ago)."""
    gone = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await gone.wait()
    return gone.pid


async def test_a_restart_takes_back_the_dead_workers_claims_at_once(engine, sender, vt):
    """Claims of this host's dead worker (and of a previous run with this worker's own id)
    are sent at once after a restart, not after their 2-minute leases; a live one's wait."""
    user = await make_user(engine)
    host = socket.gethostname()
    me = f"{host}:{os.getpid()}"
    alive = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(60)"
    )
    try:
        lease_end = vt.now() + timedelta(minutes=2)
        holders = {
            "dead": f"{host}:{await _exited_pid()}",
            "me": me,
            "alive": f"{host}:{alive.pid}",
            "elsewhere": f"other-host:{os.getpid()}",
        }
        rows = {
            name: await add_row(
                engine,
                user_id=user,
                chat_id=name,
                due_at=vt.now() - timedelta(seconds=5),
                claimed_by=holder,
                lease_until=lease_end,
            )
            for name, holder in holders.items()
        }
        async with running(scheduler_for(engine, sender, vt, worker_id=me)):
            await sender.wait_for(2)
            await vt.sleeping()
        assert vt.now() < lease_end
        assert sorted(d.chat_id for d in sender.deliveries) == ["dead", "me"]
        for name in ("alive", "elsewhere"):
            assert (await row(engine, rows[name])).status == "pending"
    finally:
        alive.kill()
        await alive.wait()


async def test_a_worker_whose_heartbeat_stopped_loses_its_claims_before_their_lease(
    engine, sender, vt
):
    """Another host's worker silent for 60 s (while this one kept beating) is gone: its
    claim is sent then, not when its 2-minute lease ends."""
    from sqlalchemy import insert

    from bot.storage.reminder_models import Worker

    user = await make_user(engine)
    lease_end = vt.now() + timedelta(minutes=2)
    async with engine.begin() as conn:
        await conn.execute(
            insert(Worker.__table__).values(
                worker_id="other-host:7", heartbeat_at=vt.now() - timedelta(seconds=5)
            )
        )
    rid = await add_row(
        engine,
        user_id=user,
        due_at=vt.now() - timedelta(seconds=5),
        claimed_by="other-host:7",
        lease_until=lease_end,
    )
    started = vt.now()
    beating = {"worker_id": "this-host:1", "heartbeat": timedelta(seconds=10)}

    def both_asleep() -> bool:  # the rounds and the heartbeat: no database work in flight
        return len(vt.wakeups()) >= 2

    async with running(scheduler_for(engine, sender, vt, **beating)):
        await eventually(both_asleep)
        assert sender.deliveries == [], "not while it may still be alive"
        while not sender.deliveries:
            await vt.advance(5)
            await eventually(both_asleep)

        async def marked() -> bool:
            return (await row(engine, rid)).status == "sent"

        await eventually(marked)  # the heartbeat sleeps too: wait for the mark itself
    assert vt.now() - started >= timedelta(seconds=60) and vt.now() < lease_end


async def test_a_failed_round_logs_no_chat_id_or_statement_value(engine, sender, vt, caplog):
    """A statement the database refuses is logged by class and frames: the chat id it was
    bound with is neither in the error's text nor in the log."""
    import logging

    from sqlalchemy import text

    chat = "".join(["chat-", "7384", "920111"])  # as data, so only a leak matches
    async with engine.begin() as conn:  # a schema the statements no longer fit
        await conn.execute(text("ALTER TABLE reminders RENAME COLUMN tz TO tz_gone"))
    scheduler = scheduler_for(engine, sender, vt, only_chats={"test": chat})
    with pytest.raises(Exception) as failed:
        await scheduler.run_due()
    assert chat not in str(failed.value)
    caplog.set_level(logging.DEBUG, logger="bot")  # ours; libraries are pinned in bot/logs.py
    async with running(scheduler):
        await vt.sleeping()  # the round failed and the loop waits to try again
    assert "reminder scheduler round failed" in caplog.text
    assert chat not in caplog.text
