"""The reminder tables: the migration matches the models; forgetting a user removes theirs."""

from __future__ import annotations

from datetime import timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.models import Base
from bot.storage.reminder_models import MilestoneSubscription, Reminder
from bot.storage.schema import import_all_models
from bot.storage.store import SqlStore
from tests.bot.reminders.conftest import NOW, FixedSeason, Person, add_row, make_user

MINE = {"reminders", "milestone_subscriptions"}


def _only_mine(name: str | None, type_: str, _parent: object) -> bool:
    """Reflect the reminder tables only."""
    return type_ != "table" or name in MINE


def _only_my_objects(obj: object, name: str | None, type_: str, *_: object) -> bool:
    """Compare the reminder tables and what belongs to them only."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return getattr(table, "name", name) in MINE


async def test_migration_0002_matches_the_models(engine: AsyncEngine) -> None:
    """After `upgrade`, Alembic finds nothing to change in the reminder tables."""
    import_all_models()
    async with engine.connect() as conn:
        diffs = await conn.run_sync(lambda sync: compare_metadata(
            MigrationContext.configure(sync, opts={"include_name": _only_mine,
                                                 "include_object": _only_my_objects}),
            Base.metadata))
    assert diffs == []


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
