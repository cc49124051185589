"""Benchmark Telegram: updates/second through PTB and the fake Bot API, advisor versus echo bots.

    .venv/bin/python bench/bench_telegram.py
    .venv/bin/python bench/bench_telegram.py --users 200 --rounds 5 --only echo advisor

Every bot reads the same stream of private messages (each user does an interview by text,
asks two questions and ends with /help) from the same fake Bot API server. The fake runs in
its own process, so its work is not counted against the bots. Bots, all in this run:

    echo            bare PTB with its defaults (one update at a time), one reply per update
    echo-parallel   bare PTB with concurrent_updates(True) (256 at a time)
    echo-plumbing   PTB set up like the advisor (per-chat processor, rate limiter, aiohttp)
    echo-aiohttp    bare PTB (defaults otherwise) on the advisor's aiohttp networking: what
                    the advisor's own work costs once both send requests the same way
    adapter         the real TelegramService around a stub core that echoes: the adapter's
                    own cost, for finding where time goes
    advisor         the real TelegramService and Advisor on a fresh SQLite file (a fresh
                    PostgreSQL database with BENCH_POSTGRES_URL set: bench/_postgres.py)

The flood limiter's rates are lifted for the advisor and echo-plumbing: Telegram's limits do
not apply to a loopback fake, and with them every bot would measure 30 messages a second.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.fakes

from _answers import ANSWERS

SCRIPT = [
    "/start",
    *ANSWERS,
    "/ask when should I take Step 3?",
    "/ask do programs sponsor H-1B visas?",
    "/help",
]
KINDS = ["echo", "echo-parallel", "echo-plumbing", "echo-aiohttp", "adapter", "advisor"]
Result = tuple[int, float, int, float, float]  # updates, seconds, messages, bot CPU, fake CPU


# -- the fake server's process ----------------------------------------------------------------


def fake_process(conn: Connection) -> None:
    """Serve the fake Bot API and drive users on command (runs in a child process)."""
    asyncio.run(_fake_main(conn))


async def _fake_main(conn: Connection) -> None:
    import psutil

    from tests.fakes.telegram_server import FakeTelegram

    me = psutil.Process()
    while await asyncio.to_thread(conn.recv) is not None:
        async with FakeTelegram() as fake:
            conn.send(fake.port)
            users, ordered = await asyncio.to_thread(conn.recv)
            cpu = sum(me.cpu_times()[:2])
            updates, elapsed, sent = await _drive(fake, users, ordered)
            conn.send((updates, elapsed, sent, sum(me.cpu_times()[:2]) - cpu))
            await asyncio.to_thread(conn.recv)  # the bot has stopped


async def _drive(fake: Any, users: int, ordered: bool) -> tuple[int, float, int]:
    """Push every user's messages round-robin at once; wait until every user is answered."""
    chats = [fake.private_chat(fake.user(f"User{n}")) for n in range(users)]
    started = time.perf_counter()
    for text in SCRIPT:  # round-robin, as many people typing at once would
        for chat in chats:
            await chat.send(text)
    await asyncio.gather(*(_until_done(chat, ordered) for chat in chats))
    elapsed = time.perf_counter() - started
    return users * len(SCRIPT), elapsed, sum(len(chat.history) for chat in chats)


async def _until_done(chat: Any, ordered: bool) -> None:
    if not ordered:  # an echo bot answers each message once, in any order
        await chat.next_messages(len(SCRIPT), within=120)
        return
    while not (await chat.next_message(within=120)).text.startswith("What I can do"):
        pass  # the reply to /help comes last, after everything before it


# -- the bots -----------------------------------------------------------------------------


async def run_echo(kind: str, port: int, token: str, conn: Connection, users: int) -> Result:
    """Run an echo bot against the fake while it drives users."""
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    from bot.adapters.telegram.http import AiohttpRequest
    from bot.adapters.telegram.runtime import PatientRateLimiter, PerChatUpdateProcessor
    from bot.adapters.telegram.service import HTTP_IN_FLIGHT, RUNNING_UPDATES

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "")

    builder = Application.builder().token(token).base_url(f"http://127.0.0.1:{port}/bot")
    if kind == "echo-parallel":
        builder = builder.concurrent_updates(True)
    elif kind == "echo-aiohttp":
        builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(1))
    elif kind == "echo-plumbing":
        builder = (
            builder.concurrent_updates(PerChatUpdateProcessor(RUNNING_UPDATES))
            .request(AiohttpRequest(HTTP_IN_FLIGHT, pool_timeout=None))
            .get_updates_request(AiohttpRequest(1))
            .rate_limiter(
                PatientRateLimiter(
                    overall_max_rate=0, group_max_rate=0, max_in_flight=HTTP_IN_FLIGHT
                )
            )
        )
    app = builder.job_queue(None).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.updater.start_polling(timeout=1)  # type: ignore[union-attr]
        await app.start()
        result = await _measure(conn, users, ordered=False)
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()
    return result


