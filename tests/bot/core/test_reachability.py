"""Someone who blocked the bot and comes back gets their paused reminders back."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.advisor import Advisor
from bot.reminders.queue import ReminderQueue
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
