"""The real advisor and TelegramService running against the fake Bot API, for tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from bot.adapters.telegram.runtime import PatientRateLimiter
from bot.adapters.telegram.service import TelegramService
from bot.app import open_app
from bot.settings import Settings
from tests.fakes.telegram_server import FakeTelegram

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def telegram_settings(fake: FakeTelegram, database_url: str, **values: Any) -> Settings:
    """Settings pointing the bot at the fake server (nothing read from the environment)."""
    values = {
        "telegram_bot_token": fake.token,
        "telegram_api_base_url": fake.base_url,
        "telegram_api_base_file_url": fake.base_file_url,
        **values,
    }
    return Settings(_env_file=None, advisor_database_url=database_url, **values)


@asynccontextmanager
async def running_bot(
    fake: FakeTelegram, database_url: str, **values: Any
) -> AsyncIterator[TelegramService]:
    """Run the real advisor and TelegramService against the fake until the block ends."""
    async with open_app(database_url, clock=lambda: NOW) as app:
        service = TelegramService(
            telegram_settings(fake, database_url, **values),
            app.advisor,
            rate_limiter=PatientRateLimiter(backoff=0.05),
            poll_timeout=1,
        )
        await service.start()
        try:
            yield service
        finally:
            await service.stop()
