"""Two Discord worker processes on one PostgreSQL database share Discord's 429s.

discord.py waits out a 429 in the one process that got it; the shared send budget makes
the other worker wait too (bot/adapters/discord/budget.py). The fake Discord answers one
reminder post with a 429 during the fan-out, and its own records of when each worker's
requests arrived show the other worker silent for the retry_after: every send after a
global 429, that channel's posts after a per-channel one. Each reminder arrives once.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from sqlalchemy import insert

from bot.adapters.discord.budget import RateLimited, read_429
from bot.storage.database import create_engine
from bot.storage.reminder_models import Reminder
from bot.storage.schema import upgrade
from tests.bot.reminders.conftest import make_user
from tests.fakes.discord_payloads import FakeChannel
from tests.fakes.discord_server import FakeDiscord, RestCall

WORKER = Path(__file__).with_name("discord_budget_worker.py")
WORKERS = ("w0", "w1")
RETRY_AFTER = 1.5
# Requests already on the wire when the 429 came (a slot taken just before the hold was
# written) may still arrive; after this long, nothing may.
IN_FLIGHT = 0.25
MESSAGES = r"/channels/\d+/messages"


@dataclass
class World:
    """The fake Discord: members with open DMs, and a server with cohort channels."""

    fake: FakeDiscord
    members: list[int]
    channels: list[FakeChannel]


@pytest.fixture
async def world() -> AsyncIterator[World]:
    """A fake Discord with 60 members and a server of 4 cohort channels."""
    fake = FakeDiscord()
    members = [fake.add_user(f"m{n}").id for n in range(60)]
    owner = fake.add_user("dr_admin")
    guild = fake.add_guild("IMG Match 2027", owner, tuple(f"cohort-{n}" for n in range(4)))
    await fake.start()
    try:
        yield World(fake, members, guild.channels)
    finally:
        await fake.close()


async def due(url: str, rows: list[dict[str, Any]]) -> None:
    """Store these reminders, due about a second ago and claimed in this order."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        user = await make_user(engine)
        at = datetime.now(UTC) - timedelta(seconds=1)
        defaults = {"tz": "UTC", "status": "pending", "attempts": 0, "late": False}
        filled = [
            {"user_id": user if row["kind"] == "personal" else None, "platform": "discord"}
            | {"due_at": at + timedelta(milliseconds=n), "created_at": at}
            | defaults
            | row
            for n, row in enumerate(rows)
        ]
        async with engine.begin() as conn:
            await conn.execute(insert(Reminder.__table__), filled)
    finally:
        await engine.dispose()


async def two_workers(url: str, fake: FakeDiscord, batch: int) -> None:
    """Run two worker processes (shards 0 and 1) until nothing is pending.

    Each says "ready" once connected; both start delivering when the test answers, so
    neither has the fan-out to itself.
    """
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(WORKER),
            url,
            fake.api_base_url,
            fake.gateway_url,
            fake.token,
            worker,
            str(shard),
            str(len(WORKERS)),
            str(batch),  # small claims, so both workers take part all along
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for shard, worker in enumerate(WORKERS)
    ]
    try:
        async with asyncio.timeout(60):
            for process in processes:
                assert process.stdout is not None
                line = await process.stdout.readline()
                if line.strip() != b"ready":
                    _, err = await process.communicate()
                    raise AssertionError(f"a worker did not start: {err.decode()[-3000:]}")
            for process in processes:
                assert process.stdin is not None
                process.stdin.write(b"go\n")
                await process.stdin.drain()
            for process in processes:
                _, err = await process.communicate()
                assert process.returncode == 0, err.decode()[-3000:]
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()


def sender(call: RestCall) -> str:
    """Return which worker made a request (its User-Agent ends in worker/<id>)."""
    return call.agent.rpartition("worker/")[2]


def the_429(fake: FakeDiscord) -> RestCall:
    """Return the one 429 the fake answered, and check it was the only one."""
    refused = [c for c in fake.calls if c.status == 429]
    assert len(refused) == 1, refused
    assert sender(refused[0]) in WORKERS
    return refused[0]


def during_hold(fake: FakeDiscord, refused: RestCall) -> list[RestCall]:
    """Return the requests that arrived after the in-flight ones and before retry_after."""
    start, end = refused.at + IN_FLIGHT, refused.at + RETRY_AFTER
    return [c for c in fake.calls if start < c.at < end]


def timeline(fake: FakeDiscord, refused: RestCall) -> list[tuple[float, str, str, int]]:
    """Every request around the 429, as (seconds after it, worker, path, status)."""
    return [
        (round(c.at - refused.at, 3), sender(c), c.path, c.status)
        for c in fake.calls
        if -0.5 < c.at - refused.at < RETRY_AFTER + 0.5
    ]


VIA = MappingProxyType({"Via": "1.1 google"})  # an API 429, not Cloudflare's


def dm_of(channel_id: int) -> int | None:
    """DM channel 555 is member 42's."""
    return 42 if channel_id == 555 else None


