"""Group cohort setup through the core: `setup on/show/off`, admins only, and adapters' events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot.app import build_advisor, open_app
from bot.core.advisor import Advisor
from bot.core.messages import ChatKind, Incoming, Outgoing
from bot.reminders import group_setup
from bot.reminders.group_setup import GroupSetupFeature
from bot.storage.guild_models import GroupSettings, GuildSettingsStore

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
GROUP = "-10042"  # a group that is its own chat
SERVER = "7000"  # a group on a platform with channels ("rooms" below)


@dataclass
class RecordingHook:
    """A CohortHook that remembers what it was told."""

    calls: list[tuple[str, ...]] = field(default_factory=list)

    async def enable(self, platform: str, chat_id: str, timezone: str) -> None:
        """Remember a switch-on."""
        self.calls.append(("enable", platform, chat_id, timezone))

    async def disable(self, platform: str, chat_id: str) -> None:
        """Remember a switch-off."""
        self.calls.append(("disable", platform, chat_id))


class Rooms:
    """A platform whose groups have channels ("rooms"), addressed as `room:<id>`."""

    separate_channels = True

    def chat_id(self, channel_id: str) -> str:
        """Address a room as the platform's sender would."""
        return f"room:{channel_id}"

    def channel(self, channel_id: str) -> str:
        """Name a room."""
        return f"#room{channel_id}"

    def role(self, role_id: str) -> str:
        """Name a role."""
        return f"@role{role_id}"


@dataclass
class World:
    """The core with only the group setup feature, a recording hook and the settings store."""

    advisor: Advisor
    store: GuildSettingsStore
    hook: RecordingHook

    async def say(
        self,
        text: str | None = None,
        *,
        admin: bool = True,
        platform: str = "chat",
        chat: str = GROUP,
        payload: str | None = None,
        kind: ChatKind = ChatKind.PUBLIC,
    ) -> list[Outgoing]:
        """Send one message (or an adapter's event) as user 1 and return the replies."""
        return await self.advisor.handle(
            Incoming(platform, "1", chat, kind, text=text, payload=payload, is_admin=admin)
        )

    async def settings(self, platform: str = "chat", group: str = GROUP) -> GroupSettings | None:
        """Return what is stored for the group."""
        return await self.store.get(platform, group)


@pytest.fixture
async def world(sqlite_url: str) -> AsyncIterator[World]:
    """A migrated database and an Advisor wired with the group setup feature alone."""
    async with open_app(sqlite_url) as app:
        hook = RecordingHook()
        store = GuildSettingsStore(app.engine)
        feature = GroupSetupFeature(store, hook, {"rooms": Rooms()})
        yield World(
            build_advisor(app.store, app.knowledge, [feature], clock=lambda: NOW), store, hook
        )


def text(replies: list[Outgoing]) -> str:
    """All replies as one string."""
    return "\n".join(r.text for r in replies)


async def test_an_admin_switches_on_and_the_hook_arms_the_group(world: World) -> None:
    """`setup on Cairo` stores Africa/Cairo for the group and arms posts to its own chat."""
    replies = await world.say("setup on Cairo")
    assert text(replies) == group_setup.announcement("Africa/Cairo")
    assert not replies[0].private
    settings = await world.settings()
    assert settings is not None and settings.enabled and settings.timezone == "Africa/Cairo"
    assert settings.channel_id == GROUP
    assert world.hook.calls == [("enable", "chat", GROUP, "Africa/Cairo")]


async def test_show_reports_the_settings_and_off_stops_them(world: World) -> None:
    """Show says on and which zone; off disarms, keeps the zone, and show then says off."""
    await world.say("/setup set UTC+3")
    shown = text(await world.say("setup show"))
    assert "**on** in this group" in shown and "Etc/GMT-3" in shown
    assert text(await world.say("setup status")) == shown
    assert text(await world.say("setup off")) == group_setup.OFF
    assert world.hook.calls[-1] == ("disable", "chat", GROUP)
    settings = await world.settings()
    assert settings is not None and not settings.enabled and settings.timezone == "Etc/GMT-3"
    assert text(await world.say("setup show")) == group_setup.OFF


async def test_members_who_are_not_admins_are_refused(world: World) -> None:
    """A member's on, show or off is declined and changes nothing."""
    for command in ("setup on Africa/Cairo", "setup show", "setup off"):
        assert text(await world.say(command, admin=False)) == group_setup.NOT_ADMIN
    assert await world.settings() is None and world.hook.calls == []


