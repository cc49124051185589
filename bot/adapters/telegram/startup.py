"""Bringing the Telegram bot up: connecting, the command menus, and polling or the webhook.

Each step turns what can go wrong with the settings (a rejected token, an unreachable API,
a webhook port in use) into `TelegramSettingsError` or `TelegramStartError` with the fix.
"""

from __future__ import annotations

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
)
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from bot.adapters.telegram.config import TelegramConfig, TelegramSettingsError, TelegramStartError
from bot.core.commands import COMMANDS_BY_NAME, menu_commands

ALLOWED_UPDATES = ["message", "callback_query"]


async def connect(app: Application, config: TelegramConfig) -> None:
    """Initialize the application (which checks the token with Telegram)."""
    try:
        await app.initialize()
    except InvalidToken as exc:
        raise TelegramSettingsError("TELEGRAM_BOT_TOKEN was rejected by Telegram") from exc
    except NetworkError as exc:
        where = config.base_url.removesuffix("/bot")
        raise TelegramStartError(
            f"cannot reach the Telegram Bot API at {where} ({exc.message}); check "
            "TELEGRAM_API_BASE_URL and the network"
        ) from exc


async def register_commands(bot: Bot) -> None:
    """Set the command menus: private chats, groups, and group admins."""
    menu = menu_commands()
    await bot.set_my_commands([BotCommand(c.name, c.description) for c in menu])
    # Groups only list what works there; personal commands would just point to a DM.
    in_groups = [BotCommand(c.name, c.description) for c in menu if not c.personal]
    await bot.set_my_commands(in_groups, scope=BotCommandScopeAllGroupChats())
    # Telegram shows group admins this list instead, so /setup is where they look for it.
    setup = COMMANDS_BY_NAME["setup"]
    await bot.set_my_commands(
        [*in_groups, BotCommand(setup.name, setup.description)],
        scope=BotCommandScopeAllChatAdministrators(),
    )


async def take_updates(app: Application, config: TelegramConfig, poll_timeout: int) -> None:
    """Start long polling, or PTB's webhook server when a webhook URL is set."""
    webhook = config.webhook
    if webhook is None:
        await app.updater.start_polling(  # type: ignore[union-attr]
            timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES, bootstrap_retries=3
        )
        return
    try:
        await app.updater.start_webhook(  # type: ignore[union-attr]
            listen=webhook.listen,
            port=webhook.port,
            url_path=webhook.url_path,
            webhook_url=webhook.url,
            secret_token=webhook.secret,
            allowed_updates=ALLOWED_UPDATES,
            bootstrap_retries=3,
        )
    except OSError as exc:
        raise TelegramStartError(
            f"cannot listen on {webhook.listen}:{webhook.port} for the webhook "
            f"({exc.strerror}); check TELEGRAM_WEBHOOK_LISTEN and "
            "TELEGRAM_WEBHOOK_PORT"
        ) from exc
