"""The timeline picture and the calendar file, checked the way an app would read them."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from PIL import Image

from bot.reminders.picture import WIDTH_PX, layout
from bot.reminders.render import calendar_ics, timeline_png
from bot.reminders.store import ReminderView
from knowledge.model import Milestone
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


def test_timeline_is_a_png_for_a_phone_with_nothing_cut_at_the_edges() -> None:
    """1080 px wide (a phone's screen); no label runs off either side: the outermost
    columns of pixels are blank."""
    data = timeline_png(SEASON_2027, NOW.date(), MINE, "Africa/Cairo", "Match 2027: the season")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert 10_000 < len(data) < 600_000
    with Image.open(io.BytesIO(data)) as image:
        grey = image.convert("L")
        width, height = grey.size
        edges = [grey.getpixel((x, y)) for x in (0, 1, width - 2, width - 1) for y in range(height)]
    assert width == WIDTH_PX == 1080
    assert 400 <= height <= 2400  # one row per milestone and per reminder
    assert min(edges) > 200  # white: nothing drawn into the edge


def test_timeline_labels_each_reminder_and_shows_a_series_as_one() -> None:
    """Reminders get rows with their words; a weekly one is named by its rule and marked
    at each Monday; a season reminder shows on its milestone's row."""
    rows = {row.label: row for row in layout(SEASON_2027, NOW.date(), MINE, "Africa/Cairo").rows}
    assert rows["3 Mar · email Dr. Lee"].days == (date(2027, 3, 3),)
    weekly = rows["every Monday at 19:00 · timed UWorld block"]
    assert weekly.mine and len(weekly.days) > 10
    assert all(day.weekday() == 0 for day in weekly.days)
    assert "19 Mar · Match Day (reminder on)" in rows


def test_timeline_spans_a_few_months_back_to_match_day() -> None:
    """The axis starts a few months before today (not at a date years back) and ends just
    after Match Day; a date before the axis keeps its year in its label."""
    early = Milestone("year_before_start", "Start your year-before plan", date(2025, 3, 1), ())
    drawn = layout((early, *SEASON_2027), NOW.date(), [], "UTC")
    assert NOW.date() - timedelta(days=130) <= drawn.first <= NOW.date() - timedelta(days=30)
    assert date(2027, 3, 19) < drawn.last <= date(2027, 3, 19) + timedelta(days=40)
    assert drawn.rows[0].label == "1 Mar 2025 · Start your year-before plan"


def test_the_interview_season_is_a_span_up_to_the_rank_order_list() -> None:
    """ "Interview season" is drawn from its start to when the rank order list opens."""
    season = (
        Milestone("interviews", "Interview season", date(2026, 10, 25), ()),
        Milestone("rol_opens", "Rank order list opens", date(2027, 1, 15), ()),
        *SEASON_2027[-1:],
    )
    [interviews] = [r for r in layout(season, NOW.date(), [], "UTC").rows if "Interview" in r.label]
    assert (interviews.days[0], interviews.end) == (date(2026, 10, 25), date(2027, 1, 15))


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
