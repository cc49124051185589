"""The scheduler's SQL: claim due rows under a lease, mark outcomes in batches, find the next wake.

Claims are one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING …`, so
workers sharing PostgreSQL never claim the same row; SQLite serialises writers and ignores
the locking clause. A claim is `claimed_by` + `lease_until`: if its worker dies, the lease
runs out and any worker claims the row again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, insert, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.reminder_models import Reminder, ReminderStatus, Worker, as_utc

log = logging.getLogger(__name__)

_T = Reminder.__table__
_W = Worker.__table__
MAX_MARK_BACKOFF = 5.0  # seconds between attempts to mark delivered rows, at most
# A literal (not a bound parameter) so both databases match the partial indexes.
_PENDING: ColumnElement[str] = literal_column("'pending'")


@dataclass(frozen=True, slots=True)
class Claimed:
    """A reminder this worker holds until `lease_until`."""

    id: int
    user_id: int | None
    kind: str
    milestone_id: str | None
    platform: str
    chat_id: str
    text: str
    due_at: datetime
    tz: str
    rrule: str | None
    attempts: int
    lease_until: datetime


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a delivered reminder: finished, or pending again at its next time."""

    id: int
    status: str
    due_at: datetime
    late: bool
    sent_at: datetime


_CLAIM_COLUMNS = (
    _T.c.id,
    _T.c.user_id,
    _T.c.kind,
    _T.c.milestone_id,
    _T.c.platform,
    _T.c.chat_id,
    _T.c.text,
    _T.c.due_at,
    _T.c.tz,
    _T.c.rrule,
    _T.c.attempts,
    _T.c.lease_until,
)


