"""What the per-reminder buttons do: confirm a pending reminder, then show, cancel, mark
done, snooze or edit one the user owns.

`PENDING_KEY` and `EDIT_KEY` name the scratch entries `remind` leaves for these buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.core import payloads
from bot.core.messages import Choice, Outgoing
from bot.core.turn import Turn
from bot.reminders.listing import describe, say
from bot.reminders.store import ReminderStore
from bot.storage.reminder_models import ReminderKind
from flows.reminder_parse import describe_when

PENDING_KEY = "reminder_pending"
EDIT_KEY = "reminder_edit"
_SNOOZES = {"snooze1h": (timedelta(hours=1), "1 h"), "snooze1d": (timedelta(days=1), "1 day")}


class ReminderActions:
    """The buttons on one reminder, and the confirmation of a new or edited one."""

    def __init__(self, store: ReminderStore, poke: Callable[[datetime | None], None]) -> None:
        self._store = store
        self._poke = poke

    async def on_reminder(self, turn: Turn, action: str, reminder_id: int) -> list[Outgoing]:
        """Act on one of the user's reminders: show, cancel, done, snooze1h/1d or edit."""
        view = await self._store.get(turn.user_id, reminder_id)
        if view is None:
            return [say("That reminder no longer exists.", stale=True)]
        title = view.text.split("\n", 1)[0]
        if action == "show":
            off = "Turn off" if view.kind == ReminderKind.MILESTONE else "Cancel"
            buttons = [
                Choice("Snooze 1 h", payloads.reminder("snooze1h", view.id)),
                Choice("Snooze 1 day", payloads.reminder("snooze1d", view.id)),
                Choice(off, payloads.reminder("cancel", view.id)),
            ]
            if view.kind == ReminderKind.PERSONAL:
                buttons.insert(0, Choice("Edit", payloads.reminder("edit", view.id)))
            return [say(f"**{title}**\n\n{describe(view, turn.now)}", *buttons)]
        if action == "cancel":
            if not await self._store.cancel(turn.user_id, reminder_id):
                return [say("That reminder was already finished.", stale=True)]
            word = "Turned off" if view.kind == ReminderKind.MILESTONE else "Cancelled"
            return [say(f"{word}: {title}.", label=word)]
        if action == "done":
            await self._store.done(turn.user_id, reminder_id)
            return [say(f"Well done: {title}.", label="Done")]
        if action in _SNOOZES:
            delta, words = _SNOOZES[action]
            until = turn.now + delta
            if await self._store.snooze(turn.user_id, reminder_id, until) is None:
                return [say("That reminder can no longer be snoozed.", stale=True)]
            self._poke(until)
            when = describe_when(until, view.tz, turn.now)
            return [say(f"Snoozed until {when}.", label=f"Snoozed {words}")]
        if action == "edit":
            turn.keep(EDIT_KEY, reminder_id)
            return [
                say(
                    f"Send the new time and words for **{title}**, for example: "
                    "`remind tomorrow 8am: email Dr. Lee`.",
                    label="Editing",
                )
            ]
        return [say("That button is out of date.", stale=True)]

    async def confirm(self, turn: Turn, accepted: bool) -> list[Outgoing]:
        """Set (or, after `edit`, change) the reminder `remind` left pending, or drop it."""
        pending = turn.take(PENDING_KEY)
        if pending is None:
            return [say("That reminder was already handled.", stale=True)]
        if not accepted:
            return [say("All right, no reminder.", label="Cancelled")]
        due = datetime.fromisoformat(pending["due_at"])
        if due <= turn.now and not pending.get("rrule"):
            return [
                say(
                    "That time has passed while we talked; send it again with a new time.",
                    stale=True,
                )
            ]
        edit_id = pending.get("edit_id")
        if edit_id is not None:
            changed = await self._store.replace(
                turn.user_id,
                int(edit_id),
                pending["text"],
                due,
                pending["tz"],
                pending.get("rrule"),
            )
            if not changed:
                return [say("That reminder no longer exists.", stale=True)]
        else:
            platform, chat_id = turn.incoming.platform, turn.incoming.chat_id
            await self._store.add(
                turn.user_id,
                platform,
                chat_id,
                pending["text"],
                due,
                pending["tz"],
                pending.get("rrule"),
            )
        self._poke(due)
        when = describe_when(due, pending["tz"], turn.now)
        return [say(f"Done. I'll remind you {when}. `reminders` lists them all.", label="Set")]
