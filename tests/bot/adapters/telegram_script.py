"""How a test applicant answers the interview on Telegram: by buttons or by typing."""

from __future__ import annotations

from tests.fakes.telegram_server import BotMessage, PrivateChat

# (words in the question, what Amira types)
TYPED = [
    ("call you", "Amira"),
    ("citizenship and visa", "J1"),
    ("graduate", "2019"),
    ("Which Match", "2028"),
    ("Step 1: where", "failed once, passed on 2nd attempt"),
    ("Step 1 attempts", "2"),
    ("three-digit score", "pass/fail"),
    ("Step 2 CK: where", "I got 241 on CK"),
    ("Step 2 CK attempts", "1"),
    ("Step 3: which", "not planned"),
    ("clinical experience", "6 mo, 3 hands-on IM"),
    ("hands-on", "3"),
    ("Which fields", "1"),
    ("letters of recommendation", "2 IM, 1 psych"),
    ("research, QI", "research"),
    ("draws you", "1, 3"),
    ("time zone", "Cairo"),
]

# (words in the question, the button Amira taps); questions without buttons are typed
TAPPED = [
    ("citizenship and visa", "Need a J-1"),
    ("Step 1: where", "Passed"),
    ("Step 1 attempts", "1"),
    ("three-digit score", "Pass/fail only"),
    ("Step 2 CK: where", "Passed"),
    ("Step 2 CK attempts", "1"),
    ("Step 3: which", "Not planned"),
    ("clinical experience", "None yet"),
    ("letters of recommendation", "None yet"),
    ("research, QI", "Research"),
    ("draws you", "Addiction"),
]
STEP2_SCORE = ("Step 2 CK score", "238")
FINISHED = "That's everything"


def reply_for(question: str, table: list[tuple[str, str]]) -> str | None:
    """Return the scripted reply for a question, or None if the script has none."""
    question = question[question.find("Question "):]  # not what was read from the last one
    for words, reply in [*table, STEP2_SCORE]:
        if words in question:
            return reply
    return None


async def interview_by_text(dm: PrivateChat, question: BotMessage) -> list[BotMessage]:
    """Type an answer to every question from `question` on; return the messages after it."""
    while FINISHED not in question.text:
        answer = reply_for(question.text, TYPED)
        assert answer is not None, f"no typed answer for: {question.text}"
        question = await dm.ask(answer)
    return [question, *await dm.quiet(0.5)]


async def interview_by_buttons(dm: PrivateChat, question: BotMessage) -> list[BotMessage]:
    """Tap (or type, where there are no buttons) every answer; check each tap is tidied up."""
    while FINISHED not in question.text:
        label = reply_for(question.text, TAPPED)
        if label is None or not question.keyboard:
            answer = reply_for(question.text, TYPED)
            assert answer is not None, f"no answer for: {question.text}"
            question = await dm.ask(answer)
            continue
        press = await dm.press(label, question)
        pressed = question
        question = await dm.next_message()
        assert press.answered, "every button press is answered"
        shown = dm.fake.message(dm.id, pressed.message_id)
        assert shown.text.endswith(f"✓ {label}") and not shown.keyboard, shown
    return [question, *await dm.quiet(0.5)]
