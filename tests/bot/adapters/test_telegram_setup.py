"""Telegram groups: `/setup` lets a group's admins switch cohort reminders on, check and off."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.adapters.telegram.runtime import PatientRateLimiter
from bot.adapters.telegram.service import TelegramService
from bot.app import AppContext, open_app
from bot.reminders.scheduler import Scheduler
from bot.storage.guild_models import GroupSettings, GuildSettingsStore
from bot.storage.reminder_models import Reminder
from tests.bot.adapters.telegram_harness import NOW, telegram_settings
from tests.conftest import eventually
from tests.fakes.telegram_server import FakeTelegram, FakeUser, Group


@dataclass
class StudyGroup:
    """The bot with cohort reminders wired in, and a group with an admin and a member."""

    fake: FakeTelegram
    service: TelegramService
    app: AppContext
    group: Group
    admin: FakeUser
    member: FakeUser

    async def setup(self, user: FakeUser, argument: str = "") -> str:
        """Send `/setup <argument>` in the group as user; return the bot's answer there."""
        await self.group.send(user, f"/setup {argument}".strip())
        return (await self.group.next_message()).text

    async def settings(self) -> GroupSettings | None:
        """Return what is stored for the group."""
        return await GuildSettingsStore(self.app.engine).get("telegram", str(self.group.id))

    async def pending(self) -> list[Reminder]:
        """Return the group's cohort reminders still to be posted, soonest first."""
        query = (
            select(Reminder)
            .where(
                Reminder.kind == "cohort",
                Reminder.platform == "telegram",
                Reminder.chat_id == str(self.group.id),
                Reminder.status == "pending",
            )
            .order_by(Reminder.due_at)
        )
        async with self.app.engine.connect() as conn:
            return list((await conn.execute(query)).all())  # type: ignore[arg-type]


@pytest.fixture
async def study(fake_telegram: FakeTelegram, sqlite_url: str) -> AsyncIterator[StudyGroup]:
    """The real advisor and TelegramService, cohort reminders on a clock in November 2026."""
    async with open_app(sqlite_url, clock=lambda: NOW) as app:  # the app's cohort service
        service = TelegramService(
            telegram_settings(fake_telegram, sqlite_url),
            app.advisor,
            rate_limiter=PatientRateLimiter(backoff=0.05),
            poll_timeout=1,
        )
        await service.start()
        try:
            group = fake_telegram.group("Match 2027 study group")
            admin, member = fake_telegram.user("Layla"), fake_telegram.user("Amira")
            group.make_admin(admin)
            yield StudyGroup(fake_telegram, service, app, group, admin, member)
        finally:
            await service.stop()


async def test_an_admin_switches_on_and_the_scheduler_posts_to_the_group(study: StudyGroup) -> None:
    """`/setup on Cairo` stores Africa/Cairo, arms the season, and posts reach the group."""
    reply = await study.setup(study.admin, "on Cairo")
    assert "Cohort reminders are on" in reply and "Africa/Cairo" in reply
    settings = await study.settings()
    assert settings is not None and settings.enabled and settings.timezone == "Africa/Cairo"
    rows = await study.pending()
    assert [r.milestone_id for r in rows][-1] == "2027:match_day"
    assert rows[0].due_at.hour == 7  # 09:00 in Cairo

    due: datetime = rows[0].due_at
    scheduler = Scheduler(
        study.app.engine,
        {"telegram": study.service.sender},
        worker_id="test",
        clock=lambda: due,
        limits={},
    )
    assert await scheduler.run_due() == 1
    post = await study.group.next_message()
    assert post.text.startswith("Season milestone:") and not post.keyboard
    assert len(await study.pending()) == len(rows) - 1


async def test_show_reports_the_settings_and_off_stops_the_posts(study: StudyGroup) -> None:
    """Show says on and where; off keeps the zone for next time but nothing is posted."""
    await study.setup(study.admin, "on UTC+3")
    shown = await study.setup(study.admin, "show")
    assert "Cohort reminders are on in this group" in shown and "Etc/GMT-3" in shown
    off = await study.setup(study.admin, "off")
    assert "Cohort reminders are off" in off
    assert await study.pending() == []
    settings = await study.settings()
    assert settings is not None and not settings.enabled and settings.timezone == "Etc/GMT-3"
    later = NOW + timedelta(days=400)
    scheduler = Scheduler(
        study.app.engine,
        {"telegram": study.service.sender},
        worker_id="test",
        clock=lambda: later,
        limits={},
    )
    assert await scheduler.run_due() == 0
    assert "off" in await study.setup(study.admin, "show")


