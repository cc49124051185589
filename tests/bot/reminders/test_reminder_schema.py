"""The reminder tables: forgetting a user removes theirs; 0004 clears duplicated cohort posts.

That the migrations build exactly the models' tables is checked for every table in
tests/bot/storage/test_schema.py.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.reminder_models import MilestoneSubscription, Reminder
from bot.storage.store import SqlStore
from tests.bot.reminders.conftest import NOW, FixedSeason, Person, add_row, make_user


async def test_forgetting_a_user_deletes_their_reminders(engine: AsyncEngine) -> None:
    """`forget` cascades to reminders and the milestone subscription; others keep theirs."""
    from bot.reminders.commands import ReminderFeature

    gone, kept = await make_user(engine), await make_user(engine)
    for user in (gone, kept):
        await add_row(engine, user_id=user, due_at=NOW + timedelta(days=1))
        await Person(ReminderFeature(engine, FixedSeason(), None), user).press("rem:sub:2027")
    await SqlStore(engine).forget_user(gone)
    async with engine.connect() as conn:
        for model in (Reminder, MilestoneSubscription):
            left = await conn.scalar(select(func.count()).where(model.user_id == gone))
            still = await conn.scalar(select(func.count()).where(model.user_id == kept))
            assert (left, bool(still)) == (0, True), model.__tablename__


async def test_upgrading_keeps_one_of_each_duplicated_cohort_post(db_url: str) -> None:
    """Duplicates written before 0004 (two workers racing) are cleared so its index fits."""
    from sqlalchemy import insert

    from bot.storage.database import create_engine
    from bot.storage.schema import upgrade

    engine = create_engine(db_url)
    try:
        await upgrade(engine, "0003")
        row = {
            "kind": "cohort",
            "platform": "discord",
            "chat_id": "42",
            "text": "Match Day",
            "due_at": NOW,
            "tz": "UTC",
            "status": "pending",
            "attempts": 0,
            "late": False,
            "created_at": NOW,
        }
        async with engine.begin() as conn:
            for milestone in ("2027:match_day", "2027:match_day", "2027:rol_deadline"):
                await conn.execute(insert(Reminder.__table__).values(**row, milestone_id=milestone))
        await upgrade(engine)
        async with engine.connect() as conn:
            kept = (
                await conn.execute(select(Reminder.id, Reminder.milestone_id).order_by(Reminder.id))
            ).all()
        assert [m for _id, m in kept] == ["2027:match_day", "2027:rol_deadline"]
        assert kept[0].id == 1  # the oldest of the pair
    finally:
        await engine.dispose()
