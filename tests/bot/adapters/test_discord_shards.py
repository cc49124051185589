"""Two Discord shards, each its own worker on one PostgreSQL database.

Shard 0 gets server A's events and every DM; shard 1 gets server B's. A member of each is
interviewed (one in DMs, one in private replies in their server, all on shard 1), and both
servers' cohort channels get the season milestones, each once.
"""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.adapters.discord.service import DiscordService
from bot.app import AppContext, open_app
from bot.reminders.scheduler import Scheduler
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    FAST,
    QUILLON,
    TODAY,
    ZENOBIA,
    Member,
    discord_settings,
    logged_errors,
)
from tests.fakes.discord_payloads import FakeGuild
from tests.fakes.discord_server import FakeDiscord


@dataclass
class Shard:
    """One worker: its own app (engine, caches, locks) and its Discord connection."""

    app: AppContext
    service: DiscordService


@asynccontextmanager
async def shard(fake: FakeDiscord, url: str, number: int) -> AsyncIterator[Shard]:
    """Run shard `number` of 2 on the database."""
    settings = discord_settings(fake, url).model_copy(
        update={"discord_shard_id": number, "discord_shard_count": 2}
    )
    async with open_app(url, clock=lambda: TODAY) as app:
        service = DiscordService(
            settings, app.advisor, app.groups, limits=FAST, guild_ready_timeout=0.05
        )
        await service.start()
        try:
            yield Shard(app, service)
        finally:
            await service.stop()


@pytest.fixture
async def sharded(
    postgres_url: str, logged_errors: list[logging.LogRecord]
) -> AsyncIterator[tuple[FakeDiscord, FakeGuild, FakeGuild, list[Shard]]]:
    """A fake Discord with a server on each shard, and both shards connected."""
    fake = FakeDiscord()
    admin = fake.add_user("dr_admin")
    on_zero = fake.add_guild("IMG Cairo", admin, ("general", "cohort"), shard=(0, 2))
    on_one = fake.add_guild("IMG Lagos", admin, ("general", "cohort"), shard=(1, 2))
    await fake.start()
    try:
        async with AsyncExitStack() as stack:
            shards = [await stack.enter_async_context(shard(fake, postgres_url, n)) for n in (0, 1)]
            await shards[0].service.bot.tree.sync()
            yield fake, on_zero, on_one, shards
    finally:
        await fake.close()


def got_the_plan(member: Member) -> bool:
    """Whether the plan (an embed) reached the member."""
    return any(m.raw["embeds"] and "Your plan" in m.raw["embeds"][0]["title"] for m in member.seen)


async def test_members_on_each_shard_are_interviewed_and_both_servers_get_milestones(
    sharded: tuple[FakeDiscord, FakeGuild, FakeGuild, list[Shard]],
) -> None:
    """Each shard sees only its own server; the interviews finish; cohort posts reach both."""
    fake, on_zero, on_one, shards = sharded
    guilds = [[g.id for g in s.service.bot.guilds] for s in shards]
    assert guilds == [[on_zero.id], [on_one.id]]

    zed = Member(fake, fake.add_user("zed"))  # DMs open: the interview moves to shard 0
    await zed.start_in_dm(on_one)
    quin = Member(fake, fake.add_user("quin", dms_open=False))  # private replies on shard 1
    start = await fake.slash(quin.user, "advisor start", guild=on_one)
    quin.record(start.messages)
    await zed.answer(ZENOBIA)
    await quin.answer(QUILLON)
    assert got_the_plan(zed) and got_the_plan(quin)

    for guild in (on_zero, on_one):
        await fake.slash(
            fake.users[guild.owner_id],
            "advisor-setup set",
            guild=guild,
            admin=True,
            channel=guild.channels[1],
            timezone="Africa/Cairo",
        )
    later = datetime.now(UTC) + timedelta(days=400)  # every milestone of the season is due
    schedulers = [
        Scheduler(
            s.app.engine,
            {"discord": s.service.sender},
            worker_id=f"shard-{n}",
            clock=lambda: later,
            limits={},
        )
        for n, s in enumerate(shards)
    ]
    delivered = sum(await asyncio.gather(*(s.run_due() for s in schedulers)))
    posts = {
        g.name: [p.text for p in fake.messages_in(g.channels[1])[1:]] for g in (on_zero, on_one)
    }
    assert all(posts.values()), posts
    assert sum(len(p) for p in posts.values()) == delivered
    for texts in posts.values():
        assert max(collections.Counter(texts).values()) == 1, "a milestone was posted twice"
