"""A `run`-like worker for the shared-budget tests (not collected by pytest).

    python telegram_budget_worker.py DB_URL BOT_API_URL TOKEN WORKER_ID PER_SECOND START_AT BATCH

Wired as `img-advisor run` wires a worker: `open_app` picks the send budget for the
database, Telegram's own Platform builds the service (its 429s reach the shared budget),
and the scheduler delivers through PTB to the fake Bot API. The Telegram limit is
PER_SECOND instead of 30, so the test is short. Exits once nothing is pending.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import time

from sqlalchemy import func, select

from bot.adapters.telegram import TELEGRAM
from bot.adapters.telegram.service import TelegramService
from bot.app import open_app
from bot.settings import Settings
from bot.storage.reminder_models import Reminder


async def main(
    url: str, api: str, token: str, worker: str, rate: float, start_at: float, batch: int
) -> None:
    """Deliver every due Telegram reminder, sharing the budget with the other workers."""
    assert TELEGRAM.rate_limit is not None
    telegram = dataclasses.replace(
        TELEGRAM, rate_limit=dataclasses.replace(TELEGRAM.rate_limit, per_second=rate)
    )
    settings = Settings(
        advisor_database_url=url, telegram_bot_token=token, telegram_api_base_url=api
    )
    pending = select(func.count()).select_from(Reminder).where(Reminder.status == "pending")
    async with open_app(url, platforms=[telegram]) as app:
        service = telegram.service(settings, app)
        assert isinstance(service, TelegramService)
        await service.application.initialize()
        try:
            await asyncio.sleep(max(0.0, start_at - time.time()))  # both workers at once
            async with app.delivering(
                {"telegram": service.sender}, worker_id=worker, batch_size=batch
            ):
                while True:
                    await asyncio.sleep(0.1)
                    async with app.engine.connect() as conn:
                        if await conn.scalar(pending) == 0:
                            break
        finally:
            await service.application.shutdown()


if __name__ == "__main__":
    url, api, token, worker, rate, start_at, batch = sys.argv[1:8]
    asyncio.run(main(url, api, token, worker, float(rate), float(start_at), int(batch)))
