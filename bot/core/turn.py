"""What a handler gets for one message: who, where, their profile, and the turn's state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.core.messages import ChatKind, Incoming, Outgoing
from flows.interview import InterviewState
from flows.profile import Profile


@dataclass(frozen=True, slots=True)
class Pending:
    """A yes/no question the user was asked and has not answered yet."""

    kind: str  # the offer's kind: "facts", "restart", "forget"


@dataclass(slots=True)
class Turn:
    """One message being handled for one user.

    What a handler changes is saved with the session when the turn ends, if the turn is
    marked `dirty`: the interview's moves, `ask`/`take_pending`, `keep`/`take` and `complete`
    mark it. `scratch` is a feature's small private state (a reminder waiting for
    confirmation), under a key named for the feature; change it with `keep` and `take`.
    """

    incoming: Incoming
    user_id: int  # internal id (users.id), the same across linked platforms
    profile: Profile
    now: datetime  # timezone-aware UTC
    scratch: dict[str, Any] = field(default_factory=dict)
    interview: InterviewState | None = None  # the user's place in the interview
    new: bool = False  # the user's first message: nothing was stored before
    pending: Pending | None = None
    facts: dict[str, Any] | None = None  # facts stated after the plan, offered as an update
    completed: bool = False  # the interview was completed once (the first plan was shown)
    topic: str | None = None  # the topic answered last: a follow-up is read with it
    forgotten: bool = False  # the user's rows are gone (deleted or linked away): save nothing
    dirty: bool = False  # something changed that the session must save
    answers_changed: bool = False  # ... among them the answers (the profile row)

    @property
    def public(self) -> bool:
        """Whether other people can read this chat."""
        return self.incoming.chat_kind is ChatKind.PUBLIC

    @property
    def st(self) -> InterviewState:
        """The user's place in the interview (a turn the Advisor handles always has one)."""
        assert self.interview is not None, "a turn outside the Advisor has no interview"
        return self.interview

    def changed(self, *, answers: bool = False) -> None:
        """Mark the turn for saving; `answers` when the stored answers changed too."""
        self.dirty = True
        self.answers_changed = self.answers_changed or answers

    def ask(self, pending: Pending, facts: dict[str, Any] | None = None) -> None:
        """Wait for the answer to a yes/no question (with the facts it would store)."""
        self.pending = pending
        if facts is not None:
            self.facts = facts
        self.changed()

    def take_pending(self) -> Pending | None:
        """Return the question waiting for an answer, and stop waiting for it."""
        pending, self.pending = self.pending, None
        if pending is not None:
            self.changed()
        return pending

    def take_facts(self) -> dict[str, Any] | None:
        """Return the facts offered as an update, and drop them."""
        facts, self.facts = self.facts, None
        if facts is not None:
            self.changed()
        return facts

    def complete(self) -> bool:
        """Note that the interview is complete; return whether for the first time."""
        first = not self.completed
        if first:
            self.completed = True
            self.changed()
        return first

    def keep(self, key: str, value: Any) -> None:
        """Keep a feature's value in the scratch space until a later turn."""
        self.scratch[key] = value
        self.changed()

    def take(self, key: str) -> Any:
        """Remove and return a feature's value from the scratch space (None if absent)."""
        if key not in self.scratch:
            return None
        self.changed()
        return self.scratch.pop(key)


# The argument a completion hook gets: after the first plan, or after a plan an edit updated.
COMPLETED_FIRST = "first"
UPDATED = "updated"
# A command handler: (turn, argument text) -> replies. Registered by name in the Advisor.
CommandHandler = Callable[[Turn, str], Awaitable[list[Outgoing]]]
# A button handler: (turn, payload) -> replies. Registered by payload prefix
# (bot.core.payloads.REMINDER); it reads the payload with bot.core.payloads.decode.
PayloadHandler = Callable[[Turn, str], Awaitable[list[Outgoing]]]
# What answers a typed reply to a feature's own question (turn, text) -> replies, or None
# when the text is no answer to it (then it is read as any other message). A pressed yes
# or no button of the feature's `Offer` arrives as the text "yes" or "no".
ReplyHandler = Callable[[Turn, str], Awaitable[list[Outgoing] | None]]
# A hook run at a moment of the conversation: (turn, what happened) -> replies to add.
Hook = Callable[[Turn, str], Awaitable[list[Outgoing]]]
