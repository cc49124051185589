"""A user's reminders: add, list, edit, cancel, snooze, mark done, resume after a pause.

Every change is scoped to the owner (`user_id`), so a stale or forged button cannot touch
somebody else's reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.reminder_models import Reminder, ReminderKind, ReminderStatus
from flows.reminder_parse import next_occurrence, zone

_T = Reminder.__table__
_LIVE = (ReminderStatus.PENDING.value, ReminderStatus.PAUSED.value)


@dataclass(frozen=True, slots=True)
class ReminderView:
    """One reminder as its owner sees it."""

    id: int
    text: str
    due_at: datetime
    tz: str
    rrule: str | None
    status: str
    kind: str
    milestone_id: str | None
    platform: str
    chat_id: str


_VIEW_COLUMNS = (
    _T.c.id,
    _T.c.text,
    _T.c.due_at,
    _T.c.tz,
    _T.c.rrule,
    _T.c.status,
    _T.c.kind,
    _T.c.milestone_id,
    _T.c.platform,
    _T.c.chat_id,
)


class ReminderStore:
    """Personal reminder rows of one database."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(
        self,
        user_id: int,
        platform: str,
        chat_id: str,
        text: str,
        due_at: datetime,
        tz: str,
        rrule: str | None = None,
    ) -> int:
        """Store a new personal reminder; return its id."""
        stmt = insert(_T).values(
            user_id=user_id,
            platform=platform,
            chat_id=chat_id,
            text=text,
            due_at=due_at,
            tz=tz,
            rrule=rrule,
            kind=ReminderKind.PERSONAL.value,
            status=ReminderStatus.PENDING.value,
        )
        async with self._engine.begin() as conn:
            result = await conn.execute(stmt.returning(_T.c.id))
            return int(result.scalar_one())

    async def get(self, user_id: int, reminder_id: int) -> ReminderView | None:
        """Return one of the user's reminders, whatever its status."""
        stmt = select(*_VIEW_COLUMNS).where(_T.c.id == reminder_id, _T.c.user_id == user_id)
        async with self._engine.connect() as conn:
            row = (await conn.execute(stmt)).first()
        return ReminderView(**row._mapping) if row else None

    async def upcoming(self, user_id: int) -> list[ReminderView]:
        """Return the user's pending and paused reminders, soonest first."""
        stmt = (
            select(*_VIEW_COLUMNS)
            .where(_T.c.user_id == user_id, _T.c.status.in_(_LIVE))
            .order_by(_T.c.due_at, _T.c.id)
        )
        async with self._engine.connect() as conn:
            return [ReminderView(**row._mapping) for row in await conn.execute(stmt)]

    async def replace(
        self,
        user_id: int,
        reminder_id: int,
        text: str,
        due_at: datetime,
        tz: str,
        rrule: str | None,
    ) -> bool:
        """Give a reminder new words and a new time; it becomes pending again."""
        return await self._change(
            user_id,
            reminder_id,
            (*_LIVE, ReminderStatus.SENT.value),
            text=text,
            due_at=due_at,
            tz=tz,
            rrule=rrule,
            status=ReminderStatus.PENDING.value,
            late=False,
        )

    async def cancel(self, user_id: int, reminder_id: int) -> bool:
        """Cancel (or, for a season milestone, turn off) a pending or paused reminder."""
        return await self._change(
            user_id, reminder_id, _LIVE, status=ReminderStatus.CANCELLED.value
        )

    async def done(self, user_id: int, reminder_id: int) -> bool:
        """Mark a delivered one-off reminder done (a recurring one just carries on)."""
        current = await self.get(user_id, reminder_id)
        if current is None:
            return False
        if current.rrule:
            return True
        return await self._change(
            user_id,
            reminder_id,
            (ReminderStatus.SENT.value, ReminderStatus.PENDING.value),
            status=ReminderStatus.DONE.value,
        )

    async def snooze(
        self, user_id: int, reminder_id: int, until: datetime, *, postpone: bool = False
    ) -> int | None:
        """Bring a reminder back at `until`; return the id of the row that will fire.

        `postpone`: the snooze moves the coming occurrence of a series (pressed from the
        list), so the series skips it; after a delivery the series has moved on already.
        """
        current = await self.get(user_id, reminder_id)
        if current is None or current.status == ReminderStatus.CANCELLED:
            return None
        if current.rrule:
            if postpone:
                following = next_occurrence(current.rrule, current.tz, current.due_at)
                if following is None:
                    await self.cancel(user_id, reminder_id)
                else:
                    await self._change(user_id, reminder_id, _LIVE, due_at=following)
            # The series keeps its own next time; the snooze is a one-off copy.
            return await self.add(
                user_id, current.platform, current.chat_id, current.text, until, current.tz
            )
        changed = await self._change(
            user_id,
            reminder_id,
            (*_LIVE, ReminderStatus.SENT.value, ReminderStatus.DONE.value),
            due_at=until,
            status=ReminderStatus.PENDING.value,
            late=False,
        )
        return reminder_id if changed else None

    async def other_zones(self, user_id: int, tz: str) -> list[ReminderView]:
        """Return the user's live reminders kept in another zone than `tz`."""
        return [
            view
            for view in await self.upcoming(user_id)
            if view.kind != ReminderKind.COHORT.value and zone(view.tz).key != zone(tz).key
        ]

    async def rezone(self, user_id: int, tz: str, now: datetime) -> tuple[int, int]:
        """Keep each reminder's wall-clock time, now in zone `tz` (09:00 UTC -> 09:00 Cairo
        time); return (moved, left): a one-off whose time in `tz` has passed is left."""
        moved = left = 0
        for view in await self.other_zones(user_id, tz):
            if view.rrule:  # the rule is wall-clock already: only its zone changes
                due = next_occurrence(view.rrule, tz, now)
            else:
                wall = view.due_at.astimezone(zone(view.tz)).replace(tzinfo=None)
                due = wall.replace(tzinfo=zone(tz)).astimezone(UTC)
            if due is None or due <= now:
                left += 1
                continue
            moved += await self._change(user_id, view.id, _LIVE, due_at=due, tz=zone(tz).key)
        return moved, left

    async def resume(
        self, user_id: int, now: datetime, platform: str | None = None, chat_id: str | None = None
    ) -> list[datetime]:
        """Resume paused reminders (all, or one chat's, which works again); return their times."""
        query = select(_T.c.id, _T.c.due_at, _T.c.tz, _T.c.rrule).where(
            _T.c.user_id == user_id, _T.c.status == ReminderStatus.PAUSED.value
        )
        if platform is not None and chat_id is not None:
            query = query.where(_T.c.platform == platform, _T.c.chat_id == chat_id)
        async with self._engine.begin() as conn:
            rows = (await conn.execute(query)).all()
            times = []
            for rid, due_at, tz, rule in rows:
                # A paused series picks up at its next time; a paused one-off is sent (late).
                due = (next_occurrence(rule, tz, now) or due_at) if rule else due_at
                times.append(due)
                await conn.execute(
                    update(_T)
                    .where(_T.c.id == rid)
                    .values(
                        status=ReminderStatus.PENDING.value,
                        due_at=due,
                        lease_until=None,
                        claimed_by=None,
                    )
                )
        return times

    async def _change(
        self, user_id: int, reminder_id: int, statuses: tuple[str, ...], **values: object
    ) -> bool:
        stmt = (
            update(_T)
            .where(_T.c.id == reminder_id, _T.c.user_id == user_id, _T.c.status.in_(statuses))
            .values(**values, lease_until=None, claimed_by=None)
        )
        async with self._engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount == 1
