"""Telegram for IMG Advisor on python-telegram-bot 22: updates in, the core's replies out.

The adapter only translates: an Update becomes an `Incoming`, the Advisor decides, and each
`Outgoing` is rendered by `TelegramSender`. Private chats get the whole conversation; in
groups the bot answers only its commands, mentions of it and replies to it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.adapters.telegram.config import TelegramConfig, TelegramSettingsError, TelegramStartError
from bot.adapters.telegram.groups import addressed_text
from bot.adapters.telegram.http import AiohttpRequest
from bot.adapters.telegram.render import PayloadCodec, to_html
from bot.adapters.telegram.runtime import (
    PatientRateLimiter,
    PerChatUpdateProcessor,
    TicketedQueue,
    UpdateOrder,
    keep_secrets_out_of_logs,
)
from bot.adapters.telegram.send import TelegramSender, answer_press, only_echoes
from bot.adapters.telegram.setup import GroupSetup
from bot.adapters.telegram.startup import connect, register_commands, take_updates
from bot.core import texts
from bot.core.advisor import Advisor
from bot.core.commands import split_command
from bot.core.messages import ChatKind, Incoming, Outgoing
from bot.logs import log_failure
from bot.settings import Settings

__all__ = ["TelegramService", "TelegramSettingsError", "TelegramStartError"]

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ANSWER_WITHIN = 2.0  # seconds before a pressed button's spinner is stopped regardless
# Telegram takes about 30 messages a second from a bot: 8 requests in flight cover that even
# at 250 ms round trips. More concurrency only costs CPU (httpcore's pool bookkeeping grows
# with the square of what is queued in it), so requests wait in the rate limiter instead.
HTTP_IN_FLIGHT = 8
RUNNING_UPDATES = 16  # updates being handled at once (chats waiting their turn not counted)
Context = ContextTypes.DEFAULT_TYPE


class TelegramService:
    """The Telegram bot: long polling, or PTB's webhook server when a webhook URL is set."""

    def __init__(
        self,
        settings: Settings,
        advisor: Advisor,
        *,
        rate_limiter: AIORateLimiter | None = None,
        poll_timeout: int = 10,
        on_retry_after: Callable[[float], Awaitable[None]] | None = None,
        order: UpdateOrder | None = None,
    ) -> None:
        self.config = TelegramConfig.from_settings(settings)
        self.advisor = advisor
        # Several webhook workers may share a chat's updates: they keep its order between
        # them. One poller takes them in order by itself.
        order = order if self.config.webhook else None
        self.processor = PerChatUpdateProcessor(max_running=RUNNING_UPDATES, order=order)
        builder = Application.builder()
        if order is not None:
            builder = builder.update_queue(TicketedQueue(order))
        self.application: Application = (
            builder.token(self.config.token)
            .base_url(self.config.base_url)
            .base_file_url(self.config.base_file_url)
            # the rate limiter already caps requests at the pool's size: no pool timeout
            .request(AiohttpRequest(HTTP_IN_FLIGHT, pool_timeout=None))
            .get_updates_request(AiohttpRequest(1))
            .rate_limiter(
                rate_limiter
                or PatientRateLimiter(
                    max_in_flight=HTTP_IN_FLIGHT,
                    on_retry_after=on_retry_after,
                    overall_max_rate=settings.telegram_messages_per_second,
                )
            )
            .concurrent_updates(self.processor)
            .job_queue(None)  # reminders have their own database-backed scheduler
            .build()
        )
        self.sender = TelegramSender(self.application.bot, PayloadCodec())
        self.setup = GroupSetup(self.sender, advisor)
        self._poll_timeout = poll_timeout
        app = self.application
        private = filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL
        app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & private, self._on_private))
        app.add_handler(
            MessageHandler(
                filters.UpdateType.MESSAGE
                & filters.ChatType.GROUPS
                & (filters.TEXT | filters.CAPTION),
                self._on_group,
            )
        )
        app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self._on_migrate))
        app.add_handler(CallbackQueryHandler(self._on_press))
        app.add_error_handler(self._on_error)

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Connect, register the command menu, and start polling or the webhook server."""
        keep_secrets_out_of_logs()
        app = self.application
        await connect(app, self.config)
        try:
            await register_commands(app.bot)
            await take_updates(app, self.config, self._poll_timeout)
            await app.start()
        except BaseException:
            await self.stop()
            raise
        log.info(
            "Telegram bot @%s started (%s)",
            app.bot.username,
            "webhook" if self.config.webhook else "long polling",
        )

    async def stop(self) -> None:
        """Stop taking updates, finish the ones in hand, and close connections."""
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    # -- updates ---------------------------------------------------------------------------

    async def _on_private(self, update: Update, _context: Context) -> None:
        """Hand a private message to the core and send its replies."""
        message, user = update.message, update.effective_user
        if message is None or user is None or user.is_bot:
            return
        text = message.text or message.caption or ""
        await self._converse(
            Incoming(
                PLATFORM,
                str(user.id),
                str(message.chat.id),
                ChatKind.PRIVATE,
                text=text,
                display_name=user.first_name,
            ),
            message.chat.id,
            public=False,
        )

    async def _on_migrate(self, update: Update, _context: Context) -> None:
        """A group became a supergroup (new chat id): its cohort reminders follow it.

        Telegram announces the upgrade in both chats. Only the old chat's announcement is
        acted on: it comes in order after that chat's earlier updates (a `/setup` just
        before), and the two cannot race each other.
        """
        message = update.effective_message
        if message is not None and message.migrate_to_chat_id is not None:
            await self.setup.moved(message)

    async def _on_group(self, update: Update, _context: Context) -> None:
        """Answer a group message if it is a command for us, mentions us or replies to us."""
        message, user = update.message, update.effective_user
        if message is None or user is None:
            return
        text = addressed_text(message, self.application.bot)
        if text is None:
            return
        command = split_command(text)
        # Before the bot check: an anonymous admin's message comes from @GroupAnonymousBot.
        if command is not None and command[0] == "setup":
            await self.setup.handle(message, text)
            return
        if user.is_bot:
            return
        await self._converse(
            Incoming(
                PLATFORM,
                str(user.id),
                str(message.chat.id),
                ChatKind.PUBLIC,
                text=text,
                display_name=user.first_name,
            ),
            message.chat.id,
            public=True,
        )

    async def _on_press(self, update: Update, _context: Context) -> None:
        """Hand a pressed button to the core, answer the press and tidy the pressed message."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        chat = update.effective_chat
        public = chat is not None and chat.type != ChatType.PRIVATE
        chat_id = chat.id if chat is not None else user.id
        incoming = Incoming(
            PLATFORM,
            str(user.id),
            str(chat_id),
            ChatKind.PUBLIC if public else ChatKind.PRIVATE,
            payload=self.sender.codec.decode(query.data or ""),
            display_name=user.first_name,
        )
        handling = asyncio.ensure_future(self.advisor.handle(incoming))
        done, _ = await asyncio.wait({handling}, timeout=ANSWER_WITHIN)
        answered = not done
        if answered:  # the core is slow: stop the spinner now, reply when ready
            await answer_press(query)
        replies = await handling
        stale = next((r for r in replies if r.stale), None)
        if stale is not None:
            if not answered:
                await answer_press(query, stale.text)
            await self.sender.remove_buttons(query.message)
            return
        if not answered:
            await answer_press(query)
        first = replies[0] if replies else None
        if first is not None and first.answered_label:
            shown = await self.sender.mark_answered(query.message, first.answered_label)
            if shown and only_echoes(first):
                replies = replies[1:]
        await self._deliver(chat_id, replies, public=public, user_id=str(user.id))

    async def _converse(self, incoming: Incoming, chat_id: int, *, public: bool) -> None:
        replies = await self.advisor.handle(incoming)
        await self._deliver(chat_id, replies, public=public, user_id=incoming.user_id)

    async def _deliver(
        self, chat_id: int, replies: list[Outgoing], *, public: bool, user_id: str
    ) -> None:
        try:
            await self.sender.deliver(chat_id, replies, public=public)
        except Forbidden:
            if public:
                log.info("a group refused delivery (the bot was removed?)")
                return
            # Blocked by the user: remember it so nothing keeps retrying them.
            log.info("a user blocked the bot; marking them unreachable")
            await self.advisor.mark_unreachable(PLATFORM, user_id)

    async def _on_error(self, update: object, context: Context) -> None:
        """Log the failure without personal data and tell the user something went wrong."""
        error = context.error
        if error is None:
            return
        if isinstance(error, Forbidden) and isinstance(update, Update):
            chat, user = update.effective_chat, update.effective_user
            if chat is not None and chat.type == ChatType.PRIVATE and user is not None:
                log.info("a user blocked the bot; marking them unreachable")
                await self.advisor.mark_unreachable(PLATFORM, str(user.id))
            return
        log_failure(log, "handling a Telegram update failed", error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        if update.callback_query is not None:
            await answer_press(update.callback_query)
        try:
            await context.bot.send_message(
                update.effective_chat.id, to_html(texts.APOLOGY), parse_mode=ParseMode.HTML
            )
        except TelegramError:
            log.info("could not tell the user about the failure either")
