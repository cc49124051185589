"""Discord reliability: rate limits, refusals, slow answers, floods and unexpected errors."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

import logging
import re

import discord
import pytest

from bot.adapters.discord.cog import Limits
from bot.adapters.discord.piece import Piece
from bot.adapters.discord.reply import deliver
from bot.adapters.discord.service import DiscordService, DiscordStartError
from bot.core.advisor import Advisor
from bot.core.messages import Incoming, Outgoing
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    FAST,
    SECRETS,
    Member,
    StudyGroup,
    assert_acknowledged_in_time,
    discord_advisor,
    discord_bot,
    discord_settings,
    groups_of,
    logged_errors,
    start_bot,
    study_group,
)
from tests.conftest import eventually

CALLBACK = r"/interactions/\d+/[^/]+/callback"
CHANNEL_MESSAGES = r"/channels/\d+/messages"


async def test_a_429_is_waited_out_and_the_member_still_gets_the_answer(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """discord.py honours retry_after on a 429 (with `Via`) and retries the same request."""
    fake = study_group.fake
    fake.fail_next("POST", CALLBACK, 429, retry_after=0.2)
    fake.fail_next("POST", CHANNEL_MESSAGES, 429, retry_after=0.2)
    started = await fake.slash(study_group.amira, "advisor start", guild=study_group.guild)
    assert [s for _m, _p, s in fake.requests].count(429) == 2
    assert "direct message" in started.texts[0]
    assert "Question 1 of" in fake.messages_in(fake.dm_channel(study_group.amira))[-1].text


async def test_a_403_for_closed_dms_tells_the_member_how_to_open_them(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """Discord's 50007 on a DM becomes advice, and the interview carries on ephemerally."""
    started = await study_group.fake.slash(
        study_group.bilal, "advisor start", guild=study_group.guild
    )
    assert (
        "POST",
        f"/channels/{study_group.fake.dm_channel(study_group.bilal).id}/messages",
        403,
    ) in study_group.fake.requests
    assert "Privacy Settings" in started.texts[0]
    assert "Question 1 of" in started.texts[-1]