async def test_members_who_are_not_admins_are_refused(study: StudyGroup) -> None:
    """A member's on (or off) is declined politely and changes nothing."""
    assert "only this group's admins" in await study.setup(study.member, "on Africa/Cairo")
    assert await study.settings() is None and await study.pending() == []
    await study.setup(study.admin, "on Africa/Cairo")
    assert "only this group's admins" in await study.setup(study.member, "off")
    assert await study.pending() != []


async def test_the_creator_and_anonymous_admins_may_set_up(study: StudyGroup) -> None:
    """Owner status counts; an admin writing anonymously (as the group) counts too."""
    owner = study.fake.user("Omar")
    study.group.make_admin(owner, owner=True)
    assert "Cohort reminders are on" in await study.setup(owner, "on Asia/Karachi")
    await study.group.send_as_group("/setup off")
    assert "Cohort reminders are off" in (await study.group.next_message()).text


async def test_a_bad_or_missing_zone_is_explained_and_nothing_is_stored(study: StudyGroup) -> None:
    """An unknown zone names what was typed and gives examples; no zone asks for one."""
    reply = await study.setup(study.admin, "on Narnia")
    assert "I don't know the time zone Narnia" in reply and "/setup on Africa/Cairo" in reply
    assert "Which time zone" in await study.setup(study.admin, "on")
    usage = await study.setup(study.admin)
    assert "/setup show" in usage and "/setup off" in usage
    assert await study.settings() is None


async def test_a_group_the_bot_cannot_post_in_is_not_armed(study: StudyGroup) -> None:
    """If the announcement is refused, the admin hears why in private and nothing is armed."""
    dm = study.fake.private_chat(study.admin)
    study.fake.fail("sendMessage", 400, chat_id=study.group.id)
    await study.group.send(study.admin, "/setup on Cairo")
    explained = await dm.next_message()
    assert "couldn't post" in explained.text and "Match 2027 study group" in explained.text
    settings = await study.settings()
    assert settings is not None and not settings.enabled and await study.pending() == []


async def test_setup_outside_a_group_says_where_it_works(study: StudyGroup) -> None:
    """In a private chat the core explains that an admin sets this up in the group."""
    dm = study.fake.private_chat(study.member)
    await dm.send("/setup on Cairo")
    replies = " ".join(m.text for m in await dm.next_messages(2))  # welcome, then the answer
    assert "/setup on Africa/Cairo" in replies and "/advisor-setup" in replies
    assert await GuildSettingsStore(study.app.engine).enabled() == []


async def test_a_group_upgraded_to_a_supergroup_keeps_its_cohort_reminders(
    study: StudyGroup,
) -> None:
    """Telegram gives an upgraded group a new id: the settings and the season move to it."""
    basic = study.fake.group("Match 2027 (small group)", basic=True)
    basic.make_admin(study.admin)
    await basic.send(study.admin, "/setup on Cairo")
    assert "Cohort reminders are on" in (await basic.next_message()).text
    study.group = basic
    before = [r.milestone_id for r in await study.pending()]
    assert before

    study.group = await basic.upgrade(study.admin)
    # The two service messages are handled in the background.
    await eventually(study.pending)
    moved = await study.pending()
    assert [r.milestone_id for r in moved] == before
    settings = await study.settings()
    assert settings is not None and settings.enabled and settings.timezone == "Africa/Cairo"
    old = await GuildSettingsStore(study.app.engine).get("telegram", str(basic.id))
    assert old is not None and not old.enabled

    due: datetime = moved[0].due_at
    scheduler = Scheduler(
        study.app.engine,
        {"telegram": study.service.sender},
        worker_id="test",
        clock=lambda: due,
        limits={},
    )
    assert await scheduler.run_due() == 1
    assert (await study.group.next_message()).text.startswith("Season milestone:")
    assert basic.pending() == []  # nothing more goes to the old id
