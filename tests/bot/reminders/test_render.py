"""The timeline picture and the calendar file, checked the way an app would read them."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from PIL import Image

from bot.reminders.render import calendar_ics, timeline_png
from bot.reminders.store import ReminderView
from tests.bot.reminders.conftest import SEASON_2027

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
WEEKLY = "DTSTART:20261123T190000\nRRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=19;BYMINUTE=0;BYSECOND=0"
MINE = [
    ReminderView(
        1,
        "email Dr. Lee",
        datetime(2027, 3, 3, 7, 0, tzinfo=UTC),
        "Africa/Cairo",
        None,
        "pending",
        "personal",
        None,
        "console",
        "c",
    ),
    ReminderView(
        2,
        "timed UWorld block",
        datetime(2026, 11, 23, 17, 0, tzinfo=UTC),
        "Africa/Cairo",
        WEEKLY,
        "pending",
        "personal",
        None,
        "console",
        "c",
    ),
    ReminderView(
        3,
        "Match Day — Fri 19 Mar 2027",
        datetime(2027, 3, 12, 7, tzinfo=UTC),
        "Africa/Cairo",
        None,
        "pending",
        "milestone",
        "2027:match_day",
        "console",
        "c",
    ),
]


def test_timeline_is_a_png_of_sensible_size() -> None:
    """A real PNG, wide enough to read on a phone, small enough to send quickly."""
    data = timeline_png(SEASON_2027, NOW.date(), MINE, "Africa/Cairo", "Match 2027: the season")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert 10_000 < len(data) < 400_000
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    assert 900 <= width <= 1600
    assert 300 <= height <= 1200  # one row per milestone


def test_timeline_draws_with_nothing_but_today() -> None:
    """No reminders and a single milestone still make a picture."""
    data = timeline_png(SEASON_2027[:1], date(2026, 1, 1), [], "UTC", "Match 2027")
    assert data.startswith(b"\x89PNG")


def test_calendar_parses_back_with_the_same_events() -> None:
    """Milestones are all-day events, personal reminders timed ones in the user's zone."""
    data = calendar_ics(SEASON_2027, MINE, "Match 2027 (IMG Advisor)", NOW)
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert len(events) == len(SEASON_2027) + 2  # the milestone reminder is not repeated
    for milestone in SEASON_2027:
        event = by_summary[milestone.title]
        assert event.decoded("DTSTART") == milestone.date
        assert event.decoded("DTEND") == milestone.date + timedelta(days=1)
        assert milestone.sources[0] in str(event["DESCRIPTION"])
    email = by_summary["email Dr. Lee"]
    start = email.decoded("DTSTART")
    assert start.astimezone(UTC) == datetime(2027, 3, 3, 7, 0, tzinfo=UTC)
    assert str(start.tzinfo) == "Africa/Cairo"
    assert list(email.walk("VALARM"))
    weekly = by_summary["timed UWorld block"]
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"]
    assert weekly["RRULE"]["BYDAY"] == ["MO"]
    assert [str(t["TZID"]) for t in calendar.walk("VTIMEZONE")] == ["Africa/Cairo"]
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_calendar_uids_are_unique_across_users_and_stable_across_exports() -> None:
    """Reminder UIDs are no row numbers: the same row id of two people differs; the same
    reminder exported twice keeps its UID (an import updates it, not duplicates it)."""
    theirs = [replace(v, platform="telegram", chat_id="4242") for v in MINE]

    def uids(views: list[ReminderView]) -> set[str]:
        events = Calendar.from_ical(calendar_ics((), views, "x", NOW)).walk("VEVENT")
        return {str(e["UID"]) for e in events}

    mine = uids(MINE)
    assert mine == uids(MINE)
    assert not mine & uids(theirs)
    assert not any(uid.startswith("reminder-") for uid in mine)


def test_a_season_reminder_is_the_alarm_of_its_milestone() -> None:
    """Match Day's event carries an alarm at the season reminder's time, a week ahead."""
    data = calendar_ics(SEASON_2027, MINE, "Match 2027 (IMG Advisor)", NOW)
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    [alarm] = events["Match Day"].walk("VALARM")
    assert alarm.decoded("TRIGGER") == datetime(2027, 3, 12, 7, tzinfo=UTC)
    assert "Match Day" in str(alarm["DESCRIPTION"])
    assert not list(events["Rank order list deadline"].walk("VALARM"))  # not subscribed
    next_season = [replace(m, date=m.date.replace(year=m.date.year + 1)) for m in SEASON_2027]
    later = Calendar.from_ical(calendar_ics(next_season, MINE, "Match 2028", NOW))
    titles = {m.title for m in next_season}
    milestone_events = [e for e in later.walk("VEVENT") if str(e["SUMMARY"]) in titles]
    assert not [a for e in milestone_events for a in e.walk("VALARM")]  # 2027's stays off
