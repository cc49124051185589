"""The conversation around a question, through the core: follow-ups, several questions in
one post, short social replies, other scripts, the topic menu and long stories."""

from __future__ import annotations

import pytest

from bot.core.menu import MENU_SIZE
from bot.core.messages import ChatKind
from tests.conftest import Chat

MORE = "More topics"
SOCIAL_REPLIES = ["thank u", "thanks!!", "ok", "😭", "great", "lol"]


def answered(chat: Chat, title: str) -> bool:
    """Whether the latest replies answer the topic with this title."""
    return any(reply.text.startswith(f"**{title}**") for reply in chat.last)


async def test_a_follow_up_is_read_with_the_topic_answered_before(chat: Chat) -> None:
    """ "What about psych?" after the letters' answer is about psychiatry letters."""
    await chat.answer()
    await chat.say("how many letters of recommendation do I need?")
    assert answered(chat, "Letters of recommendation")
    reply = await chat.say("what about psych?")
    assert answered(chat, "Letters of recommendation")
    assert "psychiatry" in reply and "not sure what you are asking" not in reply


async def test_and_if_i_fail_again_follows_the_step_3_answer(chat: Chat) -> None:
    """ "And if I fail again?" right after the Step 3 answer stays with Step 3."""
    await chat.answer()
    await chat.say("when should I take step 3?")
    await chat.say("and if I fail again?")
    assert answered(chat, "Step 3: whether and when")


async def test_a_follow_up_that_names_another_topic_changes_the_subject(chat: Chat) -> None:
    """ "What about the personal statement?" after the letters is about the statement."""
    await chat.answer()
    await chat.say("how many letters of recommendation do I need?")
    await chat.say("what about the personal statement?")
    assert answered(chat, "Personal statement")


async def test_the_last_topic_is_remembered_between_messages(chat: Chat) -> None:
    """The topic is kept with the session: a thank-you in between does not lose it."""
    await chat.answer()
    await chat.say("do I need a visa?")
    assert "You're welcome" in await chat.say("thanks")
    await chat.say("what about h1b?")
    assert answered(chat, "Visa: J-1 or H-1B")


async def test_a_follow_up_with_nothing_before_it_gets_the_short_menu(chat: Chat) -> None:
    """With no topic answered yet, "what about psych?" gets six topics and "More topics"."""
    await chat.answer()
    reply = await chat.say("what about psych?")
    assert "not sure what you are asking" in reply
    labels = chat.labels()
    assert len(labels) == MENU_SIZE + 1 and labels[-1] == MORE


async def test_more_topics_shows_the_rest_and_each_answers(chat: Chat) -> None:
    """ "More topics" lists the topics not shown yet; every topic is reachable that way."""
    await chat.answer()
    await chat.say("bake me a cake")
    seen = [label for label in chat.labels() if label != MORE]
    while MORE in chat.labels():
        assert "More topics:" in await chat.press(MORE)
        page = [label for label in chat.labels() if label != MORE]
        assert page and not set(page) & set(seen)
        assert len(page) <= MENU_SIZE
        seen += page
    advisor = chat.advisor
    assert sorted(seen) == sorted(t.title for t in advisor.knowledge.topics)
    await chat.press(seen[-1])
    assert answered(chat, seen[-1])


async def test_a_forged_more_button_shows_a_menu_not_an_error(chat: Chat) -> None:
    """A garbled "More topics" payload is read as nothing shown yet."""
    await chat.answer()
    reply = await chat.send_payload("t:+not-base-36!")
    assert "More topics:" in reply and len(chat.labels()) == MENU_SIZE + 1


async def test_a_post_with_several_questions_answers_one_and_offers_the_others(chat: Chat) -> None:
    """Three questions in one post: one is answered, the other two are buttons that answer."""
    await chat.answer()
    reply = await chat.say(
        "Hi everyone. How do I explain my fail in interviews? How many programs should I "
        "apply to? And do I need US letters?"
    )
    titles = {"Explaining a fail or low score", "How many programs", "Letters of recommendation"}
    main = next(t for t in titles if answered(chat, t))
    offered = titles - {main}
    assert offered <= set(chat.labels())
    assert "You also asked about" in reply
    other = sorted(offered)[0]
    await chat.press(other)
    assert answered(chat, other)


@pytest.mark.parametrize("said", SOCIAL_REPLIES)
async def test_a_social_reply_after_the_plan_gets_one_kind_line(chat: Chat, said: str) -> None:
    """ "ok", "lol", "😭" ... get one short line: no topic menu, no "can't help"."""
    await chat.answer()
    reply = await chat.say(said)
    assert len(chat.last) == 1 and chat.labels() == []
    assert "can't help" not in reply and "not sure" not in reply and len(reply) < 200


