"""Fixtures for the Telegram adapter: the fake Bot API server and the real bot running on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.adapters.telegram.service import TelegramService
from tests.bot.adapters.telegram_harness import running_bot
from tests.fakes.telegram_server import FakeTelegram


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A fake Bot API server on 127.0.0.1 for one test."""
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def telegram_bot(
    fake_telegram: FakeTelegram, sqlite_url: str
) -> AsyncIterator[TelegramService]:
    """The advisor on Telegram (long polling the fake) with a fresh SQLite file."""
    async with running_bot(fake_telegram, sqlite_url) as service:
        yield service


@pytest.fixture
def telegram(fake_telegram: FakeTelegram, telegram_bot: TelegramService) -> FakeTelegram:
    """The fake Telegram with the advisor bot running on it: push messages, read replies."""
    return fake_telegram
