"""The reminder commands and buttons, as a user meets them: remind, confirm, list, change."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.reminders.commands import ReminderFeature
from bot.reminders.scheduler import Scheduler
from bot.reminders.store import ReminderStore
from tests.bot.reminders.conftest import NOW, FixedSeason, RecordingSender, add_row, make_user, row
from tests.fakes.virtual_time import VirtualTime


async def test_remind_repeats_the_time_in_the_users_zone_and_asks(amira, engine):
    """The bot says what it understood in Cairo time and waits for Set it."""
    reply = await amira.command("remind", "me to email Dr. Lee on March 3 at 9am")
    assert "**email Dr. Lee**" in reply
    assert "Wed 3 Mar 2027, 09:00 Cairo time" in reply
    assert amira.labels() == ["Set it", "Cancel"]
    assert await ReminderStore(engine).upcoming(amira.user_id) == []  # not before confirming
    reply = await amira.press("Set it")
    assert "I'll remind you Wed 3 Mar 2027, 09:00 Cairo time" in reply
    assert amira.last[0].answered_label == "Set"
    [stored] = await ReminderStore(engine).upcoming(amira.user_id)
    assert stored.text == "email Dr. Lee"
    assert stored.due_at == datetime(2027, 3, 3, 7, 0, tzinfo=UTC)
    assert (stored.platform, stored.chat_id, stored.tz) == ("console", "chat-1", "Africa/Cairo")


async def test_what_cannot_be_parsed_gets_examples(amira):
    """Nonsense gets phrasings that work and nothing to confirm."""
    reply = await amira.command("remind", "sometime maybe")
    assert "remind in 3 days: book NBME 12" in reply
    assert amira.labels() == []
    assert "reminder_pending" not in amira.scratch
    assert "for example" in await amira.command("remind", "")


async def test_cancel_at_confirmation_and_stale_buttons(amira, engine):
    """Cancel drops the pending reminder; pressing Set it afterwards changes nothing."""
    await amira.command("remind", "tomorrow 9am: book NBME 12")
    confirm = list(amira.last)
    await amira.press("Cancel")
    amira.last = confirm
    await amira.press("Set it")
    assert amira.last[0].stale
    assert await ReminderStore(engine).upcoming(amira.user_id) == []


async def test_without_a_zone_the_user_is_told_times_are_utc(amira):
    """No time zone in the profile: UTC, and a hint how to set one."""
    amira.tz = None
    reply = await amira.command("remind", "tomorrow 9am: book NBME 12")
    assert "Mon 23 Nov, 09:00 UTC" in reply
    assert "edit timezone" in reply


async def test_recurring_reminder_is_described_and_listed(amira):
    """A weekly reminder is confirmed and listed with its rule and next time."""
    reply = await amira.command("remind", "every Monday 7pm: a timed UWorld block")
    assert "every Monday at 19:00 Cairo time, first on Mon 23 Nov, 19:00 Cairo time" in reply
    await amira.press("Set it")
    listing = await amira.command("reminders")
    assert "every Monday at 19:00 Cairo time (next Mon 23 Nov, 19:00 Cairo time)" in listing
    assert "a timed UWorld block" in listing


async def test_list_show_snooze_and_cancel(amira, engine):
    """From the list: open one, snooze it a day, then cancel it."""
    await amira.command("remind", "tomorrow 9am: book NBME 12")
    await amira.press("Set it")
    listing = await amira.command("reminders")
    assert "**1.** Mon 23 Nov, 09:00 Cairo time — book NBME 12" in listing
    await amira.press("book NBME 12")
    assert amira.labels() == ["Edit", "Snooze 1 h", "Snooze 1 day", "Cancel"]
    snoozed = await amira.press("Snooze 1 day")  # a day after its time, not after now
    assert "Snoozed 1 day: now Tue 24 Nov, 09:00 Cairo time" in snoozed
    assert "(it was Mon 23 Nov, 09:00 Cairo time)" in snoozed
    await amira.command("reminders")
    await amira.press("book NBME 12")
    assert "Cancelled: book NBME 12" in await amira.press("Cancel")
    assert await ReminderStore(engine).upcoming(amira.user_id) == []
    assert "no reminders" in await amira.command("reminders")


async def test_edit_by_button_and_by_text(amira, engine):
    """Edit asks for the new version; the next `remind` replaces the old one after confirming."""
    await amira.command("remind", "tomorrow 9am: book NBME 12")
    await amira.press("Set it")
    [old] = await ReminderStore(engine).upcoming(amira.user_id)
    await amira.press(f"rem:edit:{old.id}")
    assert "Send the new time" in amira.last[0].text
    reply = await amira.command("remind", "friday 8am: book NBME 13")
    assert "Change the reminder to: **book NBME 13**" in reply
    await amira.press("Set it")
    [new] = await ReminderStore(engine).upcoming(amira.user_id)
    assert (new.id, new.text) == (old.id, "book NBME 13")
    await amira.command("reminders", "edit 1 in 2 days: book NBME 14")
    await amira.press("Set it")
    [newer] = await ReminderStore(engine).upcoming(amira.user_id)
    assert (newer.id, newer.text) == (old.id, "book NBME 14")
    await amira.command("reminders", "cancel 1")
    assert await ReminderStore(engine).upcoming(amira.user_id) == []
    assert "Which one?" in await amira.command("reminders", "cancel 7")


async def test_nobody_can_touch_someone_elses_reminder(amira, engine, feature):
    """A forged button with another user's id is refused and changes nothing."""
    other = await make_user(engine)
    theirs = await add_row(engine, user_id=other, due_at=NOW + timedelta(days=1))
    await amira.press(f"rem:cancel:{theirs}")
    assert amira.last[0].stale
    assert (await row(engine, theirs)).status == "pending"


