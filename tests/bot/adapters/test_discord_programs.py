"""`/advisor programs` in a study-group server: the general list may be posted for the
channel; the sorted view and the shortlist reach only the member."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

from bot.adapters.discord.service import DiscordService
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    SECRETS,
    ZENOBIA,
    Member,
    StudyGroup,
    discord_advisor,
    discord_bot,
    logged_errors,
    start_bot,
    study_group,
)


async def test_programs_in_a_server_keep_the_personal_parts_to_the_member(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """Zenobia (J-1, graduated 2016, one fail) sees her sorted list ephemerally; posted for
    the channel, the list is the general one; her shortlist never reaches the channel."""
    fake = study_group.fake
    zenobia = Member(fake, study_group.amira)
    await zenobia.start_in_dm(study_group.guild)
    await zenobia.answer(ZENOBIA)
    await fake.send_dm(zenobia.user, "programs add emory")

    mine = await fake.slash(zenobia.user, "advisor programs", guild=study_group.guild)
    assert mine.messages and all(m.ephemeral for m in mine.messages)
    shown = "\n".join(mine.texts)
    assert "sorted for you" in shown and "Your year (2016)" in shown

    posted = await fake.slash(
        zenobia.user, "advisor programs", guild=study_group.guild, public=True
    )
    assert posted.messages and all(m.public for m in posted.messages)
    listed = "\n".join(posted.texts)
    assert "I list 9 programs" in listed and "sorted for you" not in listed

    await fake.slash(
        zenobia.user, "advisor programs", guild=study_group.guild, what="shortlist", public=True
    )
    await fake.slash(
        zenobia.user,
        "advisor ask",
        guild=study_group.guild,
        public=True,
        question="which med-psych programs sponsor H-1B?",
    )
    public = fake.public_messages()
    assert any("_States it sponsors H-1B_" in m.text for m in public)
    assert any("keep it to a private chat" in m.text for m in public)
    for message in public:
        for text in message.versions:
            assert "Your program shortlist" not in text and "Your year" not in text
            assert not [s for s in SECRETS if s in text], text