async def test_a_crying_face_is_met_kindly(chat: Chat) -> None:
    """😭 is no topic: it is acknowledged as the stress it shows."""
    await chat.answer()
    assert "stressful" in await chat.say("😭")


@pytest.mark.parametrize("said", ["lol", "ok", "😭", "great"])
async def test_a_social_reply_at_the_name_question_is_no_name(chat: Chat, said: str) -> None:
    """Nobody gets called "lol": a kind line, the question again, nothing stored."""
    await chat.answer(until="ask_name")
    await chat.say(said)
    assert "What should I call you?" in chat.last[-1].text
    assert "name:" not in await chat.say("profile")


async def test_a_social_reply_in_a_group_gets_no_menu(advisor) -> None:  # type: ignore[no-untyped-def]
    """In a group, "great 👍" gets one line, not a topic menu for everyone to scroll past."""
    group = Chat(advisor, kind=ChatKind.PUBLIC)
    await group.say("when should I take step 3?")
    await group.say("great 👍")
    assert len(group.last) == 1 and group.labels() == []


@pytest.mark.parametrize(
    "said",
    [
        "مرحبا، هل أحتاج إلى الخطوة الثالثة؟",  # Arabic
        "मुझे कितने प्रोग्राम में अप्लाई करना चाहिए?",  # Devanagari
        "مجھے ویزا کے بارے میں بتائیں",  # Urdu
        "আমি কি আবেদন করতে পারি?",  # Bengali
        "我需要考第三步吗？",  # Chinese
        "Сколько программ выбрать?",  # Cyrillic
    ],
)
async def test_another_script_gets_a_note_with_two_english_examples(chat: Chat, said: str) -> None:
    """A question in another script: the advisor says it answers in English, with examples."""
    await chat.answer()
    reply = await chat.say(said)
    assert "English" in reply and reply.count('- "') == 2
    assert chat.labels() == []


async def test_a_first_message_in_another_script_gets_the_welcome_and_the_note(chat: Chat) -> None:
    """Someone new writing in Arabic gets the welcome, the note and the first question."""
    reply = await chat.say("السلام عليكم، أريد مساعدة")
    assert "Hello! I'm IMG Advisor" in reply and "English" in reply
    assert "Question 1 of" in chat.last[-1].text


async def test_a_name_in_arabic_script_is_still_a_name(chat: Chat) -> None:
    """At the name question a name in its own script is the answer, not a note."""
    await chat.answer(until="ask_name")
    reply = await chat.say("محمد")
    assert "only read and answer English" not in reply
    assert "name: محمد" in await chat.say("profile")


STORY = (
    "I graduated in 2016 from a medical school in Lahore, and I need an H1B visa. I worked for "
    "several years in internal medicine and psychiatry wards back home, mostly nights, which "
    "I loved. Then I moved with my family, spent a year doing research and volunteering, and "
    "studied for the boards in the evenings. My mentor keeps telling me that med-psych "
    "would suit me because I keep ending up caring for patients with both medical and "
    "psychiatric problems. I finally took my exams, and I am now reading every program "
    "page I can find, although I feel a bit lost about all the dates and requirements. "
)


async def test_a_long_story_ending_in_a_question_gets_the_answer_and_the_update(chat: Chat) -> None:
    """Past 500 characters the closing question is still read: it is answered, and the facts
    in the story are offered as an update."""
    await chat.answer()
    story = STORY + "What are my chances of matching with a low score?"
    assert len(story) > 600
    reply = await chat.say(story)
    assert answered(chat, "Chances with low scores")
    assert "Shall I update your answers?" in reply
    assert "graduation: 2016" in reply and "H-1B" in reply
    assert "Yes, update" in chat.labels()


async def test_a_long_story_with_a_question_mid_interview_is_answered(chat: Chat) -> None:
    """The same story at the visa question: the question is answered, then asked again."""
    await chat.answer(until="ask_visa")
    await chat.say(STORY * 2 + "How many programs should I apply to?")
    assert answered(chat, "How many programs")
    assert "visa" in chat.last[-1].text.lower()


async def test_a_message_of_telegrams_full_length_is_answered(chat: Chat) -> None:
    """4,096 characters, Telegram's limit, ending in a question: answered, no apology."""
    await chat.answer()
    question = "When should I take Step 3?"
    story = (STORY * 8)[: 4096 - len(question)] + question
    assert len(story) == 4096
    reply = await chat.say(story)
    assert "something went wrong" not in reply
    assert answered(chat, "Step 3: whether and when")
