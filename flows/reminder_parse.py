"""Understand a reminder typed in plain words: when (once or recurring) and what.

Dates and times are read by `dateparser`; recurrences become `dateutil.rrule` rules kept in
the user's wall-clock time, so "every day at 19:00" stays at 19:00 across a DST change.
Everything here is pure: text, time zone and "now" in, a `ParsedReminder` or a
`ParseFailure` (a message with examples that work) out. No input raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, rrule, weekday

from flows.reminder_dates import TIME, find_when, parse_date
from flows.reminder_times import (
    DAYS,
    describe_rule,
    describe_when,
    next_occurrence,
    zone,
    zone_label,
)

# The times in words and the zone live in reminder_times; they are imported from here too.
__all__ = [
    "DEFAULT_HOUR",
    "EXAMPLES",
    "MAX_TEXT",
    "ParseFailure",
    "ParsedReminder",
    "describe_rule",
    "describe_when",
    "next_occurrence",
    "parse_reminder",
    "zone",
    "zone_label",
]

MAX_TEXT = 300
DEFAULT_HOUR = 9  # a date without a time means the morning, not midnight
_HORIZON = timedelta(days=3 * 366)

EXAMPLES = (
    "remind tomorrow 9am: email Dr. Lee",
    "remind in 3 days: book NBME 12",
    "remind every Monday 7pm: a timed UWorld block",
    "remind me to submit ERAS on March 3 at 9am",
)


@dataclass(frozen=True, slots=True)
class ParsedReminder:
    """A reminder understood: what to say, its first time (UTC) and an optional recurrence."""

    text: str
    due_at: datetime  # aware, UTC
    tz: str
    rrule: str | None = None  # "DTSTART:…\nRRULE:…" in the user's wall-clock time
    # "in 15 seconds", "in 2 hours": counted from now, so a confirmation a minute later
    # counts from then (the time is said, not a clock reading).
    delay: timedelta | None = None


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """Why the text was not understood, with examples of what works."""

    message: str


_DAY = r"(?:" + "|".join(sorted(DAYS, key=len, reverse=True)) + r")s?"
_DAYLIST = rf"{_DAY}(?:\s*(?:,|and|&)\s*{_DAY})*"
_PLURAL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s"
_UNIT = r"(?P<unit>day|week|month|weekday|weekend|morning|evening|night)s?"
_RECURRING = re.compile(
    rf"\b(?:(?:every|each)\s+(?:(?P<other>other)\s+|(?P<n>\d{{1,2}})\s+)?{_UNIT}"
    rf"|(?:every|each)\s+(?P<days>{_DAYLIST})"
    rf"|on\s+(?P<plural>{_PLURAL}(?:\s*(?:,|and|&)\s*{_PLURAL})*)"
    r"|(?P<adverb>daily|weekly|monthly|nightly))\b"
    rf"(?:\s+on\s+(?:(?P<ondays>{_DAYLIST})|the\s+(?P<monthday>\d{{1,2}})(?:st|nd|rd|th)?)\b)?",
    re.IGNORECASE,
)
# "remind me to …" typed in full, or "me to …" after the `remind` command took its word.
_PREFIX = re.compile(r"^\s*(?:please\s+)?(?:remind\s+)?(?:me\b\s*(?:to|about|that|of)?\b)?", re.I)
_EDGE_WORDS = re.compile(r"^(?:to|about|that|of|and|then)\s+|\s+(?:on|at|by|in|for|from)$", re.I)
_UNIT_HOUR = {
    "morning": 8,
    "afternoon": 14,
    "evening": 19,
    "night": 21,
    "nightly": 21,
    "tonight": 21,
}
_PART_OF_DAY = re.compile(
    r"\b(?:in the\s+|this\s+)?(?P<part>morning|afternoon|evening|night"
    r"|tonight)\b",
    re.IGNORECASE,
)
# In the whole message, only where the hour ends a phrase: "apply at 3 programs" keeps its 3.
_ENDING_HOUR = re.compile(
    r"\b(at\s+)([01]?\d|2[0-3])(?=\s*$|\s*[,;]|:\s|\s+(?:to|on|and"
    r"|tomorrow|today|tonight|next|this|every|in|for)\b)",
    re.IGNORECASE,
)
# "in 15 seconds", "in a minute", "in 2 hours": a delay from now, not a clock time.
_RELATIVE = re.compile(
    r"\bin\s+(?:\d+|an?|one|half\s+an?)\s*(?:s|secs?|seconds?|m|mins?|minutes?"
    r"|h|hrs?|hours?)\b",
    re.IGNORECASE,
)
# "25:00", "13pm", "0am": no time of day, so not silently the morning either.
_NO_CLOCK = re.compile(
    r"\b(?:(?:2[4-9]|[3-9]\d):\d{2}|\d{1,2}:[6-9]\d"
    r"|(?<![:.\d])(?:1[3-9]|[2-9]\d|0)\s*[ap]\.?m\b)",
    re.IGNORECASE,
)


def parse_reminder(text: str, tz: str | None, now: datetime) -> ParsedReminder | ParseFailure:
    """Read "when: what" (or "what when", "remind me to … on …") into a reminder."""
    try:
        return _parse(text or "", zone(tz), now.astimezone(UTC))
    except Exception:  # dateparser can choke on odd input; the user gets examples instead
        return _failure("I couldn't read a time in that.")


def _parse(text: str, where: ZoneInfo, now: datetime) -> ParsedReminder | ParseFailure:
    if len(text) > MAX_TEXT:
        return _failure(f"That is a bit long; keep a reminder under {MAX_TEXT} characters.")
    body = _PREFIX.sub("", " ".join(text.split()), count=1).strip()
    if not body:
        return _failure("Tell me when and what.")
    if (impossible := _NO_CLOCK.search(body)) is not None:
        return _failure(f"{impossible.group(0)} isn't a time of day.")
    body = _ENDING_HOUR.sub(r"\1\2:00", body)
    local_now = now.astimezone(where).replace(tzinfo=None, second=0, microsecond=0)
    recurring = _RECURRING.search(body)
    if recurring:
        return _parse_recurring(body, recurring, where, now, local_now)
    # Read relative to the exact second: "in 15 seconds" cut to the minute would already
    # have passed, and been pushed to tomorrow.
    found = find_when(body, now.astimezone(where).replace(tzinfo=None, microsecond=0))
    if found is None:
        return _failure("I couldn't find a time in that.")
    moment, period, what = found
    if moment.tzinfo is None:
        part = _PART_OF_DAY.search(body)
        if period != "time" and part is not None:  # "tomorrow evening", our hours
            moment = moment.replace(hour=_UNIT_HOUR[part["part"].lower()], minute=0, second=0)
            what = _PART_OF_DAY.sub(" ", what, count=1)
            period = "time"
        elif period != "time":
            moment = moment.replace(hour=DEFAULT_HOUR, minute=0, second=0, microsecond=0)
        moment = moment.replace(tzinfo=where)
    due = moment.astimezone(UTC).replace(microsecond=0)
    if _RELATIVE.search(body) is not None and due > now:
        return _result(what, due, where, delay=due - now.replace(microsecond=0))
    if due <= now and now - due < timedelta(days=1) and period == "time":
        due += timedelta(days=1)  # "9am" said at 10am means tomorrow's 9am
    if due <= now:
        return _failure(f"{describe_when(due, where.key)} has already passed.")
    if due - now > _HORIZON:
        return _failure("That is more than three years away; pick a nearer date.")
    return _result(what, due, where)


def _parse_recurring(
    body: str, found: re.Match[str], where: ZoneInfo, now: datetime, local_now: datetime
) -> ParsedReminder | ParseFailure:
    rest = body[: found.start()] + " " + body[found.end() :]
    unit = (found["unit"] or found["adverb"] or "").lower()
    hour, minute = _UNIT_HOUR.get(unit, DEFAULT_HOUR), 0
    part = _PART_OF_DAY.search(rest)
    if part is not None and unit not in _UNIT_HOUR:  # "every Sunday evening"
        hour = _UNIT_HOUR[part["part"].lower()]
        rest = rest[: part.start()] + " " + rest[part.end() :]
    clock = TIME.search(rest)
    if clock:
        parsed = parse_date(clock["t"] or f"{clock['h']}:00", local_now)
        if parsed is None or parsed[0].tzinfo is not None:
            return _failure("I couldn't read the time of day.")
        hour, minute = parsed[0].hour, parsed[0].minute
        rest = rest[: clock.start()] + " " + rest[clock.end() :]
    interval = 2 if found["other"] else int(found["n"] or 1)
    days = _weekdays(found["days"] or found["plural"] or found["ondays"] or "")
    freq: Literal[0, 1, 2, 3, 4, 5, 6] = DAILY  # the frequencies rrule takes
    monthday = None
    if unit in {"week", "weekly"} or days:
        freq = WEEKLY
    elif unit == "weekday":
        freq, days = WEEKLY, [MO, TU, WE, TH, FR]
    elif unit == "weekend":
        freq, days = WEEKLY, [SA, SU]
    elif unit in {"month", "monthly"}:
        freq = MONTHLY
        monthday = int(found["monthday"]) if found["monthday"] else local_now.day
        if not 1 <= monthday <= 31:
            return _failure("I couldn't read the day of the month.")
        monthday = -1 if monthday > 28 else monthday  # the 31st every month = the last day
    if not 1 <= interval <= 60:
        return _failure("I couldn't read how often.")
    series = rrule(
        freq,
        interval=interval,
        byweekday=days or None,
        bymonthday=monthday,
        byhour=hour,
        byminute=minute,
        bysecond=0,
        dtstart=local_now,
    )
    rule = str(series)
    due = next_occurrence(rule, where.key, now)
    if due is None:
        return _failure("That never happens.")
    return _result(rest, due, where, rule)


def _weekdays(text: str) -> list[weekday]:
    keys = [d.lower() for d in re.findall(_DAY, text, flags=re.IGNORECASE)]
    days = {DAYS[key] if key in DAYS else DAYS[key[:-1]] for key in keys}
    return sorted(days, key=lambda d: d.weekday)


def _result(
    what: str,
    due: datetime,
    where: ZoneInfo,
    rule: str | None = None,
    delay: timedelta | None = None,
) -> ParsedReminder | ParseFailure:
    cleaned = " ".join(what.split()).strip(" ,;:-–—.")
    previous = None
    while cleaned != previous:
        previous = cleaned
        cleaned = _EDGE_WORDS.sub("", cleaned).strip(" ,;:-–—.")
    if not cleaned:
        return _failure("What should I remind you of?")
    return ParsedReminder(text=cleaned, due_at=due, tz=where.key, rrule=rule, delay=delay)


def _failure(reason: str) -> ParseFailure:
    lines = "\n".join(f"- {example}" for example in EXAMPLES)
    return ParseFailure(f"{reason} These work:\n\n{lines}")
