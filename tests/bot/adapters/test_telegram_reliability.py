"""Flood limits, blocked users, flaky networks, failures and restarts don't lose anyone."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.adapters.telegram.service import TelegramService
from bot.core.messages import Outgoing
from bot.core.ports import Unreachable
from bot.storage.database import create_engine
from bot.storage.models import Identity, User
from tests.bot.adapters.telegram_harness import running_bot
from tests.bot.adapters.telegram_script import answer_until
from tests.conftest import eventually
from tests.fakes.telegram_server import FakeTelegram

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


async def unreachable_since(database_url: str, telegram_id: int) -> object:
    """Return when the user was marked unreachable (None if not), straight from the database."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return (
                await conn.execute(
                    select(User.unreachable_at)
                    .join(Identity, Identity.user_id == User.id)
                    .where(
                        Identity.platform == "telegram", Identity.external_id == str(telegram_id)
                    )
                )
            ).scalar_one_or_none()
    finally:
        await engine.dispose()


async def test_429_storm_delays_but_delivers_everything_once(telegram: FakeTelegram) -> None:
    """Several users at once hit "retry after 1": all wait, then every reply arrives once."""
    chats = [telegram.private_chat(telegram.user(f"User{n}")) for n in range(6)]
    telegram.fail("sendMessage", 429, retry_after=1, times=4)
    for dm in chats:
        await dm.send("/start")
    for dm in chats:
        welcome, question = await dm.next_messages(2, within=10)
        assert "IMG Advisor" in welcome.text and question.text.startswith("Question 1 of")
        assert await dm.quiet(0) == []
    sends = telegram.calls_to("sendMessage")
    rejected = [c for c in sends if c.status == 429]
    assert len(rejected) == 4
    assert len([c for c in sends if c.status == 200]) == 12
    first = rejected[0].at
    # After a 429 nothing new is sent until retry_after has passed (in-flight ones aside).
    assert not [c for c in sends if first + 0.25 < c.at < first + 1.0]


async def test_blocked_user_is_marked_unreachable_and_not_retried(
    telegram: FakeTelegram, telegram_bot: TelegramService, sqlite_url: str
) -> None:
    """When a user blocks the bot, the reply fails once and they are marked unreachable."""
    amira = telegram.user("Amira")
    dm = telegram.private_chat(amira)
    await dm.send("/start")
    await dm.next_messages(2)
    assert await unreachable_since(sqlite_url, amira.id) is None
    telegram.block(amira)
    await dm.send("Amira")
    await eventually(lambda: unreachable_since(sqlite_url, amira.id))
    assert await unreachable_since(sqlite_url, amira.id) is not None
    refused = [c for c in telegram.calls_to("sendMessage") if c.status == 403]
    assert len(refused) == 1
    with pytest.raises(Unreachable):
        await telegram_bot.sender.send(str(amira.id), [Outgoing("A reminder")])


async def test_network_errors_are_retried(telegram: FakeTelegram) -> None:
    """Two failed attempts (502) later, the reply still arrives."""
    dm = telegram.private_chat(telegram.user("Amira"))
    telegram.fail("sendMessage", 502, times=2)
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    assert question.text.startswith("Question 1 of")


async def test_a_reply_that_keeps_failing_does_not_take_the_next_question(
    telegram: FakeTelegram,
) -> None:
    """The welcome fails through every retry (500s); the first question still arrives."""
    dm = telegram.private_chat(telegram.user("Amira"))
    telegram.fail("sendMessage", 500, times=4)  # the first send and its three retries
    await dm.send("/start")
    arrived = [await dm.next_message(within=10), *await dm.quiet(0.5)]
    assert any(m.text.startswith("Question 1 of") for m in arrived), arrived


async def test_unexpected_failure_is_apologised_for_and_answers_kept(
    telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected error is logged without personal data; the user is told; nothing is lost.

    Even at DEBUG, neither PTB nor httpx may log what was typed or the bot token.
    """
    caplog.set_level(logging.DEBUG)
    dm = telegram.private_chat(telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await answer_until(dm, question, "ask_name")
    telegram.fail("sendMessage", 400)
    await dm.send("Zanzibar Quill")
    apology = await dm.next_message()
    assert "something went wrong" in apology.text
    profile = await dm.ask("/profile")
    assert "Zanzibar Quill" in profile.text
    ours = ("bot", "telegram", "httpx", "httpcore")  # the database driver's debug log aside
    logged = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if r.name.split(".")[0] in ours
    )
    assert "handling a Telegram update failed: BadRequest" in logged
    assert "Zanzibar" not in logged
    assert telegram.token not in logged


async def test_restart_mid_interview_carries_on(
    fake_telegram: FakeTelegram, sqlite_url: str
) -> None:
    """Stopping the bot mid-interview and starting it again on the same file loses nothing."""
    dm = fake_telegram.private_chat(fake_telegram.user("Amira"))
    async with running_bot(fake_telegram, sqlite_url):
        await dm.send("/start")
        _, question = await dm.next_messages(2)
        visa = await answer_until(dm, question, "ask_visa")  # the name told: Amira
        await dm.press("Need a J-1", visa)
        graduation = await dm.next_message()
        assert "graduate" in graduation.text
    await dm.send("2019")  # typed while the bot is down: Telegram keeps the update
    async with running_bot(fake_telegram, sqlite_url):
        question = await dm.next_message()
        assert "Which Match" in question.text
        profile = await dm.ask("/profile")
    assert "name: Amira" in profile.text
    assert "need a j-1" in profile.text.lower()
    assert "2019" in profile.text
