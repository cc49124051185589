"""SQLAlchemy 2 typed model for an applicant's program shortlist (the `programs` feature)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, utcnow


class ShortlistEntry(Base):
    """One program on a user's shortlist, with their own note ("emailed the coordinator").

    Keyed by the program's id in knowledge/data/programs.yaml; the row goes with its user
    (`forget`, linking), through the foreign key's cascade.
    """

    __tablename__ = "shortlist"

    user_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
    )
    program_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    note: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
