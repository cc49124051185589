"""`img-advisor run --workers 2` in webhook mode behind one proxy, on one PostgreSQL database.

The issue's test: 1,000 people, and the proxy hands each person's updates to the workers
in turn. Everyone types the first TURNS messages of the interview without waiting for
replies (each once the one before was accepted, as Telegram sends them): every turn must
run once and in order, so each person is asked the first questions once each, in the
flow's order. One person types the whole interview through to the plan.

Telegram's 30 messages/s per bot would make 1,000 people's replies take minutes of pacing
alone, so the workers run with TELEGRAM_MESSAGES_PER_SECOND raised for the fake: the same
code path with a higher configured limit.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.interview import Interview
from tests.bot.adapters.telegram_script import TYPED, shown
from tests.conftest import eventually
from tests.fakes.telegram_server import FakeTelegram, PrivateChat
from tests.fakes.webhook_proxy import WebhookProxy
from tests.interview_script import answer_interview, plan_arrived

PEOPLE = 1000
TURNS = 5  # /start and four answers: the first five questions asked
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
        TELEGRAM_MESSAGES_PER_SECOND="2000",  # the fake enforces no limit here
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
    assert process.stderr is not None
    # Read as it comes: a worker logging into a full pipe nobody reads would stop dead.
    reading = asyncio.create_task(process.stderr.read())
    try:
        await eventually(lambda: len(fake_telegram.calls_to("setWebhook")) == 2, 60)
        targets = [f"http://127.0.0.1:{p}/tg/hook" for p in (port, port + 1)]
        async with WebhookProxy(targets) as proxy:
            fake_telegram.webhook_target = proxy.url
            yield proxy
    finally:
        process.send_signal(signal.SIGTERM)  # passed on to both workers
        await asyncio.wait_for(process.wait(), 30)
        stderr = await reading
    assert process.returncode == 0, stderr.decode()[-3000:]
    assert b"Traceback" not in stderr, stderr.decode()[-3000:]


async def type_everything(dm: PrivateChat, texts: list[str]) -> None:
    """Send every text, each as soon as the one before was accepted."""
    for typed in texts:
        await dm.send(typed)


class Progress:
    """Which people have been asked `count` questions; cheap to poll over 1,000 chats."""

    def __init__(self, chats: list[PrivateChat], count: int) -> None:
        self.waiting = {id(dm): dm for dm in chats}
        self._seen: dict[int, int] = {}
        self._count = count

    def done(self) -> bool:
        """Look again at the chats with new messages; return whether all are through."""
        for key, dm in list(self.waiting.items()):
            if self._seen.get(key) == len(dm.history):
                continue
            self._seen[key] = len(dm.history)
            if len(asked_in(dm)) >= self._count:
                del self.waiting[key]
        return not self.waiting


def asked_in(dm: PrivateChat) -> list[str]:
    """Return the questions a person was asked, in the order the messages came."""
    found = (TYPED.asked([shown(m)]) for m in dm.history)
    return [question[0] for question in found if question is not None]


async def test_every_turn_runs_once_and_in_order_across_two_webhook_workers(
    fake_telegram: FakeTelegram, two_workers: WebhookProxy
) -> None:
    """1,000 people type at once; each is asked the first questions once, in order."""
    interview = Interview()
    states = answer_interview(interview, interview.new_state(), TYPED)
    texts = ["/start", *(TYPED.answer(state) for state in states)]
    chats = [fake_telegram.private_chat(fake_telegram.user(f"p{n}")) for n in range(PEOPLE)]
    whole, people = chats[0], chats[1:]

    began = time.monotonic()
    await asyncio.gather(
        type_everything(whole, texts), *(type_everything(dm, texts[:TURNS]) for dm in people)
    )
    typed = time.monotonic() - began

    await eventually(Progress(people, TURNS).done, 300)
    await eventually(lambda: plan_arrived([shown(m) for m in whole.history]), 60)
    print(f"typed in {typed:.0f} s, all answered in {time.monotonic() - began:.0f} s")  # -s
    assert min(two_workers.forwarded) >= PEOPLE * (TURNS // 2)  # each went to both
    assert asked_in(whole) == states
    for dm in people:
        assert asked_in(dm) == states[:TURNS]
