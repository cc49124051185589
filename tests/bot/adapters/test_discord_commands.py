"""Slash command options reach the core as text; files and pictures arrive as attachments."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

from bot.adapters.discord.service import DiscordService
from bot.adapters.discord.slash import command_text, deep_link_text
from bot.core.commands import COMMANDS_BY_NAME
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    StudyGroup,
    discord_advisor,
    discord_bot,
    logged_errors,
    study_group,
)


def test_options_are_written_the_way_a_member_would_type_the_command() -> None:
    """Each option fills its place in the command's argument pattern."""
    assert command_text(COMMANDS_BY_NAME["plan"], {}) == "plan"
    assert (
        command_text(COMMANDS_BY_NAME["ask"], {"question": "When is ERAS?", "public": True})
        == "ask When is ERAS?"
    )
    assert (
        command_text(COMMANDS_BY_NAME["remind"], {"when": "friday 9am", "what": "email Dr. Lee"})
        == "remind friday 9am: email Dr. Lee"
    )
    assert command_text(COMMANDS_BY_NAME["remind"], {}) == "remind"
    assert command_text(COMMANDS_BY_NAME["link"], {"code": "123456"}) == "link 123456"
    assert deep_link_text("start") == "start"


async def test_remind_options_become_a_reminder_to_confirm_with_a_button(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """/advisor remind when: what: asks for confirmation; pressing Set it confirms it."""
    fake = study_group.fake
    asked = await fake.slash(
        study_group.amira,
        "advisor remind",
        guild=study_group.guild,
        when="tomorrow 9am",
        what="book Step 3",
    )
    question = asked.messages[-1]
    assert "book Step 3" in question.text and "Set it" in question.labels()
    confirmed = await fake.press(study_group.amira, question, "Set it")
    assert all(m.ephemeral for m in confirmed.messages)
    listed = await fake.slash(study_group.amira, "advisor reminders", guild=study_group.guild)
    assert "book Step 3" in "\n".join(listed.texts)


async def test_timeline_is_a_picture_and_calendar_a_file(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """The season picture sits inside its embed; the .ics comes as an attachment."""
    fake = study_group.fake
    timeline = await fake.slash(study_group.amira, "advisor timeline", guild=study_group.guild)
    pictured = [m for m in timeline.messages if m.files]
    assert pictured and pictured[0].files[0][0].endswith(".png")
    embed = pictured[0].raw["embeds"][0]
    assert embed["image"]["url"] == f"attachment://{pictured[0].files[0][0]}"
    calendar = await fake.slash(study_group.amira, "advisor calendar", guild=study_group.guild)
    files = [name for m in calendar.messages for name, _data in m.files]
    assert any(name.endswith(".ics") for name in files)
    assert all(m.ephemeral for m in (*timeline.messages, *calendar.messages))
