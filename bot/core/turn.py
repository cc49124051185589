"""What a command handler gets for one message: who, where, their profile and scratch space."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.messages import ChatKind, Incoming, Outgoing
from flows.interview import InterviewState
from flows.profile import Profile


@dataclass(slots=True)
class Turn:
    """One message being handled for one user.

    `scratch` is persisted with the user's session when the turn ends: a handler may keep
    small pending state there (e.g. a reminder waiting for confirmation) under its own key.
    """

    incoming: Incoming
    user_id: int  # internal id (users.id), the same across linked platforms
    profile: Profile
    now: datetime  # timezone-aware UTC
    scratch: dict[str, Any] = field(default_factory=dict)
    interview: InterviewState | None = None  # the user's place in the interview

    @property
    def public(self) -> bool:
        """Whether other people can read this chat."""
        return self.incoming.chat_kind is ChatKind.PUBLIC


# The argument a completion hook gets: after the first plan, or after a plan an edit updated.
COMPLETED_FIRST = "first"
UPDATED = "updated"
# A command handler: (turn, argument text) -> replies. Registered by name in the Advisor.
CommandHandler = Callable[[Turn, str], Awaitable[list[Outgoing]]]
# A button handler: (turn, payload) -> replies. Registered by payload prefix ("rem:").
PayloadHandler = Callable[[Turn, str], Awaitable[list[Outgoing]]]
