"""What a delivered reminder looks like: its text, a late note and Done/Snooze buttons."""

from __future__ import annotations

from datetime import datetime

from bot.core import payloads
from bot.core.markup import literal
from bot.core.messages import Choice, Outgoing
from bot.reminders.queue import Claimed
from bot.storage.reminder_models import ReminderKind
from flows.reminder_parse import describe_when


def reminder_buttons(reminder_id: int) -> tuple[Choice, ...]:
    """Return the Done / Snooze 1 h / Snooze 1 day buttons for a delivered reminder."""
    return (
        Choice("Done", payloads.reminder("done", reminder_id)),
        Choice("Snooze 1 h", payloads.reminder("snooze1h", reminder_id)),
        Choice("Snooze 1 day", payloads.reminder("snooze1d", reminder_id)),
    )


def delivery_messages(
    row: Claimed, now: datetime, *, late: bool, next_due: datetime | None
) -> list[Outgoing]:
    """Render one due reminder for its chat."""
    late_note = (
        f"\n\n_Late: this was due {describe_when(row.due_at, row.tz, now)}; "
        "I could not send it then._"
        if late
        else ""
    )
    if row.kind == ReminderKind.COHORT:
        # A group channel: no personal buttons, nothing private.
        return [Outgoing(f"**Season milestone:** {row.text}{late_note}")]
    if row.kind == ReminderKind.MILESTONE:
        text = f"**Season milestone:** {row.text}{late_note}"
        return [Outgoing(text, choices=reminder_buttons(row.id), private=True)]
    following = f"\n\nNext time: {describe_when(next_due, row.tz, now)}." if next_due else ""
    text = f"**Reminder:** {literal(row.text)}{late_note}{following}"
    return [Outgoing(text, choices=reminder_buttons(row.id), private=True)]
