"""How the reminder commands word their replies: a private reply, when a reminder fires,
and the `reminders` list with its buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core import payloads
from bot.core.markup import literal
from bot.core.messages import Choice, Outgoing
from bot.reminders.store import ReminderView
from bot.storage.reminder_models import ReminderKind, ReminderStatus
from flows.reminder_parse import describe_rule, describe_when, zone, zone_label

LIST_LIMIT = 20
_BUTTON = 28  # characters of a reminder's words on its button (Telegram rows stay one line)


def say(text: str, *choices: Choice, label: str | None = None, stale: bool = False) -> Outgoing:
    """A private reply, optionally with buttons, a pressed-button label or marked stale."""
    return Outgoing(text, choices=choices, private=True, answered_label=label, stale=stale)


def describe(view: ReminderView, now: datetime) -> str:
    """Say when a reminder fires, in its owner's zone."""
    when = describe_when(view.due_at, view.tz, now)
    if view.rrule:
        return f"{describe_rule(view.rrule)} {zone_label(view.tz)} (next {when})"
    return when


def button_label(view: ReminderView, views: Sequence[ReminderView], now: datetime) -> str:
    """A list button names its reminder (short); the same words twice get their day too."""
    title = view.text.split("\n", 1)[0]
    short = title if len(title) <= _BUTTON else title[: _BUTTON - 1].rstrip(" ,.;:-") + "…"
    twins = sum(1 for other in views if other.text.split("\n", 1)[0] == title)
    if twins > 1:
        local = view.due_at.astimezone(zone(view.tz))
        short += f" · {local:%a} {local.day} {local:%b}"
    return short


def reminder_list(
    views: Sequence[ReminderView],
    resumed: Sequence[datetime],
    now: datetime,
    elsewhere: Sequence[ReminderView] = (),
    tz: str | None = None,
) -> Outgoing:
    """The `reminders` list: up to LIST_LIMIT numbered lines, a button naming each; those
    in another zone than the user's are marked, with a button to move them."""
    if not views:
        return say(
            "You have no reminders. Set one like this: `remind tomorrow 9am: email Dr. Lee`."
        )
    lines = []
    for number, view in enumerate(views[:LIST_LIMIT], start=1):
        tags = " _(season)_" if view.kind == ReminderKind.MILESTONE else ""
        if view.status == ReminderStatus.PAUSED:
            tags += " _(paused: I could not reach you there)_"
        title = literal(view.text.split("\n", 1)[0])
        lines.append(f"- **{number}.** {describe(view, now)} — {title}{tags}")
    more = len(views) - LIST_LIMIT
    tail = f"\n\n…and {more} more." if more > 0 else ""
    shown = views[:LIST_LIMIT]
    choices = [Choice(button_label(v, shown, now), payloads.reminder("show", v.id)) for v in shown]
    moving = ""
    if elsewhere and tz:
        zones = sorted({zone_label(v.tz) for v in elsewhere})
        moving = (
            f"\n\n{len(elsewhere)} reminder(s) are in {' and '.join(zones)}, not "
            f"{zone_label(tz)}: set before I knew your time zone."
        )
        choices.append(Choice(f"Keep their times in {zone_label(tz)}", payloads.reminder("tzmove")))
    if any(v.status == ReminderStatus.PAUSED for v in views):
        choices.append(Choice("Resume paused", payloads.reminder("resume")))
    back = (
        f"\n\n{len(resumed)} reminder(s) paused while I could not reach you here are back on."
        if resumed
        else ""
    )
    text = (
        "**Your reminders**\n\n"
        + "\n".join(lines)
        + tail
        + back
        + moving
        + "\n\nChoose one to change it, or type e.g. `reminders cancel 2`."
    )
    return say(text, *choices)
