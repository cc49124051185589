"""Ports the core and the scheduler use to reach the outside world."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.core.messages import Outgoing


class Unreachable(Exception):
    """The platform refused delivery for good: the user blocked the bot, the channel is gone."""


class Sender(Protocol):
    """Delivers messages to a chat on one platform (used for reminders and cohort posts)."""

    platform: str

    async def send(self, chat_id: str, messages: Sequence[Outgoing]) -> None:
        """Send messages to the chat; raise Unreachable if it can never succeed."""
        ...


class CohortHook(Protocol):
    """Told when a group switches cohort reminders on or off (the reminders scheduler)."""

    async def enable(self, platform: str, chat_id: str, timezone: str) -> None:
        """Start cohort posts to the chat, scheduled in this time zone."""
        ...

    async def disable(self, platform: str, chat_id: str) -> None:
        """Stop cohort posts to the chat."""
        ...
