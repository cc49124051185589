"""Benchmark Discord: interactions/second through discord.py and the fake, advisor versus echo.

    .venv/bin/python bench/bench_discord.py
    .venv/bin/python bench/bench_discord.py --users 400 --rounds 5

Both bots get the same stream of slash commands from members of one server (/advisor start,
two questions — one of them public — help, profile and plan), sent by the fake Discord,
which runs in its own process so its work is not counted against either bot. Each bot
runs in a fresh process of its own, warmed up by other members before it is timed. The echo
bot is bare discord.py with the same command names, answering each with one ephemeral message.
The echo-calls bot is that echo bot making the advisor's extra requests too (`start` opens
a member's DM once and posts there each time): what those requests alone cost, and so the
most any bot that does what the issue asks of `/advisor start` could reach.
The advisor is the real DiscordService on a fresh SQLite file (so first contacts are
included), set up as `img-advisor run` sets it up; `/advisor start` really opens a DM and
posts the interview there. Per-member cooldowns are lifted, as each simulated member sends
commands faster than a person would.
An interaction counts when its response arrives; a run ends when the bot has gone quiet.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

# bench/ is on sys.path when this runs as a script
from _discord_bots import bot_process

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.fakes

SCRIPT: list[tuple[str, dict[str, Any]]] = [
    ("advisor start", {}),
    ("advisor ask", {"question": "when should I take Step 3?"}),
    ("advisor ask", {"question": "do programs sponsor H-1B visas?", "public": True}),
    ("advisor help", {}),
    ("advisor profile", {}),
    ("advisor plan", {}),
]
KINDS = ["echo", "echo-calls", "advisor"]
WINDOW = 64  # interactions in flight at once (members pressing enter at the same moment)
WARM_UP = WINDOW  # other members who use the bot, untimed, before each measurement


# -- the fake server's process ----------------------------------------------------------------


def fake_process(conn: Connection) -> None:
    """Serve the fake Discord and drive members on command (runs in a child process)."""
    asyncio.run(_fake_main(conn))


async def _fake_main(conn: Connection) -> None:
    from tests.fakes.discord_server import FakeDiscord

    while True:
        job = await asyncio.to_thread(conn.recv)
        if job is None:
            return
        users, script = job
        fake = FakeDiscord()
        owner = fake.add_user("owner")
        guild = fake.add_guild("Bench study group", owner)
        members = [fake.add_user(f"member{n}") for n in range(users)]
        warmers = [fake.add_user(f"warm-up{n}") for n in range(WARM_UP)]
        await fake.start()
        try:
            conn.send((fake.token, fake.api_base_url, fake.gateway_url))
            # "warm" sends other members through the script (untimed); "stopped" ends the run
            while (order := await asyncio.to_thread(conn.recv)) in {"warm", "go"}:
                chosen = warmers if order == "warm" else members
                conn.send(await _drive(fake, guild, chosen, script))
        finally:
            await fake.close()


async def _drive(
    fake: Any, guild: Any, members: list[Any], script: list[tuple[str, dict[str, Any]]]
) -> tuple[int, float, int]:
    """Send every member's commands, step by step, with WINDOW interactions in flight."""
    window = asyncio.Semaphore(WINDOW)
    late = 0

    async def one(member: Any, command: str, options: dict[str, Any]) -> None:
        nonlocal late
        async with window:
            interaction = await fake.slash(member, command, guild=guild, wait=False, **options)
            await asyncio.wait_for(interaction.done.wait(), 60)
            late += (interaction.acked_after or 0) >= 3.0

    started = time.monotonic()
    for command, options in script:
        await asyncio.gather(*(one(m, command, options) for m in members))
    await fake.settle(idle=0.1, patience=120)
    elapsed = fake.last_activity - started  # up to the bot's last request
    if late:
        print(f"  !! {late} interactions acknowledged after 3 s", flush=True)
    return len(members) * len(script), elapsed, len(fake.messages)


# -- measuring (the main process) --------------------------------------------------------------


