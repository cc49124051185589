"""The season as a calendar file (icalendar), and as a picture (drawn in `picture`).

Both are pure: milestones, reminders and "today" in, bytes out. Drawing takes a few hundred
milliseconds, so callers run `timeline_png` in a thread.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from bot.reminders.milestones import MilestoneLike, source_link
from bot.reminders.picture import timeline_png
from bot.reminders.store import ReminderView
from flows.reminder_parse import zone

__all__ = ["calendar_ics", "reminder_uid", "timeline_png"]

_UID_SPACE = uuid.UUID("6f1c7a52-3d0e-5b8e-9a55-1d2b8f0c4e77")  # IMG Advisor's reminder UIDs
_URL = re.compile(r"https?://\S+")
_AHEAD = timedelta(days=60)  # a season reminder comes this long before its date at most


def calendar_ics(
    milestones: Sequence[MilestoneLike], reminders: Sequence[ReminderView], name: str, now: datetime
) -> bytes:
    """Return an .ics file with all-day milestone events and timed personal reminders."""
    calendar = Calendar()
    calendar.add("prodid", "-//IMG Advisor//Season timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = now.astimezone(UTC)
    # A season reminder the user turned on is the milestone event's alarm (a week ahead).
    # Their key is "<Match year>:<milestone id>"; the date check keeps another season's
    # reminder off this season's event of the same id.
    alarms: dict[str, list[ReminderView]] = {}
    for reminder in reminders:
        if reminder.kind == "milestone" and reminder.milestone_id:
            alarms.setdefault(reminder.milestone_id.rpartition(":")[2], []).append(reminder)
    for milestone in milestones:
        event = Event()
        # The same public date for everyone (Match Day 2027): one UID, so importing it
        # twice, or two people's files into one calendar, shows it once.
        event.add("uid", f"milestone-{milestone.id}-{milestone.date:%Y%m%d}@img-advisor")
        event.add("dtstamp", stamp)
        event.add("summary", milestone.title)
        event.add("dtstart", milestone.date)
        event.add("dtend", milestone.date + timedelta(days=1))
        links = [source_link(s) for s in milestone.sources]
        note = getattr(milestone, "note", None)
        lines = [note.capitalize() + "."] if note else []
        lines += ["Sources:", *links] if links else []
        if lines:
            event.add("description", "\n".join(lines))
        if address := next((m[0] for s in links if (m := _URL.search(s))), None):
            event.add("url", address)
        event.add("transp", "TRANSPARENT")
        day = f"{milestone.date:%a} {milestone.date.day} {milestone.date:%b}"
        for reminder in alarms.get(milestone.id, []):
            if not timedelta(0) <= milestone.date - reminder.due_at.date() <= _AHEAD:
                continue
            event.add_component(_alarm(f"{milestone.title}: {day}", reminder.due_at))
        calendar.add_component(event)
    for reminder in reminders:
        if reminder.kind != "personal":
            continue  # milestone reminders are already there as their milestones
        start = reminder.due_at.astimezone(zone(reminder.tz))
        event = Event()
        event.add("uid", reminder_uid(reminder))
        event.add("dtstamp", stamp)
        event.add("summary", reminder.text)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=15))
        if reminder.rrule:
            rule = reminder.rrule.split("RRULE:", 1)[-1]
            event.add("rrule", vRecur.from_ical(rule))
        event.add_component(_alarm(reminder.text, timedelta(0)))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def reminder_uid(reminder: ReminderView) -> str:
    """A personal reminder's UID: unique across users, chats and installations (a row
    number alone repeats in every database), and the same in every export of it, so
    importing a newer file updates the event instead of adding a copy."""
    key = f"{reminder.platform}:{reminder.chat_id}:{reminder.id}:{reminder.text}"
    return f"{uuid.uuid5(_UID_SPACE, key)}@img-advisor"


def _alarm(text: str, trigger: timedelta | datetime) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    # A delta from the start, or the exact moment the season reminder is set for (UTC).
    alarm.add("trigger", trigger.astimezone(UTC) if isinstance(trigger, datetime) else trigger)
    return alarm
