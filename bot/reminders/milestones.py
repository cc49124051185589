"""Season milestones as reminders: a user's subscription and a group's cohort channel.

Each milestone becomes one reminder row a week before its date at 09:00 in the user's (or
the group's) time zone, keyed "<Match year>:<milestone id>". Turning one off cancels its row;
subscribing again turns it back on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.reminder_models import (
    MilestoneSubscription,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from flows.reminder_parse import zone

LEAD = timedelta(days=7)
REMIND_AT = time(9, 0)
_T = Reminder.__table__
_SUBS = MilestoneSubscription.__table__
_REARM = (ReminderStatus.PENDING.value, ReminderStatus.PAUSED.value, ReminderStatus.CANCELLED.value)


class MilestoneLike(Protocol):
    """A dated item of the season, as the knowledge base gives it."""

    id: str
    title: str
    date: date
    sources: Sequence[Any]


@dataclass(frozen=True, slots=True)
class Armed:
    """How many milestone reminders a change armed, and the soonest of them."""

    count: int
    first: datetime | None


def source_link(source: Any) -> str:
    """Return a source as text: a citation string as it is, else the object's URL or name."""
    if isinstance(source, str):
        return source
    return str(getattr(source, "url", None) or getattr(source, "name", None) or source)


def milestone_due(day: date, tz: str, now: datetime) -> datetime | None:
    """Return when to remind of a milestone on `day` (UTC), or None if it is too late."""
    where = zone(tz)
    wanted = datetime.combine(day - LEAD, REMIND_AT, where)
    if wanted.astimezone(UTC) > now:
        return wanted.astimezone(UTC)
    # Subscribed inside the lead week: the next 09:00 that is still on or before the day.
    local_today = now.astimezone(where).date()
    for offset in range(2):
        candidate = datetime.combine(local_today + timedelta(days=offset), REMIND_AT, where)
        if candidate.astimezone(UTC) > now and candidate.date() <= day:
            return candidate.astimezone(UTC)
    return None


def typical_tag(milestone: MilestoneLike) -> str:
    """Say that a date follows the usual pattern (and which), not a published calendar."""
    if not getattr(milestone, "typical", False):
        return ""
    timing = getattr(milestone, "timing", None)
    return f" (typical: {timing})" if timing else " (typical)"


def milestone_text(milestone: MilestoneLike) -> str:
    """Return the words a milestone reminder says, with its source."""
    day = milestone.date
    text = f"{milestone.title} — {day:%a} {day.day} {day:%b %Y}{typical_tag(milestone)}"
    if milestone.sources:
        text += f"\n\nSource: {source_link(milestone.sources[0])}"
    return text


async def subscribe(
    engine: AsyncEngine,
    user_id: int,
    match_year: int,
    platform: str,
    chat_id: str,
    tz: str,
    milestones: Sequence[MilestoneLike],
    now: datetime,
) -> Armed:
    """Subscribe a user to the season's milestones (turning back on any turned off)."""
    async with engine.begin() as conn:
        await conn.execute(delete(_SUBS).where(_SUBS.c.user_id == user_id))
        await conn.execute(
            insert(_SUBS).values(
                user_id=user_id,
                match_year=match_year,
                platform=platform,
                chat_id=chat_id,
                created_at=now,
            )
        )
        owner = (_T.c.user_id == user_id) & (_T.c.kind == ReminderKind.MILESTONE.value)
        dated = [(match_year, m) for m in milestones]
        return await _arm(
            conn,
            owner,
            {"user_id": user_id, "kind": ReminderKind.MILESTONE.value},
            platform,
            chat_id,
            tz,
            dated,
            now,
        )


async def unsubscribe(engine: AsyncEngine, user_id: int) -> int:
    """Turn off all of a user's milestone reminders; return how many were pending."""
    async with engine.begin() as conn:
        await conn.execute(delete(_SUBS).where(_SUBS.c.user_id == user_id))
        result = await conn.execute(
            update(_T)
            .where(
                _T.c.user_id == user_id,
                _T.c.kind == ReminderKind.MILESTONE.value,
                _T.c.status.in_(_REARM[:2]),
            )
            .values(status=ReminderStatus.CANCELLED.value, lease_until=None, claimed_by=None)
        )
        return result.rowcount