def one_run(
    kind: str, fake: Connection, users: int, script: list[tuple[str, dict[str, Any]]]
) -> list[tuple[float, float]]:
    """Start a fresh fake world and a fresh bot process; return (rate, CPU ms) per pass.

    The bot is warmed up first by other members (untimed): connection pools, caches and
    lazy set-up are in place, as in a bot that has been serving a server for a while.
    Then members make first contact, then the same members come back. Besides wall time,
    the bot's own CPU time is recorded: on a shared machine it is the steadier measure.
    """
    fake.send((users, script))
    addresses = fake.recv()
    ours, theirs = multiprocessing.get_context("spawn").Pipe()
    bot = multiprocessing.get_context("spawn").Process(
        target=bot_process, args=(kind, addresses, theirs), daemon=True
    )
    bot.start()
    try:
        if ours.recv() != "ready":
            raise RuntimeError(f"the {kind} bot did not start")
        fake.send("warm")
        fake.recv()
        results = []
        for name in ("first contact", "returning"):
            ours.send("cpu")
            cpu = ours.recv()
            fake.send("go")
            count, elapsed, sent = fake.recv()
            ours.send("cpu")
            cpu = ours.recv() - cpu
            results.append((count / elapsed, cpu * 1000 / count))
            print(
                f"  {kind:<10} {name:<13} {count:5d} interactions in {elapsed:5.2f}s = "
                f"{count / elapsed:7.1f}/s, bot CPU {cpu * 1000 / count:.3f} ms each "
                f"({sent} messages posted so far)",
                flush=True,
            )
    finally:
        ours.send("stop")
        bot.join(timeout=30)
        fake.send("stopped")
    return results


def measure(
    fake: Connection,
    users: int,
    rounds: int,
    kinds: list[str],
    script: list[tuple[str, dict[str, Any]]],
) -> None:
    """Alternate the bots round by round; print the medians and their ratios."""
    rates: dict[str, list[list[tuple[float, float]]]] = {kind: [] for kind in kinds}
    for n in range(rounds):
        print(
            f"round {n + 1} of {rounds}: {users} members x {len(script)} interactions, twice",
            flush=True,
        )
        for kind in kinds:
            rates[kind].append(one_run(kind, fake, users, script))
    for index, name in enumerate(("first contact", "returning members")):
        rate = {k: statistics.median(r[index][0] for r in rates[k]) for k in kinds}
        cpu = {k: statistics.median(r[index][1] for r in rates[k]) for k in kinds}
        print(f"{name}:")
        for kind in kinds:
            print(
                f"  {kind:<10} {rate[kind]:8.1f} "
                f"interactions/s, {cpu[kind]:.3f} ms bot CPU each (medians)"
            )
        if "echo" in kinds:
            for kind in (k for k in kinds if k != "echo"):
                print(
                    f"  {kind} / echo {rate[kind] / rate['echo']:5.2f} by rate, "
                    f"{cpu['echo'] / cpu[kind]:.2f} by CPU cost"
                    + ("  (target >= 0.80)" if kind == "advisor" else "")
                )


def main() -> None:
    """Parse arguments, start the fake server's process and run the benchmark."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    # Enough members that a pass lasts over a second (shorter ones are mostly noise here)
    # and that their DMs outnumber the 128 discord.py keeps, as in a real study group.
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=KINDS, help="run only these bots")
    parser.add_argument(
        "--command",
        choices=sorted({c.split()[1] for c, _o in SCRIPT}),
        help="send only this command (three times per member), to see what each one costs",
    )
    args = parser.parse_args()
    script = (
        SCRIPT
        if args.command is None
        else [step for step in SCRIPT if step[0] == f"advisor {args.command}"][:1] * 3
    )
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=fake_process, args=(theirs,), daemon=True)
    child.start()
    try:
        measure(ours, args.users, args.rounds, args.only or KINDS, script)
    finally:
        ours.send(None)
        child.join(timeout=5)


if __name__ == "__main__":
    main()
