"""A reminder worker process for the multi-process tests (not collected by pytest).

    python worker_proc.py URL WORKER_ID OUT_FILE [--start-at T] [--lease S] [--delay S]
                          [--batch N] [--forever]

Its Sender appends each accepted chat id to OUT_FILE with one write() call, which survives a
SIGKILL of this process the moment it returns. Without --forever it exits once no pending
reminder is left in the database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import func, select

from bot.core.messages import Outgoing
from bot.reminders.scheduler import Scheduler
from bot.storage.database import create_engine
from bot.storage.reminder_models import Reminder


class FileSender:
    """Records accepted deliveries in a file, like a platform that said "200 OK"."""

    platform = "test"

    def __init__(self, fd: int, delay: float) -> None:
        self._fd = fd
        self._delay = delay

    async def send(self, chat_id: str, messages: Sequence[Outgoing]) -> None:
        """Accept the message (after an optional network-like delay)."""
        if self._delay:
            await asyncio.sleep(self._delay)
        os.write(self._fd, f"{chat_id}\n".encode())


async def main(args: argparse.Namespace) -> None:
    """Run the scheduler until nothing is pending (or forever)."""
    engine = create_engine(args.url)
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    scheduler = Scheduler(
        engine,
        {"test": FileSender(fd, args.delay)},
        worker_id=args.worker,
        lease=timedelta(seconds=args.lease),
        batch_size=args.batch,
    )
    async with engine.connect() as conn:  # warm the pool before the common start
        await conn.scalar(select(func.count()).select_from(Reminder))
    if args.start_at:
        await asyncio.sleep(max(0.0, args.start_at - time.time()))
    if args.forever:
        await scheduler.run()
    pending = select(func.count()).select_from(Reminder).where(Reminder.status == "pending")
    while True:
        if await scheduler.run_due() == 0:
            async with engine.connect() as conn:
                if await conn.scalar(pending) == 0:
                    break
            await asyncio.sleep(0.05)
    os.close(fd)
    await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("worker")
    parser.add_argument("out")
    parser.add_argument("--start-at", type=float, default=0.0)
    parser.add_argument("--lease", type=float, default=120.0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--forever", action="store_true")
    asyncio.run(main(parser.parse_args()))
