"""What the per-reminder buttons do: confirm a pending reminder, then show, cancel, mark
done, snooze or edit one the user owns.

`PENDING_KEY` and `EDIT_KEY` name the scratch entries `remind` leaves for these buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.core import payloads
from bot.core.markup import literal
from bot.core.messages import Choice, Outgoing
from bot.core.turn import Pending, Turn
from bot.reminders.listing import describe, say
from bot.reminders.store import ReminderStore
from bot.storage.reminder_models import ReminderKind
from flows.reminder_parse import describe_rule, describe_when, zone, zone_label

PENDING_KEY = "reminder_pending"
EDIT_KEY = "reminder_edit"
EDIT_REPLY = "remedit"  # the pending kind while the new time and words are awaited
# A snooze says how much later. From a delivered reminder's buttons (`snooze…`) that is
# later than now: it has just been shown. From the list (`later…`) the reminder has not
# fired yet, so "1 day" means a day after its own time: tomorrow 08:00 becomes the day
# after at 08:00, not now + 24 h.
_SNOOZES = {
    "snooze1h": (timedelta(hours=1), "1 h", False),
    "snooze1d": (timedelta(days=1), "1 day", False),
    "later1h": (timedelta(hours=1), "1 h", True),
    "later1d": (timedelta(days=1), "1 day", True),
}


def snoozed_until(
    due: datetime, tz: str, now: datetime, delta: timedelta, from_due: bool
) -> datetime:
    """When a snoozed reminder comes back: `delta` after its due time (if still to come and
    `from_due`) or after now; a day keeps the wall-clock time across a DST change."""
    base = due if from_due and due > now else now
    if delta < timedelta(days=1):
        return base + delta
    where = zone(tz)
    wall = base.astimezone(where).replace(tzinfo=None) + delta
    return wall.replace(tzinfo=where).astimezone(UTC)


def describe_pending(due: datetime, tz: str, rrule: str | None, now: datetime) -> str:
    """Say when a reminder about to be set fires: a series by its rule, first time after."""
    when = describe_when(due, tz, now)
    if rrule:
        return f"{describe_rule(rrule)} {zone_label(tz)}, first on {when}"
    return when


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
        title = literal(view.text.split("\n", 1)[0])
        if action == "show":
            off = "Turn off" if view.kind == ReminderKind.MILESTONE else "Cancel"
            buttons = [
                Choice("Snooze 1 h", payloads.reminder("later1h", view.id)),
                Choice("Snooze 1 day", payloads.reminder("later1d", view.id)),
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
            delta, words, from_due = _SNOOZES[action]
            until = snoozed_until(view.due_at, view.tz, turn.now, delta, from_due)
            postpone = from_due and view.due_at > turn.now
            if (
                await self._store.snooze(turn.user_id, reminder_id, until, postpone=postpone)
                is None
            ):
                return [say("That reminder can no longer be snoozed.", stale=True)]
            self._poke(until)
            when = describe_when(until, view.tz, turn.now)
            was = f" (it was {describe_when(view.due_at, view.tz, turn.now)})" if postpone else ""
            return [say(f"Snoozed {words}: now {when}{was}.", label=f"Snoozed {words}")]
        if action == "edit":
            turn.keep(EDIT_KEY, reminder_id)
            turn.ask(Pending(EDIT_REPLY))
            return [
                say(
                    f"Send the new time and words for **{title}**, for example: "
                    "`tomorrow 8am: email Dr. Lee` (or `cancel` to leave it as it is).",
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
        if pending.get("delay") is not None:  # "in 15 seconds": counted from Set it
            due = turn.now + timedelta(seconds=float(pending["delay"]))
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
        when = describe_pending(due, pending["tz"], pending.get("rrule"), turn.now)
        return [say(f"Done. I'll remind you {when}. `reminders` lists them all.", label="Set")]
