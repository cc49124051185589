"""Benchmark scale-out on PostgreSQL: reply latency with one worker and two, and fan-out.

    BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_scale.py
    ... bench/bench_scale.py --users 300 --arrival 10 --turns 4 --reminders 3000 --rate 300

Latency: `--users` people arrive within `--arrival` seconds; each types the first `--turns`
messages of the interview, `--think` seconds after each reply. Workers are separate
processes, each its own `open_app` on one fresh database (user lock, fresh session reads,
shared send budget: as `run` is on PostgreSQL); people are dealt to the workers in turn.
For every turn it records the advisor's own time (Advisor.handle: lock, reads, the turn,
the commit) and, apart, the platform's pacing: the wait for send slots for the turn's
replies from the workers' shared budget at the platform's limit (Telegram 30/s overall,
Discord 40/s as configured). The adapters' own cost is what bench_telegram.py and
bench_discord.py measure.

Fan-out: `--reminders` season milestones due now, to as many chats, delivered by the real
Scheduler through the shared budget at `--rate` per second (a recording sender stands in
for the platform), by one worker and by two: time against the physical limit
(reminders / rate), and each worker's peak RSS. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.interview_script

from _answers import ANSWERS
from _postgres import ENV, database_for_run

LIMITS = {"telegram": 30.0, "discord": 40.0}


def percentile(values: Sequence[float], share: float) -> float:
    """Return the value below which `share` of the values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# -- latency -------------------------------------------------------------------------------


def latency_worker(
    url: str,
    platform: str,
    people: list[tuple[int, float]],
    args: Any,
    start_at: float,
    conn: Connection,
) -> None:
    """One worker process: serve its people; send back (own, pacing) seconds per turn."""
    asyncio.run(_latency_worker(url, platform, people, args, start_at, conn))


async def _latency_worker(
    url: str,
    platform: str,
    people: list[tuple[int, float]],
    args: Any,
    start_at: float,
    conn: Connection,
) -> None:
    from bot.app import open_app
    from bot.core.messages import ChatKind, Incoming
    from bot.reminders.ratelimit import RateLimit
    from bot.storage.rate_budget import SharedBudget

    texts = ["hi", *ANSWERS][: args.turns]
    async with open_app(url) as app:
        budget = SharedBudget(app.engine, platform, RateLimit(per_second=LIMITS[platform]))
        own: list[float] = []
        pacing: list[float] = []

        async def person(number: int, arrives: float) -> None:
            await asyncio.sleep(max(0.0, start_at + arrives - time.time()))
            for typed in texts:
                incoming = Incoming(
                    platform, f"u{number}", f"c{number}", ChatKind.PRIVATE, text=typed
                )
                began = time.perf_counter()
                replies = await app.advisor.handle(incoming)
                handled = time.perf_counter()
                for _ in replies:
                    async with budget.slot(f"c{number}"):
                        pass
                own.append(handled - began)
                pacing.append(time.perf_counter() - handled)
                await asyncio.sleep(args.think)

        await asyncio.gather(*(person(n, at) for n, at in people))
    conn.send((own, pacing))


def run_latency(url: str, platform: str, workers: int, args: Any) -> None:
    """Deal the people to `workers` processes, run them from a common start, print figures."""
    ctx = multiprocessing.get_context("spawn")
    arrivals = [(n, args.arrival * n / args.users) for n in range(args.users)]
    start_at = time.time() + 8.0  # every worker has loaded knowledge and migrated by then
    pipes, processes = [], []
    for w in range(workers):
        ours, theirs = ctx.Pipe()
        share = arrivals[w::workers]
        process = ctx.Process(
            target=latency_worker, args=(url, platform, share, args, start_at, theirs)
        )
        process.start()
        pipes.append(ours)
        processes.append(process)
    own: list[float] = []
    pacing: list[float] = []
    for pipe in pipes:
        mine, waited = pipe.recv()
        own += mine
        pacing += waited
    for process in processes:
        process.join()
    total = [a + b for a, b in zip(own, pacing, strict=True)]

    def ms(values: list[float], share: float) -> str:
        return f"{percentile(values, share) * 1000:7.1f} ms"

    print(
        f"  {platform:<8} {workers} worker(s) {len(own):5d} turns  "
        f"own p50 {ms(own, 0.5)} p99 {ms(own, 0.99)} | "
        f"pacing p50 {ms(pacing, 0.5)} p99 {ms(pacing, 0.99)} | "
        f"update->reply p50 {ms(total, 0.5)} p99 {ms(total, 0.99)}",
        flush=True,
    )


# -- fan-out -------------------------------------------------------------------------------


class CountingSender:
    """Accepts every message at once, as a platform answering 200 instantly would."""

    platform = "test"

    def __init__(self) -> None:
        self.sent = 0
        self.first = 0.0
        self.last = 0.0

    async def send(self, chat_id: str, messages: Sequence[Any]) -> None:
        """Count the delivery."""
        now = time.perf_counter()
        self.first = self.first or now
        self.last = now
        self.sent += 1


