"""Update tickets: one chat's updates run in order across webhook workers (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import create_engine
from bot.storage.schema import upgrade
from bot.storage.update_order import POLL, POLL_MAX, REFRESH_EVERY, STALE_AFTER, UpdateTickets


async def test_a_waiting_update_looks_less_often_the_longer_it_waits(postgres_url: str) -> None:
    """Looks back off from POLL to POLL_MAX, and the update runs once the earlier is done."""
    engine = create_engine(postgres_url)
    try:
        await upgrade(engine)
        pauses: list[float] = []

        async def sleep(seconds: float) -> None:
            pauses.append(seconds)
            if len(pauses) == 9:  # the earlier update finishes on another worker
                await UpdateTickets(engine, "telegram").done("c1", 1)

        tickets = UpdateTickets(engine, "telegram", sleep=sleep)
        await tickets.take("c1", 1)
        await tickets.take("c1", 2)

        await tickets.wait_turn("c1", 2)

        assert pauses[0] == POLL
        assert pauses == sorted(pauses)
        assert pauses[-1] == POLL_MAX
        assert len(pauses) == 9
    finally:
        await engine.dispose()


async def age_tickets(engine: AsyncEngine, seconds: float) -> None:
    """Make every ticket look `seconds` older, as if it had waited that long in a queue."""
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE update_tickets SET taken_at = taken_at - :s"), {"s": seconds}
        )


async def test_a_ticket_queued_long_on_a_live_worker_keeps_its_place(postgres_url: str) -> None:
    """The worker holding it refreshes it, so the chat's next update still waits for it."""
    engine = create_engine(postgres_url)
    try:
        await upgrade(engine)
        now = [0.0]
        busy = UpdateTickets(engine, "telegram", clock=lambda: now[0])
        await busy.take("c1", 1)  # then queued behind a long backlog on its worker
        await age_tickets(engine, 2 * STALE_AFTER)
        now[0] += REFRESH_EVERY
        await busy.take("c2", 7)  # the worker is alive and working: it refreshes c1's too
        pauses: list[float] = []

        async def sleep(seconds: float) -> None:
            pauses.append(seconds)
            if len(pauses) == 3:
                await busy.done("c1", 1)

        await UpdateTickets(engine, "telegram", sleep=sleep).wait_turn("c1", 2)

        assert len(pauses) == 3, "the later update ran before the earlier one"
    finally:
        await engine.dispose()


async def test_a_dead_worker_s_ticket_holds_nobody_up(postgres_url: str) -> None:
    """Not refreshed for STALE_AFTER, a ticket no longer keeps the chat's next update waiting."""
    engine = create_engine(postgres_url)
    try:
        await upgrade(engine)
        await UpdateTickets(engine, "telegram").take("c1", 1)  # its worker then dies
        await age_tickets(engine, STALE_AFTER + 1)
        pauses: list[float] = []

        async def sleep(seconds: float) -> None:
            pauses.append(seconds)

        await UpdateTickets(engine, "telegram", sleep=sleep).wait_turn("c1", 2)

        assert pauses == []
    finally:
        await engine.dispose()
