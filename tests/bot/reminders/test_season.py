"""The season: timeline picture, calendar file, milestone subscriptions and cohort posts."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from bot.reminders.cohort import CohortReminders
from bot.reminders.commands import ReminderFeature
from bot.reminders.scheduler import Scheduler
from bot.reminders.store import ReminderStore
from bot.storage.reminder_models import Reminder
from tests.bot.reminders.conftest import NOW, FixedSeason, Person, RecordingSender, make_user

CAIRO = ZoneInfo("Africa/Cairo")


async def season_rows(engine, **where):  # type: ignore[no-untyped-def]
    query = select(Reminder).where(*(getattr(Reminder, k) == v for k, v in where.items()))
    async with engine.connect() as conn:
        return (await conn.execute(query.order_by(Reminder.due_at))).all()


async def test_timeline_sends_a_picture_with_the_dates_and_sources(amira):
    """`timeline` answers with a PNG, the dated list, its sources and a subscribe button."""
    reply = await amira.command("timeline")
    [out] = amira.last
    assert out.private
    assert out.attachment is not None and out.attachment.is_image
    assert out.attachment.data.startswith(b"\x89PNG")
    assert "Wed 3 Mar 2027 — Rank order list deadline" in reply
    assert "Mon 1 Jun 2026 — MyERAS opens for drafting _(past)_" in reply
    assert "https://www.nrmp.org/match-calendar" in out.sources
    assert amira.labels() == ["Remind me of these", "Calendar file"]


async def test_subscribing_arms_each_coming_milestone_a_week_ahead_at_nine(amira, engine):
    """Only future milestones, 7 days before at 09:00 Cairo time; the button then flips."""
    await amira.command("timeline")
    reply = await amira.press("Remind me of these")
    assert "2 season reminders, the first on Wed 24 Feb 2027, 09:00 Cairo time" in reply
    rows = await season_rows(engine, user_id=amira.user_id, kind="milestone")
    assert [r.milestone_id for r in rows] == ["2027:rol_deadline", "2027:match_day"]
    assert [r.due_at.astimezone(CAIRO).strftime("%d %b %H:%M") for r in rows] == [
        "24 Feb 09:00",
        "12 Mar 09:00",
    ]
    assert "Source: https://www.nrmp.org/match-calendar" in rows[0].text
    await amira.command("timeline")
    assert amira.labels()[0] == "Turn off season reminders"
    await amira.press("rem:sub:2027")  # pressing an old button again adds nothing twice
    assert len(await season_rows(engine, user_id=amira.user_id, kind="milestone")) == 2


async def test_each_milestone_can_be_turned_off_and_all_back_on(amira, engine):
    """Turn one off from the list; subscribing again turns it back on; unsubscribe stops all."""
    await amira.press("rem:sub:2027")
    listing = await amira.command("reminders")
    assert "Rank order list deadline — Wed 3 Mar 2027 _(season)_" in listing
    await amira.press("1")
    assert "Turn off" in amira.labels()
    assert "Turned off: Rank order list deadline" in await amira.press("Turn off")
    assert len(await ReminderStore(engine).upcoming(amira.user_id)) == 1
    await amira.press("rem:sub:2027")
    assert len(await ReminderStore(engine).upcoming(amira.user_id)) == 2
    assert "(2 cancelled)" in await amira.press("rem:unsub")
    assert await ReminderStore(engine).upcoming(amira.user_id) == []


async def test_the_interview_ends_with_an_offer(amira):
    """The completion hook offers the season's dates with Yes / No thanks."""
    [hook] = amira.feature.completion_hooks()
    amira.last = await hook(amira._turn(text="done"), "")
    assert "key dates of the Match 2027 season" in amira.last[0].text
    assert amira.labels() == ["Yes, remind me", "No thanks"]
    assert "timeline" in await amira.press("No thanks")


async def test_calendar_sends_an_ics_that_imports(amira):
    """`calendar` attaches an .ics with the season and the user's own reminders."""
    await amira.command("remind", "every Monday 7pm: a timed UWorld block")
    await amira.press("Set it")
    await amira.command("calendar")
    [out] = amira.last
    assert out.attachment is not None
    assert (out.attachment.filename, out.attachment.mime_type) == (
        "match-2027.ics",
        "text/calendar",
    )
    calendar = Calendar.from_ical(out.attachment.data)
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert "a timed UWorld block" in summaries
    assert "Match Day" in summaries
    assert len(summaries) == 6


async def test_a_year_without_dates_says_so(amira):
    """An unknown season gets a plain answer, not an empty picture."""
    assert "no dates for the 2031 Match season" in await amira.command("timeline", "2031")


