"""What an adapter package declares so `img-advisor run` can start it: its `Platform`.

The runner, the scheduler's pacing and the cohort re-arm read these facts from the
descriptor instead of naming platforms, so a new platform is a new package plus one line in
`bot/adapters/registry.py`; nothing in `bot/core/` changes.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from bot.core.ports import Sender
from bot.reminders.group_setup import GroupPlaces, OwnChat
from bot.reminders.ratelimit import RateLimit
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import AppContext


class PlatformStartError(Exception):
    """A platform cannot start; the message says why in one line, fit to show an operator."""


class PlatformService(Protocol):
    """A running bot on one platform: started and stopped by the runner."""

    @property
    def sender(self) -> Sender:
        """What the scheduler delivers this platform's reminders and cohort posts through."""
        ...

    async def start(self) -> None:
        """Connect and begin taking updates; return once the bot is answering."""
        ...

    async def stop(self) -> None:
        """Stop taking updates and close connections."""
        ...


@dataclass(frozen=True, slots=True)
class Platform:
    """One platform's facts: its name, what switches it on, how to build it, its limits."""

    name: str  # as in Incoming.platform and the database's platform columns
    title: str  # as people write it, for help texts
    token_variable: str  # the setting that switches it on, named in `run`'s error message
    enabled: Callable[[Settings], bool]
    # Built inside `open_app`, so the service gets its stores from the composition root.
    service: Callable[[Settings, AppContext], PlatformService]
    rate_limit: RateLimit | None = None  # how fast the scheduler may send; None: no pacing
    # The limit as the settings configure it, if they can (`configured` applies it).
    rate_limit_from: Callable[[Settings], RateLimit] | None = None
    # How group setup names a group's cohort channel and role, and the sender addresses it.
    group_places: GroupPlaces = field(default_factory=OwnChat)
    # Adds the platform's own `img-advisor <name> …` subcommands, if it has any.
    add_commands: Callable[[argparse._SubParsersAction], None] | None = None

    def configured(self, settings: Settings) -> Platform:
        """Return this platform with its rate limit as the settings configure it."""
        if self.rate_limit_from is None:
            return self
        return replace(self, rate_limit=self.rate_limit_from(settings))

    def cohort_chat_id(self, channel_id: str) -> str:
        """Return a group's cohort channel (GroupSettings.channel_id) as the sender takes it."""
        return self.group_places.chat_id(channel_id)
