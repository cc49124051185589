"""Reminders as people use them, through the whole advisor: the zone learnt later, snooze,
editing by typing, "in 15 seconds", weekly reminders and the list's buttons."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.reminders.store import ReminderStore
from bot.storage.store import SqlStore
from tests.bot.reminders.conftest import NOW, add_row
from tests.conftest import Chat
from tests.interview_script import SCRIPT


async def _reminders(engine: AsyncEngine, chat: Chat) -> list[tuple[str, datetime]]:
    """The chatting user's live reminders as stored: (words, due time in UTC)."""
    user_id = await SqlStore(engine).find_user(chat.platform, chat.user)
    assert user_id is not None
    return [(v.text, v.due_at) for v in await ReminderStore(engine).upcoming(user_id)]


async def test_reminders_set_before_the_zone_keep_their_time_in_it(chat: Chat) -> None:
    """Set in UTC, then the interview learns Cairo: asked, "yes" keeps 09:00 as 09:00 Cairo."""
    reply = await chat.say("remind me to email Dr. Lee tomorrow at 9am")
    assert "Mon 23 Nov, 09:00 UTC" in reply
    assert "I'll remind you" in await chat.say("yes")  # "Shall I set it?" takes "yes" too
    await chat.say("start")
    await chat.answer(SCRIPT.with_(ask_timezone="Cairo"))
    offer = chat.last[-1]
    assert "set in UTC, from before I knew your time zone" in offer.text
    assert "Keep their times in Cairo time" in offer.text
    assert chat.labels()[-2:] == ["Yes, keep their times", "No, leave them"]
    moved = await chat.say("yes")
    assert "1 reminder(s) keep their times, now in Cairo time" in moved
    assert "Shall I remind you of the key dates" in moved  # the season's offer comes next
    listing = await chat.say("reminders")
    assert "Mon 23 Nov, 09:00 Cairo time — email Dr. Lee" in listing
    assert "UTC" not in listing


async def test_a_zone_set_later_by_edit_offers_the_move_and_no_leaves_them(chat: Chat) -> None:
    """After the plan, `edit timezone`: the offer again; "no" leaves them; the list still
    marks them and offers a button to move them."""
    await chat.answer(SCRIPT)
    await chat.say("no thanks")  # no season reminders
    await chat.say("remind me in 3 days to book NBME 12")
    await chat.press("Set it")
    await chat.say("edit timezone")
    await chat.say("Cairo")
    assert "Keep their times in Cairo time" in "\n".join(r.text for r in chat.last)
    assert "they stay at the moments they were set for" in await chat.say("no")
    listing = await chat.say("reminders")
    assert "1 reminder(s) are in UTC, not Cairo time" in listing
    assert "Wed 25 Nov, 09:00 UTC — book NBME 12" in listing
    moved = await chat.press("Keep their times in Cairo time")
    assert "now in Cairo time" in moved
    assert "Wed 25 Nov, 09:00 Cairo time — book NBME 12" in await chat.say("reminders")


async def test_snooze_a_day_from_the_list_moves_it_a_day_after_its_time(chat: Chat) -> None:
    """Due tomorrow 08:00, "Snooze 1 day" makes it the day after at 08:00 and says so."""
    await chat.say("remind tomorrow 8am: call the ECFMG office")
    await chat.press("Set it")
    await chat.say("reminders")
    await chat.press("call the ECFMG office")
    reply = await chat.press("Snooze 1 day")
    assert "Snoozed 1 day: now Tue 24 Nov, 08:00 UTC" in reply
    assert "it was Mon 23 Nov, 08:00 UTC" in reply
    assert "Tue 24 Nov, 08:00 UTC — call the ECFMG office" in await chat.say("reminders")


async def test_a_delivered_reminder_snoozes_from_now(amira, engine) -> None:
    """The buttons under a reminder that just arrived count from now: 1 h, 1 day."""
    sent = await add_row(engine, user_id=amira.user_id, due_at=NOW, status="sent")
    reply = await amira.press(f"rem:snooze1d:{sent}")
    assert "Snoozed 1 day: now Mon 23 Nov, 12:00 UTC." in reply


