"""The shortlist table behind a narrow async interface: add, remove, note, list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.shortlist_models import ShortlistEntry

NOTE_MAX = 300  # a note is a reminder to oneself, not a letter


@dataclass(frozen=True, slots=True)
class Kept:
    """One shortlisted program as stored."""

    program_id: str
    note: str | None
    added_at: datetime


class ShortlistStore:
    """Reads and writes users' shortlists; rows go with the user (`forget` cascades)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def entries(self, user_id: int) -> list[Kept]:
        """The user's shortlist, oldest first."""
        table = ShortlistEntry.__table__
        query = (
            select(table.c.program_id, table.c.note, table.c.added_at)
            .where(table.c.user_id == user_id)
            .order_by(table.c.added_at, table.c.program_id)
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [Kept(r.program_id, r.note, r.added_at) for r in rows]

    async def add(self, user_id: int, program_id: str, now: datetime) -> bool:
        """Add a program; False when it was already there."""
        table = ShortlistEntry.__table__
        async with self.engine.begin() as conn:
            found = await conn.scalar(
                select(table.c.program_id).where(
                    table.c.user_id == user_id, table.c.program_id == program_id
                )
            )
            if found is not None:
                return False
            await conn.execute(
                insert(table).values(user_id=user_id, program_id=program_id, added_at=now)
            )
        return True

    async def remove(self, user_id: int, program_id: str) -> bool:
        """Remove a program; False when it was not there."""
        table = ShortlistEntry.__table__
        async with self.engine.begin() as conn:
            result = await conn.execute(
                delete(table).where(table.c.user_id == user_id, table.c.program_id == program_id)
            )
        return bool(result.rowcount)

    async def note(self, user_id: int, program_id: str, note: str) -> bool:
        """Set a shortlisted program's note; False when it is not on the shortlist."""
        table = ShortlistEntry.__table__
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(table)
                .where(table.c.user_id == user_id, table.c.program_id == program_id)
                .values(note=note[:NOTE_MAX])
            )
        return bool(result.rowcount)
