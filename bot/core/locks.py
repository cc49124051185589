"""Per-key serialisation: one message per user at a time, different users in parallel.

`KeyedLocks` serialises within one process. Several workers on one PostgreSQL database
serialise through it too (bot/storage/user_lock.py); both are a `UserLock` to the Advisor.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol


class UserLock(Protocol):
    """Lets one turn per user run at a time, in the order the turns asked."""

    def hold(self, key: tuple[str, str]) -> AbstractAsyncContextManager[None]:
        """Hold the (platform, user id) lock for the duration of the block."""
        ...


class KeyedLocks:
    """Hands out one asyncio.Lock per key and forgets it once nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        """Hold the key's lock for the duration of the block."""
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)
