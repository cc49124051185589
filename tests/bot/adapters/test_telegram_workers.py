"""`img-advisor run --workers 2` in webhook mode behind one proxy, on one PostgreSQL database.

The proxy hands each person's updates to the workers in turn, and everyone types their
whole interview without waiting for replies (each message once the one before was
accepted, as Telegram sends them): every turn must run once and in order, so each person
is asked every question once, in the flow's order, and gets the plan. The issue asks for
1,000 people; 30 run here in well under a minute on two shared cores.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.interview import Interview
from tests.bot.adapters.telegram_script import TYPED, shown
from tests.conftest import eventually
from tests.fakes.telegram_server import FakeTelegram, PrivateChat
from tests.fakes.webhook_proxy import WebhookProxy
from tests.interview_script import answer_interview, plan_arrived

PEOPLE = 30
SECRET = "s3cret-Token_1"


def free_ports() -> int:
    """Return a loopback port that, with the next one, nobody is listening on right now."""
    while True:
        with socket.socket() as probe, socket.socket() as after:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
            try:
                after.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port


def worker_env(fake: FakeTelegram, database_url: str, port: int) -> dict[str, str]:
    """A webhook worker's environment: the fake Bot API, the shared database, its own port."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DISCORD_", "ADVISOR_"))
    }
    env.update(
        ADVISOR_DATABASE_URL=database_url,
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        TELEGRAM_WEBHOOK_URL="https://advisor.example.org/tg/hook",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
        TELEGRAM_WEBHOOK_PORT=str(port),
    )
    return env


@pytest.fixture
async def two_workers(
    fake_telegram: FakeTelegram, postgres_url: str, tmp_path: Path
) -> AsyncIterator[WebhookProxy]:
    """`run --workers 2` in webhook mode (ports P and P+1), and the proxy Telegram posts to."""
    port = free_ports()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--workers",
        "2",
        cwd=tmp_path,
        env=worker_env(fake_telegram, postgres_url, port),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await eventually(lambda: len(fake_telegram.calls_to("setWebhook")) == 2, 60)
        targets = [f"http://127.0.0.1:{p}/tg/hook" for p in (port, port + 1)]
        async with WebhookProxy(targets) as proxy:
            fake_telegram.webhook_target = proxy.url
            yield proxy
    finally:
        process.send_signal(signal.SIGTERM)  # passed on to both workers
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()[-3000:]
    assert b"Traceback" not in stderr, stderr.decode()[-3000:]


async def type_everything(dm: PrivateChat, texts: list[str]) -> None:
    """Send every text, each as soon as the one before was accepted."""
    for typed in texts:
        await dm.send(typed)


async def test_every_turn_runs_once_and_in_order_across_two_webhook_workers(
    fake_telegram: FakeTelegram, two_workers: WebhookProxy
) -> None:
    """30 people type their whole interview at once; each is asked everything once, in order."""
    interview = Interview()
    states = answer_interview(interview, interview.new_state(), TYPED)
    texts = ["/start", *(TYPED.answer(state) for state in states)]
    chats = [fake_telegram.private_chat(fake_telegram.user(f"p{n}")) for n in range(PEOPLE)]

    await asyncio.gather(*(type_everything(dm, texts) for dm in chats))

    await eventually(lambda: all(plan_arrived([shown(m) for m in dm.history]) for dm in chats), 60)
    assert min(two_workers.forwarded) >= PEOPLE * (len(texts) // 2)  # each went to both
    for dm in chats:
        asked = [TYPED.asked([shown(m)]) for m in dm.history]
        assert [found[0] for found in asked if found is not None] == states
