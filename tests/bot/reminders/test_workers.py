"""Separate worker processes: a killed worker loses nothing; two workers never double-send."""

from __future__ import annotations

import asyncio
import collections
import signal
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import create_engine
from bot.storage.reminder_models import Reminder
from bot.storage.schema import upgrade
from tests.bot.reminders.conftest import make_user
from tests.conftest import eventually

WORKER = Path(__file__).with_name("worker_proc.py")
T = Reminder.__table__


async def fill(engine: AsyncEngine, count: int) -> None:
    """Store `count` due reminders, each to its own chat so deliveries can be counted."""
    user = await make_user(engine)
    due = datetime.now(UTC) - timedelta(seconds=1)
    rows = [
        {
            "user_id": user,
            "platform": "test",
            "chat_id": str(i),
            "text": f"task {i}",
            "due_at": due,
            "tz": "UTC",
            "kind": "personal",
            "status": "pending",
            "attempts": 0,
            "late": False,
            "created_at": due,
        }
        for i in range(count)
    ]
    async with engine.begin() as conn:
        for start in range(0, count, 5000):
            await conn.execute(insert(T), rows[start : start + 5000])


async def spawn(url: str, worker: str, out: Path, *extra: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(WORKER),
        url,
        worker,
        str(out),
        *extra,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: asyncio.subprocess.Process) -> None:
    async with asyncio.timeout(60):
        _, err = await process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]


def delivered(*files: Path) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    for path in files:
        if path.exists():
            counts.update(path.read_text().split())
    return counts


async def pending_count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        query = select(func.count()).select_from(T).where(T.c.status != "sent")
        return int(await conn.scalar(query) or 0)


async def test_a_killed_worker_loses_nothing(sqlite_url: str, tmp_path: Path) -> None:
    """SIGKILL mid-burst, then a new worker: every reminder arrives; repeats only in flight."""
    engine = create_engine(sqlite_url)
    await upgrade(engine)
    await fill(engine, 2000)
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    victim = await spawn(
        sqlite_url,
        "victim",
        first,
        "--forever",
        "--lease",
        "1",
        "--delay",
        "0.002",
        "--batch",
        "50",
    )
    # Let it get well into the work (a real process on real time; the guard only fails).
    await eventually(lambda: sum(delivered(first).values()) >= 300, within=30)
    victim.send_signal(signal.SIGKILL)
    await victim.wait()
    before_kill = sum(delivered(first).values())
    assert before_kill < 2000, "the worker finished before it could be killed"

    await finish(await spawn(sqlite_url, "heir", second, "--lease", "1", "--batch", "50"))
    counts = delivered(first, second)
    assert set(counts) == {str(i) for i in range(2000)}  # nothing lost
    repeats = sum(n - 1 for n in counts.values())
    # Only rows the platform accepted but the dead worker had not yet marked come twice:
    # at most the rows in flight (one claim batch).
    assert repeats <= 50
    assert await pending_count(engine) == 0
    await engine.dispose()


async def test_two_workers_on_postgres_send_each_reminder_once(
    postgres_url: str, tmp_path: Path
) -> None:
    """Two `run` processes sharing PostgreSQL deliver 10,000 due reminders exactly once."""
    engine = create_engine(postgres_url)
    await upgrade(engine)
    await fill(engine, 10_000)
    outs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    start = f"{time.time() + 2.0:.3f}"  # both start claiming at the same moment
    workers = [
        await spawn(postgres_url, f"worker-{i}", out, "--start-at", start, "--batch", "200")
        for i, out in enumerate(outs)
    ]
    for process in workers:
        await finish(process)
    counts = delivered(*outs)
    assert len(counts) == 10_000
    assert max(counts.values()) == 1  # exactly once
    per_worker = [sum(delivered(out).values()) for out in outs]
    assert all(n > 0 for n in per_worker), per_worker  # both really worked
    assert await pending_count(engine) == 0
    await engine.dispose()
