"""A private chat on Telegram does everything the console does, the way Telegram users expect."""

from __future__ import annotations

from tests.bot.adapters.telegram_script import answer_until, interview_by_buttons, interview_by_text
from tests.fakes.telegram_server import FakeTelegram


async def test_command_menu_is_registered(telegram: FakeTelegram) -> None:
    """The menu lists every menu command; groups only see the ones that work there, and their
    admins also see /setup."""
    assert telegram.commands["default"] == [
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
    ]
    assert telegram.commands["all_group_chats"] == ["ask", "programs", "help"]
    assert telegram.commands["all_chat_administrators"] == ["ask", "programs", "help", "setup"]


async def test_whole_interview_by_buttons(telegram: FakeTelegram) -> None:
    """Tapping through the interview: each pressed keyboard turns into the chosen answer."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    welcome, question = await dm.next_messages(2)
    assert "<b>Hello! I'm IMG Advisor.</b>" in (welcome.html or "")
    assert question.text.startswith("Question 1 of")
    after = await interview_by_buttons(dm, question)
    assert any("Your plan" in m.text for m in after)


async def test_whole_interview_by_text(telegram: FakeTelegram) -> None:
    """Typing every answer in one's own words gets to the plan too."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    after = await interview_by_text(dm, question)
    plan = next(m for m in after if "Your plan" in m.text)
    assert {"type": "bold", "offset": 0, "length": len("Your plan")} in plan.entities
    assert all("**" not in m.text for m in after), "Markdown is rendered, not shown"


async def test_old_buttons_are_answered_politely_and_change_nothing(telegram: FakeTelegram) -> None:
    """Typing an answer leaves the old buttons; pressing one later only gets a short notice."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    visa = await answer_until(dm, question, "ask_visa")
    assert "visa" in visa.text and visa.keyboard
    await dm.ask("J1")
    press = await dm.press("US citizen", visa)
    assert await press.wait() == "That button is from an earlier message, so nothing changed."
    assert await dm.quiet() == []
    assert not telegram.message(dm.id, visa.message_id).keyboard, "stale buttons are removed"
    profile = await dm.ask("/profile")
    assert "visa: need a j-1" in profile.text.lower()


async def test_markup_typed_as_a_name_is_refused_and_the_question_kept(
    telegram: FakeTelegram,
) -> None:
    """HTML-like text is no name: a friendly re-ask, the question again, nothing stored."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await answer_until(dm, question, "ask_name")
    await dm.send("<b>Dr. Amira</b> & co")
    reply, again = await dm.next_messages(2)
    assert "doesn't look like a name" in reply.text
    assert "What should I call you?" in again.text
    profile = await dm.ask("/profile")
    assert "What I have stored about you" in profile.text
    assert "Amira" not in profile.text


async def test_edit_from_the_menu_of_answers(telegram: FakeTelegram) -> None:
    """/edit offers the answers as buttons; tapping one asks that question again."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await answer_until(dm, question, "ask_graduation_year")  # the visa answered: J1
    menu = await dm.ask("/edit")
    assert "visa" in menu.labels
    await dm.press("visa", menu)
    question = await dm.next_message()
    assert "visa" in question.text
    await dm.press("Green card", question)
    await dm.next_message()
    assert telegram.message(dm.id, question.message_id).text.endswith("✓ Green card")
    profile = await dm.ask("/profile")
    assert "visa: green card" in profile.text.lower()


async def test_forget_asks_for_confirmation_then_deletes(telegram: FakeTelegram) -> None:
    """/forget shows a confirmation button; after tapping it nothing is stored."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await answer_until(dm, question, "ask_name")
    await dm.ask("Amira")
    confirm = await dm.ask("/forget")
    assert confirm.labels == ["Yes, delete everything", "No, keep it"]
    await dm.press("Yes, delete everything", confirm)
    done = await dm.next_message()
    assert "deleted" in done.text
    assert telegram.message(dm.id, confirm.message_id).text.endswith("✓ Deleted")
    profile = await dm.ask("/profile")
    assert "Amira" not in profile.text


async def test_questions_are_answered_with_sources(telegram: FakeTelegram) -> None:
    """A typed question gets a formatted answer that names its sources."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/ask when should I take Step 3?")
    replies = [await dm.next_message()]
    replies += await dm.quiet(0.3)
    answer = replies[-1]
    assert "Step 3" in answer.text
    assert "Sources" in answer.text
    assert any(e["type"] == "bold" for e in answer.entities)


async def test_unclear_question_offers_topics_as_buttons(telegram: FakeTelegram) -> None:
    """When unsure, the bot offers topics; tapping one answers it."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/ask hello there")
    replies = [await dm.next_message(), *await dm.quiet(0.3)]
    offer = next(m for m in replies if m.keyboard)
    await dm.press("Visa: J-1 or H-1B", offer)
    answer = await dm.next_message()
    assert "J-1" in answer.text
