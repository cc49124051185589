"""One chat's updates in the order the platform sent them, across webhook workers.

A proxy in front of several webhook workers may hand a person's next update to one worker
while another still has the previous one queued; whichever reached the user lock first
would go first. So each update takes a ticket (its update id, in the `update_tickets`
table) before the webhook answers 200, and runs only once no earlier ticket of its chat is
left; it hands its ticket back when done. Telegram sends the next update only after the
200 (`max_connections=1`, set with the webhook), so an earlier update's ticket is always
in the table before a later one looks. A worker refreshes the tickets it holds while it
works, so only a ticket not refreshed for `STALE_AFTER` (its worker died) no longer holds
anyone up; one merely queued behind a long backlog keeps its place.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from sqlalchemy import BigInteger, Float, String, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base

STALE_AFTER = 60.0  # seconds: a ticket not refreshed this long belongs to a worker that is gone
REFRESH_EVERY = STALE_AFTER / 4  # seconds between refreshes of a worker's own tickets
# Seconds between looks while an earlier update of the chat runs elsewhere: the first soon,
# then each twice as long up to POLL_MAX. With a thousand people typing at once (as many
# updates waiting), a look every 5 ms for each was most of what PostgreSQL did.
POLL = 0.005
POLL_MAX = 0.5
# Looks in flight at once per worker: a thousand waiting updates would otherwise take every
# pooled connection and hold up the turns they wait for.
LOOKERS = 4

_NOW = "extract(epoch from statement_timestamp())"
_TAKE = text(
    f"INSERT INTO update_tickets (platform, chat, update_id, taken_at) "
    f"VALUES (:platform, :chat, :update_id, {_NOW}) ON CONFLICT DO NOTHING"
)
_EARLIER = text(
    f"SELECT count(*) FROM update_tickets WHERE platform = :platform AND chat = :chat "
    f"AND update_id < :update_id AND taken_at > {_NOW} - :stale"
)
_REFRESH = text(
    f"UPDATE update_tickets SET taken_at = {_NOW} WHERE platform = :platform "
    "AND (chat, update_id) IN (SELECT * FROM unnest(CAST(:chats AS text[]), "
    "CAST(:ids AS bigint[])))"
)
_DONE = text(
    "DELETE FROM update_tickets "
    "WHERE platform = :platform AND chat = :chat AND update_id = :update_id"
)


class UpdateTicket(Base):
    """An update a worker has accepted and not yet finished, by chat."""

    __tablename__ = "update_tickets"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat: Mapped[str] = mapped_column(String(64), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    taken_at: Mapped[float] = mapped_column(Float)  # epoch seconds, PostgreSQL's clock


class UpdateTickets:
    """Takes, waits for and hands back the tickets of one platform's updates."""

    def __init__(
        self,
        engine: AsyncEngine,
        platform: str,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine = engine
        self._platform = platform
        self._sleep = sleep
        self._clock = clock
        self._held: set[tuple[str, int]] = set()  # taken here, not yet done
        self._looking = asyncio.Semaphore(LOOKERS)
        self._refreshed = clock()

    def _key(self, chat: str, update_id: int) -> dict[str, object]:
        return {"platform": self._platform, "chat": chat, "update_id": update_id}

    async def take(self, chat: str, update_id: int) -> None:
        """Record that this update was accepted (before the webhook answers 200)."""
        async with self._engine.begin() as conn:
            await conn.execute(_TAKE, self._key(chat, update_id))
        self._held.add((chat, update_id))
        await self._refresh()

    async def wait_turn(self, chat: str, update_id: int) -> None:
        """Return once no earlier update of the chat is still waiting or running."""
        query = {**self._key(chat, update_id), "stale": STALE_AFTER}
        pause = POLL
        while True:
            async with self._looking, self._engine.connect() as conn:
                if not await conn.scalar(_EARLIER, query):
                    return
            await self._refresh()
            await self._sleep(pause)
            pause = min(POLL_MAX, pause * 2)

    async def done(self, chat: str, update_id: int) -> None:
        """Hand the ticket back: the chat's next update may run."""
        async with self._engine.begin() as conn:
            await conn.execute(_DONE, self._key(chat, update_id))
        self._held.discard((chat, update_id))
        await self._refresh()

    async def _refresh(self) -> None:
        """Mark this worker's tickets alive again, if it has not lately."""
        if not self._held or self._clock() - self._refreshed < REFRESH_EVERY:
            return
        self._refreshed = self._clock()
        held = sorted(self._held)
        async with self._engine.begin() as conn:
            await conn.execute(
                _REFRESH,
                {
                    "platform": self._platform,
                    "chats": [chat for chat, _ in held],
                    "ids": [update_id for _, update_id in held],
                },
            )


def update_tickets(engine: AsyncEngine, platform: str) -> UpdateTickets | None:
    """Return tickets on PostgreSQL, where several workers may share a webhook; else None."""
    return UpdateTickets(engine, platform) if engine.dialect.name == "postgresql" else None
