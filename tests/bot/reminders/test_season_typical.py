"""Season dates worked out from the usual pattern say so, in the timeline list and in the
reminders they become; the real knowledge base gives the dates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.reminders.commands import ReminderFeature
from bot.storage.reminder_models import Reminder
from knowledge import load_knowledge
from tests.bot.reminders.conftest import Person, make_user


@pytest.fixture
def knowledge():  # type: ignore[no-untyped-def]
    return load_knowledge(clock=lambda: dt.date(2026, 11, 22))


async def test_the_timeline_marks_typical_dates_with_their_rule(engine, knowledge):  # type: ignore[no-untyped-def]
    """Match 2027 has no published calendar: Match Day shows its weekday rule."""
    amira = Person(ReminderFeature(engine, knowledge, None), user_id=await make_user(engine))
    reply = await amira.command("timeline", "2027")
    assert "Fri 19 Mar 2027 — Match Day _(typical: third Friday of March)_" in reply
    assert "Mon 15 Mar 2027 — Match Week" in reply


async def test_a_published_date_is_not_called_typical(engine, knowledge):  # type: ignore[no-untyped-def]
    """Match 2026's ERAS dates were published: no typical tag on them."""
    amira = Person(ReminderFeature(engine, knowledge, None), user_id=await make_user(engine))
    reply = await amira.command("timeline", "2026")
    line = next(x for x in reply.splitlines() if "ERAS opens for submissions" in x)
    assert line == "- Wed 3 Sep 2025 — ERAS opens for submissions _(past)_"


async def test_a_reminder_of_a_typical_date_says_it_is_typical(engine, knowledge):  # type: ignore[no-untyped-def]
    """The reminder row's words carry the rule, so the user checks the official day."""
    user = await make_user(engine)
    amira = Person(ReminderFeature(engine, knowledge, None), user_id=user)
    await amira.command("timeline", "2027")
    await amira.press("Remind me of these")
    async with engine.connect() as conn:
        rows = (await conn.execute(select(Reminder.text).where(Reminder.user_id == user))).all()
    match_day = next(r.text for r in rows if r.text.startswith("Match Day"))
    assert match_day.startswith("Match Day — Fri 19 Mar 2027 (typical: third Friday of March)")
