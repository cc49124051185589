"""Fixtures for reminder tests: a migrated database, users, a recording Sender, a season."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.messages import ChatKind, Incoming, Outgoing
from bot.core.ports import Unreachable
from bot.core.turn import Pending, Turn
from bot.reminders.commands import ReminderFeature
from bot.storage.models import User
from bot.storage.reminder_models import Reminder
from flows.profile import Profile
from knowledge.model import Milestone

T = Reminder.__table__


async def make_user(engine: AsyncEngine) -> int:
    """Create a user row and return its id."""
    async with engine.begin() as conn:
        result = await conn.execute(insert(User).values(created_at=dt.datetime.now(dt.UTC)))
        return int(result.inserted_primary_key[0])


async def add_row(engine: AsyncEngine, **values: object) -> int:
    """Insert a reminder row with sensible defaults; return its id."""
    row = {
        "platform": "test",
        "chat_id": "c1",
        "text": "email Dr. Lee",
        "tz": "UTC",
        "kind": "personal",
        "status": "pending",
        "attempts": 0,
        "late": False,
        "created_at": dt.datetime.now(dt.UTC),
    }
    row.update(values)
    async with engine.begin() as conn:
        result = await conn.execute(insert(T).values(**row).returning(T.c.id))
        return int(result.scalar_one())


async def row(engine: AsyncEngine, reminder_id: int):  # type: ignore[no-untyped-def]
    """Read a reminder row back."""
    async with engine.connect() as conn:
        return (await conn.execute(select(T).where(T.c.id == reminder_id))).one()


@dataclass
class Delivery:
    """One send the platform accepted."""

    chat_id: str
    messages: Sequence[Outgoing]
    at: float  # the sender's clock: time.monotonic(), or virtual time


@dataclass
class RecordingSender:
    """A Sender standing in for a platform: records what it accepts, refuses blocked chats."""

    platform: str = "test"
    blocked: set[str] = field(default_factory=set)
    flaky: dict[str, int] = field(default_factory=dict)  # chat -> failures before success
    deliveries: list[Delivery] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    clock: Callable[[], float] = time.monotonic

    async def send(self, chat_id: str, messages: Sequence[Outgoing]) -> None:
        """Accept, refuse for good (Unreachable) or fail for now."""
        if chat_id in self.blocked:
            self.refused.append(chat_id)
            raise Unreachable("blocked")
        if self.flaky.get(chat_id, 0) > 0:
            self.flaky[chat_id] -= 1
            raise ConnectionError("platform hiccup")
        self.deliveries.append(Delivery(chat_id, list(messages), self.clock()))
        self.arrived.set()

    async def wait_for(self, count: int) -> None:
        """Wait (at most 5 s) until `count` deliveries arrived."""
        async with asyncio.timeout(5):
            while len(self.deliveries) < count:
                self.arrived.clear()
                await self.arrived.wait()


@pytest.fixture
def sender() -> RecordingSender:
    """A fresh recording sender for platform "test"."""
    return RecordingSender()


SEASON_2027 = (
    Milestone(
        "myeras_opens",
        "MyERAS opens for drafting",
        dt.date(2026, 6, 1),
        ("https://students-residents.aamc.org/eras",),
    ),
    Milestone(
        "eras_submit",
        "ERAS opens for submissions",
        dt.date(2026, 9, 3),
        ("https://students-residents.aamc.org/eras-timeline",),
    ),
    Milestone(
        "programs_review",
        "Programs start reading applications",
        dt.date(2026, 9, 24),
        ("https://students-residents.aamc.org/eras-timeline",),
    ),
    Milestone(
        "rol_deadline",
        "Rank order list deadline",
        dt.date(2027, 3, 3),
        ("https://www.nrmp.org/match-calendar",),
    ),
    Milestone(
        "match_day", "Match Day", dt.date(2027, 3, 19), ("https://www.nrmp.org/match-calendar",)
    ),
)


class FixedSeason:
    """The knowledge base's `timeline` port with a fixed set of dates (see knowledge/)."""

    def __init__(self, milestones: Sequence[Milestone] = SEASON_2027) -> None:
        self.milestones = list(milestones)

    def timeline(self, match_year: int, profile: Profile) -> list[Milestone]:
        """Return the milestones for 2027 and none for other years."""
        return list(self.milestones) if match_year == 2027 else []

    def match_year_to_plan(self, profile: Profile, today: dt.date) -> int | None:
        """Return the profile's Match year, as the knowledge base does when CK is done."""
        return profile.match_year


NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)  # Sunday 14:00 in Cairo


@dataclass
class Person:
    """Talks to the reminder feature the way the core would pass their messages on."""

    feature: ReminderFeature
    user_id: int
    tz: str | None = "Africa/Cairo"
    chat_id: str = "chat-1"
    now: dt.datetime = NOW
    scratch: dict[str, Any] = field(default_factory=dict)
    last: list[Outgoing] = field(default_factory=list)
    pending: str | None = None  # the kind of the feature's question waiting for an answer

    def _turn(self, **incoming: Any) -> Turn:
        message = Incoming(
            "console", f"user-{self.user_id}", self.chat_id, ChatKind.PRIVATE, **incoming
        )
        profile = Profile(timezone=self.tz, match_year=2027)
        waiting = Pending(self.pending) if self.pending else None
        return Turn(message, self.user_id, profile, self.now, self.scratch, pending=waiting)

    async def _run(self, turn: Turn, replies: Any) -> str:
        """Keep what the turn left waiting, as the session would; return the replies' text."""
        self.last = await replies
        self.pending = turn.pending.kind if turn.pending else None
        return "\n".join(r.text for r in self.last)

    async def type(self, text: str) -> str:
        """Type a plain line (no command): the answer to the feature's open question."""
        turn = self._turn(text=text)
        assert turn.pending is not None, "nothing asked: the line would be read as a question"
        handler = self.feature.reply_handlers()[turn.pending.kind]
        turn.take_pending()
        return await self._run(turn, handler(turn, text))

    async def command(self, name: str, argument: str = "") -> str:
        """Type a command; return the replies' text."""
        handler = self.feature.command_handlers()[name]
        turn = self._turn(text=f"{name} {argument}")
        return await self._run(turn, handler(turn, argument))

    async def press(self, label_or_payload: str) -> str:
        """Press a button of the latest replies (by label), or send a raw payload."""
        shown = [c for r in self.last for c in r.choices]
        payload = next((c.payload for c in shown if c.label == label_or_payload), label_or_payload)
        if label_or_payload.isdecimal() and 1 <= int(label_or_payload) <= len(shown):
            payload = shown[int(label_or_payload) - 1].payload  # its number, as on the console
        turn = self._turn(payload=payload)
        prefix, _, kind = payload.partition(":")
        if prefix in {"y", "n"}:  # the feature's own yes/no offer, as the core passes it on
            assert kind in self.feature.reply_handlers(), f"no offer {kind!r}"
            turn.take_pending()
            said = "yes" if prefix == "y" else "no"
            return await self._run(turn, self.feature.reply_handlers()[kind](turn, said))
        assert payload.startswith("rem:"), f"no button {label_or_payload!r}"
        return await self._run(turn, self.feature.payload_handlers()["rem:"](turn, payload))

    def labels(self) -> list[str]:
        return [c.label for r in self.last for c in r.choices]


@pytest.fixture
def feature(engine: AsyncEngine) -> ReminderFeature:
    return ReminderFeature(engine, FixedSeason(), scheduler=None)


@pytest.fixture
async def amira(engine: AsyncEngine, feature: ReminderFeature) -> Person:
    return Person(feature, await make_user(engine))
