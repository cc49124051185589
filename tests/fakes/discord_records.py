"""What the fake Discord records: messages the bot posted, interactions and injected faults."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.discord_payloads import EPHEMERAL, FakeChannel, FakeUser


@dataclass
class PostedMessage:
    """A message the bot created, with every version of its text."""

    id: int
    channel: FakeChannel
    raw: dict[str, Any]
    files: list[tuple[str, bytes]] = field(default_factory=list)
    visible_to: int | None = None  # the only user who sees an ephemeral message
    versions: list[str] = field(default_factory=list)
    allowed_mentions: dict[str, Any] | None = None  # as the client asked, when it did

    @property
    def ephemeral(self) -> bool:
        """Whether only one member can see it."""
        return bool(int(self.raw.get("flags") or 0) & EPHEMERAL)

    @property
    def public(self) -> bool:
        """Whether every member of a server can read it."""
        return self.channel.guild_id is not None and not self.ephemeral

    @property
    def text(self) -> str:
        """Return the content plus the visible text of its embeds."""
        return render_text(self.raw)

    def buttons(self) -> list[dict[str, Any]]:
        """Return the buttons on the message, in order."""
        return [
            c
            for row in self.raw.get("components") or []
            if row.get("type") == 1
            for c in row.get("components") or []
            if c.get("type") == 2
        ]

    def labels(self) -> list[str]:
        """Return the labels of its buttons."""
        return [b.get("label") or "" for b in self.buttons()]


def render_text(raw: dict[str, Any]) -> str:
    """Return the text a member would read in a message payload (content and embeds)."""
    parts = [raw.get("content") or ""]
    for embed in raw.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f.get('name', '')}\n{f.get('value', '')}" for f in embed.get("fields") or []]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(p for p in parts if p)


@dataclass
class FakeInteraction:
    """One interaction the fake sent, and what the bot answered."""

    id: int
    token: str
    user: FakeUser
    channel: FakeChannel
    sent_at: float
    pressed: PostedMessage | None = None
    response_type: int | None = None
    acked_after: float | None = None
    original: PostedMessage | None = None
    messages: list[PostedMessage] = field(default_factory=list)  # created by response/follow-ups
    modal: dict[str, Any] | None = None
    ephemeral_default: bool = False
    done: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def texts(self) -> list[str]:
        """Return the text of every message this interaction produced."""
        return [m.text for m in self.messages]


@dataclass
class Fault:
    """An injected failure for the next `times` matching requests."""

    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    body: dict[str, Any]
    headers: dict[str, str]
    after: int = 0  # matching requests let through before the first failure
