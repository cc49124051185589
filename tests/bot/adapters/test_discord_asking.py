"""Questions in a member's DM on Discord: a post with several questions and the topic menu
come as buttons that answer, through discord.py and the fake Discord."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

from bot.adapters.discord.service import DiscordService
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    Member,
    StudyGroup,
    discord_advisor,
    discord_bot,
    logged_errors,
    study_group,
)

MORE = "More topics"


async def test_the_other_questions_of_a_post_are_buttons_that_answer(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """Two questions in one DM: one is answered, the other offered as a button that answers
    it; a follow-up after that is read with the topic just answered."""
    member = Member(study_group.fake, study_group.amira)
    await member.start_in_dm(study_group.guild)
    shown = await member.type("How many programs should I apply to? And do I need US letters?")
    text = "\n".join(m.text for m in shown)
    assert "You also asked about" in text
    titles = {"Letters of recommendation", "How many programs"}
    [offered] = [label for m in shown for label in m.labels() if label in titles]
    [main] = titles - {offered}
    assert main in text
    pressed = await member.tap(offered)
    assert any(offered in t for t in pressed.texts)
    follow = await member.type("and what about psych?")
    assert any(offered in m.text for m in follow)


async def test_the_topic_menu_shows_six_and_more_topics_shows_the_rest(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """A question no topic answers gets six topic buttons and "More topics", which pages on."""
    member = Member(study_group.fake, study_group.amira)
    await member.start_in_dm(study_group.guild)
    await member.type("can you bake me a cake?")
    menu = member.latest_with(MORE)
    first = [label for label in menu.labels() if label != MORE]
    assert len(first) == 6
    page = await member.tap(MORE)
    assert any("More topics:" in t for t in page.texts)
    rest = [label for m in page.messages for label in m.labels() if label != MORE]
    assert rest and not set(rest) & set(first)
