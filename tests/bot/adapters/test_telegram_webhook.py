"""Webhook mode: PTB's own server takes updates Telegram POSTs, only with the right secret."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest

from bot.adapters.telegram.service import TelegramService, TelegramStartError
from tests.bot.adapters.telegram_harness import running_bot
from tests.fakes.telegram_server import FakeTelegram

SECRET = "s3cret-Token_1"


def free_port() -> int:
    """Return a loopback port nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def webhook_bot(
    fake_telegram: FakeTelegram, sqlite_url: str
) -> AsyncIterator[TelegramService]:
    """The advisor in webhook mode, its server on a loopback port the fake posts to."""
    port = free_port()
    async with running_bot(
        fake_telegram,
        sqlite_url,
        telegram_webhook_url="https://advisor.example.org/tg/hook",
        telegram_webhook_secret=SECRET,
        telegram_webhook_listen="127.0.0.1",
        telegram_webhook_port=port,
    ) as service:
        fake_telegram.webhook_target = f"http://127.0.0.1:{port}/tg/hook"
        yield service


async def test_webhook_is_registered_with_its_secret(
    fake_telegram: FakeTelegram, webhook_bot: TelegramService
) -> None:
    """At start the bot tells Telegram its public URL and the secret to send."""
    assert fake_telegram.webhook_url == "https://advisor.example.org/tg/hook"
    assert fake_telegram.webhook_secret == SECRET
    assert fake_telegram.calls_to("getUpdates") == []


async def test_updates_posted_with_the_secret_are_answered(
    fake_telegram: FakeTelegram, webhook_bot: TelegramService
) -> None:
    """A message delivered by webhook gets the same conversation as with polling."""
    dm = fake_telegram.private_chat(fake_telegram.user("Amira"))
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await dm.press("Skip", question)
    visa = await dm.next_message()
    assert "visa" in visa.text


@pytest.mark.parametrize("secret", [None, "wrong-secret"])
async def test_updates_without_the_right_secret_are_refused(
    fake_telegram: FakeTelegram, webhook_bot: TelegramService, secret: str | None
) -> None:
    """A POST without the secret header, or with another one, is refused and ignored."""
    dm = fake_telegram.private_chat(fake_telegram.user("Mallory"))
    update = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": dm.to_api(),
            "from": dm.user.to_api(),
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    assert await fake_telegram.post_to_webhook(update, secret) == 403
    assert await dm.quiet() == []


async def test_busy_webhook_port_fails_start_naming_the_setting(
    fake_telegram: FakeTelegram, sqlite_url: str
) -> None:
    """If the webhook port is taken, start fails with a reason instead of a traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(TelegramStartError, match="TELEGRAM_WEBHOOK_PORT"):
            async with running_bot(
                fake_telegram,
                sqlite_url,
                telegram_webhook_url="https://example.org/tg",
                telegram_webhook_secret=SECRET,
                telegram_webhook_listen="127.0.0.1",
                telegram_webhook_port=taken.getsockname()[1],
            ):
                pass
