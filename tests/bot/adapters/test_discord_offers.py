"""The bot's offers in Discord DMs: "yes" typed takes them; an old Yes button does nothing."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

import copy

from bot.adapters.discord.service import DiscordService
from flows.questions import QUESTIONS_BY_STATE
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    ZENOBIA,
    Member,
    StudyGroup,
    discord_advisor,
    discord_bot,
    logged_errors,
    study_group,
)

MATCH_YEAR_QUESTION = QUESTIONS_BY_STATE["ask_match_year"].prompt.split("?")[0]


async def test_yes_typed_at_the_season_offer_sets_the_reminders(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """The plan, "Shall I remind you of the key dates…?", and "yes" typed in the DM."""
    member = Member(study_group.fake, study_group.amira)
    await member.start_in_dm(study_group.guild)
    await member.answer(ZENOBIA)
    assert "Shall I remind you of the key dates" in member.texts()
    replies = await member.type("yes")
    assert any("season reminders, the first on" in m.text for m in replies)


async def test_an_old_yes_after_no_deletes_nothing(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """`forget` → "No, keep it" → the old "Yes, delete everything" pressed: nothing changes."""
    fake = study_group.fake
    member = Member(fake, study_group.amira)
    await member.start_in_dm(study_group.guild)
    await member.answer(ZENOBIA, until="ask_match_year")
    await member.type("forget")
    # The offer as it was on the screen, before "No" took its buttons away.
    offer = copy.deepcopy(member.latest_with("Yes, delete everything"))
    await member.tap("No, keep it")
    assert MATCH_YEAR_QUESTION in member.texts()
    late = await fake.press(member.user, offer, "Yes, delete everything")
    assert "nothing changed" in late.texts[0]
    profile = await fake.slash(member.user, "advisor profile")
    assert "2016" in profile.texts[0]


async def test_bye_in_a_dm_says_how_to_come_back(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """ "bye" is no answer: a goodbye line that names `start`."""
    member = Member(study_group.fake, study_group.amira)
    await member.start_in_dm(study_group.guild)
    await member.answer(ZENOBIA, until="ask_match_year")
    replies = await member.type("bye")
    assert "Bye for now" in replies[-1].text and "start" in replies[-1].text
    profile = await study_group.fake.slash(member.user, "advisor profile")
    assert "2016" in profile.texts[0]
