"""Reading reminders typed in plain words: phrasings that work, ones that don't, DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.reminder_parse import (
    ParsedReminder,
    ParseFailure,
    describe_rule,
    describe_when,
    next_occurrence,
    parse_reminder,
)

CAIRO = "Africa/Cairo"
NOW = datetime(2025, 2, 20, 8, 0, tzinfo=UTC)  # Thursday 10:00 in Cairo


def parsed(text: str, tz: str = CAIRO) -> ParsedReminder:
    result = parse_reminder(text, tz, NOW)
    assert isinstance(result, ParsedReminder), getattr(result, "message", result)
    return result


ONE_OFF = [
    ("remind me to email Dr. Lee on March 3 at 9am", "email Dr. Lee", "Mon 3 Mar, 09:00"),
    ("in 3 days: book NBME 12", "book NBME 12", "Sun 23 Feb, 09:00"),
    ("book NBME 12 in 3 days", "book NBME 12", "Sun 23 Feb, 09:00"),
    ("tomorrow 9am: email Dr. Lee", "email Dr. Lee", "Fri 21 Feb, 09:00"),
    ("email Dr. Lee: tomorrow at 5pm", "email Dr. Lee", "Fri 21 Feb, 17:00"),
    ("call the ECFMG office tomorrow at 5pm", "call the ECFMG office", "Fri 21 Feb, 17:00"),
    ("on friday submit ERAS", "submit ERAS", "Fri 21 Feb, 09:00"),
    ("at 9pm take NBME 11", "take NBME 11", "Thu 20 Feb, 21:00"),
    ("9am: stretch", "stretch", "Fri 21 Feb, 09:00"),  # 9am has passed today
    ("remind me at 9 to stretch", "stretch", "Fri 21 Feb, 09:00"),
    ("in 2 hours: eat", "eat", "Thu 20 Feb, 12:00"),
    ("remind me to study in 30 minutes", "study", "Thu 20 Feb, 10:30"),
    ("March 3: send thank-you notes", "send thank-you notes", "Mon 3 Mar, 09:00"),
    ("3/3 9:30: Step 3 registration", "Step 3 registration", "Mon 3 Mar, 09:30"),
    ("next monday 8:15 am: UWorld block", "UWorld block", "Mon 24 Feb, 08:15"),
    ("call Sam on tues", "call Sam", "Tue 25 Feb, 09:00"),
    ("meet Sam tomorrow 9am", "meet Sam", "Fri 21 Feb, 09:00"),
    ("Friday 5pm EST: apply", "apply", "Sat 22 Feb, 00:00"),  # said in New York time
    ("tomorrow at 8 to email the coordinator", "email the coordinator", "Fri 21 Feb, 08:00"),
    ("on friday at 7 study", "study", "Fri 21 Feb, 07:00"),  # not July
    ("at 10 tomorrow: call", "call", "Fri 21 Feb, 10:00"),  # the time it is now, tomorrow
    ("ERAS opens on june 5 at 9", "ERAS opens", "Thu 5 Jun, 09:00"),
    ("apply at 3 programs tomorrow", "apply at 3 programs", "Fri 21 Feb, 09:00"),
    ("tomorrow evening: call mom", "call mom", "Fri 21 Feb, 19:00"),
    ("friday afternoon: email the PD", "email the PD", "Fri 21 Feb, 14:00"),
    ("tonight: review flashcards", "review flashcards", "Thu 20 Feb, 21:00"),
]


@pytest.mark.parametrize(("text", "what", "when"), ONE_OFF)
def test_one_off_phrasings(text: str, what: str, when: str) -> None:
    """Each phrasing yields the words and the time a person would expect, in their zone."""
    result = parsed(text)
    assert result.text == what
    assert result.rrule is None
    assert describe_when(result.due_at, result.tz, NOW) == f"{when} Cairo time"
    assert result.due_at.tzinfo is UTC or result.due_at.utcoffset() == timedelta(0)


RECURRING = [
    (
        "every Monday 7pm: a timed UWorld block",
        "a timed UWorld block",
        "every Monday at 19:00",
        "Mon 24 Feb, 19:00",
    ),
    (
        "remind me every day at 19:00 to do anki",
        "do anki",
        "every day at 19:00",
        "Thu 20 Feb, 19:00",
    ),
    ("daily: anki", "anki", "every day at 09:00", "Fri 21 Feb, 09:00"),
    (
        "every weekday 6:30am: 40 questions",
        "40 questions",
        "every weekday at 06:30",
        "Fri 21 Feb, 06:30",
    ),
    (
        "every other week on sunday: review",
        "review",
        "every 2 weeks on Sunday at 09:00",
        "Sun 23 Feb, 09:00",
    ),
    (
        "on mondays and thursdays at 8pm: Step 3 CCS",
        "Step 3 CCS",
        "every Monday and Thursday at 20:00",
        "Thu 20 Feb, 20:00",
    ),
    (
        "monthly on the 1st: check the NRMP news",
        "check the NRMP news",
        "every month on day 1 at 09:00",
        "Sat 1 Mar, 09:00",
    ),
    ("every 3 days at noon: laundry", "laundry", "every 3 days at 12:00", "Thu 20 Feb, 12:00"),
    (
        "every evening: review flashcards",
        "review flashcards",
        "every day at 19:00",
        "Thu 20 Feb, 19:00",
    ),
    (
        "every sunday evening to do uworld",
        "do uworld",
        "every Sunday at 19:00",
        "Sun 23 Feb, 19:00",
    ),
    (
        "every monday at 7 to plan the week",
        "plan the week",
        "every Monday at 07:00",
        "Mon 24 Feb, 07:00",
    ),
]


@pytest.mark.parametrize(("text", "what", "rule", "first"), RECURRING)
def test_recurring_phrasings(text: str, what: str, rule: str, first: str) -> None:
    """Recurring phrasings become a rule and a first time."""
    result = parsed(text)
    assert result.text == what
    assert result.rrule is not None
    assert describe_rule(result.rrule) == rule
    assert describe_when(result.due_at, CAIRO, NOW) == f"{first} Cairo time"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "when and what"),
        ("   ", "when and what"),
        ("email Dr. Lee", "couldn't find a time"),
        ("tomorrow", "What should I remind you of"),
        ("March 3 2020: old news", "has already passed"),
        ("in 9 years: retire", "more than three years"),
        ("x" * 400, "a bit long"),
        ("at 25:00 tomorrow to study", "25:00 isn't a time of day"),
        ("tomorrow 13pm: call", "13pm isn't a time of day"),
        ("every day at 7:75: anki", "7:75 isn't a time of day"),
    ],
)
def test_what_cannot_be_read_gets_examples(text: str, reason: str) -> None:
    """A failure says why and shows phrasings that work."""
    result = parse_reminder(text, CAIRO, NOW)
    assert isinstance(result, ParseFailure)
    assert reason in result.message
    assert "remind tomorrow 9am: email Dr. Lee" in result.message


def test_without_a_time_zone_times_are_utc() -> None:
    """No zone (or an unknown one) means UTC, said as such."""
    for tz in (None, "Mars/Olympus"):
        result = parse_reminder("tomorrow 9am: call", tz, NOW)
        assert isinstance(result, ParsedReminder)
        assert result.tz == "UTC"
        assert describe_when(result.due_at, result.tz, NOW) == "Fri 21 Feb, 09:00 UTC"


def test_a_year_is_shown_only_when_it_differs() -> None:
    """Next year's date carries its year."""
    result = parsed("January 5: start the new season")
    assert describe_when(result.due_at, CAIRO, NOW) == "Mon 5 Jan 2026, 09:00 Cairo time"


