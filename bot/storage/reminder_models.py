"""SQLAlchemy 2 typed models for reminders and milestone subscriptions.

A reminder row is the single source of truth for one delivery (or one recurring series):
the scheduler claims due rows with a lease, sends them, and marks them sent. Nothing about
pending reminders is kept in process memory.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.storage.models import Base, utcnow

_ID = BigInteger().with_variant(Integer, "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no offset, so values are normalised to UTC on the way in and tagged UTC on
    the way out; PostgreSQL's timestamptz does the same natively.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Normalise to UTC (naive UTC for SQLite, whose strings carry no offset)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ReminderKind(StrEnum):
    """Who asked for the reminder."""

    PERSONAL = "personal"  # typed by the user
    MILESTONE = "milestone"  # a season milestone the user subscribed to
    COHORT = "cohort"  # a season milestone posted to a group channel (no user)


class ReminderStatus(StrEnum):
    """Where a reminder row is in its life."""

    PENDING = "pending"  # waiting for due_at (a claim is lease_until/claimed_by)
    SENT = "sent"  # delivered; one-shot reminders end here
    DONE = "done"  # the user pressed Done
    CANCELLED = "cancelled"  # cancelled or turned off by the user
    PAUSED = "paused"  # the platform said the chat is unreachable


class Reminder(Base):
    """One reminder: a one-shot time or a recurrence (RFC 5545 rule in the user's zone)."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "milestone_id"),
        # The scheduler's two questions, "what is due?" and "when do leases run out?", each
        # read a small partial index instead of the whole history of sent reminders.
        Index(
            "ix_reminders_due",
            "platform",
            "due_at",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        Index(
            "ix_reminders_leased",
            "lease_until",
            sqlite_where=text("status = 'pending' AND lease_until IS NOT NULL"),
            postgresql_where=text("status = 'pending' AND lease_until IS NOT NULL"),
        ),
        Index("ix_reminders_chat", "platform", "chat_id"),
        # Cohort rows have no user, so the constraint above does not cover them.
        Index(
            "ux_reminders_cohort",
            "platform",
            "chat_id",
            "milestone_id",
            unique=True,
            sqlite_where=text("kind = 'cohort'"),
            postgresql_where=text("kind = 'cohort'"),
        ),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        _ID, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default=ReminderKind.PERSONAL.value)
    milestone_id: Mapped[str | None] = mapped_column(String(80))  # "<match year>:<id>"
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    # "DTSTART:<local wall time>\nRRULE:…" (dateutil.rrule) or None for a one-shot.
    rrule: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default=ReminderStatus.PENDING.value)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # last delivery was late
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MilestoneSubscription(Base):
    """A user's wish to be reminded of the season milestones, and where."""

    __tablename__ = "milestone_subscriptions"

    user_id: Mapped[int] = mapped_column(
        _ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    match_year: Mapped[int] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Worker(Base):
    """A reminder worker (a `run` process) and when it last said it was alive.

    Claims carry the worker's id; a worker whose heartbeat stopped while others kept
    theirs is gone, and its claims are taken back before their leases run out.
    """

    __tablename__ = "workers"

    worker_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime())


def as_utc(value: datetime) -> datetime:
    """Return `value` as an aware UTC datetime (naive values are taken to be UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
