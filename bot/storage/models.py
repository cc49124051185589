"""SQLAlchemy 2 typed models for users, identities, profiles and conversation sessions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Return the current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base shared by every table (Alembic reads its metadata)."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    """One person; several platform identities may point at them."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when a platform told us the person blocked the bot; reminders pause on it.
    unreachable_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Identity(Base):
    """A platform account (Telegram user id, Discord user id, console name) of a user."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    # Where to reach the person privately on this platform (DM chat id).
    chat_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProfileRow(Base):
    """The applicant's answers as typed columns, one row per user (see flows.profile)."""

    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str | None] = mapped_column(String(60))
    visa: Mapped[str | None] = mapped_column(String(16))
    graduation_year: Mapped[int | None]
    match_year: Mapped[int | None]
    step1_status: Mapped[str | None] = mapped_column(String(16))
    step1_attempts: Mapped[int | None]
    step1_score: Mapped[int | None]
    step2_status: Mapped[str | None] = mapped_column(String(16))
    step2_planned: Mapped[str | None] = mapped_column(String(7))
    step2_attempts: Mapped[int | None]
    step2_score: Mapped[int | None]
    step3_status: Mapped[str | None] = mapped_column(String(16))
    step3_planned: Mapped[str | None] = mapped_column(String(7))
    step3_score: Mapped[int | None]
    usce_months: Mapped[float | None]
    usce_hands_on_months: Mapped[float | None]
    usce_fields: Mapped[list[Any] | None]
    letters_im: Mapped[int | None]
    letters_psych: Mapped[int | None]
    letters_medpsych: Mapped[int | None]
    letters_other: Mapped[int | None]
    scholarship: Mapped[list[Any] | None]
    interests: Mapped[list[Any] | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SessionRow(Base):
    """Where the user is in a conversation flow; `version` guards concurrent writers."""

    __tablename__ = "sessions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[str] = mapped_column(String(32), default="interview")
    flow_version: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LinkCode(Base):
    """A one-time code that lets a second platform identity join an existing user."""

    __tablename__ = "link_codes"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
