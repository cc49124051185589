"""`img-advisor run`: the platforms that are configured, one database, one scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import AppContext, open_app
from bot.core.ports import CohortHook
from bot.heap import settle_heap
from bot.logs import log_failure
from bot.reminders.group_setup import GroupPlaces
from bot.reminders.scheduler import Scheduler, SchedulerHandle
from bot.settings import Settings
from bot.storage.guild_models import GroupSettings, GuildSettingsStore

log = logging.getLogger(__name__)


def _services(settings: Settings, app: AppContext) -> list[Any]:
    services: list[Any] = []
    if settings.telegram_bot_token:
        from bot.adapters.telegram import TelegramService

        services.append(TelegramService(settings, app.advisor))
    if settings.discord_bot_token:
        from bot.adapters.discord import DiscordService

        services.append(DiscordService(settings, app.advisor))
    return services


def _group_places(settings: Settings) -> dict[str, GroupPlaces]:
    """How group setup addresses the channels of configured platforms' groups."""
    if not settings.discord_bot_token:
        return {}
    from bot.adapters.discord_setup import DiscordPlaces

    return {"discord": DiscordPlaces()}


def cohort_chat_id(group: GroupSettings) -> str:
    """Return a group's cohort channel as its platform's sender takes chat ids."""
    if group.platform == "discord":
        return f"channel:{group.channel_id}"
    return group.channel_id  # Telegram: the group's own (negative) chat id


async def rearm_cohorts(engine: AsyncEngine, cohorts: CohortHook,
                        platforms: Iterable[str]) -> int:
    """Arm every enabled group's cohort reminders again; return how many groups.

    `enable` is idempotent, so a restart only adds what is new: a season that has begun
    since, or dates the knowledge base has changed.
    """
    store = GuildSettingsStore(engine)
    count = 0
    for platform in platforms:
        for group in await store.enabled(platform):
            try:
                await cohorts.enable(platform, cohort_chat_id(group), group.timezone)
            except Exception as error:  # one group's bad row must not stop the bot starting
                log_failure(log, f"re-arming a {platform} group's cohort reminders failed",
                            error)
                continue
            count += 1
    return count


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Start every configured platform and the reminder scheduler; stop when `stop` is set."""
    handle = SchedulerHandle()
    async with open_app(settings.advisor_database_url, scheduler=handle,
                        places=_group_places(settings)) as app:
        cohorts = app.cohorts
        assert cohorts is not None  # open_app always builds the cohort service
        services = _services(settings, app)
        if not services:
            raise SystemExit("img-advisor run: set TELEGRAM_BOT_TOKEN and/or DISCORD_BOT_TOKEN "
                             "(see README); for a local chat use `img-advisor chat`.")
        # Before any update arrives, so an admin's /setup never races the re-arm of its group.
        platforms = {service.sender.platform for service in services}
        log.info("cohort reminders armed for %d group(s)",
                 await rearm_cohorts(app.engine, cohorts, platforms))
        started: list[Any] = []
        try:
            for service in services:
                await service.start()
                started.append(service)
                log.info("%s started", type(service).__name__)
            senders = {service.sender.platform: service.sender for service in services}
            worker = f"{socket.gethostname()}:{os.getpid()}"
            scheduler = Scheduler(app.engine, senders, worker_id=worker,
                                  on_unreachable=app.store.mark_chat_unreachable,
                                  notes=app.reminders.delivery_notes)
            async with handle.running(scheduler):
                settle_heap()  # keep start-up objects out of GC passes during delivery bursts
                await stop.wait()
        finally:
            for service in reversed(started):
                try:
                    await service.stop()
                except Exception as error:
                    log_failure(log, f"stopping {type(service).__name__} failed", error)
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
