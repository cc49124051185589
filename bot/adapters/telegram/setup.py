"""`/setup` in a Telegram group: its admins switch cohort reminders on, check them, switch off.

The settings are stored like a Discord server's (the group is both the "guild" and the
channel) and the reminders scheduler is told through the `CohortHook`. Only the group's
administrators and creator may change them; Telegram says who they are (`getChatMember`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import Message
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden

from bot.adapters.telegram.send import TelegramSender
from bot.core.messages import Outgoing
from bot.core.ports import CohortHook
from bot.reminders.milestones import LEAD, REMIND_AT
from bot.storage.guild_models import GroupSettings, GuildSettingsStore
from flows.zones import parse_timezone

log = logging.getLogger(__name__)

PLATFORM = "telegram"
ADMINS = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
WHEN = f"{LEAD.days} days before each date, at {REMIND_AT:%H:%M}"

USAGE = ("**Cohort reminders** post the application season's milestones in this group, "
         f"{WHEN} in the group's time zone. For group admins:\n"
         "- `/setup on Africa/Cairo` — switch on (a city, a zone or `UTC+3`)\n"
         "- `/setup show` — what is set\n"
         "- `/setup off` — switch off")
NOT_ADMIN = "Sorry — only this group's admins can set up cohort reminders."
NEED_ZONE = ("Which time zone should the group's reminders follow? For example "
             "`/setup on Africa/Cairo`, `/setup on New York` or `/setup on UTC+3`.")
UNKNOWN_ZONE = ("I don't know the time zone `{zone}`. Try a city or a zone name, e.g. "
                "`/setup on Africa/Cairo`, `/setup on New York` or `/setup on UTC+3`.")
SWITCHED_ON = ("📅 **Cohort reminders are on.** I'll post the application season's milestones "
               f"here, {WHEN} (`{{tz}}`). Admins: `/setup show`, `/setup off`.")
CANNOT_POST = ("I couldn't post in the group \"{title}\", so cohort reminders are off there. "
               "Let me send messages in that group, then try `/setup on` again.")


def describe(settings: GroupSettings | None) -> str:
    """Say what a group's cohort settings are, in one short paragraph."""
    if settings is None or not settings.enabled:
        return ("Cohort reminders are **off** in this group. An admin can switch them on "
                "with `/setup on <time zone>`.")
    return (f"Cohort reminders are **on** in this group: season milestones, {WHEN} "
            f"(`{settings.timezone}`).")


class GroupSetup:
    """Answers `/setup` in a group, for its administrators only."""

    def __init__(self, sender: TelegramSender, store: GuildSettingsStore,
                 hook: CohortHook | None) -> None:
        self.sender = sender
        self.store = store
        self.hook = hook

    async def handle(self, message: Message, argument: str) -> None:
        """Answer `/setup on <zone>`, `show` or `off` from an admin; refuse anyone else."""
        chat_id = message.chat.id
        if not await self._from_admin(message):
            await self._say(chat_id, NOT_ADMIN)
            return
        action, _, rest = argument.strip().partition(" ")
        group = str(chat_id)
        match action.casefold():
            case "on" | "set":
                await self._switch_on(message, rest.strip())
            case "show" | "status":
                await self._say(chat_id, describe(await self.store.get(PLATFORM, group)))
            case "off":
                settings = await self.store.disable(PLATFORM, group)
                if self.hook is not None and settings is not None:
                    await self.hook.disable(PLATFORM, group)
                await self._say(chat_id, describe(settings))
            case _:
                await self._say(chat_id, USAGE)

    async def moved(self, old_chat: int, new_chat: int) -> None:
        """Carry the cohort settings over when Telegram upgrades a group to a supergroup.

        The upgrade gives the group a new id and the old one stops taking messages.
        """
        old, new = str(old_chat), str(new_chat)
        settings = await self.store.get(PLATFORM, old)
        if settings is None or not settings.enabled:
            return
        await self.store.save(PLATFORM, new, new, settings.timezone, settings.role_id)
        await self.store.disable(PLATFORM, old)
        if self.hook is not None:
            await self.hook.disable(PLATFORM, old)
            await self.hook.enable(PLATFORM, new, settings.timezone)
        log.info("cohort reminders moved with a group upgraded to a supergroup")

    async def _switch_on(self, message: Message, zone_text: str) -> None:
        chat_id = message.chat.id
        if not zone_text:
            await self._say(chat_id, NEED_ZONE)
            return
        parsed = parse_timezone(zone_text, datetime.now(UTC).date())
        if not parsed.ok:
            shown = zone_text.replace("`", "'")[:64]
            await self._say(chat_id, UNKNOWN_ZONE.format(zone=shown))
            return
        timezone, group = parsed.values["timezone"], str(chat_id)
        await self.store.save(PLATFORM, group, group, timezone, None)
        if self.hook is not None:
            # The chat id as TelegramSender.send takes it: the group's (negative) id as text.
            await self.hook.enable(PLATFORM, group, timezone)
        if await self._say(chat_id, SWITCHED_ON.format(tz=timezone)):
            return
        # The bot may not post there, so neither could the reminders: switch off, say why.
        await self.store.disable(PLATFORM, group)
        if self.hook is not None:
            await self.hook.disable(PLATFORM, group)
        if message.from_user is not None:
            title = (message.chat.title or "").replace("`", "'")
            await self._say(message.from_user.id, CANNOT_POST.format(title=title))

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

    async def _say(self, chat_id: int, text: str) -> bool:
        """Send one message; return False if Telegram refused it (no rights, not a member)."""
        try:
            await self.sender.deliver(chat_id, [Outgoing(text)], public=chat_id < 0)
        except (BadRequest, Forbidden) as exc:
            log.info("a setup reply was refused: %s", exc.message)
            return False
        return True
