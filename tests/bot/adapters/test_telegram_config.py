"""Telegram settings fail at start with a message naming the variable to fix."""

from __future__ import annotations

from typing import Any

import pytest

from bot.adapters.telegram.config import TelegramConfig, TelegramSettingsError
from bot.settings import Settings


def settings(**values: Any) -> Settings:
    """Settings from explicit values only (no environment, no .env)."""
    values.setdefault("telegram_bot_token", "123456:TEST")
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("values", "variable"),
    [
        ({"telegram_bot_token": None}, "TELEGRAM_BOT_TOKEN"),
        ({"telegram_bot_token": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"telegram_api_base_url": "http://127.0.0.1:8081/"}, "TELEGRAM_API_BASE_URL"),
        ({"telegram_api_base_url": "http://127.0.0.1:notaport/bot"}, "TELEGRAM_API_BASE_URL"),
        (
            {"telegram_api_base_file_url": "http://127.0.0.1:8081/files"},
            "TELEGRAM_API_BASE_FILE_URL",
        ),
        (
            {"telegram_webhook_url": "http://example.org/hook", "telegram_webhook_secret": "s"},
            "TELEGRAM_WEBHOOK_URL",
        ),
        ({"telegram_webhook_url": "https://example.org/hook"}, "TELEGRAM_WEBHOOK_SECRET"),
        (
            {
                "telegram_webhook_url": "https://example.org/hook",
                "telegram_webhook_secret": "has spaces!",
            },
            "TELEGRAM_WEBHOOK_SECRET",
        ),
    ],
)
def test_bad_settings_name_the_variable(values: dict[str, Any], variable: str) -> None:
    """Each missing or malformed setting is reported by its environment variable name."""
    with pytest.raises(TelegramSettingsError, match=variable):
        TelegramConfig.from_settings(settings(**values))


def test_defaults_point_at_telegram_and_poll() -> None:
    """With only a token: Telegram's own servers and long polling."""
    config = TelegramConfig.from_settings(settings())
    assert config.base_url == "https://api.telegram.org/bot"
    assert config.base_file_url == "https://api.telegram.org/file/bot"
    assert config.webhook is None


def test_local_bot_api_server_gets_a_matching_file_url() -> None:
    """A local Bot API server's file URL is derived in PTB's format when not given."""
    config = TelegramConfig.from_settings(settings(telegram_api_base_url="http://h:8081/bot"))
    assert config.base_file_url == "http://h:8081/file/bot"


def test_webhook_mode_takes_its_path_from_the_url() -> None:
    """PTB's webhook server answers on the public URL's path."""
    config = TelegramConfig.from_settings(
        settings(
            telegram_webhook_url="https://advisor.example.org/tg/updates",
            telegram_webhook_secret="s3cret_-",
            telegram_webhook_port=8444,
        )
    )
    assert config.webhook is not None
    assert (config.webhook.url_path, config.webhook.port) == ("tg/updates", 8444)
