"""A `run`-like Discord worker for the shared-budget tests (not collected by pytest).

    python discord_budget_worker.py DB_URL API_URL GATEWAY_URL TOKEN WORKER SHARD COUNT BATCH

Wired as `img-advisor run --workers N` wires one: `open_app` picks the send budget for the
database, Discord's own Platform builds the service (its 429s reach the shared budget),
it connects as shard SHARD of COUNT, and the scheduler delivers through discord.py to the
fake Discord. Its User-Agent ends in "worker/WORKER", so the fake can tell the workers
apart. It prints "ready" once connected and starts delivering when a line comes on stdin
(the test starts both at once, without a clock); it exits once nothing is pending.
"""

from __future__ import annotations

import asyncio
import sys

from sqlalchemy import func, select

from bot.adapters.discord import DISCORD
from bot.adapters.discord.service import DiscordService
from bot.app import open_app
from bot.settings import Settings
from bot.storage.reminder_models import Reminder


async def main(
    url: str, api: str, gateway: str, token: str, worker: str, shard: int, count: int, batch: int
) -> None:
    """Deliver every due Discord reminder, sharing the budget with the other workers."""
    settings = Settings(
        advisor_database_url=url,
        discord_bot_token=token,
        discord_api_base_url=api,
        discord_gateway_url=gateway,
        discord_shard_id=shard,
        discord_shard_count=count,
    )
    pending = select(func.count()).select_from(Reminder).where(Reminder.status == "pending")
    async with open_app(url, platforms=[DISCORD]) as app:
        service = DISCORD.service(settings, app)
        assert isinstance(service, DiscordService)
        service.bot.http.user_agent += f" worker/{worker}"
        await service.start()
        try:
            print("ready", flush=True)
            await asyncio.to_thread(sys.stdin.readline)
            async with app.delivering(
                {"discord": service.sender}, worker_id=worker, batch_size=batch
            ):
                while True:
                    await asyncio.sleep(0.05)
                    async with app.engine.connect() as conn:
                        if await conn.scalar(pending) == 0:
                            break
        finally:
            await service.stop()


if __name__ == "__main__":
    url, api, gateway, token, worker, shard, count, batch = sys.argv[1:9]
    asyncio.run(main(url, api, gateway, token, worker, int(shard), int(count), int(batch)))