def fanout_worker(url: str, rate: float, start_at: float, conn: Connection) -> None:
    """One worker process: deliver until nothing is due; send back its figures."""
    asyncio.run(_fanout_worker(url, rate, start_at, conn))


async def _fanout_worker(url: str, rate: float, start_at: float, conn: Connection) -> None:
    import psutil
    from sqlalchemy import func, select

    from bot.reminders.ratelimit import RateLimit
    from bot.reminders.scheduler import Scheduler
    from bot.storage.database import create_engine
    from bot.storage.rate_budget import send_pacers
    from bot.storage.reminder_models import Reminder

    engine = create_engine(url)
    limit = {"test": RateLimit(per_second=rate, chat_interval=1.0)}
    sender = CountingSender()
    scheduler = Scheduler(
        engine,
        {"test": sender},
        worker_id=f"w{os.getpid()}",
        limits=limit,
        pacers=send_pacers(engine, limit),
        batch_size=200,
        concurrency=8,
    )
    me = psutil.Process()
    rss_start = me.memory_info().rss
    peak = rss_start
    pending = select(func.count()).select_from(Reminder).where(Reminder.status == "pending")
    await asyncio.sleep(max(0.0, start_at - time.time()))
    while True:
        if await scheduler.run_due() == 0:
            async with engine.connect() as c:
                if not await c.scalar(pending):
                    break
            await asyncio.sleep(0.05)  # the rest is claimed by the other worker
        peak = max(peak, me.memory_info().rss)
    await engine.dispose()
    conn.send((sender.sent, sender.first, sender.last, rss_start, peak))


async def fill_reminders(url: str, count: int) -> None:
    """Store `count` season milestones due now, each to its own chat."""
    from sqlalchemy import insert

    from bot.storage.database import create_engine
    from bot.storage.models import User
    from bot.storage.reminder_models import Reminder
    from bot.storage.schema import upgrade

    engine = create_engine(url)
    await upgrade(engine)
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        user = (await conn.execute(insert(User).values(created_at=now))).inserted_primary_key[0]
        due = now - timedelta(seconds=1)
        rows = [
            {
                "user_id": user,
                "platform": "test",
                "chat_id": str(i),
                "text": "ERAS opens",
                "due_at": due,
                "tz": "UTC",
                "kind": "milestone",
                "status": "pending",
                "attempts": 0,
                "late": False,
                "created_at": due,
            }
            for i in range(count)
        ]
        for start in range(0, count, 5000):
            await conn.execute(insert(Reminder.__table__), rows[start : start + 5000])
    await engine.dispose()


def run_fanout(url: str, workers: int, args: Any) -> None:
    """Fill the database, deliver with `workers` processes, print time and memory."""
    asyncio.run(fill_reminders(url, args.reminders))
    ctx = multiprocessing.get_context("spawn")
    start_at = time.time() + 5.0
    pipes = []
    processes = []
    for _ in range(workers):
        ours, theirs = ctx.Pipe()
        process = ctx.Process(target=fanout_worker, args=(url, args.rate, start_at, theirs))
        process.start()
        pipes.append(ours)
        processes.append(process)
    results = [pipe.recv() for pipe in pipes]
    for process in processes:
        process.join()
    sent = sum(r[0] for r in results)
    first = min(r[1] for r in results if r[0])
    last = max(r[2] for r in results)
    elapsed = last - first
    physical = (sent - 1) / args.rate
    rss = ", ".join(f"{r[3] / 2**20:.0f}->{r[4] / 2**20:.0f} MB" for r in results)
    print(
        f"  {workers} worker(s): {sent} reminders in {elapsed:6.2f} s at {args.rate:.0f}/s "
        f"(physical limit {physical:6.2f} s): {physical / elapsed:.3f} of the limit; "
        f"RSS start->peak per worker: {rss}",
        flush=True,
    )


def main() -> None:
    """Parse arguments and run both parts on fresh PostgreSQL databases."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--arrival", type=float, default=10.0)
    parser.add_argument("--turns", type=int, default=4)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--reminders", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=300.0)
    parser.add_argument("--only", choices=("latency", "fanout"))
    args = parser.parse_args()
    if not os.environ.get(ENV):
        raise SystemExit(f"set {ENV} to a PostgreSQL server (a database is made per run)")

    async def fresh(part: Any, *part_args: Any) -> None:
        async with database_for_run("") as url:
            await asyncio.to_thread(part, url, *part_args)

    if args.only in (None, "latency"):
        print(
            f"latency: {args.users} people arriving within {args.arrival:.0f} s, "
            f"{args.turns} turns each, {args.think:.1f} s to answer",
            flush=True,
        )
        for platform in LIMITS:
            for workers in (1, 2):
                asyncio.run(fresh(run_latency, platform, workers, args))
    if args.only in (None, "fanout"):
        print(f"fan-out: {args.reminders} season reminders at {args.rate:.0f}/s", flush=True)
        for workers in (1, 2):
            asyncio.run(fresh(run_fanout, workers, args))


if __name__ == "__main__":
    main()
