"""`img-advisor run`: the platforms that are configured, one database, one scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterable, Sequence

from sqlalchemy.engine import URL

from bot.adapters.platform import Platform, PlatformService
from bot.adapters.registry import PLATFORMS, enabled
from bot.app import open_app
from bot.core.ports import CohortHook
from bot.heap import settle_heap
from bot.logs import log_failure
from bot.reminders.scheduler import worker_identity
from bot.settings import Settings
from bot.storage.guild_models import GuildSettingsStore
from bot.storage.preflight import DatabaseStartError, watch_file

log = logging.getLogger(__name__)


async def rearm_cohorts(
    groups: GuildSettingsStore, cohorts: CohortHook, platforms: Iterable[Platform]
) -> int:
    """Arm every enabled group's cohort reminders again; return how many groups.

    `enable` is idempotent, so a restart only adds what is new: a season that has begun
    since, or dates the knowledge base has changed.
    """
    count = 0
    for platform in platforms:
        for group in await groups.enabled(platform.name):
            try:
                await cohorts.enable(
                    platform.name, platform.cohort_chat_id(group.channel_id), group.timezone
                )
            except Exception as error:  # one group's bad row must not stop the bot starting
                log_failure(
                    log, f"re-arming a {platform.name} group's cohort reminders failed", error
                )
                continue
            count += 1
    return count


def _nothing_configured(platforms: Sequence[Platform]) -> SystemExit:
    tokens = " and/or ".join(p.token_variable for p in platforms)
    return SystemExit(
        f"img-advisor run: set {tokens} (see README); for a local chat use `img-advisor chat`."
    )


async def serve(
    settings: Settings, stop: asyncio.Event, platforms: Sequence[Platform] = PLATFORMS
) -> None:
    """Start every configured platform and the reminder scheduler; stop when `stop` is set."""
    platforms = [platform.configured(settings) for platform in platforms]
    async with open_app(settings.advisor_database_url, platforms=platforms) as app:
        chosen = enabled(settings, platforms)
        if not chosen:
            raise _nothing_configured(platforms)
        services = [platform.service(settings, app) for platform in chosen]
        # Before any update arrives, so an admin's /setup never races the re-arm of its group.
        log.info(
            "cohort reminders armed for %d group(s)",
            await rearm_cohorts(app.groups, app.cohorts, chosen),
        )
        started: list[PlatformService] = []
        try:
            for service in services:
                await service.start()
                started.append(service)
                log.info("%s started", type(service).__name__)
            senders = {service.sender.platform: service.sender for service in services}
            async with app.delivering(
                senders, worker_id=worker_identity(settings.advisor_worker_id)
            ):
                settle_heap()  # keep start-up objects out of GC passes during delivery bursts
                lost = await _until_stopped_or_lost(stop, app.engine.url)
            if lost is not None:
                log.error("%s", lost)
                raise DatabaseStartError(lost)
        finally:
            for service in reversed(started):
                try:
                    await service.stop()
                except Exception as error:
                    log_failure(log, f"stopping {type(service).__name__} failed", error)
            log.info("stopped")


async def _until_stopped_or_lost(stop: asyncio.Event, url: URL) -> str | None:
    """Wait for `stop`; return why instead if the database file disappears first."""
    stopping = asyncio.create_task(stop.wait())
    lost = asyncio.create_task(watch_file(url))
    done, _ = await asyncio.wait((stopping, lost), return_when=asyncio.FIRST_COMPLETED)
    for task in (stopping, lost):
        task.cancel()
    return lost.result() if lost in done else None


def run_bot(settings: Settings) -> int:
    """Run until Ctrl-C or SIGTERM; return the exit code."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop)

    try:
        asyncio.run(main())
    except DatabaseStartError as exc:  # the database's fault, said in one line
        raise SystemExit(f"img-advisor run: {exc}") from None
    return 0
