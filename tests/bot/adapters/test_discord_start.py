"""`img-advisor run` with Discord out of reach or refusing: one clear line within 10 s.

Real processes against 127.0.0.1: a closed port, the fake Discord refusing the token, and
a server that takes the connection and never answers (which once held `run` for minutes).
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.discord_server import FakeDiscord

LIMIT = 10.0


async def run_discord(api: str, gateway: str, token: str, cwd: Path) -> tuple[int, str, float]:
    """Start `img-advisor run` for Discord at these addresses; return code, stderr, time."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DISCORD_", "ADVISOR_"))
    }
    env.update(
        ADVISOR_DATABASE_URL=f"sqlite:///{cwd / 'advisor.db'}",
        DISCORD_BOT_TOKEN=token,
        DISCORD_API_BASE_URL=api,
        DISCORD_GATEWAY_URL=gateway,
    )
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, stderr.decode(), time.monotonic() - started


def assert_clear_line(code: int, stderr: str, took: float, *words: str) -> None:
    """Exit 1 with no traceback, the last line naming the fix, within the limit."""
    assert code == 1, stderr
    assert "Traceback" not in stderr, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("img-advisor run: "), stderr
    for word in words:
        assert word in last, last
    assert took < LIMIT, f"{took:.1f} s"


@pytest.fixture
async def silent_port() -> AsyncIterator[int]:
    """A port on 127.0.0.1 that accepts connections and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield int(server.sockets[0].getsockname()[1])
    for writer in held:
        writer.close()
    server.close()


async def test_discord_unreachable(tmp_path: Path) -> None:
    """Nothing listening where the API should be: say so, name DISCORD_API_BASE_URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = await run_discord(
        f"http://127.0.0.1:{port}/api/v10", f"ws://127.0.0.1:{port}/", "a.b.c", tmp_path
    )
    assert_clear_line(*result, "cannot reach the Discord API", "DISCORD_API_BASE_URL")


async def test_discord_rejects_the_token(tmp_path: Path) -> None:
    """A token Discord refuses (401): name DISCORD_BOT_TOKEN and where to get a new one."""
    fake = FakeDiscord()
    await fake.start()
    try:
        result = await run_discord(fake.api_base_url, fake.gateway_url, "not.the.token", tmp_path)
    finally:
        await fake.close()
    assert_clear_line(*result, "DISCORD_BOT_TOKEN was rejected")


async def test_discord_api_that_never_answers(tmp_path: Path, silent_port: int) -> None:
    """An API that takes the connection and never answers: a timeout, not a hang."""
    result = await run_discord(
        f"http://127.0.0.1:{silent_port}/api/v10",
        f"ws://127.0.0.1:{silent_port}/",
        "a.b.c",
        tmp_path,
    )
    assert_clear_line(*result, "did not answer within", "DISCORD_API_BASE_URL")
