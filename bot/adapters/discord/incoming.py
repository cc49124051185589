"""A Discord member's message, press or command as the core's `Incoming`.

Personal conversation is keyed on the member (`user:<id>`) whether it arrives in a DM or
ephemerally in a server; a public `/advisor ask` is keyed on its channel.
"""

from __future__ import annotations

import discord

from bot.adapters.discord.views import PLATFORM
from bot.core.messages import ChatKind, Incoming


def to_incoming(
    user: discord.abc.User,
    *,
    text: str | None = None,
    payload: str | None = None,
    channel_id: int | None = None,
) -> Incoming:
    """A member's DM, press or typed reply (or, with `channel_id`, a public ask) for the core."""
    if channel_id is not None:
        return Incoming(
            PLATFORM,
            str(user.id),
            f"channel:{channel_id}",
            ChatKind.PUBLIC,
            text=text,
            payload=payload,
        )
    return Incoming(
        PLATFORM,
        str(user.id),
        f"user:{user.id}",
        ChatKind.PRIVATE,
        text=text,
        payload=payload,
        display_name=user.display_name,
    )
