"""Members use the advisor from a study-group server, through discord.py and a fake Discord."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

import asyncio
import re

from bot.adapters.discord.piece import TYPE_REPLY_LABEL
from bot.adapters.discord.service import DiscordService
from bot.core.advisor import Advisor
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    QUILLON,
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
from tests.fakes.discord_payloads import INTENT_DIRECT_MESSAGES, INTENT_GUILDS, MANAGE_GUILD


async def test_bot_connects_without_privileged_intents_and_registers_advisor_commands(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """Only GUILDS and DIRECT_MESSAGES are requested; /advisor lists the core's commands."""
    fake = study_group.fake
    assert fake.refused_intents == []
    assert fake._sessions[-1].intents == INTENT_GUILDS | INTENT_DIRECT_MESSAGES
    commands = {c["name"]: c for c in fake.global_commands}
    assert [o["name"] for o in commands["advisor"]["options"]] == [
        "start",
        "plan",
        "ask",
        "profile",
        "edit",
        "remind",
        "reminders",
        "timeline",
        "calendar",
        "programs",
        "forget",
        "help",
        "link",
    ]
    setup = commands["advisor-setup"]
    assert setup["default_member_permissions"] == str(MANAGE_GUILD)
    assert setup["contexts"] == [0]  # servers only


