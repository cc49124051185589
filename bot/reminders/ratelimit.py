"""Pace outgoing reminders to a platform's limits: so many per second overall, and per chat.

`Pacer` paces one process (SQLite: one worker). Several workers on PostgreSQL share one
budget instead (bot/storage/rate_budget.py); both are a `SendPacer` to the scheduler.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most `per_second` messages overall and one per `chat_interval` seconds per chat.

    A group chat (a cohort channel) takes one per `group_interval` seconds where the
    platform is stricter with groups (Telegram: 20 a minute); None means `chat_interval`.
    """

    per_second: float
    chat_interval: float = 1.0
    group_interval: float | None = None

    def interval(self, *, group: bool) -> float:
        """Return the pause between two messages to one chat of this kind."""
        if group and self.group_interval is not None:
            return self.group_interval
        return self.chat_interval


class SendPacer(Protocol):
    """What the scheduler paces a platform's sends with."""

    def slot(self, chat_id: str, *, group: bool = False) -> AbstractAsyncContextManager[None]:
        """Wait for this chat's turn and a free slot overall, then let the caller send."""
        ...

    async def retry_after(self, seconds: float) -> None:
        """Hold every sender `seconds` (a 429's retry_after); return when the caller may retry."""
        ...


# Each platform declares its own limit (its `Platform` in bot/adapters/<name>/); the
# composition root passes them to the scheduler. Unlisted platforms are not paced.
DEFAULT_LIMITS: Mapping[str, RateLimit] = MappingProxyType({})


class Pacer:
    """Hands out send slots: `async with pacer.slot(chat_id): await send(...)`.

    Sends to one chat go one at a time, `chat_interval` apart; global slots are reserved
    without awaiting, so concurrent senders never share one.
    """

    def __init__(
        self,
        limit: RateLimit,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._gap = 1.0 / limit.per_second
        self._limit = limit
        self._chat_gap = max(limit.chat_interval, limit.interval(group=True))
        self._clock = clock
        self._sleep = sleep
        self._next_slot = 0.0
        self._chat_last: dict[str, float] = {}
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    async def retry_after(self, seconds: float) -> None:
        """Give out no slot for `seconds` from now, then wait for the next one."""
        start = max(self._next_slot, self._clock() + seconds)
        self._next_slot = start + self._gap
        await self._sleep(start - self._clock())

    @asynccontextmanager
    async def slot(self, chat_id: str, *, group: bool = False) -> AsyncIterator[None]:
        """Wait for this chat's turn and a free global slot, then let the caller send."""
        chat_gap = self._limit.interval(group=group)
        lock, users = self._locks.get(chat_id, (asyncio.Lock(), 0))
        self._locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                last = self._chat_last.get(chat_id)
                if last is not None and (pause := last + chat_gap - self._clock()) > 0:
                    await self._sleep(pause)
                now = self._clock()
                start = max(now, self._next_slot)
                self._next_slot = start + self._gap
                if start > now:
                    await self._sleep(start - now)
                self._chat_last[chat_id] = self._clock()
                yield
        finally:
            lock, users = self._locks[chat_id]
            if users == 1:
                del self._locks[chat_id]
            else:
                self._locks[chat_id] = (lock, users - 1)
            self._forget_old()

    def _forget_old(self) -> None:
        if len(self._chat_last) > 10_000:  # chats whose pause is long over need no entry
            cutoff = self._clock() - self._chat_gap
            self._chat_last = {c: t for c, t in self._chat_last.items() if t > cutoff}
