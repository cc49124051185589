"""Which group messages are meant for the bot: its commands, mentions of it, replies to it."""

from __future__ import annotations

from telegram import Bot, Message
from telegram.constants import MessageEntityType

from bot.core.commands import COMMANDS_BY_NAME


def addressed_text(message: Message, me: Bot) -> str | None:
    """Return the text meant for us in a group message, or None if it isn't for us."""
    text = message.text or message.caption or ""
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    for entity, value in entities.items():
        if entity.type == MessageEntityType.BOT_COMMAND and entity.offset == 0:
            name, _, target = value[1:].partition("@")
            if target and target.lower() != me.username.lower():
                return None  # another bot's command
            return text if name.lower() in COMMANDS_BY_NAME else None
    username = me.username.lower()
    mentions = [
        value
        for entity, value in entities.items()
        if (entity.type == MessageEntityType.MENTION and value[1:].lower() == username)
        or (
            entity.type == MessageEntityType.TEXT_MENTION
            and entity.user is not None
            and entity.user.id == me.id
        )
    ]
    if mentions:
        for mention in mentions:
            text = text.replace(mention, " ")
        return " ".join(text.split())
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == me.id:
        return text
    return None
