"""`img-advisor run` start-up: every enabled group's cohort reminders are armed again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.adapters.discord import DISCORD
from bot.adapters.telegram import TELEGRAM
from bot.reminders.cohort import CohortReminders
from bot.reminders.scheduler import Scheduler
from bot.runner import rearm_cohorts
from bot.storage.guild_models import GuildSettingsStore
from bot.storage.reminder_models import Reminder
from knowledge import load_knowledge
from tests.bot.reminders.conftest import RecordingSender

NOV = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


async def cohort_rows(engine: AsyncEngine) -> dict[tuple[str, str, str], tuple[str, datetime]]:
    """Return (platform, chat, milestone) -> (status, due) for every cohort row."""
    query = select(Reminder).where(Reminder.kind == "cohort")
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return {(r.platform, r.chat_id, r.milestone_id): (r.status, r.due_at) for r in rows}


async def test_restart_arms_enabled_groups_once_and_a_new_season_when_it_begins(
    engine: AsyncEngine,
) -> None:
    """Each platform's chat id format; repeats add nothing; delivered posts are not repeated."""
    groups = GuildSettingsStore(engine)
    await groups.save("telegram", "-1001", "-1001", "Africa/Cairo", None)
    await groups.save("discord", "7", "70", "America/New_York", None)
    await groups.save("telegram", "-1002", "-1002", "UTC", None)
    await groups.disable("telegram", "-1002")
    clock = {"now": NOV}
    cohorts = CohortReminders(
        engine, load_knowledge(), lambda _due: None, clock=lambda: clock["now"]
    )

    assert await rearm_cohorts(groups, cohorts, [TELEGRAM, DISCORD]) == 2
    first = await cohort_rows(engine)
    assert {(p, c) for p, c, _ in first} == {("telegram", "-1001"), ("discord", "channel:70")}
    assert ("telegram", "-1001", "2027:match_day") in first
    assert not any(m.startswith("2028:") for _, _, m in first)  # that season starts in 2027
    assert await rearm_cohorts(groups, cohorts, [TELEGRAM, DISCORD]) == 2
    assert await cohort_rows(engine) == first

    # Each group's first post goes out (in January); days later the bot restarts.
    posted = min(due for _, due in first.values()) + timedelta(hours=12)
    senders = {"telegram": RecordingSender("telegram"), "discord": RecordingSender("discord")}
    assert await Scheduler(engine, senders, worker_id="w", clock=lambda: posted).run_due() == 2
    clock["now"] = posted + timedelta(days=2)
    assert await rearm_cohorts(groups, cohorts, [TELEGRAM]) == 1  # Discord not configured
    after = await cohort_rows(engine)
    assert sum(status == "sent" for status, _ in after.values()) == 2  # not posted again
    assert (
        await Scheduler(engine, senders, worker_id="w", clock=lambda: clock["now"]).run_due() == 0
    )
    # The new year began the next Match season: its dates are armed on this start.
    assert ("telegram", "-1001", "2028:myeras_opens") in after
    assert ("discord", "channel:70", "2028:myeras_opens") not in after