async def test_reminders_to_a_member_with_closed_dms_report_unreachable(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """The sender raises Unreachable on 403 and 404, so the scheduler can pause them."""
    from bot.core.ports import Unreachable

    for chat_id in (f"user:{study_group.bilal.id}", "channel:42"):
        try:
            await discord_bot.sender.send(chat_id, [Outgoing("ERAS opens next week")])
        except Unreachable:
            continue
        raise AssertionError(f"{chat_id} should be unreachable")


async def test_a_message_discord_refuses_does_not_take_the_next_one(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """The first of a turn's messages is refused; the next (the question) still arrives,
    and the failure is still raised for the caller's apology."""
    fake = study_group.fake
    dm = fake.dm_channel(study_group.amira)
    fake.fail_next("POST", rf"/channels/{dm.id}/messages", 400, message="Bad Request")
    channel = discord_bot.bot.get_partial_messageable(dm.id)
    with pytest.raises(discord.HTTPException):
        await deliver(
            channel, [Piece(content="Noted."), Piece(content="Which Match are you aiming for?")]
        )
    assert [m.text for m in fake.messages_in(dm)] == ["Which Match are you aiming for?"]


async def test_long_reminder_is_split_into_messages_of_at_most_2000_characters(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """A 4,500-character text arrives whole, in several DMs."""
    text = "\n\n".join(f"Step {i}: " + "prepare your documents early. " * 14 for i in range(10))
    await discord_bot.sender.send(f"user:{study_group.amira.id}", [Outgoing(text)])
    sent = study_group.fake.messages_in(study_group.fake.dm_channel(study_group.amira))
    assert len(sent) >= 3 and all(len(m.text) <= 2000 for m in sent)
    assert re.sub(r"\s", "", "".join(m.text for m in sent)) == re.sub(r"\s", "", text)


async def test_an_answer_slower_than_the_deadline_is_deferred_then_followed_up(
    study_group: StudyGroup,
    discord_advisor: Advisor,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    logged_errors: list[logging.LogRecord],
) -> None:
    """A quick answer is the acknowledgement; a slow one is deferred while it is worked on."""
    fake = study_group.fake
    service = await start_bot(
        study_group, discord_advisor, sqlite_url, Limits(commands=100, presses=100, ack_after=0.2)
    )
    try:
        quick = await fake.slash(study_group.amira, "advisor help", guild=study_group.guild)
        assert quick.response_type == 4
        handle = discord_advisor.handle

        async def slow_handle(incoming: Incoming) -> list[Outgoing]:
            # A database under load, say: no answer before the bot has said "thinking…".
            latest = max(fake.interactions.values(), key=lambda i: i.id)
            await eventually(lambda: latest.response_type is not None)
            return await handle(incoming)

        monkeypatch.setattr(discord_advisor, "handle", slow_handle)
        slow = await fake.slash(study_group.amira, "advisor help", guild=study_group.guild)
        assert slow.response_type == 5  # "thinking…" first
        assert slow.acked_after is not None and slow.acked_after < 0.5
        assert slow.messages and "What I can do" in slow.messages[-1].text
        assert all(m.ephemeral for m in slow.messages)
    finally:
        await service.stop()


async def test_slow_answers_are_deferred_first_and_stay_private(
    study_group: StudyGroup,
    discord_advisor: Advisor,
    sqlite_url: str,
    logged_errors: list[logging.LogRecord],
) -> None:
    """With no time to spare every interaction is deferred, then answered by follow-ups."""
    fake = study_group.fake
    service = await start_bot(
        study_group, discord_advisor, sqlite_url, Limits(commands=100, presses=100, ack_after=0.0)
    )
    try:
        member = Member(fake, study_group.bilal)
        started = await fake.slash(member.user, "advisor start", guild=study_group.guild)
        assert started.response_type == 5 and all(m.ephemeral for m in started.messages)
        member.record(started.messages)
        pressed = await member.tap("Skip")
        assert pressed.response_type == 6 and all(m.ephemeral for m in pressed.messages)
        await member.type("2015")
        asked = await fake.slash(
            member.user,
            "advisor ask",
            guild=study_group.guild,
            question="When does ERAS open?",
            public=True,
        )
        assert asked.response_type == 5 and asked.messages[0].public
        assert_acknowledged_in_time(fake)
    finally:
        await service.stop()


async def test_a_member_who_floods_commands_is_asked_to_slow_down(
    study_group: StudyGroup,
    discord_advisor: Advisor,
    sqlite_url: str,
    logged_errors: list[logging.LogRecord],
) -> None:
    """The third command within the cooldown window gets a private "slow down"."""
    service = await start_bot(
        study_group, discord_advisor, sqlite_url, Limits(commands=2, commands_per=60)
    )
    try:
        replies = [
            await study_group.fake.slash(study_group.amira, "advisor help", guild=study_group.guild)
            for _ in range(3)
        ]
        assert "What I can do" in replies[1].texts[0]
        assert "going a bit fast" in replies[2].texts[0] and replies[2].messages[0].ephemeral
        other = await study_group.fake.slash(
            study_group.bilal, "advisor help", guild=study_group.guild
        )
        assert "What I can do" in "\n".join(other.texts)
    finally:
        await service.stop()


async def test_a_member_who_floods_dms_is_told_once_to_slow_down(
    study_group: StudyGroup, discord_advisor: Advisor, sqlite_url: str
) -> None:
    """DMs past the allowance are not read, but the member is told so, once per wait: a
    message is never dropped in silence, and a flood gets no echo."""
    service = await start_bot(
        study_group, discord_advisor, sqlite_url, Limits(presses=2, presses_per=60)
    )
    try:
        fake, amira = study_group.fake, study_group.amira
        await fake.send_dm(amira, "hi")
        await fake.send_dm(amira, "skip")
        told = await fake.send_dm(amira, "2019")
        assert len(told) == 1 and "going a bit fast" in told[0].text
        dm = fake.dm_channel(amira)
        before = len(fake.messages_in(dm))
        with pytest.raises(TimeoutError):  # within the same wait: not said again
            await fake.send_dm(amira, "2020", patience=0.05)
        await fake.settle()
        assert len(fake.messages_in(dm)) == before
    finally:
        await service.stop()


async def test_an_unexpected_error_gets_an_apology_keeps_answers_and_logs_no_personal_data(
    study_group: StudyGroup, discord_bot: DiscordService, logged_errors: list[logging.LogRecord]
) -> None:
    """Discord rejecting a reply is logged by type only; the typed answer is kept."""
    fake = study_group.fake
    member = Member(fake, study_group.bilal)
    member.record(
        (await fake.slash(member.user, "advisor start", guild=study_group.guild)).messages
    )
    fake.fail_next("POST", CALLBACK, 400, code=50035, message="Invalid Form Body Quillon")
    opened = await fake.press(member.user, member.latest_with("✏️ Type a reply"), "✏️ Type a reply")
    assert opened.texts and "Sorry" in opened.texts[0]  # the modal could not open
    await member.type("Quillon")
    opened = await fake.press(member.user, member.latest_with("✏️ Type a reply"), "✏️ Type a reply")
    fake.fail_next("POST", CALLBACK, 400, code=50035, message="Quillon 2016")
    submitted = await fake.submit(member.user, opened, "2011")
    assert "Sorry" in submitted.texts[-1] and "answers are saved" in submitted.texts[-1]
    logged = [r.getMessage() for r in logged_errors]
    assert logged and all(s not in line for s in (*SECRETS, "Invalid Form Body") for line in logged)
    logged_errors.clear()
    profile = await fake.slash(member.user, "advisor profile", guild=study_group.guild)
    assert "Quillon" in profile.texts[0]


async def test_a_wrong_token_fails_start_clearly(
    study_group: StudyGroup, discord_advisor: Advisor, sqlite_url: str
) -> None:
    """Discord's 401 becomes a start error naming the token, with nothing left open."""
    settings = discord_settings(study_group.fake, sqlite_url).model_copy(
        update={"discord_bot_token": "654321:WRONG"}
    )
    with pytest.raises(DiscordStartError, match="DISCORD_BOT_TOKEN was rejected"):
        await DiscordService(settings, discord_advisor, groups_of(discord_advisor)).start()


async def test_the_fake_refuses_what_discord_refuses_so_every_test_checks_the_limits(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """Over 2,000 characters of content or 6,000 of embeds gets Discord's 50035."""
    channel = await discord_bot.bot.open_dm(discord.Object(study_group.amira.id))
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send("x" * 2001)
    assert refused.value.status == 400 and refused.value.code == 50035
    with pytest.raises(discord.HTTPException):
        await channel.send(embeds=[discord.Embed(description="y" * 4000)] * 2)
    await channel.send("x" * 2000, embeds=[discord.Embed(description="y" * 4000)])
