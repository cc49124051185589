"""The bot's offers on Telegram: "yes" typed takes them, and their buttons act only once,
for their owner, in a private chat."""

from __future__ import annotations

from flows.questions import QUESTIONS_BY_STATE
from tests.bot.adapters.telegram_script import answer_until, interview_by_text
from tests.fakes.telegram_chats import CallbackAnswer, Chat, FakeUser
from tests.fakes.telegram_server import BotMessage, FakeTelegram, PrivateChat

MATCH_YEAR_QUESTION = QUESTIONS_BY_STATE["ask_match_year"].prompt.split("?")[0]


async def _press_data(chat: Chat, user: FakeUser, message: BotMessage, data: str) -> str | None:
    """Send a button press with this callback data on `message`: an old button still on
    someone's screen, or one pressed where it was never shown."""
    answer = CallbackAnswer()
    answer.query_id = chat.fake.register_callback(answer)
    await chat.fake.push(
        "callback_query",
        {
            "id": answer.query_id,
            "from": user.to_api(),
            "chat_instance": f"ci{chat.id}",
            "message": chat.fake._as_api(message),
            "data": data,
        },
    )
    return await answer.wait()


async def _at_the_match_year(telegram: FakeTelegram) -> PrivateChat:
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await answer_until(dm, question, "ask_match_year")
    return dm


async def test_yes_typed_at_the_season_offer_sets_the_reminders(telegram: FakeTelegram) -> None:
    """ "Shall I remind you of the key dates…?" → typing "yes" subscribes."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    after = await interview_by_text(dm, question)
    assert any("Shall I remind you of the key dates" in m.text for m in after)
    reply = await dm.ask("yes")
    assert "season reminders, the first on" in reply.text


async def test_typing_show_all_steps_shows_the_whole_plan(telegram: FakeTelegram) -> None:
    """The plan's "Show all N steps" typed works like the button."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    after = await interview_by_text(dm, question)
    show_all = next(label for m in after for label in m.labels if label.startswith("Show all"))
    full = await dm.ask(show_all.lower())
    assert full.text.startswith("Your plan") and not full.keyboard


async def test_an_old_yes_after_no_deletes_nothing(telegram: FakeTelegram) -> None:
    """Forget → "No, keep it"; the old "Yes, delete everything" pressed later: out of date."""
    dm = await _at_the_match_year(telegram)
    offer = await dm.ask("forget")
    yes = offer.button("Yes, delete everything")["callback_data"]
    await dm.press("No, keep it", offer)
    kept, again = await dm.next_messages(2)
    assert "nothing was deleted" in kept.text and MATCH_YEAR_QUESTION in again.text
    answered = await _press_data(dm, dm.user, offer, yes)
    assert answered == "That button is from an earlier message, so nothing changed."
    profile = await dm.ask("/profile")
    assert "graduation" in profile.text.lower()


async def test_a_yes_pressed_in_a_group_deletes_nothing(telegram: FakeTelegram) -> None:
    """The "Yes, delete everything" payload pressed in a group: pointed to a private chat,
    nothing deleted (the typed `forget` is refused there too)."""
    dm = await _at_the_match_year(telegram)
    offer = await dm.ask("forget")
    yes = offer.button("Yes, delete everything")["callback_data"]
    group = telegram.group("IMG study group")
    await group.send(dm.user, "/help")
    help_there = await group.next_message()
    await _press_data(group, dm.user, help_there, yes)
    pointed = await group.next_message()
    assert "private chat" in pointed.text
    profile, again = await dm.ask("/profile"), await dm.next_message()
    assert "graduation" in profile.text.lower() and MATCH_YEAR_QUESTION in again.text
    assert "is deleted" in (await dm.ask("yes")).text  # the offer in the DM still stands


async def test_bye_leaves_with_a_way_back(telegram: FakeTelegram) -> None:
    """ "bye" at a question is no answer: a goodbye saying how to come back; `/start` then
    asks the same question."""
    dm = await _at_the_match_year(telegram)
    goodbye = await dm.ask("bye")
    assert "Bye for now" in goodbye.text and "start" in goodbye.text
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    assert MATCH_YEAR_QUESTION in question.text
