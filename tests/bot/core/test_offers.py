"""The bot's own offers take "yes": typed words, numbers and buttons' words answer them.

Each test is the chat it checks: what the bot offered, what the person typed, what came back.
"""

from __future__ import annotations

import pytest

from bot.core import payloads, shown
from bot.core.messages import ChatKind
from flows.questions import QUESTIONS_BY_STATE
from tests.conftest import Chat

MATCH_YEAR_QUESTION = QUESTIONS_BY_STATE["ask_match_year"].prompt.split("?")[0]

YES = ["yes", "ok", "sure", "y", "yes please", "Yess", "yea", "yep", "ya", "Yes!"]
NO = ["no", "nope", "nah", "no thanks", "n", "No, thank you."]


async def _plan_with_the_season_offer(chat: Chat) -> None:
    """Finish the interview: the plan, then "Shall I remind you of the key dates…?"."""
    await chat.answer()
    assert "Shall I remind you of the key dates" in chat.last[-1].text
    assert chat.labels()[-2:] == ["Yes, remind me", "No thanks"]


@pytest.mark.parametrize("text", ["yes", "ok", "sure", "y", "yes please", "yea"])
async def test_yes_at_the_season_offer_sets_the_season_reminders(chat: Chat, text: str) -> None:
    """ "Shall I remind you of the key dates…?" → "yes" (ok, sure, y…) subscribes."""
    await _plan_with_the_season_offer(chat)
    reply = await chat.say(text)
    assert "season reminders, the first on" in reply and "can't help" not in reply
    assert "Match Day" in await chat.say("reminders")


@pytest.mark.parametrize("text", ["no", "nope", "no thanks"])
async def test_no_at_the_season_offer_declines_it(chat: Chat, text: str) -> None:
    """ "no thanks" to the season offer: no reminders, and a pointer to `timeline`."""
    await _plan_with_the_season_offer(chat)
    reply = await chat.say(text)
    assert "`timeline` shows the dates any time" in reply
    assert "season reminders, the first on" not in reply


async def test_after_the_plan_one_turn_numbers_one_list(chat: Chat) -> None:
    """Plan and offer in one turn: "1. Show all N steps", "2. Yes, remind me", "3. No thanks";
    typing 1 shows the whole plan, and 2 accepts the offer."""
    await _plan_with_the_season_offer(chat)
    numbered = shown.numbers(chat.last)
    assert sorted(numbered.values()) == [1, 2, 3]
    show_all = chat.labels()[0]
    assert show_all.startswith("Show all")
    await chat.say("1")
    assert "Your plan" in chat.last[0].text and not chat.last[0].choices
    assert "season reminders, the first on" in await chat.say("2")


async def test_typing_a_buttons_words_presses_it(chat: Chat) -> None:
    """ "show all 13 steps" typed works like pressing the button; "remind me" then accepts."""
    await _plan_with_the_season_offer(chat)
    show_all = chat.labels()[0]
    await chat.say(show_all.lower())
    assert "Your plan" in chat.last[0].text and not chat.last[0].choices
    assert "season reminders, the first on" in await chat.say("remind me")


@pytest.mark.parametrize("text", YES)
async def test_yes_sets_a_reminder(chat: Chat, text: str) -> None:
    """ "Shall I set it?" → any common yes sets the reminder."""
    await chat.say("hi")
    assert "Shall I set it?" in await chat.say("remind tomorrow 9am: book my NBME")
    reply = await chat.say(text)
    assert "I'll remind you" in reply
    assert "book my NBME" in await chat.say("reminders")


@pytest.mark.parametrize("text", NO)
async def test_no_cancels_a_reminder(chat: Chat, text: str) -> None:
    """ "Shall I set it?" → any common no sets nothing."""
    await chat.say("hi")
    await chat.say("remind tomorrow 9am: book my NBME")
    reply = await chat.say(text)
    assert "I'll remind you" not in reply and "can't help" not in reply
    assert "book my NBME" not in await chat.say("reminders")


async def test_a_reminder_offer_takes_its_buttons_words_and_numbers(chat: Chat) -> None:
    """ "set it" and "1" set it; "cancel" and "2" do not."""
    await chat.say("hi")
    await chat.say("remind tomorrow 9am: book my NBME")
    assert "I'll remind you" in await chat.say("Set it")
    await chat.say("remind friday 9am: email Dr. Lee")
    assert "I'll remind you" not in await chat.say("2")
    await chat.say("remind friday 9am: email Dr. Lee")
    assert "I'll remind you" in await chat.say("1")


@pytest.mark.parametrize(("text", "deleted"), [("yep", True), ("1", True), ("nah", False)])
async def test_the_forget_offer_reads_yes_no_and_numbers(
    chat: Chat, text: str, deleted: bool
) -> None:
    """ "Delete it all?" → "yep" or 1 deletes; "nah" keeps everything."""
    await chat.answer(until="ask_graduation_year")
    await chat.say("forget")
    reply = await chat.say(text)
    assert ("everything stored about you is deleted" in reply) is deleted


