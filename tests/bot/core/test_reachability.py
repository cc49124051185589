"""Someone who blocked the bot and comes back gets their paused reminders back."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from bot.core.advisor import Advisor
from bot.core.ports import Unreachable
from bot.reminders.queue import ReminderQueue
from bot.reminders.scheduler import Scheduler
from bot.storage.reminder_models import Reminder, ReminderStatus
from tests.conftest import Chat


async def test_writing_again_after_a_block_resumes_paused_reminders(advisor: Advisor) -> None:
    """Blocked → reminders paused; the next message from them switches them back on."""
    chat = Chat(advisor, user="tariq", platform="telegram")
    await chat.say("hi")
    await chat.say("remind me in 3 days to book NBME 12")
    await chat.press("Set it")
    await ReminderQueue(advisor.store.engine, "w").pause_chat("telegram", "chat-tariq")
    await advisor.mark_unreachable("telegram", "tariq")

    reply = await chat.say("skip")
    assert "1 paused reminder(s) are on again" in reply
    async with advisor.store.engine.connect() as conn:
        status = await conn.scalar(select(Reminder.status))
    assert status == ReminderStatus.PENDING.value
    assert "paused reminder" not in await chat.say("J1")  # said once, not on every message


class _Blocked:
    """A platform where this person has blocked the bot."""

    platform = "telegram"

    async def send(self, chat_id: str, messages: object) -> None:
        raise Unreachable(chat_id)


async def test_a_refused_reminder_pauses_until_the_person_writes_again(advisor: Advisor) -> None:
    """The scheduler meets a block: reminders pause; a new message resumes them."""
    chat = Chat(advisor, user="nadia", platform="telegram")
    await chat.say("hi")
    await chat.say("remind me in 3 days to book NBME 12")
    await chat.press("Set it")
    async with advisor.store.engine.begin() as conn:
        await conn.execute(update(Reminder).values(due_at=datetime.now(UTC)))
    scheduler = Scheduler(
        advisor.store.engine,
        {"telegram": _Blocked()},
        worker_id="w",
        on_unreachable=advisor.store.mark_chat_unreachable,
    )
    await scheduler.run_due()  # one round of the loop `run` repeats, without its waiting
    async with advisor.store.engine.connect() as conn:
        assert await conn.scalar(select(Reminder.status)) == ReminderStatus.PAUSED.value
    assert "paused reminder(s) are on again" in await chat.say("skip")
