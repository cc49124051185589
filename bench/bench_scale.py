"""Benchmark scale-out on PostgreSQL: reply latency with one worker and two, and fan-out.

    BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_scale.py           # the issue's sizes (over two hours)
    ... bench/bench_scale.py --only latency --users 200 --platforms telegram --latency-workers 2
    ... bench/bench_scale.py --only fanout --reminders 3000 --fanout-workers 2 --sample-every 10

Latency: `--users` people (1,000) arrive within `--arrival` seconds (10); each types the
first `--turns` messages of the interview, `--think` seconds after each reply. Workers are
separate processes, each its own `open_app` on one fresh database (user lock, fresh session
reads, shared send budget: as `run` is on PostgreSQL); people are dealt to the workers in
turn, and the workers start together once all have loaded. For every turn it records the
advisor's own time (Advisor.handle: lock, reads, the turn, the commit) and, apart, the
platform's pacing: the wait for send slots for the turn's replies from the workers' shared
budget at the platform's limit (Telegram 30/s overall, Discord 40/s as configured). The
adapters' own cost is what bench_telegram.py and bench_discord.py measure.

Fan-out: `--reminders` season milestones (100,000) due now, each to its own chat, delivered
at `--rate` per second (30, Telegram's physical limit) by `--fanout-workers` real worker
processes (tests/bot/adapters/telegram_budget_worker.py: the scheduler, the PostgreSQL send
budget and PTB, as `run` wires them) to the fake Bot API, which enforces the same limit
(429 past it) and records when each message arrived: the time against the physical limit
(reminders / rate), the 429s and chats sent twice, and each worker's RSS every
`--sample-every` seconds (flat memory is the target). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
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
    url: str, platform: str, people: list[tuple[int, float]], args: Any, conn: Connection
) -> None:
    """One worker process: serve its people; send back (own, pacing) seconds per turn."""
    asyncio.run(_latency_worker(url, platform, people, args, conn))


async def _latency_worker(
    url: str, platform: str, people: list[tuple[int, float]], args: Any, conn: Connection
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
        conn.send("ready")  # knowledge loaded, database migrated
        start_at = float(await asyncio.to_thread(conn.recv))  # the same start for every worker

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


def receive(pipe: Connection, process: Any) -> Any:
    """Return the next thing a worker sends; fail if the worker died instead."""
    while not pipe.poll(1.0):
        if not process.is_alive():
            raise SystemExit(f"a worker died (exit code {process.exitcode}); see above")
    return pipe.recv()


def run_latency(url: str, platform: str, workers: int, args: Any) -> None:
    """Deal the people to `workers` processes, run them from a common start, print figures."""
    ctx = multiprocessing.get_context("spawn")
    arrivals = [(n, args.arrival * n / args.users) for n in range(args.users)]
    pipes, processes = [], []
    for w in range(workers):
        ours, theirs = ctx.Pipe()
        share = arrivals[w::workers]
        process = ctx.Process(target=latency_worker, args=(url, platform, share, args, theirs))
        process.start()
        pipes.append(ours)
        processes.append(process)
    for pipe, process in zip(pipes, processes, strict=True):  # all loaded: start together
        assert receive(pipe, process) == "ready"
    start_at = time.time() + 0.5
    for pipe in pipes:
        pipe.send(start_at)
    own: list[float] = []
    pacing: list[float] = []
    for pipe, process in zip(pipes, processes, strict=True):
        mine, waited = receive(pipe, process)
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

WORKER = Path(__file__).resolve().parents[1] / "tests/bot/adapters/telegram_budget_worker.py"


async def fill_reminders(url: str, chat_ids: list[int]) -> None:
    """Store one season milestone due now for each chat, as subscriptions arm them."""
    from sqlalchemy import insert

    from bot.storage.database import create_engine
    from bot.storage.models import User
    from bot.storage.reminder_models import Reminder
    from bot.storage.schema import upgrade

    engine = create_engine(url)
    await upgrade(engine)
    now = datetime.now(UTC)
    due = now - timedelta(seconds=1)
    async with engine.begin() as conn:
        for start in range(0, len(chat_ids), 5000):
            chunk = chat_ids[start : start + 5000]
            users = await conn.execute(
                insert(User).returning(User.id), [{"created_at": now} for _ in chunk]
            )
            rows = [
                {
                    "user_id": user,
                    "platform": "telegram",
                    "chat_id": str(chat),
                    "text": "ERAS opens to programs — Wed 1 Sep 2027",
                    "milestone_id": "2027:eras-opens",
                    "due_at": due,
                    "tz": "UTC",
                    "kind": "milestone",
                    "status": "pending",
                    "attempts": 0,
                    "late": False,
                    "created_at": due,
                }
                for user, chat in zip(users.scalars(), chunk, strict=True)
            ]
            await conn.execute(insert(Reminder.__table__), rows)
    await engine.dispose()


def rss_mb(pid: int) -> float:
    """Return a live process's resident memory in MB (0 once it has exited)."""
    import psutil

    try:
        return float(psutil.Process(pid).memory_info().rss) / 2**20
    except psutil.NoSuchProcess:
        return 0.0