async def test_delivered_buttons_done_and_snooze(amira, engine):
    """Done finishes a delivered one-off; snoozing a recurring one adds a one-off copy."""
    once = await add_row(engine, user_id=amira.user_id, due_at=NOW, status="sent")
    await amira.press(f"rem:done:{once}")
    assert (await row(engine, once)).status == "done"
    await amira.press(f"rem:snooze1h:{once}")
    assert (await row(engine, once)).due_at == NOW + timedelta(hours=1)
    rule = "DTSTART:20260101T190000\nRRULE:FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0"
    series = await add_row(
        engine, user_id=amira.user_id, due_at=NOW + timedelta(hours=5), rrule=rule
    )
    await amira.press(f"rem:snooze1d:{series}")
    assert amira.last[0].answered_label == "Snoozed 1 day"
    views = await ReminderStore(engine).upcoming(amira.user_id)
    assert (await row(engine, series)).due_at == NOW + timedelta(hours=5)  # series unchanged
    assert any(v.rrule is None and v.due_at == NOW + timedelta(days=1) for v in views)


async def test_a_confirmed_reminder_is_delivered_with_buttons(engine, amira):
    """End to end: confirm, the running scheduler delivers it, Snooze 1 h moves it."""
    sender = RecordingSender(platform="console")
    vt = VirtualTime()
    scheduler = Scheduler(
        engine,
        {"console": sender},
        worker_id="w",
        clock=vt.now,
        sleep=vt.sleep,
        monotonic=vt.monotonic,
    )
    amira.feature = ReminderFeature(engine, FixedSeason(), scheduler)
    task = asyncio.create_task(scheduler.run())
    try:
        await vt.sleeping()  # nothing to do: the scheduler sleeps
        amira.now = vt.now()
        await amira.command("remind", "in 2 hours: drink water")
        # Make it due now: the poke from confirming must wake the sleeping scheduler.
        pending = amira.scratch["reminder_pending"]
        due = amira.now + timedelta(seconds=0.3)
        pending["due_at"] = due.isoformat()
        del pending["delay"]  # "in 2 hours" would count from Set it otherwise
        await amira.press("Set it")
        await vt.sleeping(until=due)  # poked: it now sleeps until that time, not the poll's
        await vt.advance_to(due)
        await sender.wait_for(1)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    [delivery] = sender.deliveries
    message = delivery.messages[0]
    assert delivery.chat_id == "chat-1"
    assert message.text.startswith("**Reminder:** drink water")
    assert message.private
    amira.last = [message]
    assert amira.labels() == ["Done", "Snooze 1 h", "Snooze 1 day"]
    await amira.press("Snooze 1 h")
    [again] = await ReminderStore(engine).upcoming(amira.user_id)
    assert again.due_at == amira.now + timedelta(hours=1)


async def test_paused_reminders_resume_when_the_user_is_back(amira, engine):
    """Reminders paused for an unreachable chat are back on once the user lists them there."""
    paused = await add_row(
        engine,
        user_id=amira.user_id,
        platform="console",
        chat_id="chat-1",
        due_at=NOW + timedelta(days=2),
        status="paused",
    )
    listing = await amira.command("reminders")
    assert "1 reminder(s) paused while I could not reach you here are back on" in listing
    assert (await row(engine, paused)).status == "pending"
