"""Reminder buttons over the fake Discord: the list names each reminder, Snooze 1 day says
the new time, and "Shall I set it?" is answered by its button."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

from bot.adapters.discord.service import DiscordService
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    StudyGroup,
    discord_advisor,
    discord_bot,
    logged_errors,
    study_group,
)


async def test_the_list_names_each_reminder_and_snooze_says_the_new_time(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """Set, list: the button says "book Step 3"; pressed, then Snooze 1 day: a day after its
    own time, told in the reply."""
    fake, amira, guild = study_group.fake, study_group.amira, study_group.guild
    asked = await fake.slash(
        amira, "advisor remind", guild=guild, when="tomorrow 9am", what="book Step 3"
    )
    await fake.press(amira, asked.messages[-1], "Set it")
    listed = await fake.slash(amira, "advisor reminders", guild=guild)
    listing = listed.messages[-1]
    assert "book Step 3" in listing.labels()
    assert "1" not in listing.labels()
    shown = await fake.press(amira, listing, "book Step 3")
    snoozed = await fake.press(amira, shown.messages[-1], "Snooze 1 day")
    assert snoozed.original is not None  # the pressed message now says what happened
    assert "Snoozed 1 day: now Tue 24 Nov, 09:00 UTC" in snoozed.original.text
    assert "(it was Mon 23 Nov, 09:00 UTC)" in snoozed.original.text
    assert snoozed.original.labels() == []  # its buttons are gone