async def test_a_bad_or_missing_zone_is_asked_again_and_nothing_is_stored(world: World) -> None:
    """An unknown zone is named back (code quotes made safe); no zone asks for one."""
    unknown = text(await world.say("setup on Nar`nia"))
    assert unknown == group_setup.UNKNOWN_ZONE.format(zone="Nar'nia")
    assert text(await world.say("setup on")) == group_setup.NEED_ZONE
    assert text(await world.say("setup")) == group_setup.USAGE
    assert text(await world.say("setup sideways")) == group_setup.USAGE
    assert await world.settings() is None and world.hook.calls == []


async def test_in_a_private_chat_it_says_where_setup_works(world: World) -> None:
    """Outside a group, even an admin is told to type `setup on <zone>` in the group."""
    replies = await world.say("setup on Cairo", kind=ChatKind.PRIVATE, chat="1")
    assert replies[-1].text == group_setup.SETUP_IN_GROUP
    assert "`setup on Africa/Cairo`" in replies[-1].text
    assert await world.settings() is None and world.hook.calls == []


async def test_a_group_with_channels_posts_where_its_admin_chose(world: World) -> None:
    """`in <channel> mention <role>` are kept, named back, and moving the channel disarms
    the old one before arming the new one."""
    on = text(
        await world.say("setup on Africa/Cairo in 11 mention 99", platform="rooms", chat=SERVER)
    )
    assert "**on**" in on and "#room11" in on and "@role99" in on
    settings = await world.settings("rooms", SERVER)
    assert settings is not None and (settings.channel_id, settings.role_id) == ("11", "99")
    await world.say("setup on Europe/London in 12", platform="rooms", chat=SERVER)
    assert world.hook.calls == [
        ("enable", "rooms", "room:11", "Africa/Cairo"),
        ("disable", "rooms", "room:11"),
        ("enable", "rooms", "room:12", "Europe/London"),
    ]
    await world.say("setup off", platform="rooms", chat=SERVER)
    assert world.hook.calls[-1] == ("disable", "rooms", "room:12")


async def test_a_switch_on_the_group_refused_to_show_is_undone(world: World) -> None:
    """The adapter reports the group refused the answer: off again, explained privately."""
    await world.say("setup on Cairo")
    replies = await world.say(payload=group_setup.unposted("/setup on Cairo", "Match `27"))
    assert [r.private for r in replies] == [True]
    assert replies[0].text == group_setup.CANNOT_POST.format(title="Match '27")
    settings = await world.settings()
    assert settings is not None and not settings.enabled
    assert world.hook.calls[-1] == ("disable", "chat", GROUP)


async def test_a_refused_answer_that_switched_nothing_on_changes_nothing(world: World) -> None:
    """Only a switch-on is undone; a refused `show` or bad zone leaves the settings alone."""
    await world.say("setup on Cairo")
    for refused in ("/setup show", "/setup on Narnia", "/setup on"):
        assert await world.say(payload=group_setup.unposted(refused, "Group")) == []
    settings = await world.settings()
    assert settings is not None and settings.enabled


async def test_events_not_vouched_for_by_the_adapter_are_ignored(world: World) -> None:
    """A pressed button cannot forge an event: without is_admin nothing changes."""
    await world.say("setup on Cairo")
    forged = [group_setup.unposted("/setup on Cairo", "Group"), group_setup.moved(GROUP)]
    for payload in forged:
        assert await world.say(payload=payload, admin=False, chat="-1009") == []
    settings = await world.settings()
    assert settings is not None and settings.enabled
    assert await world.settings(group="-1009") is None


async def test_a_group_with_a_new_chat_id_keeps_its_cohort_reminders(world: World) -> None:
    """The settings and the armed posts follow the group to its new id."""
    await world.say("setup on Cairo")
    assert await world.say(payload=group_setup.moved(GROUP), chat="-100777") == []
    moved = await world.settings(group="-100777")
    assert moved is not None and moved.enabled and moved.timezone == "Africa/Cairo"
    assert moved.channel_id == "-100777"
    old = await world.settings()
    assert old is not None and not old.enabled
    assert world.hook.calls[-2:] == [
        ("disable", "chat", GROUP),
        ("enable", "chat", "-100777", "Africa/Cairo"),
    ]
