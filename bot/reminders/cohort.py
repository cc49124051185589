"""Cohort reminders: season milestones posted to a group channel in the group's time zone.

Adapters call this when an admin switches cohort reminders on or off (it is their
`CohortHook`); the scheduler then posts each milestone like any other reminder.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.ports import SeasonSource
from bot.reminders.milestones import arm_cohort, drop_cohort
from bot.reminders.season import season_milestones
from flows.profile import Profile
from flows.reminder_parse import zone


def _utcnow() -> datetime:
    return datetime.now(UTC)


class CohortReminders:
    """Switches a channel's season posts on and off."""

    def __init__(
        self,
        engine: AsyncEngine,
        knowledge: SeasonSource,
        poke: Callable[[datetime | None], None],
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._engine = engine
        self._knowledge = knowledge
        self._poke = poke
        self._clock = clock

    async def enable(self, platform: str, chat_id: str, timezone: str) -> None:
        """Post the coming milestones of this and next year's Match to the chat."""
        now = self._clock()
        # Early in the year one season is ending while the next begins: a cohort has both.
        pairs = [
            (year, milestone)
            for year in (now.year, now.year + 1)
            for milestone in await season_milestones(self._knowledge, year, Profile())
        ]
        armed = await arm_cohort(self._engine, platform, chat_id, zone(timezone).key, pairs, now)
        self._poke(armed.first)

    async def disable(self, platform: str, chat_id: str) -> None:
        """Stop cohort posts to the chat."""
        await drop_cohort(self._engine, platform, chat_id)
