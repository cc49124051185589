"""The `/advisor` commands, button presses, typed replies and DMs, translated for the core.

Every member-facing command comes from the core's command registry. In a server, personal
answers are ephemeral; `/advisor start` moves the interview to a DM, or keeps it in
ephemeral replies (with a "type a reply" modal) when the member's DMs are closed.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.adapters.discord.incoming import to_incoming
from bot.adapters.discord.limits import MemberLimits
from bot.adapters.discord.piece import Piece
from bot.adapters.discord.render import join, render_all, with_reply_button
from bot.adapters.discord.reply import (
    DM_SENT,
    DMS_CLOSED,
    InteractionReply,
    deliver,
    forbidden_help,
    is_cannot_dm,
    unwrap,
)
from bot.adapters.discord.slash import build_group, command_text, deep_link_text
from bot.adapters.discord.views import PLATFORM, TYPE_REPLY, AdvisorBot, ReplyModal
from bot.core import payloads
from bot.core.advisor import Advisor
from bot.core.commands import Command
from bot.core.messages import Outgoing
from bot.core.texts import APOLOGY
from bot.logs import log_failure

log = logging.getLogger(__name__)

SLOW_DOWN = "You're going a bit fast — please try again in {seconds} s."
ADMINS_ONLY = "Only members with the **Manage Server** permission can change these settings."
SERVER_ONLY = "This works in a server only."


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-user rate limits and the acknowledgement deadline."""

    commands: int = 5  # slash commands per member …
    commands_per: float = 10.0  # … in this many seconds
    presses: int = 20  # button presses and DMs per member …
    presses_per: float = 10.0  # … in this many seconds
    ack_after: float = 1.5  # defer when the advisor has not answered by then (Discord: 3 s)


