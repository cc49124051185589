"""What `bench_reminders.py` measures, each phase run in a child process of its own.

The SQLite files of pending or due reminders, our scheduler and APScheduler 3's memory store
idling with them (start-up, RSS) and working through a burst of due ones (rate, longest
event-loop stall), and the small tools those phases share.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil


def rss_mb() -> float:
    """Return this process's resident set size in MB, after a garbage collection."""
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


class StallWatch:
    """A timer task that wakes every 5 ms and records how late it woke."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start watching the running loop."""
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> float:
        """Stop and return the longest stall in milliseconds."""
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        return self.worst * 1000

    async def _watch(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, time.perf_counter() - before - 0.005)


class NoopSender:
    """A platform that accepts everything instantly."""

    platform = "bench"

    def __init__(self) -> None:
        self.count = 0

    async def send(self, chat_id: str, messages: Sequence[object]) -> None:
        """Count and return."""
        self.count += 1


# --- preparation -------------------------------------------------------------------------


async def prepare(path: Path, count: int, due_in_past: bool) -> None:
    """Create a migrated SQLite file holding `count` pending reminders."""
    from sqlalchemy import insert

    from bot.storage.database import create_engine
    from bot.storage.models import User
    from bot.storage.reminder_models import Reminder
    from bot.storage.schema import upgrade

    engine = create_engine(f"sqlite:///{path}")
    await upgrade(engine)
    now = datetime.now(UTC)
    users = 1000
    async with engine.begin() as conn:
        await conn.execute(insert(User), [{"created_at": now} for _ in range(users)])
        rows = []
        for i in range(count):
            offset = (
                -timedelta(seconds=1 + i % 3600)
                if due_in_past
                else timedelta(days=1 + i % 60, seconds=i)
            )
            rows.append(
                {
                    "user_id": 1 + i % users,
                    "platform": "bench",
                    "chat_id": str(i % users),
                    "text": f"book NBME {i % 30}",
                    "due_at": now + offset,
                    "tz": "Africa/Cairo",
                    "kind": "personal",
                    "status": "pending",
                    "attempts": 0,
                    "late": False,
                    "created_at": now,
                }
            )
            if len(rows) == 10_000:
                await conn.execute(insert(Reminder.__table__), rows)
                rows = []
        if rows:
            await conn.execute(insert(Reminder.__table__), rows)
    await engine.dispose()


# --- child phases --------------------------------------------------------------------------


async def ours_idle(path: str) -> dict[str, float]:
    """Open the database, find the next wake, idle a moment; report start-up and RSS."""
    from bot.reminders.scheduler import Scheduler
    from bot.storage.database import create_engine

    started = time.perf_counter()
    engine = create_engine(f"sqlite:///{path}")
    scheduler = Scheduler(engine, {"bench": NoopSender()}, worker_id="bench")
    # What `run` does first: send anything overdue, then plan the next wake.
    await scheduler.run_due()
    await scheduler.next_wake()
    ready = time.perf_counter() - started
    task = asyncio.create_task(scheduler.run())
    await asyncio.sleep(0.5)
    rss = rss_mb()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await engine.dispose()
    return {"startup_s": ready, "rss_mb": rss}


async def aps_idle(count: int) -> dict[str, float]:
    """Load `count` future jobs into APScheduler's memory store and start it."""
    scheduler = _aps()
    now = datetime.now(UTC)
    started = time.perf_counter()
    for i in range(count):
        scheduler.add_job(
            _job,
            "date",
            run_date=now + timedelta(days=1 + i % 60, seconds=i),
            args=[str(i % 1000), f"book NBME {i % 30}"],
            id=str(i),
        )
    scheduler.start()
    await asyncio.sleep(0)
    ready = time.perf_counter() - started
    await asyncio.sleep(0.5)
    rss = rss_mb()
    scheduler.shutdown(wait=False)
    return {"startup_s": ready, "rss_mb": rss}


async def ours_burst(path: str, count: int, settle: bool) -> dict[str, float]:
    """Claim and hand `count` due reminders to a no-op sender; time it and watch the loop."""
    from bot.heap import settle_heap
    from bot.reminders.scheduler import Scheduler
    from bot.storage.database import create_engine

    if settle:
        settle_heap()

    engine = create_engine(f"sqlite:///{path}")
    sender = NoopSender()
    scheduler = Scheduler(engine, {"bench": sender}, worker_id="bench", batch_size=500)
    async with engine.connect():  # open the pool first: time the work, not the connect
        pass
    watch = StallWatch()
    watch.start()
    started = time.perf_counter()
    delivered = await scheduler.run_due()
    elapsed = time.perf_counter() - started
    stall = await watch.stop()
    await engine.dispose()
    assert delivered == sender.count == count, (delivered, sender.count)
    return {"seconds": elapsed, "rate_per_s": count / elapsed, "stall_ms": stall}


async def aps_burst(count: int, settle: bool) -> dict[str, float]:
    """Fire `count` due jobs from APScheduler's memory store; time it and watch the loop."""
    from bot.heap import settle_heap

    if settle:
        settle_heap()
    scheduler = _aps()
    now = datetime.now(UTC) - timedelta(seconds=1)
    done = asyncio.Event()
    state = {"n": 0}

    async def job(chat_id: str, text: str) -> None:
        state["n"] += 1
        if state["n"] == count:
            done.set()

    for i in range(count):
        scheduler.add_job(
            job,
            "date",
            run_date=now - timedelta(seconds=i % 3600),
            args=[str(i % 1000), f"book NBME {i % 30}"],
            id=str(i),
        )
    watch = StallWatch()
    watch.start()
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    scheduler.start()
    await asyncio.wait_for(done.wait(), timeout=600)
    elapsed = time.perf_counter() - started
    stall = await watch.stop()
    scheduler.shutdown(wait=False)
    return {"seconds": elapsed, "rate_per_s": count / elapsed, "stall_ms": stall}


async def _job(chat_id: str, text: str) -> None:
    """A no-op job, like handing a reminder to a sender that accepts at once."""


def _aps():  # type: ignore[no-untyped-def]
    from apscheduler.executors.asyncio import AsyncIOExecutor
    from apscheduler.jobstores.memory import MemoryJobStore
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    # No misfire grace limit and no coalescing: every due job runs, as every reminder must.
    return AsyncIOScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": AsyncIOExecutor()},
        job_defaults={"misfire_grace_time": None, "coalesce": False, "max_instances": 1},
        timezone=UTC,
    )