async def subscribed_year(engine: AsyncEngine, user_id: int) -> int | None:
    """Return the Match year the user subscribed to, or None."""
    async with engine.connect() as conn:
        return await conn.scalar(select(_SUBS.c.match_year).where(_SUBS.c.user_id == user_id))


async def arm_cohort(
    engine: AsyncEngine,
    platform: str,
    chat_id: str,
    tz: str,
    milestones: Sequence[tuple[int, MilestoneLike]],
    now: datetime,
) -> Armed:
    """Post these (Match year, milestone) pairs to a group channel; safe to repeat."""
    owner = (
        (_T.c.kind == ReminderKind.COHORT.value)
        & (_T.c.platform == platform)
        & (_T.c.chat_id == chat_id)
    )
    identity = {"user_id": None, "kind": ReminderKind.COHORT.value}
    try:
        async with engine.begin() as conn:
            return await _arm(conn, owner, identity, platform, chat_id, tz, milestones, now)
    except IntegrityError:
        # Another worker armed the same group at the same moment (each milestone is unique
        # per group): arm again over its rows, which this time are seen and updated.
        async with engine.begin() as conn:
            return await _arm(conn, owner, identity, platform, chat_id, tz, milestones, now)


async def drop_cohort(engine: AsyncEngine, platform: str, chat_id: str) -> int:
    """Stop a channel's cohort posts; return how many were still to come."""
    async with engine.begin() as conn:
        result = await conn.execute(
            delete(_T).where(
                _T.c.kind == ReminderKind.COHORT.value,
                _T.c.platform == platform,
                _T.c.chat_id == chat_id,
                _T.c.status.in_(_REARM[:2]),
            )
        )
        return result.rowcount


async def _arm(
    conn: AsyncConnection,
    owner: Any,
    identity: dict[str, Any],
    platform: str,
    chat_id: str,
    tz: str,
    milestones: Sequence[tuple[int, MilestoneLike]],
    now: datetime,
) -> Armed:
    existing = {
        row.milestone_id: row
        for row in await conn.execute(
            select(_T.c.id, _T.c.milestone_id, _T.c.status, _T.c.text).where(owner)
        )
    }
    wanted = {f"{year}:{m.id}" for year, m in milestones}
    times: list[datetime] = []
    for year, milestone in milestones:
        key = f"{year}:{milestone.id}"
        due = milestone_due(milestone.date, tz, now)
        if due is None:
            continue
        text = milestone_text(milestone)
        values = {
            "platform": platform,
            "chat_id": chat_id,
            "text": text,
            "due_at": due,
            "tz": tz,
            "status": ReminderStatus.PENDING.value,
            "lease_until": None,
            "claimed_by": None,
            "late": False,
        }
        row = existing.get(key)
        if row is None:
            await conn.execute(insert(_T).values(**identity, milestone_id=key, **values))
        elif row.status in _REARM or _headline(row.text) != _headline(text):
            # Delivered rows stay delivered (`due` moves on with `now`, so it can't tell) unless
            # the milestone itself changed: a new date or title is worth saying again.
            await conn.execute(update(_T).where(_T.c.id == row.id).values(**values))
        else:
            continue
        times.append(due)
    stale = [
        row.id for mid, row in existing.items() if mid not in wanted and row.status in _REARM[:2]
    ]
    if stale:  # the knowledge data dropped or renamed these
        await conn.execute(
            update(_T).where(_T.c.id.in_(stale)).values(status=ReminderStatus.CANCELLED.value)
        )
    return Armed(count=len(times), first=min(times, default=None))


def _headline(text: str) -> str:
    return text.partition("\n\n")[0]  # "<title> — <date>", without the source
