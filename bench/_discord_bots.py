"""The bots `bench_discord.py` times, each run in a fresh process of its own.

The echo bot is bare discord.py with the advisor's command names, one ephemeral message
each; with `same_calls` it also makes the advisor's extra requests (the DM `start` opens).
The advisor is the real DiscordService on a fresh SQLite file, set up as `img-advisor run`
sets it up, with per-member cooldowns lifted. Each reports ready through its pipe, then its
CPU time on request, until told to stop.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from multiprocessing.connection import Connection
from typing import Any


def bot_process(kind: str, addresses: tuple[str, str, str], conn: Connection) -> None:
    """Run one bot in a fresh process: it reports ready, then its CPU time on request."""
    asyncio.run(_bot_main(kind, addresses, conn))


async def _bot_main(kind: str, addresses: tuple[str, str, str], conn: Connection) -> None:
    from _postgres import database_for_run  # PostgreSQL with BENCH_POSTGRES_URL set

    from bot.settings import Settings

    token, api, gateway = addresses
    with tempfile.TemporaryDirectory() as tmp:
        async with database_for_run(f"{tmp}/advisor.db") as url:
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                advisor_database_url=url,
                discord_bot_token=token,
                discord_api_base_url=api,
                discord_gateway_url=gateway,
            )
            if kind == "advisor":
                await run_advisor(settings, conn)
            else:
                await run_echo(settings, conn, same_calls=kind == "echo-calls")


async def _serve_until_stopped(conn: Connection) -> None:
    """Say the bot is ready, answer CPU-time requests, return on "stop"."""
    conn.send("ready")
    while await asyncio.to_thread(conn.recv) == "cpu":
        conn.send(time.process_time())


async def run_echo(settings: Any, conn: Connection, same_calls: bool = False) -> None:
    """Run bare discord.py with the same command names, one ephemeral echo each.

    With `same_calls`, also make the requests the advisor makes besides its answer.
    """
    import discord
    import yarl
    from discord import app_commands

    # Bare discord.py: only the addresses of the fake, set as point_at() sets them.
    discord.http.Route.BASE = str(settings.discord_api_base_url)
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
    intents = discord.Intents.none()
    intents.guilds = intents.dm_messages = True  # as the advisor's
    client = discord.Client(intents=intents, guild_ready_timeout=0.05)
    tree = app_commands.CommandTree(client)
    group = app_commands.Group(name="advisor", description="echo")

    dms: dict[int, int] = {}  # member → DM channel id, kept as the advisor keeps them

    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True)

    async def dm(user: discord.abc.User) -> discord.abc.Messageable:
        if user.id not in dms:
            dms[user.id] = (await user.create_dm()).id
        return client.get_partial_messageable(dms[user.id], type=discord.ChannelType.private)

    for name in ("start", "help", "profile", "plan"):

        async def plain(interaction: discord.Interaction, _name: str = name) -> None:
            if same_calls and _name == "start":
                await (await dm(interaction.user)).send(_name)
            await echo(interaction, _name)

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
        await _serve_until_stopped(conn)
    finally:
        await client.close()
        await runner


async def run_advisor(settings: Any, conn: Connection) -> None:
    """Run the real DiscordService on a fresh SQLite file, set up as `img-advisor run` does."""
    from bot.adapters.discord.cog import Limits
    from bot.adapters.discord.service import DiscordService
    from bot.app import open_app
    from bot.heap import settle_heap

    lifted = Limits(commands=1_000_000, commands_per=1.0, presses=1_000_000, presses_per=1.0)
    async with open_app(settings.advisor_database_url) as app:
        service = DiscordService(
            settings, app.advisor, app.groups, limits=lifted, guild_ready_timeout=0.05
        )
        await service.start()
        await service.bot.tree.sync()
        settle_heap()  # as `run` does once everything has started
        try:
            await _serve_until_stopped(conn)
        finally:
            await service.stop()
