"""Telegram (python-telegram-bot 22): this package's `Platform`, for the registry.

`service` runs the bot (long polling or webhook); `send` and `render` turn replies into Bot
API calls; `setup` is an admin's `/setup` in a group; `config`, `http` and `runtime` are the
settings check, the HTTP client and PTB's update processor and rate limiter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.adapters.platform import Platform, PlatformService
from bot.reminders.ratelimit import RateLimit
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import AppContext


def _service(settings: Settings, app: AppContext) -> PlatformService:
    # Imported here: python-telegram-bot loads only when Telegram is configured.
    from bot.adapters.telegram.service import TelegramService
    from bot.storage.update_order import update_tickets

    # On PostgreSQL the workers share a send budget: a 429 to one holds them all.
    budget = app.pacers.get("telegram")
    retry = budget.retry_after if budget is not None else None
    return TelegramService(
        settings,
        app.advisor,
        on_retry_after=retry,
        order=update_tickets(app.engine, "telegram"),  # webhook workers on PostgreSQL
    )


def _enabled(settings: Settings) -> bool:
    return bool(settings.telegram_bot_token)


def _rate_limit(settings: Settings) -> RateLimit:
    # Telegram takes ~30 messages/s from a bot overall, 1/s per chat and 20/min per group.
    return RateLimit(
        per_second=settings.telegram_messages_per_second, chat_interval=1.0, group_interval=3.0
    )


TELEGRAM = Platform(
    name="telegram",
    title="Telegram",
    token_variable="TELEGRAM_BOT_TOKEN",
    enabled=_enabled,
    service=_service,
    rate_limit=_rate_limit(Settings.model_construct()),  # the defaults, until `configured`
    rate_limit_from=_rate_limit,
    # A group posts in its own chat, whose (negative) id the sender takes: the default places.
)