class AdvisorCog(commands.Cog):
    """Translates Discord interactions and DMs to `Incoming` and renders the replies."""

    def __init__(self, bot: AdvisorBot, advisor: Advisor, limits: Limits) -> None:
        self.bot = bot
        self.advisor = advisor
        self.limits = limits
        self._commands = MemberLimits(limits.commands, limits.commands_per)
        self._presses = MemberLimits(limits.presses, limits.presses_per)
        self._warned: dict[int, float] = {}  # when each member was last told to slow down
        self.group = build_group(self.run_command, self._within_limit)

    async def cog_load(self) -> None:
        """Register `/advisor` and become the handler for buttons and modals."""
        self.bot.tree.add_command(self.group)
        self.bot.tree.on_error = self.on_failure  # type: ignore[method-assign]
        self.bot.ui = self

    async def cog_unload(self) -> None:
        """Undo cog_load."""
        self.bot.tree.remove_command(self.group.name)
        self.bot.ui = None

    # -- slash commands ------------------------------------------------------------------

    def _within_limit(self, interaction: discord.Interaction) -> bool:
        retry = self._commands.take(interaction.user.id)
        if retry is not None:
            raise app_commands.CommandOnCooldown(
                self._commands.cooldown(interaction.user.id), retry
            )
        return True

    async def run_command(
        self, interaction: discord.Interaction, spec: Command, values: dict[str, Any]
    ) -> None:
        """Answer `/advisor <command>`: ephemerally in a server, publicly if asked to."""
        text = command_text(spec, values)
        in_guild = interaction.guild is not None
        if spec.name == "start" and in_guild:
            await self._handoff(interaction, text)
            return
        public = in_guild and bool(values.get("public"))
        reply = InteractionReply(
            interaction,
            ephemeral=in_guild and not public,
            public=public,
            ack_after=self.limits.ack_after,
        )
        channel = interaction.channel_id if public else None
        replies = await reply.run(
            self.advisor.handle(to_incoming(interaction.user, text=text, channel_id=channel))
        )
        await reply.send(self._pieces(replies, reply))

    # -- buttons, the reply modal and DMs -----------------------------------------------

    async def on_press(self, interaction: discord.Interaction, payload: str) -> None:
        """Handle a pressed choice button (on any message, including pre-restart ones)."""
        try:
            if await self._flooding(interaction):
                return
            if payload == TYPE_REPLY:
                await interaction.response.send_modal(ReplyModal(self))
                return
            if (line := payloads.private_line(payload)) is not None:  # "continue privately"
                text = deep_link_text(line)
                if interaction.guild is None:
                    await self.on_reply(interaction, text)
                else:
                    await self._handoff(interaction, text)
                return
            in_guild = interaction.guild is not None
            pressed = interaction.message
            editable = pressed is not None and (not in_guild or pressed.flags.ephemeral)
            reply = InteractionReply(
                interaction, ephemeral=in_guild, ack_after=self.limits.ack_after
            )
            replies = await reply.run(
                self.advisor.handle(to_incoming(interaction.user, payload=payload)), update=editable
            )
            await self._answer_press(reply, pressed if editable else None, replies)
        except Exception as error:
            await self.on_failure(interaction, error)

    async def _answer_press(
        self, reply: InteractionReply, pressed: discord.Message | None, replies: list[Outgoing]
    ) -> None:
        if any(r.stale for r in replies):
            await reply.note("\n\n".join(r.text for r in replies))  # nothing changed
            return
        answered = next((r for r in replies if r.answered_label), None)
        if answered is not None and pressed is not None:
            plain = not (answered.choices or answered.attachment or answered.sources)
            await reply.show_answered(
                pressed, answered.text if plain else f"✓ {answered.answered_label}"
            )
            if plain:
                replies = [r for r in replies if r is not answered]
        await reply.send(self._pieces(replies, reply))

    async def on_reply(self, interaction: discord.Interaction, text: str) -> None:
        """Handle a reply typed into the modal, as if it had been typed in a DM."""
        try:
            reply = InteractionReply(
                interaction,
                ephemeral=interaction.guild is not None,
                ack_after=self.limits.ack_after,
            )
            replies = await reply.run(self.advisor.handle(to_incoming(interaction.user, text=text)))
            await reply.send(self._pieces(replies, reply))
        except Exception as error:
            await self.on_failure(interaction, error)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a DM; server messages are not ours to read."""
        if message.guild is not None or message.author.bot:
            return
        retry = self._presses.take(message.author.id)
        if retry is not None:
            log.info("dropped a DM from a member over the rate limit")
            # Said once per wait, so nobody is left wondering and a flood gets no echo.
            now = time.monotonic()
            if now >= self._warned.get(message.author.id, 0.0):
                if len(self._warned) > 10_000:  # forget waits that are over: memory stays flat
                    self._warned = {k: t for k, t in self._warned.items() if t > now}
                self._warned[message.author.id] = now + retry
                with contextlib.suppress(discord.HTTPException):
                    await message.channel.send(SLOW_DOWN.format(seconds=math.ceil(retry)))
            return
        try:
            replies = await self.advisor.handle(to_incoming(message.author, text=message.content))
            await deliver(message.channel, render_all(replies))
        except discord.Forbidden:
            await self.advisor.mark_unreachable(PLATFORM, str(message.author.id))
        except Exception as error:
            log_failure(log, "answering a DM failed", error)
            with contextlib.suppress(discord.HTTPException):
                await message.channel.send(APOLOGY)

    # -- helpers -------------------------------------------------------------------------

    async def _handoff(self, interaction: discord.Interaction, text: str) -> None:
        """Continue in the member's DMs, or ephemerally here if their DMs are closed."""
        reply = InteractionReply(interaction, ephemeral=True, ack_after=self.limits.ack_after)

        async def work() -> tuple[
            discord.DMChannel | discord.PartialMessageable | None, list[Piece]
        ]:
            replies = await self.advisor.handle(to_incoming(interaction.user, text=text))
            pieces = render_all(replies)
            dm = await self.bot.open_dm(interaction.user)
            try:
                await deliver(dm, pieces)
            except discord.Forbidden as error:
                if not is_cannot_dm(error):
                    raise
                return None, pieces
            return dm, pieces

        dm, pieces = await reply.run(work())
        if dm is None:
            await reply.send(with_reply_button(join([Piece(content=DMS_CLOSED), *pieces])))
        else:
            await reply.send([Piece(content=DM_SENT.format(url=dm.jump_url))])

    def _pieces(self, replies: list[Outgoing], reply: InteractionReply) -> list[Piece]:
        pieces = render_all(replies, shared=reply.public)
        # Members cannot type to the bot in a server channel: where a question waits for an
        # answer, offer a modal to type it in.
        asks = reply.ephemeral and any(r.awaits_answer for r in replies)
        return with_reply_button(pieces) if asks else pieces

    async def _flooding(self, interaction: discord.Interaction) -> bool:
        retry = self._presses.take(interaction.user.id)
        if retry is None:
            return False
        await InteractionReply(interaction, ephemeral=True).note(
            SLOW_DOWN.format(seconds=math.ceil(retry))
        )
        return True

    async def on_failure(self, interaction: discord.Interaction, error: Exception) -> None:
        """Tell the member what happened; log unexpected errors without personal data."""
        error = unwrap(error)  # type: ignore[assignment]
        if isinstance(error, app_commands.CommandOnCooldown):
            text = SLOW_DOWN.format(seconds=math.ceil(error.retry_after))
        elif isinstance(error, app_commands.MissingPermissions):
            text = ADMINS_ONLY
        elif isinstance(error, app_commands.NoPrivateMessage):
            text = SERVER_ONLY
        elif isinstance(error, discord.Forbidden):
            log.info("Discord refused a request (403, code %s)", error.code)
            text = forbidden_help(error)
        else:
            log_failure(log, "an interaction failed", error)
            text = APOLOGY
        await InteractionReply(interaction, ephemeral=True).note(text)
