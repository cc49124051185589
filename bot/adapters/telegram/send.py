"""Deliver the core's replies to a Telegram chat: HTML chunks, keyboards, photos and files."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    MaybeInaccessibleMessage,
    Message,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.adapters.telegram.render import (
    MAX_CAPTION,
    MAX_MESSAGE,
    PayloadCodec,
    answered_html,
    keyboard,
    split_html,
    utf16_len,
)
from bot.core.messages import Attachment, Outgoing
from bot.core.ports import Unreachable

log = logging.getLogger(__name__)

# Sources are links: a preview card of the first one would bury the answer.
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class TelegramSender:
    """Sends Outgoing messages through a PTB Bot; a Sender for reminders and other features."""

    platform = "telegram"

    def __init__(self, bot: Bot, codec: PayloadCodec) -> None:
        self.bot = bot
        self.codec = codec

    async def send(self, chat_id: str, messages: Sequence[Outgoing]) -> None:
        """Send messages to the chat; raise Unreachable if the user blocked the bot."""
        numeric = int(chat_id)
        try:
            # Telegram's group and channel ids are negative, people's are positive.
            await self.deliver(numeric, messages, public=numeric < 0)
        except Forbidden as exc:
            raise Unreachable(f"telegram chat refused delivery: {exc.message}") from exc

    async def deliver(self, chat_id: int, messages: Sequence[Outgoing], *, public: bool) -> None:
        """Send each reply in order; personal replies never go to a public chat.

        A reply that fails (after the rate limiter's retries) does not stop the rest: the
        next question must still arrive. The first failure is raised once all were tried; a
        chat that refuses the bot (Forbidden) stops delivery at once.
        """
        first_failure: TelegramError | None = None
        for out in messages:
            if public and out.private:
                # The core should never do this; if it does, fail closed.
                log.warning("dropped a personal reply addressed to a public chat")
                continue
            try:
                await self._send_one(chat_id, out)
            except Forbidden:
                raise
            except TelegramError as exc:
                log.warning("a reply failed (%s); sending the rest", type(exc).__name__)
                first_failure = first_failure or exc
        if first_failure is not None:
            raise first_failure

    async def _send_one(self, chat_id: int, out: Outgoing) -> None:
        text = out.text  # sources are cited in the text by the knowledge engine
        markup = keyboard(out.choices, self.bot.username, self.codec)
        if out.attachment is None:
            await self._send_text(chat_id, text, markup)
            return
        captions = split_html(text, MAX_CAPTION)
        if len(captions) > 1:  # too long for a caption: the text first, then the file
            await self._send_text(chat_id, text, None)
            captions = []
        await self._send_file(chat_id, out.attachment, captions[0] if captions else None, markup)

    async def _send_text(
        self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        chunks = split_html(text, MAX_MESSAGE)
        if not chunks:
            if markup is None:
                return
            chunks = ["…"]  # Telegram needs some text to hang buttons on
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await self.bot.send_message(
                chat_id,
                chunk,
                parse_mode=ParseMode.HTML,
                link_preview_options=_NO_PREVIEW,
                reply_markup=markup if last else None,
            )

    async def _send_file(
        self,
        chat_id: int,
        attachment: Attachment,
        caption: str | None,
        markup: InlineKeyboardMarkup | None,
    ) -> None:
        upload = InputFile(attachment.data, filename=attachment.filename)
        if attachment.is_image:
            await self.bot.send_photo(
                chat_id, upload, caption=caption, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        else:
            await self.bot.send_document(
                chat_id, upload, caption=caption, parse_mode=ParseMode.HTML, reply_markup=markup
            )

    async def mark_answered(self, message: MaybeInaccessibleMessage | None, label: str) -> bool:
        """Show the chosen answer under the pressed question and remove its buttons."""
        if not isinstance(message, Message) or not message.text:
            await self.remove_buttons(message)
            return False
        edited = answered_html(message.text_html, label)
        if utf16_len(edited) > MAX_MESSAGE:
            await self.remove_buttons(message)
            return False
        try:
            await message.edit_text(
                edited,
                parse_mode=ParseMode.HTML,
                reply_markup=None,
                link_preview_options=_NO_PREVIEW,
            )
        except BadRequest as exc:
            if "not modified" in exc.message:
                return True
            log.warning("could not mark a pressed message as answered: %s", exc.message)
            return False
        return True

    async def remove_buttons(self, message: MaybeInaccessibleMessage | None) -> None:
        """Take the buttons off an outdated message so they cannot be pressed again."""
        if not isinstance(message, Message) or message.reply_markup is None:
            return
        try:
            await message.edit_reply_markup(reply_markup=None)
        except BadRequest as exc:  # too old to edit, or already without buttons
            log.info("could not remove outdated buttons: %s", exc.message)


def only_echoes(reply: Outgoing) -> bool:
    """Return whether the reply only repeats the chosen label (already shown by the edit)."""
    label = reply.answered_label or ""
    return (
        reply.text.strip() in {label, f"✓ {label}"}
        and not reply.choices
        and reply.attachment is None
    )


async def answer_press(query: CallbackQuery, text: str | None = None) -> None:
    """Stop a pressed button's spinner, showing a short text if given."""
    try:
        await query.answer(text[:200] if text else None, show_alert=False)
    except BadRequest as exc:  # already answered, or too old to answer
        log.info("could not answer a button press: %s", exc.message)
