"""Answering one Discord interaction: acknowledge within three seconds, then send replies.

Discord drops an interaction that is not acknowledged within three seconds. The advisor is
usually much faster, so the reply itself is the acknowledgement (one request); when the
work is still running after `ack_after` seconds, the interaction is deferred first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import discord

from bot.adapters.discord.embeds import DESCRIPTION_LIMIT, EMBEDS_TOTAL_LIMIT, embeds_size
from bot.adapters.discord.piece import Piece
from bot.adapters.discord.render import CONTENT_LIMIT

log = logging.getLogger(__name__)
T = TypeVar("T")

DMS_CLOSED = (
    "I can't send you direct messages, so we'll continue here — only you can see these "
    "messages. To chat in DMs instead: open the server menu → **Privacy Settings** → turn on "
    "**Direct Messages**, then run `/advisor start` again."
)
MISSING_PERMISSIONS = (
    "I don't have permission to post there. Ask a server admin to let me **View Channel**, "
    "**Send Messages**, **Embed Links** and **Attach Files** in that channel."
)
DM_SENT = "I've sent you a direct message — let's continue there: {url}"
SENT_PRIVATELY = "I've answered you privately."
CANNOT_DM_CODE = 50007


class InteractionReply:
    """Sends the answer to one interaction: in a DM, ephemerally, or in a server channel.

    `ephemeral` answers in a server only the member can see; `public` answers in the
    channel, where private pieces still go ephemerally; neither is a DM.
    """

    def __init__(
        self,
        interaction: discord.Interaction,
        *,
        ephemeral: bool = False,
        public: bool = False,
        ack_after: float = 1.5,
    ) -> None:
        self.interaction = interaction
        self.ephemeral = ephemeral
        self.public = public and not ephemeral
        self.ack_after = ack_after
        self.deferred = False
        self._deferring: asyncio.Task[None] | None = None

    async def run(self, work: Awaitable[T], *, update: bool = False) -> T:
        """Await the work, deferring the interaction if it takes longer than `ack_after`.

        `update` defers a button press without a "thinking…" message, so the pressed
        message can be edited afterwards.
        """
        if self.ack_after <= 0:  # no time to spare: acknowledge first
            await self._defer(update)
            return await work
        # A timer rather than a watcher task: most work ends long before it fires, and this
        # runs for every interaction.
        timer = asyncio.get_running_loop().call_later(self.ack_after, self._start_deferring, update)
        try:
            return await work
        finally:
            timer.cancel()
            if self._deferring is not None:  # the reply must not race the deferral
                await self._deferring

    def _start_deferring(self, update: bool) -> None:
        self._deferring = asyncio.ensure_future(self._defer(update))

    async def _defer(self, update: bool) -> None:
        if self.interaction.response.is_done():
            return
        if update:
            await self.interaction.response.defer()
        else:
            await self.interaction.response.defer(ephemeral=self.ephemeral, thinking=True)
        self.deferred = True

    async def send(self, pieces: Sequence[Piece]) -> None:
        """Send the pieces in order; private ones stay ephemeral even in a public reply."""
        if not self.public:
            await send_each(pieces, lambda piece: self._send(piece, ephemeral=self.ephemeral))
            return
        shown = [p for p in pieces if not p.private]
        hidden = [p for p in pieces if p.private]
        if not shown and hidden and self.deferred:
            # The first follow-up replaces a public "thinking…" message and cannot be made
            # private any more: fill it with a neutral line, then answer privately.
            shown = [Piece(content=SENT_PRIVATELY)]
        await send_each(
            [*((p, False) for p in shown), *((p, True) for p in hidden)],
            lambda sent: self._send(sent[0], ephemeral=sent[1]),
        )

    async def _send(self, piece: Piece, *, ephemeral: bool) -> None:
        response = self.interaction.response
        if not response.is_done():
            await response.send_message(**piece.kwargs(), ephemeral=ephemeral)
        else:
            await self.interaction.followup.send(**piece.kwargs(), ephemeral=ephemeral)

    async def show_answered(self, pressed: discord.Message, addition: str) -> None:
        """Edit the pressed message: remove its buttons and show what was chosen under the
        question (its last embed when the question was asked below a plan or an answer)."""
        changes: dict[str, object] = {"view": None}
        question = pressed.embeds[-1] if pressed.embeds else None
        if (
            question is not None
            and not question.fields
            and embeds_size(pressed.embeds) + len(addition) + 2 <= EMBEDS_TOTAL_LIMIT
        ):
            below = question.copy()
            base = below.description or ""
            room = DESCRIPTION_LIMIT - len(addition) - 2
            below.description = f"{base[:room]}\n\n{addition}" if base else addition
            changes["embeds"] = [*pressed.embeds[:-1], below]
        else:
            base = pressed.content or ""
            room = CONTENT_LIMIT - len(addition) - 2
            changes["content"] = f"{base[:room]}\n\n{addition}" if base else addition
        if self.interaction.response.is_done():
            await self.interaction.edit_original_response(**changes)  # type: ignore[arg-type]
        else:
            await self.interaction.response.edit_message(**changes)  # type: ignore[arg-type]

    async def note(self, text: str) -> None:
        """Send a short private note (an error, a rate limit), whatever state we are in."""
        try:
            await self._send(Piece(content=text), ephemeral=True)
        except discord.HTTPException as exc:
            log.warning("could not send a note to the member: %s", type(exc).__name__)


async def deliver(
    channel: discord.abc.Messageable,
    pieces: Sequence[Piece],
    mentions: discord.AllowedMentions | None = None,
) -> None:
    """Post pieces to a channel or DM, in order (one that fails does not stop the rest)."""

    async def post(piece: Piece) -> None:
        if mentions is None:
            await channel.send(**piece.kwargs())
        else:
            await channel.send(**piece.kwargs(), allowed_mentions=mentions)

    await send_each(pieces, post)


async def send_each(items: Sequence[T], send: Callable[[T], Awaitable[object]]) -> None:
    """Send every item in order; one Discord refuses does not take the rest with it.

    A question after a failed message must still arrive. The first failure is raised once
    all were tried, so the caller still apologises or retries; a 403 or 404 (no access,
    the channel or interaction gone) stops at once, as the rest would fail the same way.
    """
    first_failure: discord.HTTPException | None = None
    for item in items:
        try:
            await send(item)
        except (discord.Forbidden, discord.NotFound):
            raise
        except discord.HTTPException as exc:
            log.warning("a reply failed (%s %s); sending the rest", exc.status, exc.code)
            first_failure = first_failure or exc
    if first_failure is not None:
        raise first_failure


def is_cannot_dm(error: BaseException) -> bool:
    """Whether Discord refused a DM because the member does not accept them from us."""
    return isinstance(error, discord.Forbidden) and error.code == CANNOT_DM_CODE


def unwrap(error: BaseException) -> BaseException:
    """Return the Discord error inside discord.py's command wrappers."""
    while (original := getattr(error, "original", None)) is not None:
        error = original
    return error


def forbidden_help(error: discord.Forbidden) -> str:
    """Tell the member what to change after a 403."""
    return DMS_CLOSED if error.code == CANNOT_DM_CODE else MISSING_PERMISSIONS
