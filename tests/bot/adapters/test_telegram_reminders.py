"""Reminders over the fake Telegram: "yes" sets one, the list's buttons name each, Edit
takes the new time typed without `remind`, and Snooze 1 day says the new time."""

from __future__ import annotations

from bot.adapters.telegram.service import TelegramService
from tests.fakes.telegram_server import FakeTelegram


async def test_set_with_yes_list_by_name_edit_by_typing_and_snooze(
    telegram: FakeTelegram, telegram_bot: TelegramService
) -> None:
    """The whole round as a person taps and types it in a private chat."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    await dm.next_messages(2)
    asked = await dm.ask("/remind tomorrow 9am: book Step 3")
    assert "Shall I set it?" in asked.text and asked.labels == ["Set it", "Cancel"]
    await dm.send("yes")
    done, again = await dm.next_messages(2)  # set, then the open interview question again
    assert "I'll remind you" in done.text and again.text.startswith("Question 1 of")
    listing = await dm.ask("/reminders")
    assert listing.labels == ["book Step 3"]
    await dm.press("book Step 3", listing)
    shown = await dm.next_message()
    await dm.press("Edit", shown)
    assert "Send the new time and words" in (await dm.next_message()).text
    changed = await dm.ask("saturday 9am: book my NBME 12")
    assert "Change the reminder to: book my NBME 12" in changed.text
    await dm.press("Set it", changed)
    done, again = await dm.next_messages(2)
    assert "I'll remind you Sat 28 Nov, 09:00 UTC" in done.text
    assert again.text.startswith("Question 1 of")
    listing = await dm.ask("/reminders")
    await dm.press("book my NBME 12", listing)
    shown = await dm.next_message()
    await dm.press("Snooze 1 day", shown)
    said = await dm.next_message()
    assert "Snoozed 1 day: now Sun 29 Nov, 09:00 UTC (it was Sat 28 Nov" in said.text
    pressed = telegram.message(dm.id, shown.message_id)
    assert pressed.text.endswith("✓ Snoozed 1 day") and pressed.labels == []
