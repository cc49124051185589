"""Benchmark: 100,000 reminders in SQLite with our scheduler vs APScheduler 3's memory store.

    .venv/bin/python bench/bench_reminders.py [--count 100000]

Prints, side by side from one run:
- memory the pending reminders add to the process (RSS with N pending minus with none);
- start-up time with N pending (ours: open the database and find the next wake; APScheduler:
  load N jobs into its memory store and start);
- the rate at which N all-due reminders are claimed and handed to a no-op sender (ours) vs
  APScheduler firing N due jobs from memory;
- the longest event-loop stall during that burst, seen by a 5 ms timer task.

Each measurement runs in a fresh child process so RSS figures are not polluted by earlier
work. Nothing here is a pass/fail test; the targets are printed next to the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


def child(phase: str, path: str, count: int) -> None:
    """Run one phase and print its figures as JSON."""
    # Both sides pay for the same imports before anything is measured.
    import apscheduler  # noqa: F401

    import bot.reminders.scheduler
    import bot.storage.database  # noqa: F401

    phases = {
        "ours-idle": lambda: ours_idle(path),
        "aps-idle": lambda: aps_idle(count),
        "ours-burst": lambda: ours_burst(path, count, settle=False),
        "aps-burst": lambda: aps_burst(count, settle=False),
        "ours-burst-settled": lambda: ours_burst(path, count, settle=True),
        "aps-burst-settled": lambda: aps_burst(count, settle=True),
    }
    print(json.dumps(asyncio.run(phases[phase]())))


def run_child(phase: str, path: Path | str, count: int) -> dict[str, float]:
    """Run a phase in a fresh interpreter and return its figures."""
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--path", str(path), "--count", str(count)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Prepare the databases, run every phase and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--phase")
    parser.add_argument("--path", default="")
    args = parser.parse_args()
    if args.phase:
        child(args.phase, args.path, args.count)
        return
    n = args.count
    with tempfile.TemporaryDirectory() as tmp:
        empty, pending, due, due2 = (
            Path(tmp) / f"{name}.db" for name in ("empty", "pending", "due", "due2")
        )
        t0 = time.perf_counter()
        asyncio.run(prepare(empty, 0, False))
        asyncio.run(prepare(pending, n, False))
        asyncio.run(prepare(due, n, True))
        asyncio.run(prepare(due2, n, True))
        print(
            f"prepared SQLite files with 0 / {n:,} pending / 2 x {n:,} due reminders in "
            f"{time.perf_counter() - t0:.1f} s ({pending.stat().st_size / 2**20:.1f} MB each)\n"
        )
        ours0, ours_n = run_child("ours-idle", empty, 0), run_child("ours-idle", pending, n)
        aps0, aps_n = run_child("aps-idle", "", 0), run_child("aps-idle", "", n)
        ours_b, aps_b = run_child("ours-burst", due, n), run_child("aps-burst", "", n)
        ours_s = run_child("ours-burst-settled", due2, n)
        aps_s = run_child("aps-burst-settled", "", n)

    ours_mem, aps_mem = ours_n["rss_mb"] - ours0["rss_mb"], aps_n["rss_mb"] - aps0["rss_mb"]
    rows = [
        ("RSS with none pending (MB)", f"{ours0['rss_mb']:.1f}", f"{aps0['rss_mb']:.1f}"),
        (f"RSS with {n:,} pending (MB)", f"{ours_n['rss_mb']:.1f}", f"{aps_n['rss_mb']:.1f}"),
        ("memory the pending add (MB)", f"{ours_mem:.1f}", f"{aps_mem:.1f}"),
        (
            f"start-up with {n:,} pending (s)",
            f"{ours_n['startup_s']:.3f}",
            f"{aps_n['startup_s']:.3f}",
        ),
        ("start-up with none pending (s)", f"{ours0['startup_s']:.3f}", f"{aps0['startup_s']:.3f}"),
        (f"burst: {n:,} due, total (s)", f"{ours_b['seconds']:.2f}", f"{aps_b['seconds']:.2f}"),
        (
            "burst: rate (reminders/s)",
            f"{ours_b['rate_per_s']:,.0f}",
            f"{aps_b['rate_per_s']:,.0f}",
        ),
        ("burst: longest loop stall (ms)", f"{ours_b['stall_ms']:.1f}", f"{aps_b['stall_ms']:.1f}"),
        (
            "burst after settle_heap(): rate (/s)",
            f"{ours_s['rate_per_s']:,.0f}",
            f"{aps_s['rate_per_s']:,.0f}",
        ),
        (
            "burst after settle_heap(): stall (ms)",
            f"{ours_s['stall_ms']:.1f}",
            f"{aps_s['stall_ms']:.1f}",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'ours (SQLite)':>14}  {'APScheduler 3 (memory)':>22}")
    for label, ours, aps in rows:
        print(f"{label:{width}}  {ours:>14}  {aps:>22}")
    ratio = ours_mem / aps_mem if aps_mem > 0 else float("nan")
    print("\ntargets:")
    print(
        f"- memory at most 1/5 of APScheduler's: {ours_mem:.1f} MB vs {aps_mem:.1f} MB "
        f"(ratio {ratio:.3f}) -> {'met' if ours_mem <= aps_mem / 5 else 'NOT met'}"
    )
    met = ours_b["rate_per_s"] >= aps_b["rate_per_s"]
    print(
        f"- burst rate at least APScheduler's: {ours_b['rate_per_s']:,.0f}/s vs "
        f"{aps_b['rate_per_s']:,.0f}/s -> {'met' if met else 'NOT met'}"
    )
    print(
        f"- longest stall under 100 ms: {ours_b['stall_ms']:.1f} ms -> "
        f"{'met' if ours_b['stall_ms'] < 100 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
