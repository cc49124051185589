"""Discord UI pieces: the bot class, persistent choice buttons and the typed-reply modal.

Buttons carry the core's `Choice.payload` as their custom id and are matched by a
`DynamicItem` template, so a press on a message sent before a restart still reaches the
advisor; the core decides whether that press is outdated.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any, Protocol

import discord
from discord.ext import commands

PLATFORM = "discord"
# Adapter-local custom id: opens a modal so a member can type a reply where they cannot
# type a DM (ephemeral mode). Core payloads never start with "discord:".
TYPE_REPLY = "discord:reply"
CUSTOM_ID_LIMIT = 100
# DM channel ids remembered (about 150 bytes each); discord.py itself keeps only 128 DMs.
DM_IDS_KEPT = 20_000


class InteractionHandler(Protocol):
    """What the buttons and the modal hand their interactions to."""

    async def on_press(self, interaction: discord.Interaction, payload: str) -> None:
        """Handle a pressed choice button."""
        ...

    async def on_reply(self, interaction: discord.Interaction, text: str) -> None:
        """Handle a reply typed into the modal."""
        ...

    async def on_failure(self, interaction: discord.Interaction, error: Exception) -> None:
        """Tell the member something went wrong, and log it without personal data."""
        ...


def advisor_intents() -> discord.Intents:
    """Return the minimal, non-privileged intents: guild metadata and DMs.

    Slash commands, buttons and modals arrive without any intent; DM text arrives without
    message_content because Discord exempts messages addressed to the bot.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.dm_messages = True
    return intents


class AdvisorBot(commands.Bot):
    """The discord.py client; `ui` is where buttons and modals send their interactions."""

    def __init__(self, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=advisor_intents(),
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            max_messages=None,  # keep no message history in memory: DMs are personal
            chunk_guilds_at_startup=False,
            **options,
        )
        self.ui: InteractionHandler | None = None
        self._dm_ids: OrderedDict[int, int] = OrderedDict()

    async def open_dm(
        self, user: discord.abc.Snowflake
    ) -> discord.DMChannel | discord.PartialMessageable:
        """Return the member's DM channel, asking Discord for it once per member.

        discord.py caches only the 128 most recent DM channels; in a bigger server each
        `/advisor start` or reminder would otherwise open the DM again (one more request).
        """
        channel_id = self._dm_ids.get(user.id)
        if channel_id is not None:
            self._dm_ids.move_to_end(user.id)
            return self.get_partial_messageable(channel_id, type=discord.ChannelType.private)
        channel = await self.create_dm(user)
        self._dm_ids[user.id] = channel.id
        if len(self._dm_ids) > DM_IDS_KEPT:
            self._dm_ids.popitem(last=False)
        return channel

    def dm_user(self, channel_id: int) -> int | None:
        """Return the member whose DM channel this is, if the bot opened it; else None.

        A scan, but only on a 429 (the shared budget holds that member's chat).
        """
        for user_id, dm_id in reversed(self._dm_ids.items()):
            if dm_id == channel_id:
                return user_id
        return None

    async def on_message(self, message: discord.Message, /) -> None:
        """Skip prefix-command parsing: the advisor has slash commands only."""


class ChoiceButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(r"(?P<payload>.+)", re.DOTALL),
):
    """A button whose custom id is a core payload; works across restarts."""

    def __init__(
        self,
        payload: str,
        label: str = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(discord.ui.Button(label=label[:80], custom_id=payload, style=style))
        self.payload = payload

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ChoiceButton:
        """Rebuild the button from a press on any message, old or new."""
        label = getattr(item, "label", None) or "…"
        return cls(match["payload"], label)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Pass the press on to the advisor's interaction handler."""
        handler = interaction.client.ui if isinstance(interaction.client, AdvisorBot) else None
        if handler is not None:
            await handler.on_press(interaction, self.payload)


class ReplyModal(discord.ui.Modal):
    """A one-field form for typing a reply (an answer, a number, a question)."""

    reply: discord.ui.TextInput[ReplyModal] = discord.ui.TextInput(
        label="Your reply", style=discord.TextStyle.paragraph, max_length=1000
    )

    def __init__(self, handler: InteractionHandler) -> None:
        super().__init__(title="Reply to IMG Advisor", timeout=15 * 60)
        self.handler = handler

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Hand the typed text to the advisor."""
        await self.handler.on_reply(interaction, self.reply.value)

    # Modal's own on_error drops View's `item` argument; discord.py's stubs don't say so.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        """Report failures the same way as everywhere else."""
        await self.handler.on_failure(interaction, error)
