"""`img-advisor run`: the platforms that are configured, one database, one scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from typing import Any

from bot.app import open_app
from bot.settings import Settings

log = logging.getLogger(__name__)


def _services(settings: Settings, advisor: Any) -> list[Any]:
    services: list[Any] = []
    if settings.telegram_bot_token:
        from bot.adapters.telegram import TelegramService

        services.append(TelegramService(settings, advisor))
    if settings.discord_bot_token:
        from bot.adapters.discord import DiscordService

        services.append(DiscordService(settings, advisor))
    return services


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Start every configured platform and the reminder scheduler; stop when `stop` is set."""
    scheduler_box: dict[str, Any] = {}

    def make_scheduler(engine: Any) -> Any:
        try:
            from bot.reminders.scheduler import Scheduler
        except ImportError:
            return None
        worker = f"{socket.gethostname()}:{os.getpid()}"
        scheduler_box["scheduler"] = Scheduler(engine, {}, worker_id=worker)
        return scheduler_box["scheduler"]

    async with open_app(settings.advisor_database_url, scheduler_factory=make_scheduler) as app:
        services = _services(settings, app.advisor)
        if not services:
            raise SystemExit("img-advisor run: set TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN "
                             "(see README); for a local chat use `img-advisor chat`.")
        scheduler = scheduler_box.get("scheduler")
        started: list[Any] = []
        task = None
        try:
            for service in services:
                await service.start()
                started.append(service)
                log.info("%s started", type(service).__name__)
            if scheduler is not None:
                for service in services:
                    scheduler.senders[service.sender.platform] = service.sender
                task = asyncio.create_task(scheduler.run(), name="reminder-scheduler")
            await stop.wait()
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for service in reversed(started):
                with contextlib.suppress(Exception):
                    await service.stop()
            log.info("stopped")


def run_bot(settings: Settings) -> int:
    """Run until Ctrl-C or SIGTERM; return the exit code."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop)

    asyncio.run(main())
    return 0
