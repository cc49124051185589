"""Discord (discord.py 2): this package's `Platform`, for the registry.

`service` runs the bot and its sender; `cog` holds the `/advisor` commands, buttons and DMs;
`setup` is `/advisor-setup` for admins; `render`, `reply` and `views` turn replies into
messages and answer interactions in time; `limits` paces members; `budget` shares 429s
with the other workers; `cli` is
`img-advisor discord sync`. `DiscordPlaces` says how group setup names a server's cohort
channel and role.
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
    from bot.storage.rate_budget import SharedBudget

    # On PostgreSQL the workers share a send budget: a 429 to one holds them all (or, for
    # one channel's limit, that channel). discord.py waits out its own 429s, so the budget
    # is only told, not waited on (SharedBudget.hold, not retry_after).
    budget = app.pacers.get("discord")
    hold = budget.hold if isinstance(budget, SharedBudget) else None
    return DiscordService(settings, app.advisor, app.groups, on_rate_limited=hold)


def _enabled(settings: Settings) -> bool:
    return bool(settings.discord_bot_token)


class DiscordPlaces:
    """A server posts its cohort reminders in one of its channels and may mention a role."""

    separate_channels = True

    def chat_id(self, channel_id: str) -> str:
        """Return a server's cohort channel as DiscordSender addresses it ("channel:<id>")."""
        return f"channel:{channel_id}"

    def channel(self, channel_id: str) -> str:
        """Return a channel mention."""
        return f"<#{channel_id}>"

    def role(self, role_id: str) -> str:
        """Return a role mention."""
        return f"<@&{role_id}>"


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
    group_places=DiscordPlaces(),
    add_commands=_add_commands,
)
