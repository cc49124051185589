"""Neutral message types at the boundary between adapters and the core."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


def clean_text(text: str) -> str:
    """Return text as the core reads it: any script's digits as ASCII, no NUL, no lone surrogate.

    Done once where an Incoming is made, so every parser, command and database sees the same
    text: PostgreSQL refuses NUL where SQLite stores it, a lone surrogate cannot be encoded
    for a platform, and "٢٠١٩", "९" or "²" are numbers that `int()` after `isdigit()` must
    be able to read.
    """
    if text.isascii() and "\x00" not in text:
        return text  # the usual message: nothing to do
    kept: list[str] = []
    for ch in text:
        if ch == "\x00" or "\ud800" <= ch <= "\udfff":
            continue
        if not ch.isascii() and ch.isdigit():
            ch = str(unicodedata.digit(ch))
        kept.append(ch)
    return "".join(kept)


class ChatKind(StrEnum):
    """Whether other people can read the chat."""

    PRIVATE = "private"  # a DM, the console, an ephemeral reply
    PUBLIC = "public"  # a group, a server channel


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a user did: typed text, a command or a pressed button."""

    platform: str  # "console", "telegram", "discord"
    user_id: str  # the platform's id for the person
    chat_id: str  # where to answer
    chat_kind: ChatKind = ChatKind.PRIVATE
    text: str | None = None  # typed text, commands included ("/plan", "profile")
    payload: str | None = None  # data of a pressed button (a Choice.payload)
    display_name: str | None = None
    is_admin: bool = False  # the platform says the user administers this group (chat)

    def __post_init__(self) -> None:
        # Cleaned at the boundary, for every adapter alike (see clean_text).
        for name in ("text", "payload", "display_name"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, clean_text(value))


@dataclass(frozen=True, slots=True)
class Choice:
    """A button (or a numbered option on the console)."""

    label: str
    payload: str
    url: str | None = None  # a link button instead of a callback (deep links)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file or picture to send with a message."""

    filename: str
    data: bytes
    mime_type: str
    is_image: bool = False


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One reply.

    `text` uses a small Markdown subset: `**bold**`, `_italic_`, lines starting with `- `
    for bullets, and blank lines between paragraphs. `private` marks personal content that
    must never be shown in a public chat.
    """

    text: str
    choices: tuple[Choice, ...] = ()
    private: bool = False
    attachment: Attachment | None = None
    sources: tuple[str, ...] = field(default=())
    # Set when this reply answers a pressed button: adapters may edit the pressed message
    # to show `answered_label` instead of leaving live buttons behind.
    answered_label: str | None = None
    stale: bool = False  # the pressed button was out of date; nothing changed
    # Asks the person to answer (an interview question): adapters where people cannot
    # simply type, such as Discord's ephemeral replies, offer a way to type an answer.
    awaits_answer: bool = False
    close: bool = False  # the user asked to leave (console `quit`)