class ReminderQueue:
    """Claim, finish, release and pause reminder rows on behalf of one worker."""

    def __init__(
        self, engine: AsyncEngine, worker_id: str, only_chats: Mapping[str, str] | None = None
    ) -> None:
        self._engine = engine
        self._me = worker_id
        # A console chat delivers only its own user's reminders, never another console user's.
        self._only = dict(only_chats or {})

    def _scope(self, platform: str) -> tuple[Any, ...]:
        chat = self._only.get(platform)
        return (
            (_T.c.platform == platform,)
            if chat is None
            else (_T.c.platform == platform, _T.c.chat_id == chat)
        )

    async def claim(
        self, platform: str, now: datetime, lease_until: datetime, limit: int
    ) -> list[Claimed]:
        """Claim up to `limit` due rows of one platform, oldest first."""
        due = (
            select(_T.c.id)
            .where(
                _T.c.status == _PENDING,
                *self._scope(platform),
                _T.c.due_at <= now,
                or_(_T.c.lease_until.is_(None), _T.c.lease_until <= now),
            )
            .order_by(_T.c.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        stmt = (
            update(_T)
            .where(_T.c.id.in_(due.scalar_subquery()))
            .values(claimed_by=self._me, lease_until=lease_until)
            .returning(*_CLAIM_COLUMNS)
        )
        async with self._engine.begin() as conn:
            rows = (await conn.execute(stmt)).all()
        claimed = [Claimed(*row) for row in rows]
        claimed.sort(key=lambda c: c.due_at)
        return claimed

    async def finish(self, outcomes: Sequence[Outcome]) -> None:
        """Record deliveries; rows cancelled or re-claimed meanwhile are left alone."""
        mine = (_T.c.claimed_by == self._me, _T.c.status == _PENDING)  # a cancel in flight wins
        done = {"lease_until": None, "claimed_by": None, "attempts": 0}
        finished = [o for o in outcomes if o.status != ReminderStatus.PENDING]
        series = [o for o in outcomes if o.status == ReminderStatus.PENDING]
        async with self._engine.begin() as conn:
            # Finished one-offs, the bulk of any burst: a few set-based updates, since
            # per-row parameters would cost the event loop more than the database.
            for late in (False, True):
                ids = [o.id for o in finished if o.late is late]
                for start in range(0, len(ids), 500):
                    await conn.execute(
                        update(_T)
                        .where(_T.c.id.in_(ids[start : start + 500]), *mine)
                        .values(
                            status=ReminderStatus.SENT.value,
                            late=late,
                            sent_at=max(o.sent_at for o in finished),
                            **done,
                        )
                    )
            if series:
                await conn.execute(
                    update(_T)
                    .where(_T.c.id == bindparam("o_id"), *mine)
                    .values(
                        due_at=bindparam("o_due"),
                        late=bindparam("o_late"),
                        sent_at=bindparam("o_sent"),
                        **done,
                    ),
                    [
                        {"o_id": o.id, "o_due": o.due_at, "o_late": o.late, "o_sent": o.sent_at}
                        for o in series
                    ],
                )

    async def release(
        self, ids: Iterable[int], retry_at: datetime | None = None, *, failed: bool = False
    ) -> None:
        """Give rows back: at once, or not before `retry_at` after a failed send."""
        ids = list(ids)
        if not ids:
            return
        values: dict[str, object] = {"claimed_by": None, "lease_until": retry_at}
        if failed:
            values["attempts"] = _T.c.attempts + 1
        stmt = update(_T).where(_T.c.id.in_(ids), _T.c.claimed_by == self._me).values(**values)
        async with self._engine.begin() as conn:
            await conn.execute(stmt)

    async def beat(self, now: datetime) -> None:
        """Record that this worker is alive at `now` (its heartbeat)."""
        async with self._engine.begin() as conn:
            found = await conn.execute(
                update(_W).where(_W.c.worker_id == self._me).values(heartbeat_at=now)
            )
            if found.rowcount == 0:
                await conn.execute(insert(_W).values(worker_id=self._me, heartbeat_at=now))

    async def take_back(
        self, is_dead: Callable[[str], bool], silent_since: datetime | None = None
    ) -> int:
        """Release at once every claim held by a worker that is gone; return how many rows.

        Gone: `is_dead` says so, or its heartbeat is older than `silent_since` (None: no
        heartbeat counts). A restart then need not wait out the dead worker's leases.
        """
        holders = (
            select(_T.c.claimed_by, _W.c.heartbeat_at)
            .select_from(_T.outerjoin(_W, _W.c.worker_id == _T.c.claimed_by))
            .where(_T.c.status == _PENDING, _T.c.claimed_by.is_not(None))
            .distinct()
        )
        async with self._engine.begin() as conn:
            dead = [
                holder
                for holder, beat in (await conn.execute(holders)).all()
                if holder and _gone(holder, beat, is_dead, silent_since)
            ]
            if not dead:
                return 0
            stmt = (
                update(_T)
                .where(_T.c.claimed_by.in_(dead), _T.c.status == _PENDING)
                .values(claimed_by=None, lease_until=None)
            )
            taken = (await conn.execute(stmt)).rowcount
            others = [holder for holder in dead if holder != self._me]
            if others:
                await conn.execute(delete(_W).where(_W.c.worker_id.in_(others)))
            return taken

    async def pause_chat(self, platform: str, chat_id: str) -> int:
        """Pause every pending reminder for a chat the platform says is unreachable."""
        stmt = (
            update(_T)
            .where(_T.c.platform == platform, _T.c.chat_id == chat_id, _T.c.status == _PENDING)
            .values(status=ReminderStatus.PAUSED.value, claimed_by=None, lease_until=None)
        )
        async with self._engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount

    async def next_wake(self, platforms: Sequence[str], now: datetime) -> datetime | None:
        """Return when something next becomes claimable for these platforms, or None."""
        if not platforms:
            return None
        candidates: list[datetime] = []
        async with self._engine.connect() as conn:
            for platform in platforms:
                # ORDER BY … LIMIT 1 walks the partial index and stops at the first row.
                first_due = (
                    select(_T.c.due_at)
                    .where(
                        _T.c.status == _PENDING,
                        *self._scope(platform),
                        or_(_T.c.lease_until.is_(None), _T.c.lease_until <= now),
                    )
                    .order_by(_T.c.due_at)
                    .limit(1)
                )
                if (due := await conn.scalar(first_due)) is not None:
                    candidates.append(due)
            first_lease = (
                select(_T.c.lease_until)
                .where(
                    _T.c.status == _PENDING,
                    _T.c.lease_until.is_not(None),
                    _T.c.lease_until > now,
                    _T.c.platform.in_(platforms),
                )
                .order_by(_T.c.lease_until)
                .limit(1)
            )
            if (lease := await conn.scalar(first_lease)) is not None:
                candidates.append(lease)
        return min(candidates, default=None)


def _gone(
    holder: str,
    beat: datetime | None,
    is_dead: Callable[[str], bool],
    silent_since: datetime | None,
) -> bool:
    """Whether the worker holding claims is gone: known dead, or silent too long."""
    if is_dead(holder):
        return True
    return silent_since is not None and beat is not None and as_utc(beat) < silent_since


class Marker:
    """Marks delivered rows in the background, batching whatever piled up meanwhile.

    This keeps the window between "the platform accepted it" and "the row says sent" to about
    one database round trip, without a transaction per message. A mark that fails (the
    database is away) is retried with backoff for as long as it takes: a row the platform
    accepted must never be sent again because marking it was late, and the scheduler claims
    nothing more until `close()` returns.
    """

    def __init__(
        self,
        queue: ReminderQueue,
        sleep: Callable[[float], Awaitable[None]],
        max_backoff: float = MAX_MARK_BACKOFF,
    ) -> None:
        self._queue = queue
        self._sleep = sleep
        self._max_backoff = max_backoff
        self._pending: list[Outcome] = []
        self._ready = asyncio.Event()
        self._closing = False
        self.count = 0
        self._task = asyncio.create_task(self._loop())

    def add(self, outcome: Outcome) -> None:
        """Queue one delivered row to be marked."""
        self._pending.append(outcome)
        self._ready.set()

    async def close(self) -> None:
        """Mark everything still queued and stop."""
        self._closing = True
        self._ready.set()
        await self._task

    async def _loop(self) -> None:
        while True:
            await self._ready.wait()
            self._ready.clear()
            batch, self._pending = self._pending, []
            if batch:
                await self._finish(batch)
                self.count += len(batch)
            if self._closing and not self._pending:
                return

    async def _finish(self, batch: list[Outcome]) -> None:
        failures = 0
        while True:
            try:
                await self._queue.finish(batch)
            except Exception as error:  # the database is away: wait for it, however long
                failures += 1
                delay = min(self._max_backoff, 0.2 * 2 ** min(failures - 1, 10))
                # The error's class only: its text could quote the statement's values.
                log.warning(
                    "marking %d delivered reminders failed (%s, %d in a row); retrying in %.1f s",
                    len(batch),
                    type(error).__name__,
                    failures,
                    delay,
                )
                await self._sleep(delay)
                continue
            if failures:
                log.info("marked %d delivered reminders after %d retries", len(batch), failures)
            return
