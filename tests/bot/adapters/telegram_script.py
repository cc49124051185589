"""How a test applicant answers the interview on Telegram: by buttons or by typing.

The answers are the shared interview script's (keyed by question, optional ones skipped),
with Amira's own words; the drivers answer whatever the bot asks until the plan arrives.
"""

from __future__ import annotations

from tests.fakes.telegram_server import BotMessage, PrivateChat
from tests.interview_script import SCRIPT, Script, Shown, drive

# What Amira types, in her own words.
TYPED = SCRIPT.with_(
    ask_name="Amira",
    ask_visa="J1",
    ask_graduation_year="2019",
    ask_match_year="2028",
    ask_step1_status="failed once, passed on 2nd attempt",
    ask_step1_attempts="2",
    ask_step1_score="pass/fail",
    ask_step2_status="I got 241 on CK",
    ask_step2_score="238",
    ask_step2_attempts="1",
    ask_step3_status="not planned",
    ask_usce_months="6 mo, 3 hands-on IM",
    ask_usce_hands_on="3",
    ask_usce_fields="1",
    ask_letters="2 IM, 1 psych",
    ask_scholarship="research",
    ask_interests="1, 3",
    ask_timezone="Cairo",
)
# The buttons Amira taps; questions whose answer is no button's label are typed.
TAPPED = TYPED.with_(
    ask_visa="Need a J-1",
    ask_step1_status="Passed",
    ask_step1_attempts="1",
    ask_step1_score="Pass/fail only",
    ask_step2_status="Passed",
    ask_step2_attempts="1",
    ask_step3_status="Not planned",
    ask_usce_months="None yet",
    ask_letters="None yet",
    ask_scholarship="Research",
    ask_interests="Addiction",
)


def shown(message: BotMessage) -> Shown:
    """A Telegram message as the interview script reads it."""
    return Shown(
        message.text,
        tuple(str(b.get("callback_data", "")) for b in message.buttons),
        tuple(message.labels),
    )


async def answer_until(
    dm: PrivateChat, question: BotMessage, state: str, script: Script = TYPED
) -> BotMessage:
    """Type the script's answers from `question` on until the question `state` is asked;
    return the message asking it."""
    latest = [question]

    async def reply(text: str, _asked: Shown) -> list[Shown]:
        latest[0] = await dm.ask(text)
        return [shown(latest[0])]

    await drive(script, [shown(question)], reply, until=state)
    return latest[0]


async def interview_by_text(
    dm: PrivateChat, question: BotMessage, script: Script = TYPED
) -> list[BotMessage]:
    """Type an answer to every question from `question` on; return the messages after it."""
    latest = [question]

    async def reply(text: str, _asked: Shown) -> list[Shown]:
        latest[0] = await dm.ask(text)
        return [shown(latest[0])]

    await drive(script, [shown(question)], reply)
    return [latest[0], *await dm.quiet(0.5)]


async def interview_by_buttons(
    dm: PrivateChat, question: BotMessage, script: Script = TAPPED
) -> list[BotMessage]:
    """Tap (or type, where no button says the answer) every answer; check each tap is
    tidied up."""
    latest = [question]

    async def reply(text: str, _asked: Shown) -> list[Shown]:
        message = latest[0]
        label = next((b for b in message.labels if b.casefold() == text.casefold()), None)
        if label is None:
            latest[0] = await dm.ask(text)
            return [shown(latest[0])]
        press = await dm.press(label, message)
        latest[0] = await dm.next_message()
        assert press.answered, "every button press is answered"
        pressed = dm.fake.message(dm.id, message.message_id)
        chosen = "Skipped" if label == "Skip" else label  # a skip reads as done, not "Skip"
        assert pressed.text.endswith(f"✓ {chosen}") and not pressed.keyboard, pressed
        return [shown(latest[0])]

    await drive(script, [shown(question)], reply)
    return [latest[0], *await dm.quiet(0.5)]
