"""What the core sends arrives on Telegram as people expect: long texts, pictures, files."""

from __future__ import annotations

from bot.adapters.telegram.service import TelegramService
from bot.core.messages import Attachment, Choice, Outgoing
from tests.bot.adapters.telegram_script import answer_until
from tests.fakes.telegram_server import FakeTelegram

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


async def test_reminders_arrive_formatted(
    telegram: FakeTelegram, telegram_bot: TelegramService
) -> None:
    """A reminder sent through the Sender arrives with its formatting."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await telegram_bot.sender.send(str(dm.id), [Outgoing("**Reminder:** ERAS opens _today_")])
    message = await dm.next_message()
    assert message.text == "Reminder: ERAS opens today"
    assert [e["type"] for e in message.entities] == ["bold", "italic"]


async def test_long_text_is_split_at_paragraphs_in_order(
    telegram: FakeTelegram, telegram_bot: TelegramService
) -> None:
    """A 10,000-character reply arrives as several messages, buttons on the last one."""
    dm = telegram.private_chat(telegram.user("Amira"))
    paragraphs = [f"Paragraph {n}: " + "advice " * 80 for n in range(20)]
    await telegram_bot.sender.send(
        str(dm.id), [Outgoing("\n\n".join(paragraphs), choices=(Choice("Thanks", "x:thanks"),))]
    )
    messages = [await dm.next_message(), *await dm.quiet()]
    assert len(messages) == 3
    read = "\n\n".join(m.text for m in messages).split("\n\n")
    assert read == [p.strip() for p in paragraphs]
    assert [bool(m.keyboard) for m in messages] == [False, False, True]


async def test_pictures_and_files_are_sent_as_such(
    telegram: FakeTelegram, telegram_bot: TelegramService
) -> None:
    """An image goes as a photo with caption and buttons; anything else as a document."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await telegram_bot.sender.send(
        str(dm.id),
        [
            Outgoing(
                "**Match 2028**",
                choices=(Choice("Calendar file", "rem:cal:2028"),),
                attachment=Attachment("season.png", PNG, "image/png", is_image=True),
            ),
            Outgoing(
                "Your calendar",
                attachment=Attachment("match.ics", b"BEGIN:VCALENDAR", "text/calendar"),
            ),
        ],
    )
    photo, document = await dm.next_messages(2)
    assert (photo.kind, photo.text, photo.data, photo.labels) == (
        "photo",
        "Match 2028",
        PNG,
        ["Calendar file"],
    )
    assert (document.kind, document.filename, document.data) == (
        "document",
        "match.ics",
        b"BEGIN:VCALENDAR",
    )


async def test_personal_replies_never_reach_a_group(
    telegram: FakeTelegram, telegram_bot: TelegramService
) -> None:
    """Even if asked to, the adapter does not post a private reply in a group."""
    group = telegram.group("IMG study group")
    await telegram_bot.sender.send(
        str(group.id),
        [Outgoing("Your Step 2 score is 241", private=True), Outgoing("Hello, everyone")],
    )
    assert [m.text for m in [await group.next_message(), *await group.quiet()]] == [
        "Hello, everyone"
    ]


async def test_timeline_and_calendar_commands(telegram: FakeTelegram) -> None:
    """/timeline sends a picture of the season and /calendar an .ics file."""
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await answer_until(dm, question, "ask_step1_status")  # visa, graduation and Match told
    await dm.send("/timeline")
    sent = [await dm.next_message(), *await dm.quiet(0.5)]
    assert any(m.kind == "photo" and m.data and m.data.startswith(b"\x89PNG") for m in sent)
    await dm.send("/calendar")
    sent = [await dm.next_message(), *await dm.quiet(0.3)]
    calendar = next(m for m in sent if m.kind == "document")
    assert calendar.filename is not None and calendar.filename.endswith(".ics")