async def test_cohort_posts_go_to_the_channel_in_its_zone_publicly(engine):
    """An admin's switch arms the season for the channel; posts carry no personal buttons."""
    posts = RecordingSender(platform="discord")
    clock = lambda: NOW  # noqa: E731
    cohorts = CohortReminders(engine, FixedSeason(), lambda _due: None, clock=clock)
    await cohorts.enable("discord", "channel:42", "America/New_York")
    await cohorts.enable("discord", "channel:42", "America/New_York")  # idempotent
    rows = await season_rows(engine, kind="cohort")
    assert [r.milestone_id for r in rows] == ["2027:rol_deadline", "2027:match_day"]
    ny = ZoneInfo("America/New_York")
    assert {r.due_at.astimezone(ny).strftime("%H:%M") for r in rows} == {"09:00"}
    assert {(r.platform, r.chat_id, r.user_id) for r in rows} == {("discord", "channel:42", None)}

    due_day = rows[0].due_at
    scheduler = Scheduler(engine, {"discord": posts}, worker_id="w", clock=lambda: due_day)
    assert await scheduler.run_due() == 1
    [post] = posts.deliveries[0].messages
    assert "Rank order list deadline" in post.text
    assert not post.private and not post.choices

    await cohorts.disable("discord", "channel:42")
    assert await season_rows(engine, kind="cohort", status="pending") == []


async def test_a_cohort_knows_nothing_about_members(engine):
    """Cohort rows belong to no user, so forgetting a member leaves the channel's posts."""
    user = await make_user(engine)
    feature = ReminderFeature(engine, FixedSeason(), None)
    await CohortReminders(engine, FixedSeason(), lambda _due: None).enable(
        "telegram", "-100", "Africa/Cairo"
    )
    assert all(r.user_id is None for r in await season_rows(engine, kind="cohort"))
    person = Person(feature, user)
    assert "no reminders" in await person.command("reminders")


async def test_two_workers_arming_one_group_at_once_post_each_milestone_once(postgres_url):
    """A second `run` re-arming the same group mid-way leaves one row per milestone."""
    import asyncio

    from sqlalchemy import insert

    from bot.storage.database import create_engine
    from bot.storage.schema import upgrade
    from tests.conftest import waiting_on_a_lock

    ours, theirs = create_engine(postgres_url), create_engine(postgres_url)
    try:
        await upgrade(ours)
        cohorts = CohortReminders(ours, FixedSeason(), lambda _due: None, clock=lambda: NOW)
        async with theirs.begin() as conn:
            # Their worker has written one milestone and not committed yet: ours cannot
            # see it, and waits on the unique index when it writes the same milestone.
            await conn.execute(
                insert(Reminder).values(
                    kind="cohort",
                    milestone_id="2027:match_day",
                    platform="telegram",
                    chat_id="-100",
                    text="Match Day",
                    due_at=NOW,
                    tz="UTC",
                    status="pending",
                )
            )
            arming = asyncio.ensure_future(cohorts.enable("telegram", "-100", "Africa/Cairo"))
            await waiting_on_a_lock(ours)
        await asyncio.wait_for(arming, 10)
        rows = await season_rows(ours, kind="cohort")
        assert sorted(r.milestone_id for r in rows) == ["2027:match_day", "2027:rol_deadline"]
        assert {r.due_at.astimezone(CAIRO).strftime("%H:%M") for r in rows} == {"09:00"}
    finally:
        await ours.dispose()
        await theirs.dispose()


async def test_a_season_reminder_after_the_plan_moved_on_offers_to_move(db_url):
    """Subscribed to Match 2028 with CK not taken: once ERAS 2028 has opened with still no
    CK result, the next season reminder comes with the offer to move to Match 2029;
    "Keep Match 2028" ends the offers. Before the season opened, reminders come alone."""
    from datetime import UTC, datetime

    from bot.app import open_app
    from tests.conftest import Chat
    from tests.interview_script import SCRIPT

    joined = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    async with open_app(db_url, clock=lambda: joined) as app:
        chat = Chat(app.advisor)
        await chat.answer(
            SCRIPT.with_(
                ask_graduation_year="2021",
                ask_step1_score="pass/fail",
                ask_step2_status="not yet",
                ask_step2_planned="March 2027",
                ask_usce_months="3 months hands-on IM and psych",
                ask_letters="2 IM, 1 psych",
            )
        )
        assert "Match 2028 season" in chat.last[-1].text
        await chat.press("Yes, remind me")

        async def deliver_on(day: datetime) -> list[str]:
            sender = RecordingSender(platform="console")
            scheduler = Scheduler(
                app.engine,
                {"console": sender},
                worker_id="w",
                clock=lambda: day,
                notes=app.reminders.delivery_notes,
            )
            await scheduler.run_due()
            return [m.text for d in sender.deliveries for m in d.messages]

        # 25 Aug 2027: "ERAS opens for submissions" a week ahead; the plan still aims for 2028.
        before = await deliver_on(datetime(2027, 8, 25, 9, 0, tzinfo=UTC))
        assert any("ERAS opens for submissions" in t for t in before)
        assert not any("Move your season reminders" in t for t in before)
        # 8 Sep 2027: ERAS has opened and there is still no CK result.
        sent = await deliver_on(datetime(2027, 9, 8, 9, 0, tzinfo=UTC))
        assert "NRMP Match registration opens" in sent[0]
        assert (
            "Your plan now aims for Match 2029, so this Match 2028 date may no longer be "
            "yours. Move your season reminders to Match 2029?" in sent[-1]
        )
        assert "stay as they are" in await chat.send_payload("rem:keep:2029")
        kept = await deliver_on(datetime(2027, 9, 18, 9, 0, tzinfo=UTC))
        assert any("Programs start reading" in t for t in kept)
        assert not any("Move your season reminders" in t for t in kept)
