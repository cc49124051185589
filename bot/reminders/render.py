"""The season as a picture (matplotlib, Agg) and as a calendar file (icalendar).

Both are pure: milestones, reminders and "today" in, bytes out. Drawing takes a few hundred
milliseconds, so callers run `timeline_png` in a thread.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from bot.reminders.milestones import MilestoneLike, source_link
from bot.reminders.store import ReminderView
from flows.reminder_parse import zone, zone_label

_UID_SPACE = uuid.UUID("6f1c7a52-3d0e-5b8e-9a55-1d2b8f0c4e77")  # IMG Advisor's reminder UIDs
_URL = re.compile(r"https?://\S+")
_DPI = 110
_AHEAD = timedelta(days=60)  # a season reminder comes this long before its date at most
_LABEL = 46  # characters of a milestone title shown beside its row


def timeline_png(
    milestones: Sequence[MilestoneLike],
    today: date,
    reminders: Sequence[ReminderView],
    tz: str,
    title: str,
) -> bytes:
    """Draw one row per milestone along a date axis, with today and the user's reminders."""
    # Imported here: matplotlib takes a while to load and most processes never draw.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure

    items = sorted(milestones, key=lambda m: m.date)
    where = zone(tz)
    mine = [r.due_at.astimezone(where).date() for r in reminders]
    first = min([m.date for m in items] + [today]) - timedelta(days=20)
    last = max([m.date for m in items] + [today]) + timedelta(days=40)  # room for "19 Mar"
    mine = [d for d in mine if first <= d <= last]
    rows = len(items) + (1 if mine else 0)
    # One row per milestone, top to bottom in date order: labels never collide however
    # crowded the autumn gets.
    figure = Figure(figsize=(10, 1.4 + 0.34 * max(rows, 3)), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = []
    for row, milestone in enumerate(items):
        y = rows - 1 - row
        past = milestone.date < today
        colour = "#9a9a9a" if past else "#1f5fa8"
        at = date2num(milestone.date)  # the float the date axis uses; typed, unlike a date
        axes.hlines(y, date2num(first), at, color="#e4e4e4", linewidth=0.8, zorder=1)
        axes.plot(at, y, "o", color=colour, markersize=7, zorder=3)
        axes.annotate(
            f"{milestone.date.day} {milestone.date:%b}",
            xy=(at, y),
            xytext=(7, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color=colour,
        )
        labels.append(_shorten(milestone.title))
    if mine:
        axes.plot(
            date2num(mine),
            [rows - 1 - len(items)] * len(mine),
            "v",
            color="#e67e22",
            markersize=8,
            zorder=4,
        )
        labels.append("Your reminders")
    now_x = float(date2num(today))
    axes.axvline(now_x, color="#c0392b", linestyle="--", linewidth=1.2, zorder=2)
    axes.annotate("today", xy=(now_x, rows - 0.4), ha="center", fontsize=8, color="#c0392b")
    axes.set_yticks(range(rows - 1, -1, -1), labels, fontsize=8.5)
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(-0.7, rows - 0.1)
    axes.set_xlim(float(date2num(first)), float(date2num(last)))
    locator = AutoDateLocator(maxticks=12)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.tick_params(axis="x", labelsize=8)
    for side in ("left", "right", "top"):
        axes.spines[side].set_visible(False)
    axes.set_title(f"{title} (dates in {zone_label(tz)})", fontsize=11, loc="left")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


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


def _shorten(title: str) -> str:
    return title if len(title) <= _LABEL else title[: _LABEL - 1].rstrip(" -,") + "…"
