"""Telegram's settings, checked at start-up: every problem names the variable to fix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.adapters.platform import PlatformStartError
from bot.settings import Settings

_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_PTB_FORMAT = "e.g. http://127.0.0.1:8081/bot (the token is appended to it)"


class TelegramStartError(PlatformStartError):
    """Telegram cannot start; the message says why in one line, fit to show an operator."""


class TelegramSettingsError(TelegramStartError, ValueError):
    """A Telegram setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where Telegram posts updates and where PTB's webhook server listens for them."""

    url: str  # public https URL given to Telegram
    url_path: str  # the path PTB's server answers on
    listen: str
    port: int
    secret: str


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    """Validated Telegram settings."""

    token: str
    base_url: str
    base_file_url: str
    webhook: Webhook | None

    @classmethod
    def from_settings(cls, settings: Settings) -> TelegramConfig:
        """Check the TELEGRAM_* settings; raise TelegramSettingsError naming a bad one."""
        token = settings.telegram_bot_token
        if not token:
            raise TelegramSettingsError("TELEGRAM_BOT_TOKEN is not set")
        if not _TOKEN.match(token):
            raise TelegramSettingsError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then "
                "letters, digits, _ or -), as @BotFather gives it"
            )
        base_url = settings.telegram_api_base_url or "https://api.telegram.org/bot"
        _check_api_url("TELEGRAM_API_BASE_URL", base_url)
        file_url = settings.telegram_api_base_file_url or _file_url_for(base_url)
        _check_api_url("TELEGRAM_API_BASE_FILE_URL", file_url)
        return cls(token, base_url, file_url, _webhook(settings))


def _check_api_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise TelegramSettingsError(f"{name} must be an http(s) URL, {_PTB_FORMAT}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise TelegramSettingsError(f"{name} has an invalid port: {url!r}") from None
    if "{token}" not in url and not parts.path.endswith("/bot"):
        raise TelegramSettingsError(
            f"{name} must end with /bot or contain {{token}}, {_PTB_FORMAT}; got {url!r}"
        )


def _file_url_for(base_url: str) -> str:
    if "{token}" not in base_url and base_url.endswith("/bot"):
        return base_url.removesuffix("/bot") + "/file/bot"
    return "https://api.telegram.org/file/bot"


def _webhook(settings: Settings) -> Webhook | None:
    url = settings.telegram_webhook_url
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise TelegramSettingsError(
            "TELEGRAM_WEBHOOK_URL must be a public https:// URL (Telegram only posts to HTTPS)"
        )
    secret = settings.telegram_webhook_secret
    if not secret:
        raise TelegramSettingsError(
            "TELEGRAM_WEBHOOK_SECRET is not set; webhook mode needs a secret (1-256 of A-Z, "
            "a-z, 0-9, _ and -) that Telegram sends with every update"
        )
    if not _SECRET.match(secret):
        raise TelegramSettingsError(
            "TELEGRAM_WEBHOOK_SECRET may only hold 1-256 of A-Z, a-z, 0-9, _ and -"
        )
    return Webhook(
        url=url,
        url_path=parts.path.strip("/"),
        listen=settings.telegram_webhook_listen,
        port=settings.telegram_webhook_port,
        secret=secret,
    )
