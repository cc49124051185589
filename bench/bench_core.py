"""Benchmark the core: messages/second through Advisor.handle, and memory per stored user.

    .venv/bin/python bench/bench_core.py            # both parts
    .venv/bin/python bench/bench_core.py --users 200 --rss-sizes 10000 100000

Prints figures; it asserts nothing. The floor is a bare SQLAlchemy upsert of one small
session row per message on the same kind of SQLite file, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.interview_script

from _answers import ANSWERS


async def floor_rate(url: str, messages: int) -> float:
    """Rate of a bare upsert of one small session row per message."""
    from sqlalchemy import JSON, Column, Integer, MetaData, String, Table
    from sqlalchemy.dialects.sqlite import insert

    from bot.storage.database import create_engine

    engine = create_engine(url)
    table = Table(
        "floor_sessions",
        MetaData(),
        Column("user_id", Integer, primary_key=True),
        Column("state", String(64)),
        Column("data", JSON),
    )
    async with engine.begin() as conn:
        await conn.run_sync(table.metadata.create_all)
    start = time.perf_counter()
    for i in range(messages):
        stmt = insert(table).values(user_id=i % 200, state=f"s{i}", data={"n": i})
        stmt = stmt.on_conflict_do_update(
            index_elements=["user_id"],
            set_={"state": stmt.excluded.state, "data": stmt.excluded.data},
        )
        async with engine.begin() as conn:
            await conn.execute(stmt)
    elapsed = time.perf_counter() - start
    await engine.dispose()
    return messages / elapsed


async def core_rate(url: str, users: int) -> tuple[float, int]:
    """Rate of whole interviews through Advisor.handle, users taking turns."""
    from bot.app import open_advisor
    from bot.core.messages import Incoming

    fixed = datetime(2026, 11, 22, tzinfo=UTC)
    async with open_advisor(url, clock=lambda: fixed) as advisor:
        script = [("hello", None), *((a, None) for a in ANSWERS)]
        sent = 0
        start = time.perf_counter()
        for text, _ in script:
            for u in range(users):
                await advisor.handle(Incoming("bench", f"user{u}", f"user{u}", text=text))
                sent += 1
        elapsed = time.perf_counter() - start
    return sent / elapsed, sent


def rss_child(url: str, touch: int) -> None:
    """(child process) Open the app on a populated database, touch users, print RSS in MB."""
    import psutil

    from bot.app import open_advisor
    from bot.core.messages import Incoming

    async def main() -> None:
        async with open_advisor(url) as advisor:
            for u in range(touch):
                await advisor.handle(Incoming("bench", f"user{u}", f"user{u}", text="profile"))
            print(json.dumps({"rss_mb": psutil.Process().memory_info().rss / 2**20}))

    asyncio.run(main())


async def populate(url: str, users: int) -> None:
    """Store `users` users with a profile and an idle session mid-interview."""
    from sqlalchemy import insert

    from bot.storage.database import create_engine
    from bot.storage.models import Identity, ProfileRow, SessionRow, User
    from bot.storage.profiles import row_values
    from bot.storage.schema import upgrade

    engine = create_engine(url)
    await upgrade(engine)
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        for lo in range(0, users, 5000):
            ids = range(lo + 1, min(users, lo + 5000) + 1)
            await conn.execute(insert(User), [{"id": i, "created_at": now} for i in ids])
            await conn.execute(
                insert(Identity),
                [
                    {
                        "user_id": i,
                        "platform": "bench",
                        "external_id": f"user{i - 1}",
                        "chat_id": f"user{i - 1}",
                        "created_at": now,
                    }
                    for i in ids
                ],
            )
            await conn.execute(
                insert(ProfileRow),
                [
                    row_values(
                        i, {"visa": "needs_j1", "graduation_year": 2019, "match_year": 2028}, now
                    )
                    for i in ids
                ],
            )
            await conn.execute(
                insert(SessionRow),
                [
                    {
                        "user_id": i,
                        "flow": "interview",
                        "flow_version": 1,
                        "state": "ask_step1_status",
                        "version": 1,
                        "updated_at": now,
                        "data": {
                            "done": [
                                "ask_name",
                                "ask_visa",
                                "ask_graduation_year",
                                "ask_match_year",
                            ],
                            "history": [],
                        },
                    }
                    for i in ids
                ],
            )
    await engine.dispose()


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--rss-sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--touch", type=int, default=5000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        rss_child(args.child[0], int(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        floors, cores = [], []
        for run in range(3):
            floors.append(asyncio.run(floor_rate(f"sqlite:///{tmp}/floor{run}.db", 3000)))
            rate, sent = asyncio.run(core_rate(f"sqlite:///{tmp}/core{run}.db", args.users))
            cores.append(rate)
        floor, core = statistics.median(floors), statistics.median(cores)
        print(f"floor (bare upsert per message): {floor:,.0f} msg/s (median of 3)")
        print(
            f"core (whole interviews, {args.users} users, {sent} msgs/run): "
            f"{core:,.0f} msg/s (median of 3)"
        )
        print(f"core / floor: {core / floor:.2f}  (target >= 0.5 and >= 1,000 msg/s)")
        for size in args.rss_sizes:
            url = f"sqlite:///{tmp}/rss{size}.db"
            asyncio.run(populate(url, size))
            out = subprocess.run(
                [sys.executable, __file__, "--child", url, str(min(args.touch, size))],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            )
            rss = json.loads(out.stdout.strip().splitlines()[-1])["rss_mb"]
            print(
                f"RSS with {size:,} stored users ({min(args.touch, size):,} touched): "
                f"{rss:.1f} MB (target < 200 MB, flat)"
            )


if __name__ == "__main__":
    main()