async def test_no_to_restart_asks_the_open_question_again(chat: Chat) -> None:
    """ "Start again?" → "No": nothing cleared, and the question we were on is asked again."""
    await chat.answer(until="ask_match_year")
    await chat.say("restart")
    await chat.say("no")
    assert "nothing was deleted" in chat.last[0].text
    assert MATCH_YEAR_QUESTION in chat.last[-1].text


async def test_no_pressed_at_forget_asks_the_open_question_again(chat: Chat) -> None:
    """The "No, keep it" button: the question we were on comes back, answers kept."""
    await chat.answer(until="ask_match_year")
    await chat.say("forget")
    await chat.press("No, keep it")
    assert MATCH_YEAR_QUESTION in chat.last[-1].text
    assert "graduation" in (await chat.say("profile")).lower()


@pytest.mark.parametrize("command", ["help", "profile"])
async def test_help_and_profile_mid_interview_ask_the_question_again(
    chat: Chat, command: str
) -> None:
    """`help` or `profile` at a question: the answer, then the same question, not a bare prompt."""
    await chat.answer(until="ask_match_year")
    await chat.say(command)
    assert len(chat.last) == 2
    assert MATCH_YEAR_QUESTION in chat.last[-1].text and chat.last[-1].awaits_answer


# Confirmation buttons act only for the offer pending, in a private chat (issue 20).


async def test_a_yes_button_pressed_in_a_group_deletes_nothing(chat: Chat) -> None:
    """The "Yes, delete everything" payload pressed in a group: sent to a private chat."""
    await chat.answer(until="ask_match_year")
    await chat.say("forget")
    yes = chat.last[-1].choices[0].payload
    group = Chat(chat.advisor, user=chat.user, kind=ChatKind.PUBLIC)
    reply = await group.send_payload(yes)
    assert "deleted" not in reply and "private chat" in reply
    assert "graduation" in (await chat.say("profile")).lower()


async def test_an_old_yes_after_no_deletes_nothing(chat: Chat) -> None:
    """Forget → No; the old "Yes, delete everything" pressed later is out of date."""
    await chat.answer(until="ask_match_year")
    await chat.say("forget")
    yes = chat.last[-1].choices[0].payload
    await chat.press("No, keep it")
    reply = await chat.send_payload(yes)
    assert "earlier message" in reply and "deleted" not in reply
    assert "graduation" in (await chat.say("profile")).lower()


async def test_a_yes_from_an_earlier_offer_does_not_answer_a_new_one(chat: Chat) -> None:
    """Two `forget` offers: the first one's Yes is stale once the second is made."""
    await chat.answer(until="ask_match_year")
    await chat.say("forget")
    first_yes = chat.last[-1].choices[0].payload
    await chat.say("no")
    await chat.say("forget")
    second_yes = chat.last[-1].choices[0].payload
    assert "earlier message" in await chat.send_payload(first_yes)
    assert "is deleted" in await chat.send_payload(second_yes)


@pytest.mark.parametrize("forged", ["y:restart", "y:forget", "y:restart:00000000"])
async def test_a_yes_with_nothing_pending_changes_nothing(chat: Chat, forged: str) -> None:
    """A `y:restart` (or `y:forget`) press with no offer asked wipes nothing."""
    await chat.answer(until="ask_match_year")
    reply = await chat.send_payload(forged)
    assert "earlier message" in reply and "Starting again" not in reply
    assert "graduation" in (await chat.say("profile")).lower()


async def test_offer_buttons_carry_a_token(chat: Chat) -> None:
    """Each offer's buttons name that offer: two offers never share a payload."""
    await chat.say("hi")
    await chat.say("restart")
    first = [c.payload for c in chat.last[-1].choices]
    await chat.say("no")
    await chat.say("restart")
    second = [c.payload for c in chat.last[-1].choices]
    assert payloads.offer(first[0])[0] == "restart" and payloads.offer(first[0])[1]
    assert set(first).isdisjoint(second)


@pytest.mark.parametrize(("text", "moved"), [("sure", True), ("no", False)])
async def test_the_move_offer_takes_yes_and_no(chat: Chat, text: str, moved: bool) -> None:
    """Subscribed to Match 2028, the plan moves to 2029: "Move your season reminders…?" →
    "sure" moves them, "no" keeps them."""
    await _plan_with_the_season_offer(chat)
    await chat.say("yes")
    await chat.say("edit match year to 2029")
    assert "Move your season reminders to Match 2029?" in chat.last[-1].text
    reply = await chat.say(text)
    assert ("season reminders, the first on" in reply) is moved
    assert ("they stay as they are" in reply) is not moved
