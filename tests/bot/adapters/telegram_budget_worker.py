"""A `run`-like worker for the shared-budget tests and bench_scale (not collected by pytest).

    python telegram_budget_worker.py DB_URL BOT_API_URL TOKEN WORKER_ID PER_SECOND BATCH

Wired as `img-advisor run` wires a worker: the platform configured by the settings, `open_app`
picking the send budget for the database, Telegram's own service (its 429s reach the shared
budget), and the scheduler delivering through PTB to the fake Bot API. Only the configured
limit may differ: TELEGRAM_MESSAGES_PER_SECOND is PER_SECOND (Telegram's is 30), so a test
of 10,000 chats takes a minute or two instead of six. It prints "ready" once connected and
starts delivering on a line on stdin, so several workers start together however slowly each
loaded. Exits once nothing is pending.
"""

from __future__ import annotations

import asyncio
import sys

from sqlalchemy import exists, select

from bot.adapters.telegram import TELEGRAM
from bot.adapters.telegram.service import TelegramService
from bot.app import open_app
from bot.settings import Settings
from bot.storage.reminder_models import Reminder

# Cheap however many rows are left (a count of 100,000 pending rows ten times a second
# would be most of what PostgreSQL does in a long benchmark).
_PENDING = select(exists().where(Reminder.status == "pending"))


async def main(url: str, api: str, token: str, worker: str, rate: float, batch: int) -> None:
    """Deliver every due Telegram reminder, sharing the budget with the other workers."""
    settings = Settings(
        advisor_database_url=url,
        telegram_bot_token=token,
        telegram_api_base_url=api,
        telegram_messages_per_second=rate,
    )
    telegram = TELEGRAM.configured(settings)
    async with open_app(url, platforms=[telegram]) as app:
        service = telegram.service(settings, app)
        assert isinstance(service, TelegramService)
        await service.application.initialize()
        try:
            print("ready", flush=True)
            await asyncio.to_thread(sys.stdin.readline)  # every worker is ready: go
            async with app.delivering(
                {"telegram": service.sender}, worker_id=worker, batch_size=batch
            ):
                while True:
                    await asyncio.sleep(0.1)
                    async with app.engine.connect() as conn:
                        if not await conn.scalar(_PENDING):
                            break
        finally:
            await service.application.shutdown()


if __name__ == "__main__":
    url, api, token, worker, rate, batch = sys.argv[1:7]
    asyncio.run(main(url, api, token, worker, float(rate), int(batch)))
