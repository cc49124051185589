"""Reminders through the whole advisor, as a person types them (real knowledge, real DB)."""

from __future__ import annotations

from tests.conftest import Chat


async def test_set_list_and_cancel_a_reminder(chat: Chat) -> None:
    """Typed in plain words, confirmed with a button, listed, cancelled by number."""
    reply = await chat.say("remind me to email Dr. Lee tomorrow at 9am")
    assert "**email Dr. Lee**" in reply and "Mon 23 Nov, 09:00 UTC" in reply
    assert "Done. I'll remind you Mon 23 Nov, 09:00 UTC" in await chat.press("Set it")
    assert "**1.** Mon 23 Nov, 09:00 UTC — email Dr. Lee" in await chat.say("/reminders")
    assert "Cancelled: email Dr. Lee" in await chat.say("/reminders cancel 1")
    assert "no reminders" in await chat.say("/reminders")


async def test_an_unreadable_time_gets_examples(chat: Chat) -> None:
    """What cannot be read is answered with phrasings that work."""
    reply = await chat.say("/remind sometime soonish")
    assert "remind every Monday 7pm: a timed UWorld block" in reply
    assert chat.labels() == []


async def test_timeline_picture_and_season_reminders_from_the_knowledge_base(chat: Chat) -> None:
    """The real season data draws, subscribes a week ahead of each date, and exports."""
    reply = await chat.say("/timeline 2027")
    [out] = [r for r in chat.last if r.attachment is not None]
    assert out.attachment is not None and out.attachment.data.startswith(b"\x89PNG")
    assert "Match Day" in reply
    assert out.sources
    reply = await chat.press("Remind me of these")
    assert "season reminders, the first on" in reply
    listing = await chat.say("/reminders")
    assert "Match Day" in listing and "_(season)_" in listing
    await chat.say("/calendar 2027")
    [ics] = [r for r in chat.last if r.attachment is not None]
    assert ics.attachment is not None and b"BEGIN:VCALENDAR" in ics.attachment.data