def test_daily_1900_stays_at_1900_across_both_dst_changes() -> None:
    """A New York 19:00 daily rule stays at 19:00 local through March and November."""
    ny = ZoneInfo("America/New_York")
    rule = "DTSTART:20250301T190000\nRRULE:FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0"
    moment = datetime(2025, 3, 7, 12, 0, tzinfo=UTC)
    seen = []
    for _ in range(4):
        moment = next_occurrence(rule, "America/New_York", moment)
        assert moment is not None
        seen.append(moment)
    assert [m.astimezone(ny).hour for m in seen] == [19, 19, 19, 19]
    assert [m.hour for m in seen] == [0, 0, 23, 23]  # EST then EDT, in UTC
    autumn = next_occurrence(rule, "America/New_York", datetime(2025, 11, 1, 12, tzinfo=UTC))
    after = next_occurrence(rule, "America/New_York", autumn)  # type: ignore[arg-type]
    assert [autumn.astimezone(ny).hour, after.astimezone(ny).hour] == [19, 19]  # type: ignore[union-attr]
    assert after - autumn == timedelta(hours=25)  # type: ignore[operator]


def test_a_finished_series_has_no_next_time() -> None:
    """A rule with a COUNT ends."""
    rule = "DTSTART:20250101T090000\nRRULE:FREQ=DAILY;COUNT=2"
    assert next_occurrence(rule, "UTC", datetime(2025, 1, 3, tzinfo=UTC)) is None
    assert next_occurrence("nonsense", "UTC", NOW) is None


