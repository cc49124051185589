"""Starting and stopping: `img-advisor run` serves Telegram, stops cleanly, rejects bad config."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from bot.adapters.telegram.runtime import PatientRateLimiter
from bot.adapters.telegram.service import TelegramService, TelegramSettingsError, TelegramStartError
from bot.app import open_app
from tests.bot.adapters.telegram_harness import telegram_settings
from tests.fakes.telegram_server import FakeTelegram


def run_env(fake: FakeTelegram, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a bot process pointed at the fake (nothing else configured)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DISCORD_", "ADVISOR_"))
    }
    env.update(
        ADVISOR_DATABASE_URL=f"sqlite:///{tmp_path / 'advisor.db'}",
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
    )
    env.update(extra)
    return env


async def test_run_serves_telegram_and_stops_on_sigterm(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    """The real process answers a user, and SIGTERM stops it cleanly (exit 0, updates acked)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=run_env(fake_telegram, tmp_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        dm = fake_telegram.private_chat(fake_telegram.user("Amira"))
        await dm.send("/start")
        _, question = await dm.next_messages(2, within=30)
        assert question.text.startswith("Question 1 of")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr
    last_poll = fake_telegram.calls_to("getUpdates")[-1]
    assert int(last_poll.params["offset"]) == 2, "the handled update is acknowledged on stop"


async def test_malformed_setting_stops_start_naming_the_variable(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    """A Bot API URL in the wrong format fails at start with a one-line reason, no traceback."""
    env = run_env(
        fake_telegram, tmp_path, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{fake_telegram.port}/"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode != 0
    assert b"TELEGRAM_API_BASE_URL" in stderr
    assert b"Traceback" not in stderr


async def test_unreachable_bot_api_fails_start_with_a_clear_reason(
    fake_telegram: FakeTelegram, sqlite_url: str
) -> None:
    """Nothing listening at the Bot API URL: start fails saying which setting to check."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings = telegram_settings(
        fake_telegram, sqlite_url, telegram_api_base_url=f"http://127.0.0.1:{closed}/bot"
    )
    async with open_app(sqlite_url) as app:
        service = TelegramService(
            settings, app.advisor, rate_limiter=PatientRateLimiter(backoff=0.01)
        )
        with pytest.raises(TelegramStartError, match="TELEGRAM_API_BASE_URL"):
            await service.start()


async def test_rejected_token_fails_start_naming_the_variable(
    fake_telegram: FakeTelegram, sqlite_url: str
) -> None:
    """A token the Bot API answers 401 to is reported as TELEGRAM_BOT_TOKEN."""
    settings = telegram_settings(fake_telegram, sqlite_url, telegram_bot_token="654321:WRONG")
    async with open_app(sqlite_url) as app:
        service = TelegramService(settings, app.advisor)
        with pytest.raises(TelegramSettingsError, match="TELEGRAM_BOT_TOKEN"):
            await service.start()