class StubCore:
    """Answers every message with its own text: the Advisor's interface, none of its work."""

    def __init__(self, store: Any) -> None:
        self.store = store  # the adapter's group setup keeps its settings in the same database

    async def handle(self, incoming: Any) -> list[Any]:
        """Echo the text back."""
        from bot.core.messages import Outgoing

        return [Outgoing(incoming.text or "…")]

    async def mark_unreachable(self, platform: str, external_id: str) -> None:
        """Nothing to remember."""


async def run_advisor(kind: str, port: int, token: str, conn: Connection, users: int) -> Result:
    """Run the real TelegramService (around the Advisor, or the stub) against the fake."""
    from _postgres import database_for_run

    from bot.adapters.telegram.runtime import PatientRateLimiter
    from bot.adapters.telegram.service import HTTP_IN_FLIGHT, TelegramService
    from bot.app import open_app
    from bot.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        async with database_for_run(f"{tmp}/advisor.db") as url:
            settings = Settings(
                _env_file=None,
                advisor_database_url=url,  # type: ignore[call-arg]
                telegram_bot_token=token,
                telegram_api_base_url=f"http://127.0.0.1:{port}/bot",
            )
            async with open_app(url) as app:
                advisor = app.advisor
                limiter = PatientRateLimiter(
                    overall_max_rate=0, group_max_rate=0, max_in_flight=HTTP_IN_FLIGHT
                )
                core: Any = advisor if kind == "advisor" else StubCore(advisor.store)
                service = TelegramService(settings, core, rate_limiter=limiter, poll_timeout=1)
                await service.start()
                try:
                    return await _measure(conn, users, ordered=kind == "advisor")
                finally:
                    await service.stop()


async def _measure(conn: Connection, users: int, *, ordered: bool) -> Result:
    """Have the fake drive users; return its figures plus this process's CPU time."""
    import psutil

    me = psutil.Process()
    cpu = sum(me.cpu_times()[:2])
    conn.send((users, ordered))
    updates, elapsed, sent, fake_cpu = await asyncio.to_thread(conn.recv)
    return updates, elapsed, sent, sum(me.cpu_times()[:2]) - cpu, fake_cpu


async def one_run(kind: str, conn: Connection, users: int) -> float:
    """Start a fresh fake, run one bot through it, print and return updates per second."""
    token = "123456:TEST"
    conn.send("start")
    port = await asyncio.to_thread(conn.recv)
    if kind in ("advisor", "adapter"):
        result = await run_advisor(kind, port, token, conn, users)
    else:
        result = await run_echo(kind, port, token, conn, users)
    conn.send("stopped")
    updates, elapsed, sent, bot_cpu, fake_cpu = result
    rate = updates / elapsed
    print(
        f"  {kind:<14} {updates:5d} updates in {elapsed:5.2f}s = {rate:7.1f}/s  "
        f"({sent} messages; CPU busy: bot {bot_cpu / elapsed:4.0%}, "
        f"fake {fake_cpu / elapsed:4.0%})",
        flush=True,
    )
    return rate


async def main_async(conn: Connection, users: int, rounds: int, kinds: list[str]) -> None:
    """Warm up, then take turns; print each bot's median and the advisor's ratios."""
    print("warm-up", flush=True)
    for kind in kinds:
        await one_run(kind, conn, 10)
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    for n in range(rounds):
        print(f"round {n + 1} of {rounds}: {users} users x {len(SCRIPT)} updates", flush=True)
        for kind in kinds:
            rates[kind].append(await one_run(kind, conn, users))
    medians = {kind: statistics.median(values) for kind, values in rates.items()}
    print(f"\nmedians of {rounds} rounds (updates/s):")
    for kind, rate in medians.items():
        print(f"  {kind:<14} {rate:7.1f}")
    if "advisor" in medians:
        for kind in (k for k in medians if k not in ("advisor", "adapter")):
            print(
                f"advisor / {kind:<14} = {medians['advisor'] / medians[kind]:.2f}  (target >= 0.80)"
            )


def main() -> None:
    """Parse arguments, start the fake server's process and run the benchmark."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=KINDS, help="run only these bots")
    args = parser.parse_args()
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=fake_process, args=(theirs,), daemon=True)
    child.start()
    try:
        asyncio.run(main_async(ours, args.users, args.rounds, args.only or KINDS))
    finally:
        ours.send(None)
        child.join(timeout=5)


if __name__ == "__main__":
    main()
