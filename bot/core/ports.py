"""Ports: what the core, its features and the scheduler need from the outside world.

Each is a `typing.Protocol`, so the knowledge base, the SQL store, a platform's service and
a test's fake all fit without inheriting from anything here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bot.core.messages import Outgoing
from bot.core.turn import CommandHandler, Hook, PayloadHandler, ReplyHandler, Turn
from flows.profile import Profile

if TYPE_CHECKING:  # the storage and knowledge layers are only named here, never imported
    from bot.storage.store import SessionRecord
    from knowledge.model import Answer, Plan, Topic


class Unreachable(Exception):
    """The platform refused delivery for good: the user blocked the bot, the channel is gone."""


class Sender(Protocol):
    """Delivers messages to a chat on one platform (used for reminders and cohort posts)."""

    platform: str

    async def send(self, chat_id: str, messages: Sequence[Outgoing]) -> None:
        """Send messages to the chat; raise Unreachable if it can never succeed."""
        ...


class PlatformService(Protocol):
    """One platform's connection, as `img-advisor run` starts and stops it."""

    @property
    def sender(self) -> Sender:
        """What the scheduler delivers this platform's reminders through."""
        ...

    async def start(self) -> None:
        """Connect and start taking updates."""
        ...

    async def stop(self) -> None:
        """Stop taking updates and disconnect."""
        ...


class CohortHook(Protocol):
    """Told when a group switches cohort reminders on or off (the reminders scheduler)."""

    async def enable(self, platform: str, chat_id: str, timezone: str) -> None:
        """Start cohort posts to the chat, scheduled in this time zone."""
        ...

    async def disable(self, platform: str, chat_id: str) -> None:
        """Stop cohort posts to the chat."""
        ...


class SeasonDate(Protocol):
    """A dated step of the Match season, as the knowledge base gives it."""

    @property
    def id(self) -> str:
        """A stable id ("eras_submit")."""
        ...

    @property
    def title(self) -> str:
        """What happens that day."""
        ...

    @property
    def date(self) -> dt.date:
        """The day."""
        ...

    @property
    def sources(self) -> Sequence[str]:
        """Where the date comes from."""
        ...


class SeasonSource(Protocol):
    """The season's dates and the Match a plan aims for (what reminders need)."""

    def timeline(
        self, match_year: int, profile: Profile, /
    ) -> Sequence[SeasonDate] | Awaitable[Sequence[SeasonDate]]:
        """Return a Match year's milestones, with the personal ones for this profile."""
        ...

    def match_year_to_plan(self, profile: Profile, today: dt.date, /) -> int | None:
        """Return the Match the plan aims for, or None."""
        ...


class AdviceSource(SeasonSource, Protocol):
    """The knowledge base as the core asks it: answers, topics and the personal plan."""

    @property
    def topics(self) -> Sequence[Topic]:
        """All topics, in menu order."""
        ...

    def answer(self, question: str, profile: Profile | None, /, *, sure_of: float = 0.0) -> Answer:
        """Answer a typed question (personal when a profile is given); below `sure_of`
        confidence, offer the topics instead."""
        ...

    def topic_answer(self, topic_id: str, profile: Profile | None, /) -> Answer:
        """Answer one topic (a pressed topic button)."""
        ...

    def plan(self, profile: Profile, today: dt.date, /) -> Plan:
        """Build the prioritised plan for a profile."""
        ...

    def render_plan(self, plan: Plan, profile: Profile | None, limit: int, /) -> str:
        """Write a plan's first `limit` steps as short Markdown."""
        ...

    def plan_citations(self, plan: Plan, limit: int, /) -> tuple[str, ...]:
        """Full citations of the rendered plan's sources."""
        ...


class SessionStore(Protocol):
    """Where users, their identities and their interview sessions are kept (SqlStore)."""

    async def resolve_user(
        self, platform: str, external_id: str, chat_id: str | None = None
    ) -> int:
        """Return the internal user id for a platform identity, creating it if new."""
        ...

    async def load_session(self, user_id: int, initial_state: str) -> SessionRecord:
        """Load the user's session, or a new one at `initial_state`."""
        ...

    async def save_session(self, record: SessionRecord, answers_changed: bool) -> bool:
        """Save the session; False when someone else saved it since it was loaded."""
        ...

    def take_revived(self, user_id: int) -> bool:
        """Whether the user was unreachable and has now written again (asked once)."""
        ...

    async def mark_unreachable(self, platform: str, external_id: str) -> None:
        """Remember that a platform refused delivery to this person for good."""
        ...

    async def forget_user(self, user_id: int) -> None:
        """Delete everything stored about the user."""
        ...

    async def identities(self, user_id: int) -> list[tuple[str, str]]:
        """Return the user's (platform, external id) pairs."""
        ...

    async def link_identity(self, from_user: int, to_user: int) -> None:
        """Move `from_user`'s identities to `to_user`, dropping `from_user`'s rows."""
        ...


class Feature(Protocol):
    """A unit of the bot the Advisor is wired with: its commands, buttons and hooks."""

    def command_handlers(self) -> Mapping[str, CommandHandler]:
        """Return the commands it answers, by name (a later feature's override earlier)."""
        ...

    def payload_handlers(self) -> Mapping[str, PayloadHandler]:
        """Return its button handlers, by payload prefix (see bot.core.payloads)."""
        ...

    def completion_hooks(self) -> Sequence[Hook]:
        """Return what to run when the interview completes (argument: first or updated)."""
        ...

    def reachable_hooks(self) -> Sequence[Hook]:
        """Return what to run when someone marked unreachable writes again."""
        ...


@runtime_checkable
class ReadsText(Protocol):
    """A feature that recognises some typed messages as its own ("list med psych programs"),
    read before the general question matcher."""

    async def read_text(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """Answer a message that is this feature's; None for any other."""
        ...


@runtime_checkable
class StoresPersonal(Protocol):
    """A feature that stores something about the user, shown with `profile`."""

    async def stored_view(self, turn: Turn) -> list[Outgoing]:
        """What it stores about the user, for the profile view (nothing: an empty list)."""


@runtime_checkable
class AwaitsReplies(Protocol):
    """A feature that asks questions of its own and reads the typed answers (a reminder's
    new time after Edit, its yes/no offers): it waits as the turn's `pending`."""

    def reply_handlers(self) -> Mapping[str, ReplyHandler]:
        """Return its handlers by pending kind (its `Offer` kinds among them)."""
        ...