async def test_start_in_a_channel_continues_the_interview_in_a_dm(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """/advisor start answers only the member and asks the first question in their DM."""
    fake, amira = study_group.fake, study_group.amira
    started = await fake.slash(amira, "advisor start", guild=study_group.guild)
    assert [m.ephemeral for m in started.messages] == [True]
    assert "direct message" in started.texts[0]
    dm = fake.messages_in(fake.dm_channel(amira))
    assert "Question 1 of" in dm[-1].text and dm[-1].labels() == ["Skip"]
    assert fake.public_messages() == []


async def test_a_members_dm_is_opened_once_however_big_the_server(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """After 130 others start (discord.py keeps 128 DMs), Amira's DM is reused, not reopened."""
    fake, amira = study_group.fake, study_group.amira
    crowd = [fake.add_user(f"member{n}") for n in range(130)]
    await fake.slash(amira, "advisor start", guild=study_group.guild)
    await asyncio.gather(
        *(fake.slash(user, "advisor start", guild=study_group.guild) for user in crowd)
    )
    again = await fake.slash(amira, "advisor start", guild=study_group.guild)
    assert "direct message" in again.texts[0]
    dm = fake.messages_in(fake.dm_channel(amira))
    assert len(dm) == 2 and all("Question 1 of" in m.text for m in dm)
    opened = [r for r in fake.requests if r[:2] == ("POST", "/users/@me/channels")]
    assert len(opened) == 1 + len(crowd)


async def test_whole_interview_in_dm_ends_with_the_plan_as_an_embed(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """Typed DMs and buttons fill the profile; a pressed question shows the answer."""
    fake = study_group.fake
    member = Member(fake, study_group.amira)
    await member.start_in_dm(study_group.guild)
    await member.answer(ZENOBIA)
    visa_question = next(
        m
        for m in fake.messages_in(fake.dm_channel(member.user))
        if "citizenship and visa" in m.text
    )
    assert visa_question.labels() == [] and visa_question.text.endswith("✓ Need a J-1")
    plan = [m for m in member.seen if m.raw["embeds"]]
    assert plan and plan[-1].raw["embeds"][0]["title"].startswith("Your plan")
    shown = plan[-1].raw["embeds"][0]
    assert "Sources:" not in shown["description"]  # listed once, in the field, numbered
    marks = {int(n) for n in re.findall(r"\[(\d+)\]", shown["description"])}
    listed = "\n".join(f["value"] for f in shown["fields"] if f["name"].startswith("Sources"))
    assert marks and all(f"[{n}] " in listed for n in marks)
    assert f"[{max(marks) + 1}] " not in listed and "https://" in listed
    profile = await fake.slash(member.user, "advisor profile")  # in the DM itself
    assert "229" in profile.texts[0] and "Zenobia" in profile.texts[0]


async def test_a_plan_asked_for_mid_interview_comes_with_the_question_in_one_message(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """The plan so far, then the pending question re-asked with its buttons, in one message."""
    fake = study_group.fake
    member = Member(fake, study_group.amira)
    await member.start_in_dm(study_group.guild)
    shown = await fake.slash(member.user, "advisor plan", guild=study_group.guild)
    [message] = member.record(shown.messages)
    assert message.ephemeral and "isn't finished" in message.raw["content"]
    plan, question = message.raw["embeds"]
    assert plan["title"].startswith("Your plan")
    assert "Question 1 of" in question["description"]
    assert message.labels() == ["Skip", TYPE_REPLY_LABEL]
    await member.tap("Skip")  # the buttons under the plan carry the interview on
    assert "Question 2 of" in member.texts()
    answered = fake.message(message.id)  # the chosen answer shows under the question
    assert answered.labels() == [] and answered.raw["content"] == message.raw["content"]
    assert answered.raw["embeds"][1]["description"].endswith("✓ Skipped")


async def test_closed_dms_keep_the_interview_in_ephemeral_replies(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """With DMs closed, every step is ephemeral; typed answers go through a modal."""
    fake = study_group.fake
    member = Member(fake, study_group.bilal)
    started = await fake.slash(member.user, "advisor start", guild=study_group.guild)
    assert "can't send you direct messages" in started.texts[0]
    member.record(started.messages)
    await member.answer(QUILLON)
    assert all(m.ephemeral and m.visible_to == member.user.id for m in member.seen)
    assert "Your plan" in member.texts()
    assert fake.public_messages() == []
    assert fake.messages_in(fake.dm_channel(member.user)) == []
    # Typed answers went through "Type a reply" under each question; after the interview
    # nothing waits for an answer, so a reply like help's carries no such button.
    shown = await fake.slash(member.user, "advisor help", guild=study_group.guild)
    assert shown.messages and TYPE_REPLY_LABEL not in shown.messages[-1].labels()
    asked = await fake.slash(member.user, "advisor ask", guild=study_group.guild)
    assert TYPE_REPLY_LABEL in asked.messages[-1].labels()  # "What would you like to ask?"


async def test_questions_are_private_unless_asked_publicly_and_then_generic(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """/advisor ask is ephemeral by default; `public: true` posts a general answer."""
    fake = study_group.fake
    member = Member(fake, study_group.amira)
    await member.start_in_dm(study_group.guild)
    await member.answer(ZENOBIA)
    private = await fake.slash(
        member.user,
        "advisor ask",
        guild=study_group.guild,
        question="Should I take Step 3 before applying?",
    )
    assert private.messages and all(m.ephemeral for m in private.messages)
    public = await fake.slash(
        member.user,
        "advisor ask",
        guild=study_group.guild,
        question="Should I take Step 3 before applying?",
        public=True,
    )
    shown = [m for m in public.messages if m.public]
    assert shown and "Step 3" in shown[0].text


async def test_nothing_personal_is_ever_posted_where_other_members_can_read(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """After two full interviews and public questions, no public message holds a profile value."""
    fake = study_group.fake
    zenobia, quillon = Member(fake, study_group.amira), Member(fake, study_group.bilal)
    await fake.slash(zenobia.user, "advisor start", guild=study_group.guild)
    zenobia.record(fake.messages_in(fake.dm_channel(zenobia.user)))
    await zenobia.answer(ZENOBIA)
    quillon.record(
        (await fake.slash(quillon.user, "advisor start", guild=study_group.guild)).messages
    )
    await quillon.answer(QUILLON)
    profile_lines = []
    for member in (zenobia, quillon):
        shown = await fake.slash(member.user, "advisor profile", guild=study_group.guild)
        profile_lines += [
            line for line in shown.texts[0].splitlines() if line.startswith("- ") and ": " in line
        ]
        for question in (
            "how do I explain my fail?",
            "which programs sponsor visas?",
            "what is my plan?",
            "when should I take Step 3?",
        ):
            await fake.slash(
                member.user, "advisor ask", guild=study_group.guild, question=question, public=True
            )
        await fake.slash(member.user, "advisor help", guild=study_group.guild)
        await fake.slash(member.user, "advisor plan", guild=study_group.guild)
    public = fake.public_messages()
    assert len(public) >= 8
    for message in public:
        for text in message.versions:
            leaks = [s for s in (*SECRETS, *profile_lines) if s in text]
            assert not leaks, f"public message shows {leaks}"


async def test_pressing_an_outdated_button_is_answered_and_changes_nothing(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """A press on a question already answered by typing gets a private note only."""
    fake = study_group.fake
    member = Member(fake, study_group.amira)
    await member.start_in_dm(study_group.guild)
    await member.answer(ZENOBIA.with_(ask_visa="J1"), until="ask_match_year")
    question = member.latest_with("US citizen")
    before = question.text
    late = await member.tap("US citizen")
    assert [m.ephemeral for m in late.messages] == [True]
    assert "nothing changed" in late.texts[0]
    assert fake.message(question.id).text == before
    profile = await fake.slash(member.user, "advisor profile")
    stored = profile.texts[0].lower()
    assert "j1" in stored.replace("-", "") and "citizen" not in stored


async def test_buttons_sent_before_a_restart_still_work(
    study_group: StudyGroup, discord_advisor: Advisor, sqlite_url: str, logged_errors: list[object]
) -> None:
    """A new process (new client) answers presses on messages the old one sent."""
    fake = study_group.fake
    member = Member(fake, study_group.amira)
    first = await start_bot(study_group, discord_advisor, sqlite_url)
    try:
        await member.start_in_dm(study_group.guild)
        await member.answer(ZENOBIA, until="ask_visa")
    finally:
        await first.stop()
    second = await start_bot(study_group, discord_advisor, sqlite_url)
    try:
        pressed = await member.tap("Need a J-1")
        assert any("graduate" in text for text in pressed.texts)
    finally:
        await second.stop()


async def test_link_code_is_passed_to_the_core_as_text(
    study_group: StudyGroup, discord_bot: DiscordService, discord_advisor: Advisor
) -> None:
    """/advisor link shows a code; typing it on another platform links the two accounts."""
    from bot.core.messages import Incoming

    fake = study_group.fake
    shown = await fake.slash(study_group.amira, "advisor link", guild=study_group.guild)
    assert all(m.ephemeral for m in shown.messages)
    code = re.findall(r"\b\d{6}\b", "\n".join(shown.texts))[0]
    replies = await discord_advisor.handle(Incoming("telegram", "777", "777", text=f"/link {code}"))
    assert "Linked" in replies[-1].text
    profile = await fake.slash(study_group.amira, "advisor profile", guild=study_group.guild)
    assert "telegram" in "\n".join(profile.texts)
