"""Fixtures for the Discord adapter: the fake Discord, a small study-group server, a running bot.

Imported by the `test_discord*.py` modules (pytest only collects files named conftest.py).
The `discord_bot` fixture fails a test that logged an error: discord.py logs exceptions in
commands and views instead of raising them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot.adapters.discord.cog import Limits
from bot.adapters.discord.piece import TYPE_REPLY_LABEL
from bot.adapters.discord.service import DiscordService
from bot.core.advisor import Advisor
from bot.settings import Settings
from bot.storage.guild_models import GuildSettingsStore
from tests.fakes.discord_payloads import FakeChannel, FakeGuild, FakeUser
from tests.fakes.discord_server import FakeDiscord, FakeInteraction, PostedMessage
from tests.interview_script import SCRIPT, Script, Shown, drive

# Generous limits so scripted conversations run at machine speed.
FAST = Limits(commands=1000, commands_per=1.0, presses=1000, presses_per=1.0)
TODAY = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@dataclass
class StudyGroup:
    """The fake world: one server with two channels, a role, two members and an admin."""

    fake: FakeDiscord
    guild: FakeGuild
    general: FakeChannel
    cohort: FakeChannel
    role_id: int
    amira: FakeUser  # DMs open
    bilal: FakeUser  # DMs closed to the bot
    admin: FakeUser


class ErrorLog(logging.Handler):
    """Collects ERROR records from every logger."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logged_errors() -> Iterator[list[logging.LogRecord]]:
    """Fail the test if anything logged an error (unless the test empties the list)."""
    handler = ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)
    problems = [f"{r.name}: {r.getMessage()}" for r in handler.records]
    assert not problems, f"errors were logged: {problems}"


@pytest.fixture
async def study_group() -> AsyncIterator[StudyGroup]:
    """A fake Discord on 127.0.0.1 with a study-group server."""
    fake = FakeDiscord()
    admin = fake.add_user("dr_admin")
    amira = fake.add_user("amira")
    bilal = fake.add_user("bilal", dms_open=False)
    guild = fake.add_guild(
        "IMG Med-Psych 2027", admin, channels=("general", "cohort"), roles=("Match2027",)
    )
    await fake.start()
    try:
        yield StudyGroup(
            fake,
            guild,
            guild.channels[0],
            guild.channels[1],
            next(iter(guild.roles)),
            amira,
            bilal,
            admin,
        )
    finally:
        await fake.close()


def discord_settings(fake: FakeDiscord, database_url: str) -> Settings:
    """Settings pointing the bot at the fake Discord."""
    return Settings(
        advisor_database_url=database_url,
        discord_bot_token=fake.token,
        discord_api_base_url=fake.api_base_url,
        discord_gateway_url=fake.gateway_url,
    )


@pytest.fixture
async def discord_advisor(sqlite_url: str) -> AsyncIterator[Advisor]:
    """The real advisor on an SQLite file, with a fixed clock."""
    from bot.app import open_advisor

    async with open_advisor(sqlite_url, clock=lambda: TODAY) as adv:
        yield adv


def groups_of(advisor: Advisor) -> GuildSettingsStore:
    """The group-settings store on the advisor's database, as `open_app` gives a service."""
    return GuildSettingsStore(advisor.store.engine)


async def start_bot(
    group: StudyGroup, advisor: Advisor, database_url: str, limits: Limits = FAST
) -> DiscordService:
    """Start the Discord service against the fake and register its commands."""
    service = DiscordService(
        discord_settings(group.fake, database_url),
        advisor,
        groups_of(advisor),
        limits=limits,
        ready_within=10,
        guild_ready_timeout=0.05,
    )
    await service.start()
    await service.bot.tree.sync()
    return service


@pytest.fixture
async def discord_bot(
    study_group: StudyGroup,
    discord_advisor: Advisor,
    sqlite_url: str,
    logged_errors: list[logging.LogRecord],
) -> AsyncIterator[DiscordService]:
    """The advisor's Discord service, connected to the fake and with commands synced."""
    service = await start_bot(study_group, discord_advisor, sqlite_url)
    try:
        yield service
        assert_acknowledged_in_time(study_group.fake)
    finally:
        await service.stop()