async def test_snoozing_a_weekly_reminder_from_the_list_skips_that_week(amira, engine) -> None:
    """The coming Monday moves to Tuesday; the series goes on the Monday after."""
    await amira.command("remind", "every Monday 7pm: a timed UWorld block")
    await amira.press("Set it")
    await amira.command("reminders")
    await amira.press("a timed UWorld block")
    assert "now Tue 24 Nov, 19:00 Cairo time" in await amira.press("Snooze 1 day")
    times = sorted(v.due_at for v in await ReminderStore(engine).upcoming(amira.user_id))
    assert times == [
        datetime(2026, 11, 24, 17, 0, tzinfo=UTC),
        datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
    ]


async def test_edit_takes_the_new_time_typed_without_remind(chat: Chat) -> None:
    """After Edit, `saturday 9am: book my NBME 12` is the new reminder, not a question."""
    await chat.say("remind tomorrow 9am: book NBME 11")
    await chat.press("Set it")
    await chat.say("reminders")
    await chat.press("book NBME 11")
    assert "Send the new time and words" in await chat.press("Edit")
    reply = await chat.say("saturday 9am: book my NBME 12")
    assert "Change the reminder to: **book my NBME 12**" in reply
    assert "Sat 28 Nov, 09:00 UTC" in reply
    assert "I'll remind you Sat 28 Nov, 09:00 UTC" in await chat.say("ok")
    listing = await chat.say("reminders")
    assert "book my NBME 12" in listing and "NBME 11" not in listing


async def test_edit_says_what_works_and_cancel_leaves_it(chat: Chat) -> None:
    """Words without a time get examples and the edit waits; `cancel` leaves it as it was."""
    await chat.say("remind tomorrow 9am: book NBME 11")
    await chat.press("Set it")
    await chat.say("reminders")
    await chat.press("book NBME 11")
    await chat.press("Edit")
    assert "These work" in await chat.say("whenever suits")
    assert "stays as it was" in await chat.say("cancel")
    assert "Mon 23 Nov, 09:00 UTC — book NBME 11" in await chat.say("reminders")


async def test_in_15_seconds_is_today_and_counts_from_set_it(chat: Chat, engine) -> None:
    """A sub-minute request stays today: 15 seconds after Set it, not tomorrow."""
    reply = await chat.say("remind me in 15 seconds to stretch")
    assert "in 15 seconds (Sun 22 Nov, 12:00 UTC)" in reply
    await chat.press("Set it")
    [(words, due)] = await _reminders(engine, chat)
    assert words == "stretch" and due == datetime(2026, 11, 22, 12, 0, 15, tzinfo=UTC)


async def test_in_1_minute_is_a_minute_from_now(chat: Chat, engine) -> None:
    """ "in 1 minute" is one minute away, today."""
    assert "Sun 22 Nov, 12:01 UTC" in await chat.say("remind in 1 minute: drink water")
    await chat.press("Set it")
    [(_words, due)] = await _reminders(engine, chat)
    assert due == datetime(2026, 11, 22, 12, 1, tzinfo=UTC)


async def test_weekly_confirmation_names_the_day_and_the_list_names_each(chat: Chat) -> None:
    """ "every Sunday 7pm" is confirmed as every Sunday at 19:00; buttons carry the words."""
    await chat.say("remind every Sunday 7pm: review the week's UWorld misses")
    done = await chat.press("Set it")
    assert "I'll remind you every Sunday at 19:00 UTC, first on Sun 22 Nov, 19:00 UTC" in done
    await chat.say("remind tomorrow 9am: email Dr. Lee")
    await chat.press("Set it")
    await chat.say("reminders")
    assert chat.labels() == ["review the week's UWorld mi…", "email Dr. Lee"]


async def test_two_reminders_with_the_same_words_get_their_day_on_the_button(amira) -> None:
    """Buttons tell twins apart by their day."""
    for when in ("tomorrow", "in 3 days"):
        await amira.command("remind", f"{when} 9am: stretch")
        await amira.press("Set it")
    await amira.command("reminders")
    assert amira.labels() == ["stretch · Mon 23 Nov", "stretch · Wed 25 Nov"]


async def test_an_old_set_it_button_still_works(amira, engine) -> None:
    """A "Set it" from before the confirmation became a yes/no offer (rem:ok) still sets it."""
    await amira.command("remind", "tomorrow 9am: book NBME 12")
    assert "I'll remind you Mon 23 Nov, 09:00 Cairo time" in await amira.press("rem:ok")
    assert [v.text for v in await ReminderStore(engine).upcoming(amira.user_id)] == ["book NBME 12"]
    assert amira.pending is None  # and "yes" typed later is no longer read as its answer
