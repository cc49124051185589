"""In a group the bot speaks only when spoken to, and never shows or asks for personal data."""

from __future__ import annotations

from tests.bot.adapters.telegram_script import interview_by_text
from tests.fakes.telegram_server import FakeTelegram


async def test_group_chatter_is_ignored(telegram: FakeTelegram) -> None:
    """Ordinary messages, other bots' commands and unknown commands get no reply."""
    group = telegram.group("IMG study group")
    amira = telegram.user("Amira")
    await group.send(amira, "anyone taking Step 3 in June?")
    await group.send(amira, "/start@some_other_bot")
    await group.send(amira, "/weather")
    assert await group.quiet() == []


async def test_start_in_a_group_offers_a_private_chat(telegram: FakeTelegram) -> None:
    """/start in a group answers with a deep link button that opens the private chat."""
    group = telegram.group("IMG study group")
    await group.send(telegram.user("Amira"), "/start")
    offer = await group.next_message()
    [button] = offer.buttons
    assert button["url"] == f"https://t.me/{telegram.username}?start=start"
    assert "callback_data" not in button


async def test_deep_link_continues_the_conversation_privately(telegram: FakeTelegram) -> None:
    """Following the link sends /start with its argument in private; the interview begins."""
    amira = telegram.user("Amira")
    group = telegram.group("IMG study group")
    await group.send(amira, "/start@img_advisor_bot")
    link = (await group.next_message()).buttons[0]["url"]
    argument = link.split("?start=", 1)[1]
    dm = telegram.private_chat(amira)
    await dm.send(f"/start {argument}")
    _, question = await dm.next_messages(2)
    assert question.text.startswith("Question 1 of")
    assert await group.quiet(0.1) == []


async def test_personal_commands_in_a_group_show_nothing_personal(telegram: FakeTelegram) -> None:
    """After a private interview, /plan and /profile in the group only point to the DM."""
    amira = telegram.user("Amira")
    dm = telegram.private_chat(amira)
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await interview_by_text(dm, question)
    group = telegram.group("IMG study group")
    for command in ("/plan", "/profile", "/edit visa", "/forget"):
        await group.send(amira, command)
        reply = await group.next_message()
        assert reply.buttons[0]["url"].startswith(f"https://t.me/{telegram.username}")
        for secret in ("241", "J-1", "J1", "Cairo", "Your plan"):
            assert secret not in reply.text
    assert "Amira" not in " ".join(m.text for m in group.history)


async def test_ask_in_a_group_gets_the_general_answer(telegram: FakeTelegram) -> None:
    """/ask in a group answers in general terms even for someone with a stored profile."""
    amira = telegram.user("Amira")
    dm = telegram.private_chat(amira)
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await interview_by_text(dm, question)
    group = telegram.group("IMG study group")
    await group.send(amira, "/ask when should I take Step 3?")
    answer = await group.next_message()
    assert "Step 3" in answer.text
    assert "For you" not in answer.text


async def test_mentions_and_replies_to_the_bot_are_answered(telegram: FakeTelegram) -> None:
    """Mentioning the bot, or replying to it, counts as talking to it."""
    group = telegram.group("IMG study group")
    amira = telegram.user("Amira")
    await group.send(amira, f"@{telegram.username} when should I take Step 3?")
    answer = await group.next_message()
    assert "Step 3" in answer.text
    await group.send(amira, "and what about the J-1 visa?", reply_to=answer)
    follow_up = await group.next_message()
    assert "J-1" in follow_up.text


async def test_topic_buttons_work_in_a_group(telegram: FakeTelegram) -> None:
    """Anyone can tap a suggested topic in the group and gets the general answer there."""
    group = telegram.group("IMG study group")
    await group.send(telegram.user("Amira"), "/ask hello")
    replies = [await group.next_message(), *await group.quiet()]
    offer = next(m for m in replies if m.keyboard)
    press = await group.press(telegram.user("Bilal"), "Visa: J-1 or H-1B", offer)
    answer = await group.next_message()
    assert press.answered
    assert "J-1" in answer.text