def assert_acknowledged_in_time(fake: FakeDiscord) -> None:
    """Every interaction got a response within Discord's three seconds."""
    late = [
        i.id
        for i in fake.interactions.values()
        if i.response_type is None or (i.acked_after or 0) >= 3.0
    ]
    assert not late, f"interactions not acknowledged in time: {late}"


# Two members' answers (the shared script's, in their words); a member taps the button that
# says the answer, and types the others.
ZENOBIA = SCRIPT.with_(
    ask_name="Zenobia",
    ask_visa="Need a J-1",
    ask_graduation_year="2016",
    ask_match_year="2028",
    ask_step1_status="failed once, passed on 2nd attempt",
    ask_step1_score="Pass/fail only",
    ask_step2_status="passed first attempt",
    ask_step2_score="229",
    ask_step3_status="Not planned",
    ask_usce_months="7 months, 4 hands-on IM",
    ask_letters="2 IM, 1 psych",
    ask_scholarship="Research",
    ask_interests="Consult-liaison",
    ask_timezone="Africa/Cairo",
)
QUILLON = SCRIPT.with_(
    ask_name="Quillon",
    ask_visa="Need an H-1B",
    ask_graduation_year="2011",
    ask_match_year="2027",
    ask_step1_status="failed once, passed on 2nd attempt",
    ask_step1_score="217",
    ask_step2_status="failed once then passed with 223",
    ask_step3_status="Planned",
    ask_step3_planned="June 2027",
    ask_usce_months="None yet",
    ask_letters="None yet",
    ask_scholarship="None",
)
# Values from those answers that must never show up where other members can read.
SECRETS = ("Zenobia", "229", "2016", "Quillon", "217", "223", "2011")


@dataclass
class Member:
    """One member talking to the bot, in their DM or (DMs closed) in ephemeral replies."""

    fake: FakeDiscord
    user: FakeUser
    seen: list[PostedMessage] = field(default_factory=list)

    def record(self, messages: list[PostedMessage]) -> list[PostedMessage]:
        """Remember what the bot showed this member; return it."""
        self.seen.extend(messages)
        return messages

    def latest_with(self, label: str) -> PostedMessage:
        """Return the newest message with a button labelled `label`."""
        for message in reversed(self.seen):
            if label in message.labels():
                return self.fake.message(message.id)
        raise AssertionError(f"no button {label!r} among {[m.labels() for m in self.seen]}")

    async def tap(self, label: str) -> FakeInteraction:
        """Press a button on the newest message that has it."""
        interaction = await self.fake.press(self.user, self.latest_with(label), label)
        self.record(interaction.messages)
        return interaction

    async def type(self, text: str) -> list[PostedMessage]:
        """Write a reply: a DM if the member's DMs are open, else through the modal."""
        if self.user.dms_open:
            return self.record(await self.fake.send_dm(self.user, text))
        opened = await self.fake.press(
            self.user, self.latest_with(TYPE_REPLY_LABEL), TYPE_REPLY_LABEL
        )
        submitted = await self.fake.submit(self.user, opened, text)
        return self.record(submitted.messages)

    async def start_in_dm(self, guild: FakeGuild) -> None:
        """Run `/advisor start` in the server and read the first question in the DM."""
        await self.fake.slash(self.user, "advisor start", guild=guild)
        self.record(self.fake.messages_in(self.fake.dm_channel(self.user)))

    def shown(self, messages: list[PostedMessage]) -> list[Shown]:
        """These messages as they read now, for the interview script."""
        current = [self.fake.message(m.id) for m in messages]
        return [
            Shown(
                m.text, tuple(str(b.get("custom_id", "")) for b in m.buttons()), tuple(m.labels())
            )
            for m in current
        ]

    async def answer(self, script: Script, *, until: str | None = None) -> None:
        """Answer whatever the bot asks from `script` until the plan arrives (or the question
        `until` is asked): tap the button that says the answer, else type it."""

        async def reply(text: str, question: Shown) -> list[Shown]:
            label = next((b for b in question.labels if b.casefold() == text.casefold()), None)
            if label is not None:
                return self.shown((await self.tap(label)).messages)
            return self.shown(await self.type(text))

        await drive(script, self.shown(self.seen), reply, until=until)

    def texts(self) -> str:
        """Everything the member has been shown, as one string."""
        return "\n".join(self.fake.message(m.id).text for m in self.seen)
