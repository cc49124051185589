"""Benchmark Discord: interactions/second through discord.py and the fake, advisor versus echo.

    .venv/bin/python bench/bench_discord.py
    .venv/bin/python bench/bench_discord.py --users 100 --rounds 3

Both bots get the same stream of slash commands from members of one server (/advisor start,
two questions — one of them public — help, profile and plan), sent by the fake Discord,
which runs in its own process so its work is not counted against either bot. The echo bot
is bare discord.py with the same command names, answering each with one ephemeral message.
The echo-calls bot is that echo bot making the advisor's extra requests too (`start` opens
a DM and posts there; `plan` adds a follow-up): what those requests alone cost.
The advisor is the real DiscordService on a fresh SQLite file (so first contacts are
included); `/advisor start` really opens a DM and posts the interview there. Per-member
cooldowns are lifted, as each simulated member sends commands faster than a person would.
An interaction counts when its response arrives; a run ends when the bot has gone quiet.
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
        await fake.start()
        try:
            conn.send((fake.token, fake.api_base_url, fake.gateway_url))
            while await asyncio.to_thread(conn.recv) == "go":  # "stopped" ends the run
                conn.send(await _drive(fake, guild, members, script))
        finally:
            await fake.close()


async def _drive(fake: Any, guild: Any, members: list[Any],
                 script: list[tuple[str, dict[str, Any]]]) -> tuple[int, float, int]:
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


# -- the bots -----------------------------------------------------------------------------

async def run_echo(settings: Any, conn: Connection, same_calls: bool = False) -> Result:
    """Run bare discord.py with the same command names, one ephemeral echo each.

    With `same_calls`, also make the requests the advisor makes besides its answer.
    """
    import discord
    from discord import app_commands

    from bot.adapters.discord import point_at
    from bot.adapters.discord_views import advisor_intents

    point_at(settings)
    client = discord.Client(intents=advisor_intents(), guild_ready_timeout=0.05)
    tree = app_commands.CommandTree(client)
    group = app_commands.Group(name="advisor", description="echo")

    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True)

    for name in ("start", "help", "profile", "plan"):
        async def plain(interaction: discord.Interaction, _name: str = name) -> None:
            if same_calls and _name == "start":
                await (await interaction.user.create_dm()).send(_name)
            await echo(interaction, _name)
            if same_calls and _name == "plan":
                await interaction.followup.send(_name, ephemeral=True)
        group.add_command(app_commands.Command(name=name, description="echo", callback=plain))

    @group.command(name="ask", description="echo")
    async def ask(interaction: discord.Interaction, question: str, public: bool = False) -> None:
        await echo(interaction, question)

    tree.add_command(group)
    await client.login(settings.discord_bot_token)
    runner = asyncio.create_task(client.connect())
    await client.wait_until_ready()
    await tree.sync()
    try:
        return await _measure(conn)
    finally:
        await client.close()
        await runner


async def run_advisor(settings: Any, conn: Connection) -> Result:
    """Run the real DiscordService on a fresh SQLite file against the fake."""
    from bot.adapters.discord import DiscordService
    from bot.adapters.discord_cog import Limits
    from bot.app import open_advisor

    lifted = Limits(commands=1_000_000, commands_per=1.0, presses=1_000_000, presses_per=1.0)
    async with open_advisor(settings.advisor_database_url) as advisor:
        service = DiscordService(settings, advisor, limits=lifted, guild_ready_timeout=0.05)
        await service.start()
        await service.bot.tree.sync()
        try:
            return await _measure(conn)
        finally:
            await service.stop()


Pass = tuple[int, float, int, float]  # interactions, seconds, messages, bot CPU seconds
Result = tuple[Pass, Pass]


async def _measure(conn: Connection) -> Result:
    """Drive the script twice: members' first contact, then the same members again.

    Besides wall time, record this process's CPU time: on a shared machine it is the
    steadier measure of what each interaction costs the bot.
    """
    passes = []
    for _pass in range(2):
        cpu = time.process_time()
        conn.send("go")
        count, elapsed, sent = await asyncio.to_thread(conn.recv)
        passes.append((count, elapsed, sent, time.process_time() - cpu))
    return passes[0], passes[1]


async def one_run(kind: str, conn: Connection, users: int,
                  script: list[tuple[str, dict[str, Any]]]) -> list[tuple[float, float]]:
    """Start a fresh fake world, run one bot through it; return (rate, CPU ms) per pass."""
    from bot.settings import Settings

    conn.send((users, script))
    token, api, gateway = await asyncio.to_thread(conn.recv)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None,  # type: ignore[call-arg]
                            advisor_database_url=f"sqlite:///{tmp}/advisor.db",
                            discord_bot_token=token, discord_api_base_url=api,
                            discord_gateway_url=gateway)
        if kind == "advisor":
            passes = await run_advisor(settings, conn)
        else:
            passes = await run_echo(settings, conn, same_calls=kind == "echo-calls")
    conn.send("stopped")
    results = []
    for name, (count, elapsed, sent, cpu) in zip(("first contact", "returning"), passes,
                                                 strict=True):
        results.append((count / elapsed, cpu * 1000 / count))
        print(f"  {kind:<8} {name:<13} {count:5d} interactions in {elapsed:5.2f}s = "
              f"{count / elapsed:7.1f}/s, bot CPU {cpu * 1000 / count:.3f} ms each "
              f"({sent} messages posted so far)", flush=True)
    return results


async def main_async(conn: Connection, users: int, rounds: int, kinds: list[str],
                     script: list[tuple[str, dict[str, Any]]]) -> None:
    """Warm up, then alternate echo and advisor runs; print the medians and their ratio."""
    print("warm-up", flush=True)
    for kind in kinds:
        await one_run(kind, conn, 10, script)
    rates: dict[str, list[list[tuple[float, float]]]] = {kind: [] for kind in kinds}
    for n in range(rounds):
        print(f"round {n + 1} of {rounds}: {users} members x {len(script)} interactions, "
              "twice", flush=True)
        for kind in kinds:
            rates[kind].append(await one_run(kind, conn, users, script))
    for index, name in enumerate(("first contact", "returning members")):
        rate = {k: statistics.median(r[index][0] for r in rates[k]) for k in kinds}
        cpu = {k: statistics.median(r[index][1] for r in rates[k]) for k in kinds}
        print(f"{name}:")
        for kind in kinds:
            print(f"  {kind:<10} {rate[kind]:8.1f} "
                  f"interactions/s, {cpu[kind]:.3f} ms bot CPU each (medians)")
        if "echo" in kinds:
            for kind in (k for k in kinds if k != "echo"):
                print(f"  {kind} / echo {rate[kind] / rate['echo']:5.2f} by rate, "
                      f"{cpu['echo'] / cpu[kind]:.2f} by CPU cost"
                      + ("  (target >= 0.80)" if kind == "advisor" else ""))


def main() -> None:
    """Parse arguments, start the fake server's process and run the benchmark."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=KINDS, help="run only these bots")
    parser.add_argument("--command", choices=sorted({c.split()[1] for c, _o in SCRIPT}),
                        help="send only this command (three times per member), to see "
                             "what each one costs")
    args = parser.parse_args()
    script = SCRIPT if args.command is None else \
        [step for step in SCRIPT if step[0] == f"advisor {args.command}"][:1] * 3
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=fake_process, args=(theirs,), daemon=True)
    child.start()
    try:
        kinds = args.only or KINDS
        asyncio.run(main_async(ours, args.users, args.rounds, kinds, script))
    finally:
        ours.send(None)
        child.join(timeout=5)


if __name__ == "__main__":
    main()
