"""Questions on Telegram: the topic menu is six buttons and "More topics"; short social
replies get one line and no keyboard; through the real PTB and the fake Bot API."""

from __future__ import annotations

from tests.fakes.telegram_server import FakeTelegram

MORE = "More topics"


async def test_the_topic_menu_pages_with_more_topics(telegram: FakeTelegram) -> None:
    """ "/ask what about psych?" with nothing asked before: six topics and "More topics";
    pressing it shows the others, and pressing one of those answers it."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    await dm.next_messages(2)
    menu = await dm.ask("/ask what about psych?")
    assert len(menu.labels) == 7 and menu.labels[-1] == MORE
    await dm.press(MORE, menu)
    page = await dm.next_message()
    assert page.text.startswith("More topics")
    topics = [label for label in page.labels if label != MORE]
    assert topics and not set(topics) & set(menu.labels)
    topic = topics[0]
    await dm.press(topic, page)
    answer = await dm.next_message()
    assert answer.text.startswith(topic)


async def test_a_social_reply_gets_one_line_and_no_topic_keyboard(telegram: FakeTelegram) -> None:
    """ "lol 😂" at the first question: one kind line without buttons, then the question
    again; nobody is called "lol"."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await dm.send("lol 😂")
    line, again = await dm.next_messages(2)
    assert line.keyboard == [] and len(line.text) < 100
    assert again.text == question.text
    assert await dm.quiet() == []
