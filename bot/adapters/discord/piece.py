"""One Discord message to send (`Piece`) and the buttons under it.

A piece is what `render` makes of a reply and what `reply` and `deliver` send: its text,
embeds, file and choices become the keyword arguments of a discord.py send.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import discord

from bot.adapters.discord.views import CUSTOM_ID_LIMIT, TYPE_REPLY, ChoiceButton
from bot.core.messages import Attachment, Choice

log = logging.getLogger(__name__)

BUTTON_LIMIT = 25
TYPE_REPLY_LABEL = "✏️ Type a reply"


@dataclass(frozen=True)
class Piece:
    """One Discord message to send."""

    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()
    attachment: Attachment | None = None
    choices: tuple[Choice, ...] = ()
    private: bool = False
    reply_button: bool = False  # add the "type a reply" button (ephemeral mode)

    def kwargs(self) -> dict[str, Any]:
        """Return keyword arguments for `send`, `send_message` or `followup.send`."""
        out: dict[str, Any] = {}
        if self.content:
            out["content"] = self.content
        if self.embeds:
            out["embeds"] = list(self.embeds)
        if self.attachment is not None:
            # A fresh File per send: discord.py consumes (and closes) the stream.
            out["file"] = discord.File(
                io.BytesIO(self.attachment.data), filename=self.attachment.filename
            )
        view = build_view(self.choices, self.reply_button)
        if view is not None:
            out["view"] = view
        return out


def build_view(choices: Sequence[Choice], reply_button: bool = False) -> discord.ui.View | None:
    """Return a persistent view with a button per choice (5 per row, at most 25)."""
    if not choices and not reply_button:
        return None
    view = discord.ui.View(timeout=None)
    seen: set[str] = set()
    room = BUTTON_LIMIT - (1 if reply_button else 0)
    for choice in choices:
        if len(view.children) >= room:
            log.warning("a reply had more than %d choices; the rest were dropped", room)
            break
        if choice.url:
            view.add_item(discord.ui.Button(label=choice.label[:80], url=choice.url))
        elif choice.payload in seen or len(choice.payload) > CUSTOM_ID_LIMIT:
            log.warning(
                "dropped a choice whose payload is repeated or over %d characters", CUSTOM_ID_LIMIT
            )
        else:
            seen.add(choice.payload)
            view.add_item(ChoiceButton(choice.payload, choice.label))
    if reply_button:
        view.add_item(ChoiceButton(TYPE_REPLY, TYPE_REPLY_LABEL, discord.ButtonStyle.primary))
    # Presses reach ChoiceButton through its registered template, whatever message they
    # are on. A view still listening would be kept by discord.py after sending (for 15
    # minutes under an ephemeral reply) for nothing, so it is sent finished.
    view.stop()
    return view
