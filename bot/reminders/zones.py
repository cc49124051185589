"""Reminders kept in another zone than the user's: those set before the time zone was known
(in UTC) or before it changed. Once the zone is known, the user is offered to keep their
wall-clock times in it ("09:00 UTC" becomes "09:00 Cairo time").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.core.markup import literal
from bot.core.messages import Outgoing
from bot.core.turn import Pending, Turn
from bot.core.yesno import Offer
from bot.reminders.listing import say
from bot.reminders.store import ReminderStore, ReminderView
from flows.reminder_parse import describe_when, zone, zone_label

ZONE_OFFER = Offer(
    "remtz",
    "Yes, keep their times",
    "No, leave them",
    yes_words=frozenset({"keep", "keep them", "move", "move them", "keep their times"}),
    no_words=frozenset({"leave", "leave them"}),
)


class ZoneMove:
    """Finds reminders in another zone, offers to move them, and moves them."""

    def __init__(self, store: ReminderStore, poke: Callable[[datetime | None], None]) -> None:
        self._store = store
        self._poke = poke

    async def elsewhere(self, turn: Turn) -> list[ReminderView]:
        """The user's reminders in another zone than theirs (none while it is unknown)."""
        if not turn.profile.timezone:
            return []
        return await self._store.other_zones(turn.user_id, turn.profile.timezone)

    async def offer(self, turn: Turn) -> list[Outgoing] | None:
        """Ask to keep their wall-clock times in the user's zone; None when none differ."""
        views = await self.elsewhere(turn)
        if not views:
            return None
        tz = turn.profile.timezone
        assert tz is not None  # elsewhere() finds none without a zone
        first = views[0]
        wall = first.due_at.astimezone(zone(first.tz))
        kept = wall.replace(tzinfo=zone(tz))
        count = f"{len(views)} of your reminders are" if len(views) > 1 else "One reminder is"
        title = literal(first.text.splitlines()[0])
        text = (
            f"{count} set in {zone_label(first.tz)}, from before I knew your time zone: "
            f"**{title}** is {describe_when(first.due_at, tz, turn.now)}. "
            f"Keep their times in {zone_label(tz)} instead (it would be "
            f"{describe_when(kept, tz, turn.now)})?"
        )
        turn.ask(Pending(ZONE_OFFER.kind))
        return [say(text, *ZONE_OFFER.choices())]

    async def answer(self, turn: Turn, accepted: bool) -> list[Outgoing]:
        """Move them (yes) or leave them at their moments (no), and say so."""
        tz = turn.profile.timezone
        if not accepted or not tz:
            return [say("All right, they stay at the moments they were set for.", label="Left")]
        moved, left = await self._store.rezone(turn.user_id, tz, turn.now)
        self._poke(None)  # times moved earlier too: let the scheduler look again
        if not moved and not left:
            return [say("They are already in your time zone.", stale=True)]
        text = f"Done: {moved} reminder(s) keep their times, now in {zone_label(tz)}."
        if left:
            text += f" {left} stayed as they were: in {zone_label(tz)} that time has passed."
        return [say(text + " `reminders` lists them.", label="Moved")]