_WORDS = [
    "tomorrow",
    "at",
    "9am",
    "every",
    "monday",
    "in",
    "3",
    "days",
    ":",
    "email",
    "Dr.",
    "Lee",
    "on",
    "March",
    "31",
    "pm",
    "noon",
    "2099",
    "0",
    "99",
    "next",
    "week",
    "-",
    "/",
    "other",
    "the",
    "1st",
    "daily",
    "remind",
    "me",
    "to",
    "25:61",
    "Feb",
    "29",
    "EST",
]
TYPED = st.one_of(
    st.text(max_size=120), st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join)
)


@settings(max_examples=300, deadline=None)
@given(TYPED, st.sampled_from([CAIRO, "UTC", None, "Not/AZone"]))
def test_no_input_raises(text: str, tz: str | None) -> None:
    """Whatever is typed, the parser answers with a reminder or a helpful failure."""
    result = parse_reminder(text, tz, NOW)
    assert isinstance(result, ParsedReminder | ParseFailure)
    if isinstance(result, ParsedReminder):
        assert result.due_at > NOW
        assert result.text


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["every", "remind me every", "each"]),
    st.sampled_from(["day", "monday", "weekday", "2 weeks", "other day", "month", "sunday"]),
    st.sampled_from(["", " at 7pm", " 06:45", " at noon", " at 9"]),
    st.text(alphabet="abcdefghij XYZ0123456789.-", min_size=1, max_size=30),
)
def test_recurring_grammar_never_raises(lead: str, unit: str, clock: str, words: str) -> None:
    """Combinations of the recurring grammar always give a future first time or a failure."""
    result = parse_reminder(f"{lead} {unit}{clock}: {words}", CAIRO, NOW)
    if isinstance(result, ParsedReminder):
        assert result.rrule is not None
        assert result.due_at > NOW


@settings(max_examples=100, deadline=None)
@given(
    hour=st.integers(0, 23),
    minute=st.sampled_from(["", ":00", ":30", ":45"]),
    day=st.sampled_from(
        [
            ("tomorrow", "Fri 21 Feb"),
            ("on friday", "Fri 21 Feb"),
            ("on monday", "Mon 24 Feb"),
            ("on march 3", "Mon 3 Mar"),
        ]
    ),
    what=st.sampled_from(["email Dr. Lee", "book NBME 12", "submit ERAS"]),
    shape=st.sampled_from(
        ["{day} at {clock} to {what}", "{what} {day} at {clock}", "{day} at {clock}: {what}"]
    ),
)
def test_a_clock_time_after_at_is_kept_with_any_day(
    hour: int, minute: str, day: tuple[str, str], what: str, shape: str
) -> None:
    """ "Tomorrow at 8", "on friday at 19:30": the hour said is the hour set, never 09:00 by
    default and never a month; the words around it are the reminder."""
    text = shape.format(day=day[0], clock=f"{hour}{minute}", what=what)
    result = parsed(text)
    assert (
        describe_when(result.due_at, result.tz, NOW)
        == f"{day[1]}, {hour:02d}:{(minute or ':00')[1:]} Cairo time"
    )
    assert result.text == what


@settings(max_examples=80, deadline=None)
@given(
    amount=st.integers(1, 59),
    unit=st.sampled_from(
        [("seconds", 1), ("secs", 1), ("sec", 1), ("minutes", 60), ("mins", 60), ("hours", 3600)]
    ),
    second=st.integers(0, 59),
    shape=st.sampled_from(["in {n} {unit}: {what}", "remind me in {n} {unit} to {what}"]),
)
def test_in_some_seconds_or_minutes_is_that_long_from_now(
    amount: int, unit: tuple[str, int], second: int, shape: str
) -> None:
    """ "in 15 seconds", "in 1 minute": that long after now to the second, never pushed to
    tomorrow, and the delay is kept so it can count from the confirmation."""
    now = NOW.replace(second=second)
    text = shape.format(n=amount, unit=unit[0], what="stretch")
    result = parse_reminder(text, CAIRO, now)
    assert isinstance(result, ParsedReminder), getattr(result, "message", result)
    assert result.due_at == now + timedelta(seconds=amount * unit[1])
    assert result.delay == timedelta(seconds=amount * unit[1])
    assert result.text == "stretch"


def test_a_clock_time_has_no_delay() -> None:
    """ "tomorrow 9am" is a time of day, not a delay: it does not move with the confirmation."""
    assert parsed("tomorrow 9am: email Dr. Lee").delay is None
    assert parsed("in 3 days: book NBME 12").delay is None
