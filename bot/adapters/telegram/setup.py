"""`/setup` in a Telegram group: the platform's part of the group setup feature.

The feature (bot/reminders/group_setup.py) parses, stores and phrases. This module tells it
whether the sender is one of the group's administrators or its creator (Telegram says who
with `getChatMember`), posts its answer in the group, and reports two events: the group
refused the answer (the admin then hears why in private), and an upgrade to a supergroup
gave the group a new chat id.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Message
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden

from bot.adapters.telegram.send import TelegramSender
from bot.core.advisor import Advisor
from bot.core.messages import ChatKind, Incoming, Outgoing
from bot.reminders import group_setup

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ADMINS = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


class GroupSetup:
    """Hands `/setup` in a group to the core, saying whether its sender is an admin."""

    def __init__(self, sender: TelegramSender, advisor: Advisor) -> None:
        self.sender = sender
        self.advisor = advisor

    async def handle(self, message: Message, text: str) -> None:
        """Answer `/setup ...` in the group; if the group refuses the answer, tell the core."""
        chat_id, user = message.chat.id, message.from_user
        incoming = Incoming(
            PLATFORM,
            str(user.id if user is not None else chat_id),
            str(chat_id),
            ChatKind.PUBLIC,
            text=text,
            display_name=user.first_name if user else None,
            is_admin=await self._from_admin(message),
        )
        if await self._say(chat_id, await self.advisor.handle(incoming)):
            return
        # The bot may not post there, so neither could the reminders: the feature switches
        # off what this answer switched on, and says why in private.
        refused = group_setup.unposted(text, message.chat.title or "")
        replies = await self.advisor.handle(
            Incoming(
                PLATFORM,
                incoming.user_id,
                incoming.chat_id,
                ChatKind.PUBLIC,
                payload=refused,
                is_admin=incoming.is_admin,
            )
        )
        if replies and user is not None:
            await self._say(user.id, replies)

    async def moved(self, message: Message) -> None:
        """Carry the cohort settings over when Telegram upgrades a group to a supergroup.

        The upgrade gives the group a new id and the old one stops taking messages.
        """
        new_chat = message.migrate_to_chat_id
        if new_chat is None:
            return
        user = message.from_user
        # Telegram itself reports the upgrade, so the adapter vouches for it as an admin would.
        await self.advisor.handle(
            Incoming(
                PLATFORM,
                str(user.id if user is not None else message.chat.id),
                str(new_chat),
                ChatKind.PUBLIC,
                payload=group_setup.moved(str(message.chat.id)),
                is_admin=True,
            )
        )

    async def _from_admin(self, message: Message) -> bool:
        if message.sender_chat is not None and message.sender_chat.id == message.chat.id:
            return True  # an anonymous admin, writing as the group itself
        user = message.from_user
        if user is None or user.is_bot:
            return False
        try:
            member = await self.sender.bot.get_chat_member(message.chat.id, user.id)
        except (BadRequest, Forbidden) as exc:
            log.info("could not look up a group member's status: %s", exc.message)
            return False
        return member.status in ADMINS

    async def _say(self, chat_id: int, replies: Sequence[Outgoing]) -> bool:
        """Send the replies; return False if Telegram refused them (no rights, not a member)."""
        try:
            await self.sender.deliver(chat_id, replies, public=chat_id < 0)
        except (BadRequest, Forbidden) as exc:
            log.info("a setup reply was refused: %s", exc.message)
            return False
        return True
