"""One user's turns one at a time across every worker on PostgreSQL: advisory locks.

A turn holds `pg_advisory_lock` on a hash of (platform, user id) on a connection of its
own; PostgreSQL queues the other workers' turns for that user behind it, in the order they
asked, and frees the lock if the worker dies. A session-level lock on an autocommit
connection is two round trips (lock, unlock); a transaction's would be four. Within a
process the turns queue in `KeyedLocks` first, so a worker holds one database connection
per busy user, not per message. Once locked, the same connection reads the person's
stored session version for the store's cache check. The locks' connections come from a
pool of their own, so turns waiting for a lock never starve the turns that hold one of
the connections they need to finish.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.core.locks import KeyedLocks
from bot.logs import log_failure

log = logging.getLogger(__name__)

_LOCK = text("SELECT pg_advisory_lock(hashtextextended(:key, 0))")
_UNLOCK = text("SELECT pg_advisory_unlock(hashtextextended(:key, 0))")
# Read after the lock, in a statement of its own: one started before the lock was granted
# would see the session as it was before the previous holder's turn.
_STORED = text(
    "SELECT i.user_id, s.version FROM identities AS i "
    "LEFT JOIN sessions AS s ON s.user_id = i.user_id "
    "WHERE i.platform = :platform AND i.external_id = :external_id"
)
StoredVersion = Callable[[int, int | None], None]
LOCK_CONNECTIONS = 32  # users whose turns one worker runs at once (Telegram runs 16)


class AdvisoryUserLock:
    """A `UserLock` shared by every worker on one PostgreSQL database."""

    def __init__(
        self,
        engine: AsyncEngine,
        connections: int = LOCK_CONNECTIONS,
        stored_version: StoredVersion | None = None,
    ) -> None:
        """`stored_version(user id, version)` hears the session's version once locked."""
        # No pre-ping: a dead connection fails the lock, and the turn runs unlocked.
        self._engine = create_async_engine(
            engine.url, pool_size=connections, max_overflow=0, isolation_level="AUTOCOMMIT"
        )
        self._local = KeyedLocks()
        self._stored_version = stored_version

    @asynccontextmanager
    async def hold(self, key: tuple[str, str]) -> AsyncIterator[None]:
        """Hold the user's lock, in this process and in the database, for the block.

        With the database unreachable the turn still runs (locked in this process only):
        it will fail on its own reads and answer with an apology rather than raise here.
        """
        platform, user_id = key
        lock = {"key": f"{platform}:{user_id}"}
        async with self._local.hold(key), AsyncExitStack() as stack:
            try:
                conn = await stack.enter_async_context(self._engine.connect())
            except (SQLAlchemyError, OSError) as error:
                log_failure(log, f"locking a {platform} user's turn failed", error)
                yield
                return
            try:
                await conn.execute(_LOCK, lock)
                if self._stored_version is not None:
                    found = {"platform": platform, "external_id": user_id}
                    row = (await conn.execute(_STORED, found)).first()
                    if row is not None:
                        self._stored_version(row.user_id, row.version)
            except (SQLAlchemyError, OSError) as error:
                log_failure(log, f"locking a {platform} user's turn failed", error)
                yield
                return
            except BaseException:
                # Cancelled while waiting: the lock may have been granted meanwhile, and a
                # pooled connection would keep it. Closing the session frees its locks.
                await conn.invalidate()
                raise
            try:
                yield
            finally:
                try:
                    await conn.execute(_UNLOCK, lock)
                except BaseException:
                    await conn.invalidate()  # as above: never pool a connection holding it
                    raise

    async def close(self) -> None:
        """Close the locks' connections."""
        await self._engine.dispose()
