"""One send budget shared by every worker on PostgreSQL: a bucket per scope in a table.

Each scope (a platform overall, one chat, one group) is a row holding the earliest time its
next message may go, and for a platform when a 429's retry_after ends, on PostgreSQL's
clock so workers on different hosts agree. Taking a slot is one upsert that moves that time
on by the scope's interval and returns how long to wait (GCRA, the token bucket with no
burst): slots never overlap, whichever worker asks. A 429 answered to any worker holds the
platform's row past its retry_after, so every worker pauses; a 429 about one chat (Discord's
per-channel limits) holds that chat's row only. SQLite is one process: it keeps the
in-process `Pacer`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager

from sqlalchemy import Float, String, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column

from bot.reminders.ratelimit import RateLimit, SendPacer
from bot.storage.models import Base

# Rows of chats whose pause ended this long ago are deleted: they would take no slot later.
FORGET_AFTER = 60.0
SWEEP_EVERY = 1000  # slots taken between two sweeps of forgotten chats

_NOW = "extract(epoch from statement_timestamp())"
_TAKE = text(
    f"""
    INSERT INTO rate_budget (scope, next_free, held_until) VALUES (:scope, {_NOW} + :gap, 0)
    ON CONFLICT (scope) DO UPDATE
    SET next_free = greatest(rate_budget.next_free, rate_budget.held_until, {_NOW}) + :gap
    RETURNING rate_budget.next_free - :gap, rate_budget.next_free - :gap - {_NOW}
    """
)
_HOLD = text(
    f"""
    INSERT INTO rate_budget (scope, next_free, held_until)
    VALUES (:scope, {_NOW} + :seconds, {_NOW} + :seconds)
    ON CONFLICT (scope) DO UPDATE
    SET held_until = greatest(rate_budget.held_until, {_NOW} + :seconds),
        next_free = greatest(rate_budget.next_free, {_NOW} + :seconds)
    """
)
# Whether a 429 came after this slot was taken and spoilt it: the slot falls inside the
# hold, or less than a gap after it, where the retry goes. The slot right at its end is
# the retry's own (taken just after the hold), so it stands.
_SPOILT = text(
    """
    SELECT abs(:slot - held_until) > 1e-6 AND :slot < held_until + :gap - 1e-6
    FROM rate_budget WHERE scope = :scope
    """
)
_SWEEP = text(f"DELETE FROM rate_budget WHERE scope LIKE :chats AND next_free < {_NOW} - :age")


class RateBudget(Base):
    """When a scope (a platform, or one of its chats) may send next, in epoch seconds."""

    __tablename__ = "rate_budget"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    next_free: Mapped[float] = mapped_column(Float)  # the next slot nobody has taken
    held_until: Mapped[float] = mapped_column(Float)  # a 429's retry_after ends then


class SharedBudget:
    """A `SendPacer` whose slots come from the `rate_budget` table, shared by all workers."""

    def __init__(
        self,
        engine: AsyncEngine,
        platform: str,
        limit: RateLimit,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._engine = engine
        self._platform = platform
        self._limit = limit
        self._sleep = sleep
        self._taken = 0

    async def _take(self, scope: str, gap: float) -> tuple[float, float]:
        """Take the scope's next slot: return when it is (epoch) and how long until then."""
        async with self._engine.begin() as conn:
            slot, wait = (await conn.execute(_TAKE, {"scope": scope, "gap": gap})).one()
            self._taken += 1
            if self._taken % SWEEP_EVERY == 0:
                await conn.execute(_SWEEP, {"chats": f"{self._platform}:%", "age": FORGET_AFTER})
        return float(slot), float(wait)

    def _chat_scope(self, chat_id: str, *, group: bool) -> str:
        return f"{self._platform}:{'group' if group else 'chat'}:{chat_id}"

    @asynccontextmanager
    async def slot(self, chat_id: str, *, group: bool = False) -> AsyncIterator[None]:
        """Wait for this chat's turn, then for a slot overall, then let the caller send.

        The chat first, as the in-process Pacer does: a slot overall is taken only by a
        sender about to send, so the wait after it stays short (a few slots per worker)
        and the chat's own spacing holds.
        """
        await self._turn(self._chat_scope(chat_id, group=group), self._limit.interval(group=group))
        await self._turn(self._platform, 1.0 / self._limit.per_second)
        yield

    async def _turn(self, scope: str, gap: float) -> None:
        """Take the scope's next slot and wait for it.

        A 429 may have come while we waited for a slot taken before it (for the platform,
        or for this chat: Discord's per-channel limits). That slot is spoilt then: take the
        next one after the hold, rather than every such waiter sending the moment the
        hold ends (a burst that earns the next 429) or right on the retry's heels.
        Checked only after a wait, so unpaced sends pay no extra query.
        """
        slot, wait = await self._take(scope, gap)
        while wait > 0:
            await self._sleep(wait)
            if not await self._spoilt(scope, slot, gap):
                return
            slot, wait = await self._take(scope, gap)

    async def _spoilt(self, scope: str, slot: float, gap: float) -> bool:
        async with self._engine.connect() as conn:
            params = {"scope": scope, "slot": slot, "gap": gap}
            return bool(await conn.scalar(_SPOILT, params))

    async def _hold(self, scope: str, seconds: float) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(_HOLD, {"scope": scope, "seconds": seconds})

    async def retry_after(self, seconds: float) -> None:
        """Hold every worker for a 429's `seconds`, then wait for a fresh slot to retry in."""
        await self._hold(self._platform, seconds)
        await self._turn(self._platform, 1.0 / self._limit.per_second)

    async def hold(
        self, seconds: float, chat_id: str | None = None, *, group: bool = False
    ) -> None:
        """Hold every worker's sends for a 429's `seconds`, and return at once.

        For a client that waits out its own 429 and retries by itself (discord.py): the
        platform is held (a global 429), or one chat (`chat_id`, a per-channel 429). The
        slot right after the hold is taken for that retry, so the other workers' first send
        comes one gap after it rather than with it.
        """
        if chat_id is None:
            scope, gap = self._platform, 1.0 / self._limit.per_second
        else:
            scope, gap = self._chat_scope(chat_id, group=group), self._limit.interval(group=group)
        await self._hold(scope, seconds)
        await self._take(scope, gap)  # the retry's slot; the client does the waiting


def send_pacers(engine: AsyncEngine, limits: Mapping[str, RateLimit]) -> dict[str, SendPacer]:
    """Return each platform's shared budget on PostgreSQL; none on SQLite.

    With none, the scheduler paces in-process (`Pacer`) on its own clock, and a 429 needs no
    sharing: PTB's rate limiter already pauses the one process that got it.
    """
    if engine.dialect.name != "postgresql":
        return {}
    return {name: SharedBudget(engine, name, limit) for name, limit in limits.items()}
