"""Discord (discord.py 2): this package's `Platform`, for the registry.

`service` runs the bot and its sender; `cog` holds the `/advisor` commands, buttons and DMs;
`setup` is `/advisor-setup` for admins; `render`, `reply` and `views` turn replies into
messages and answer interactions in time; `limits` paces members; `cli` is
`img-advisor discord sync`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.adapters.platform import Platform, PlatformService
from bot.reminders.ratelimit import RateLimit
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import AppContext


def _service(settings: Settings, app: AppContext) -> PlatformService:
    # Imported here: discord.py loads only when Discord is configured.
    from bot.adapters.discord.service import DiscordService

    return DiscordService(settings, app.advisor, app.groups, cohorts=app.cohorts)


def _enabled(settings: Settings) -> bool:
    return bool(settings.discord_bot_token)


def cohort_chat_id(channel_id: str) -> str:
    """Return a server's cohort channel as the sender addresses it ("channel:<id>")."""
    return f"channel:{channel_id}"


def _add_commands(subparsers: argparse._SubParsersAction) -> None:
    from bot.adapters.discord.cli import register

    register(subparsers)


DISCORD = Platform(
    name="discord",
    title="Discord",
    token_variable="DISCORD_BOT_TOKEN",
    enabled=_enabled,
    service=_service,
    # 50 requests/s per bot and 5 per 5 s per channel; discord.py also honours the
    # server's headers, so we stay a little under.
    rate_limit=RateLimit(per_second=40, chat_interval=1.0),
    cohort_chat_id=cohort_chat_id,
    add_commands=_add_commands,
)