@pytest.mark.parametrize(
    ("headers", "body", "path", "held"),
    [
        # The body's exact retry_after, not the header's whole seconds; global either way.
        (
            VIA | {"Retry-After": "2", "X-RateLimit-Global": "true"},
            {"retry_after": 1.25},
            "/api/v10/users/@me/channels",
            RateLimited(1.25),
        ),
        (
            VIA | {"Retry-After": "3", "X-RateLimit-Scope": "global"},
            None,
            "/api/v10/channels/9/messages",
            RateLimited(3.0),
        ),
        # One channel's messages: that chat, as the scheduler names it.
        (
            VIA | {"X-RateLimit-Scope": "user"},
            {"retry_after": 0.5, "global": False},
            "/api/v10/channels/777/messages",
            RateLimited(0.5, "channel:777", group=True),
        ),
        (
            VIA | {"X-RateLimit-Scope": "shared"},
            {"retry_after": 0.5},
            "/api/v10/channels/555/messages/1",
            RateLimited(0.5, "user:42"),
        ),
        # An interaction's reply is this worker's own business; Cloudflare's 429 has no wait.
        (VIA, {"retry_after": 0.5}, "/api/v10/interactions/1/tok/callback", None),
        ({"Retry-After": "60"}, None, "/api/v10/channels/9/messages", None),
    ],
)
def test_a_429_holds_what_discord_said_it_limits(
    headers: dict[str, str], body: Any, path: str, held: RateLimited | None
) -> None:
    """Global 429s hold every send, a channel's its chat; the wait is the body's float."""
    assert read_429(headers, body, path, dm_of) == held


async def test_a_global_429_to_one_worker_holds_every_worker(
    world: World, postgres_url: str
) -> None:
    """After a global 429 to one worker, neither worker sends anything for its retry_after."""
    fake = world.fake
    await due(
        postgres_url,
        [
            {"kind": "personal", "chat_id": f"user:{member}", "text": f"task {member}"}
            for member in world.members
        ],
    )
    # Well into the fan-out, when both workers are sending.
    fake.fail_next("POST", MESSAGES, 429, retry_after=RETRY_AFTER, scope="global", after=15)

    await two_workers(postgres_url, fake, batch=5)

    refused = the_429(fake)
    other = next(w for w in WORKERS if w != sender(refused))
    held, around = during_hold(fake, refused), timeline(fake, refused)
    assert [c for c in held if sender(c) == other] == [], f"the other kept sending: {around}"
    assert held == [], f"the worker that got the 429 sent before its retry_after: {around}"
    # The other worker did post on both sides of the hold: the silence was the hold's.
    others = [c.at for c in fake.calls if sender(c) == other and c.method == "POST"]
    assert min(others) < refused.at < refused.at + RETRY_AFTER < max(others), around
    delivered = collections.Counter(
        (m.channel.recipient.id, m.text.rsplit(maxsplit=1)[-1])
        for m in fake.messages
        if m.channel.recipient is not None
    )
    assert delivered == {(member, str(member)): 1 for member in world.members}


async def test_a_channel_429_holds_that_channel_for_every_worker(
    world: World, postgres_url: str
) -> None:
    """A per-channel 429 stops both workers posting there, and only there, for its wait.

    The posts go round the channels, and each worker claims eight, so both hold posts for
    the limited channel whose slots (a second apart) were taken before the 429 came.
    """
    fake = world.fake
    posts = 6  # per channel; Discord's budget spaces one channel's posts a second apart
    await due(
        postgres_url,
        [
            {
                "kind": "cohort",
                "chat_id": f"channel:{channel.id}",
                "milestone_id": f"2027:m{n}",
                "text": f"milestone {n}",
            }
            for n in range(posts)
            for channel in world.channels
        ],
    )
    limited = world.channels[0]
    fake.fail_next(
        "POST", f"/channels/{limited.id}/messages", 429, retry_after=RETRY_AFTER, after=1
    )

    await two_workers(postgres_url, fake, batch=8)

    refused = the_429(fake)
    there = f"/channels/{limited.id}/messages"
    held, around = during_hold(fake, refused), timeline(fake, refused)
    assert [c for c in held if c.path == there] == [], f"posted in the held channel: {around}"
    assert [c for c in held if c.path != there], f"the other channels were held too: {around}"
    later = [(c.at - refused.at, sender(c)) for c in fake.calls if c.path == there]
    assert {w for at, w in later if at > 0} == set(WORKERS), f"nothing was shared: {later}"
    # Those waiting with a slot taken before the 429 took new ones after the retry's, a
    # second apart on PostgreSQL's clock: no post on the retry's heels.
    after = [at for at, _ in later if at > 0]
    assert min(b - a for a, b in itertools.pairwise(after)) > 0.7, later
    for channel in world.channels:
        numbers = collections.Counter(
            m.text.rsplit(maxsplit=1)[-1] for m in fake.messages_in(channel)
        )
        assert numbers == {str(n): 1 for n in range(posts)}, channel.name
