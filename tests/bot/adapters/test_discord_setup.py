"""Study-group administration: /advisor-setup, guild settings and cohort posts to a channel."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.adapters.discord.service import DiscordService
from bot.core.advisor import Advisor
from bot.core.messages import Choice, Outgoing
from bot.storage.database import create_engine
from bot.storage.guild_models import GuildSettingsStore
from bot.storage.schema import upgrade
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    FAST,
    StudyGroup,
    discord_advisor,
    discord_bot,
    discord_settings,
    groups_of,
    logged_errors,
    study_group,
)


async def test_members_without_manage_server_cannot_change_settings(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """The server checks the permission too: a member's attempt changes nothing."""
    fake = study_group.fake
    tried = await fake.slash(
        study_group.amira,
        "advisor-setup set",
        guild=study_group.guild,
        channel=study_group.cohort,
        timezone="America/New_York",
    )
    assert tried.messages[0].ephemeral and "Manage Server" in tried.texts[0]
    assert fake.messages_in(study_group.cohort) == []
    assert await discord_bot.groups.get("discord", str(study_group.guild.id)) is None


async def test_admin_sets_channel_zone_and_role_then_shows_and_turns_off(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """Set announces itself in the channel; show and off answer the admin privately."""
    fake, group = study_group.fake, study_group
    done = await fake.slash(
        group.admin,
        "advisor-setup set",
        guild=group.guild,
        admin=True,
        channel=group.cohort,
        timezone="Africa/Cairo",
        role=group.role_id,
    )
    assert done.messages[-1].ephemeral and "**on**" in done.texts[-1]
    assert "Africa/Cairo" in fake.messages_in(group.cohort)[0].text
    shown = await fake.slash(group.admin, "advisor-setup show", guild=group.guild, admin=True)
    assert f"<#{group.cohort.id}>" in shown.texts[0] and f"<@&{group.role_id}>" in shown.texts[0]
    off = await fake.slash(group.admin, "advisor-setup off", guild=group.guild, admin=True)
    assert "**off**" in off.texts[0]
    stored = await discord_bot.groups.get("discord", str(group.guild.id))
    assert stored is not None and not stored.enabled and stored.timezone == "Africa/Cairo"


async def test_unknown_time_zone_is_refused_with_examples(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """A misspelt zone is explained and nothing is stored."""
    tried = await study_group.fake.slash(
        study_group.admin,
        "advisor-setup set",
        guild=study_group.guild,
        admin=True,
        channel=study_group.cohort,
        timezone="Cairo time",
    )
    assert "America/New_York" in tried.texts[0]
    assert await discord_bot.groups.get("discord", str(study_group.guild.id)) is None


async def test_channel_the_bot_cannot_post_in_is_explained_to_the_admin(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """A 403 on the announcement tells the admin which permissions to grant."""
    study_group.cohort.bot_can_post = False
    tried = await study_group.fake.slash(
        study_group.admin,
        "advisor-setup set",
        guild=study_group.guild,
        admin=True,
        channel=study_group.cohort,
        timezone="Europe/London",
    )
    assert "Send Messages" in tried.texts[-1] and tried.messages[-1].ephemeral
    assert await discord_bot.groups.get("discord", str(study_group.guild.id)) is None


async def test_cohort_posts_go_to_the_channel_and_mention_only_the_role(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """The scheduler's sender posts to the chosen channel, pinging the chosen role."""
    fake, group = study_group.fake, study_group
    await fake.slash(
        group.admin,
        "advisor-setup set",
        guild=group.guild,
        admin=True,
        channel=group.cohort,
        timezone="Africa/Cairo",
        role=group.role_id,
    )
    await discord_bot.sender.send(
        f"channel:{group.cohort.id}",
        [
            Outgoing(
                "**ERAS opens in a week**\n\nPrepare your documents.",
                choices=(Choice("Remind me", "rem:cohort:eras"),),
            ),
            Outgoing("Your Step 2 CK score is 229", private=True),
        ],
    )
    posted = fake.messages_in(group.cohort)[1:]
    assert len(posted) == 1 and posted[0].public
    assert posted[0].text.startswith(f"<@&{group.role_id}>") and "ERAS" in posted[0].text
    assert posted[0].labels() == ["Remind me"]
    mentions = posted[0].allowed_mentions or {}
    assert mentions["parse"] == [] and [int(r) for r in mentions["roles"]] == [group.role_id]


async def test_guild_settings_survive_on_sqlite_and_postgresql(db_url: str) -> None:
    """Save, disable and list enabled groups on both databases."""
    engine = create_engine(db_url)
    try:
        await upgrade(engine)
        store = GuildSettingsStore(engine)
        await store.save("discord", "1", "10", "Asia/Karachi", "99")
        await store.save("discord", "2", "20", "UTC", None)
        await store.save("discord", "2", "21", "Europe/Berlin", None)  # replaces
        await store.disable("discord", "1")
        enabled = await store.enabled("discord")
        assert [(g.guild_id, g.channel_id, g.timezone) for g in enabled] == [
            ("2", "21", "Europe/Berlin")
        ]
        assert (await store.for_channel("discord", "21")) == enabled[0]
        assert await store.for_channel("discord", "10") is None
    finally:
        await engine.dispose()


async def test_setup_arms_the_scheduler_which_posts_milestones_to_the_channel(
    study_group: StudyGroup, discord_advisor: Advisor, sqlite_url: str, logged_errors: list[object]
) -> None:
    """End to end: /advisor-setup set → cohort rows → the scheduler posts through our sender."""
    from bot.reminders.scheduler import Scheduler

    fake, group = study_group.fake, study_group
    engine = discord_advisor.store.engine
    later = datetime.now(UTC) + timedelta(days=400)  # every milestone of this season is due
    # The advisor's group setup arms the app's own cohort service.
    service = DiscordService(
        discord_settings(fake, sqlite_url),
        discord_advisor,
        groups_of(discord_advisor),
        limits=FAST,
        guild_ready_timeout=0.05,
    )
    await service.start()
    try:
        await service.bot.tree.sync()
        scheduler = Scheduler(
            engine, {"discord": service.sender}, worker_id="test", clock=lambda: later, limits={}
        )
        await fake.slash(
            group.admin,
            "advisor-setup set",
            guild=group.guild,
            admin=True,
            channel=group.cohort,
            timezone="Africa/Cairo",
            role=group.role_id,
        )
        assert await scheduler.run_due() > 0
        posts = fake.messages_in(group.cohort)[1:]  # after the set-up announcement
        assert posts and all(p.public for p in posts)
        assert all(p.text.startswith(f"<@&{group.role_id}> **Season milestone:**") for p in posts)
        await fake.slash(group.admin, "advisor-setup off", guild=group.guild, admin=True)
        assert await scheduler.run_due() == 0
    finally:
        await service.stop()