async def run_fanout(url: str, workers: int, args: Any) -> None:
    """Deliver `--reminders` milestones with `workers` real worker processes; print figures.

    Each worker is the shared-budget tests' `run`-like worker: the real Scheduler, the
    PostgreSQL send budget and PTB, sending to the fake Bot API, which enforces the same
    limit (a 429 past it) and records when each message arrived.
    """
    from tests.fakes.telegram_server import FakeTelegram

    async with FakeTelegram() as fake:
        chats = [fake.private_chat(fake.user(f"u{i}")).id for i in range(args.reminders)]
        await fill_reminders(url, chats)
        flood = fake.enforce_limits(args.rate)
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                str(WORKER),
                url,
                fake.base_url,
                fake.token,
                f"w{n}",
                str(args.rate),
                str(args.batch),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": str(WORKER.parents[3])},
            )
            for n in range(workers)
        ]
        errors = [asyncio.create_task(p.stderr.read()) for p in processes]  # type: ignore[union-attr]
        for process in processes:  # each says "ready" once connected; then all go at once
            await process.stdout.readline()  # type: ignore[union-attr]
        for process in processes:
            process.stdin.write(b"go\n")  # type: ignore[union-attr]
        samples: list[list[float]] = []
        began = time.monotonic()
        while any(p.returncode is None for p in processes):
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(args.sample_every):
                    await asyncio.gather(*(p.wait() for p in processes))
            rss = [rss_mb(p.pid) for p in processes]
            sent = sum(1 for c in fake.calls if c.method == "sendMessage" and c.status == 200)
            if any(rss):
                samples.append(rss)
                print(
                    f"    t={time.monotonic() - began:6.0f} s  sent {sent:6d}  RSS "
                    + " ".join(f"{r:5.0f} MB" for r in rss),
                    flush=True,
                )
        for process, error in zip(processes, errors, strict=True):
            if process.returncode:
                print((await error).decode()[-2000:], file=sys.stderr)
        accepted = [c.at for c in fake.calls if c.method == "sendMessage" and c.status == 200]
        per_chat = collections.Counter(
            int(c.params["chat_id"])
            for c in fake.calls
            if c.method == "sendMessage" and c.status == 200
        )
    elapsed = accepted[-1] - accepted[0]
    physical = (len(accepted) - 1) / args.rate
    twice = sum(1 for n in per_chat.values() if n > 1)
    print(
        f"  {workers} worker(s): {len(accepted)} of {args.reminders} reminders "
        f"({twice} chats twice, {flood.refused} refused 429) in {elapsed:8.2f} s at "
        f"{args.rate:.0f}/s (physical limit {physical:8.2f} s): "
        f"{physical / elapsed:.3f} of the limit",
        flush=True,
    )
    if samples:
        quarter = max(1, len(samples) // 4)
        first = [max(s) for s in samples[:quarter]]
        last = [max(s) for s in samples[-quarter:]]
        print(
            f"  RSS per worker (MB): first quarter max {max(first):.0f}, last quarter max "
            f"{max(last):.0f}, overall max {max(max(s) for s in samples):.0f}",
            flush=True,
        )


def main() -> None:
    """Parse arguments and run both parts on fresh PostgreSQL databases."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--arrival", type=float, default=10.0)
    parser.add_argument("--turns", type=int, default=4)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--latency-workers", default="1,2", help="e.g. 1,2 or 2")
    parser.add_argument("--platforms", default=",".join(LIMITS), help="telegram,discord")
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=30.0, help="the configured limit, /s")
    parser.add_argument("--fanout-workers", default="1,2", help="e.g. 1,2 or 2")
    parser.add_argument("--batch", type=int, default=100, help="rows a worker claims at once")
    parser.add_argument("--sample-every", type=float, default=60.0, help="RSS sample, s")
    parser.add_argument("--only", choices=("latency", "fanout"))
    args = parser.parse_args()
    if not os.environ.get(ENV):
        raise SystemExit(f"set {ENV} to a PostgreSQL server (a database is made per run)")

    async def fresh(part: Any, *part_args: Any) -> None:
        async with database_for_run("") as url:
            await asyncio.to_thread(part, url, *part_args)

    async def fresh_async(part: Any, *part_args: Any) -> None:
        async with database_for_run("") as url:
            await part(url, *part_args)

    if args.only in (None, "latency"):
        print(
            f"latency: {args.users} people arriving within {args.arrival:.0f} s, "
            f"{args.turns} turns each, {args.think:.1f} s to answer",
            flush=True,
        )
        for platform in args.platforms.split(","):
            for workers in map(int, args.latency_workers.split(",")):
                asyncio.run(fresh(run_latency, platform, workers, args))
    if args.only in (None, "fanout"):
        print(
            f"fan-out: {args.reminders} season reminders at {args.rate:.0f}/s "
            f"(RSS sampled every {args.sample_every:.0f} s)",
            flush=True,
        )
        for workers in map(int, args.fanout_workers.split(",")):
            asyncio.run(fresh_async(run_fanout, workers, args))


if __name__ == "__main__":
    main()
