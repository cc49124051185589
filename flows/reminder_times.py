"""Reminder times in the user's zone: the zone itself, a moment or a recurrence in words,
and the next occurrence of a recurrence (kept in wall-clock time, so DST-correct)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import FR, MO, SA, SU, TH, TU, WE, rrulestr, weekday

# Weekday names as typed, with their rrule days.
DAYS: dict[str, weekday] = {
    "monday": MO,
    "mon": MO,
    "tuesday": TU,
    "tues": TU,
    "tue": TU,
    "wednesday": WE,
    "weds": WE,
    "wed": WE,
    "thursday": TH,
    "thurs": TH,
    "thur": TH,
    "thu": TH,
    "friday": FR,
    "fri": FR,
    "saturday": SA,
    "sat": SA,
    "sunday": SU,
    "sun": SU,
}


def zone(tz: str | None) -> ZoneInfo:
    """Return the IANA zone, or UTC when it is missing or unknown."""
    try:
        return ZoneInfo(tz) if tz else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def zone_label(tz: str | None) -> str:
    """Name a zone the way people say it: "Cairo time", "New York time", "UTC"."""
    key = zone(tz).key
    if key in {"UTC", "Etc/UTC"}:
        return "UTC"
    return key.rsplit("/", 1)[-1].replace("_", " ") + " time"


def describe_when(moment: datetime, tz: str | None, now: datetime | None = None) -> str:
    """Format a UTC moment in the user's zone: "Mon 3 Mar, 09:00 Cairo time"."""
    local = moment.astimezone(zone(tz))
    same_year = now is not None and now.astimezone(zone(tz)).year == local.year
    year = "" if same_year else f" {local.year}"
    return f"{local:%a} {local.day} {local:%b}{year}, {local:%H:%M} {zone_label(tz)}"


def describe_rule(rule: str) -> str:
    """Say a stored recurrence in words: "every Monday at 19:00"."""
    parts = dict(p.split("=", 1) for p in rule.split("RRULE:", 1)[-1].split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month"}.get(parts.get("FREQ", ""), "")
    names = {repr(d): n.capitalize() for n, d in DAYS.items() if len(n) > 4 and n.endswith("day")}
    days = [names.get(d, d) for d in parts["BYDAY"].split(",")] if "BYDAY" in parts else []
    if days == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]:
        head = "every weekday"
    elif days and interval == 1:
        head = "every " + " and ".join(days)
    else:
        head = f"every {interval} {unit}s" if interval > 1 else f"every {unit}"
        head += f" on {' and '.join(days)}" if days else ""
    if "BYMONTHDAY" in parts:
        day = parts["BYMONTHDAY"]
        head += " on the last day" if day == "-1" else f" on day {day}"
    hour, minute = int(parts.get("BYHOUR", "0")), int(parts.get("BYMINUTE", "0"))
    return f"{head} at {hour:02d}:{minute:02d}"


def next_occurrence(rule: str, tz: str | None, after: datetime) -> datetime | None:
    """Return the first occurrence strictly after `after` (UTC), DST-correct, or None."""
    where = zone(tz)
    try:
        series = rrulestr(rule)
    except (ValueError, TypeError):
        return None
    cursor = after.astimezone(where).replace(tzinfo=None) - timedelta(hours=3)
    for _ in range(10_000):  # bounded: a rule that never fires again ends the series
        following = series.after(cursor, inc=False)
        if following is None:
            return None
        cursor = following
        moment = cursor.replace(tzinfo=where).astimezone(UTC)
        if moment > after:
            return moment
    return None
