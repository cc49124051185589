"""Virtual time for code that takes `clock`, `monotonic` and `sleep`: sleepers wait for the test.

Nothing moves on its own. `sleep(s)` registers a wake-up `s` seconds ahead and waits; the test
moves the clock with `advance_to` (or lets `run` move it from one wake-up to the next), and
each sleeper wakes in deadline order with the clock reading exactly its deadline. So a test
asserts timing exactly and takes no real time; real timeouts here only guard against a hang.
Time is kept in whole microseconds, the resolution of `datetime`, so sums never drift.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

T = TypeVar("T")

START = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
_US = timedelta(microseconds=1)
# Loop turns a woken task gets to reach its next sleep. The code driven here does no I/O
# between a wake-up and its next sleep, so a fixed count is enough and deterministic.
_SETTLE_TURNS = 50
_GUARD_S = 10.0  # real seconds before a wait that should end at once fails the test


class VirtualTime:
    """A clock (`now`, `monotonic`) and a `sleep` that wait for the test to move time."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self._us = 0
        self._sleepers: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._slept = asyncio.Event()

    def now(self) -> datetime:
        """Return the virtual wall clock (aware, UTC)."""
        return self.start + self._us * _US

    def monotonic(self) -> float:
        """Return virtual seconds since the start."""
        return self._us / 1_000_000

    async def sleep(self, seconds: float) -> None:
        """Wait until the clock has moved `seconds` ahead (at once if not positive)."""
        steps = round(seconds * 1_000_000)
        if steps <= 0:
            await asyncio.sleep(0)
            return
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._us + steps, next(self._order), wake))
        self._slept.set()
        try:
            await wake
        finally:
            wake.cancel()  # a cancelled sleeper leaves the heap when it reaches the top

    def wakeups(self) -> list[datetime]:
        """Return when the current sleepers wake, soonest first."""
        return [self.start + us * _US for us, _, f in sorted(self._sleepers) if not f.done()]

    async def sleeping(self, until: datetime | None = None) -> None:
        """Wait (in real time) until something sleeps, until `until` if given."""
        async with asyncio.timeout(_GUARD_S):
            while not (until in self.wakeups() if until else self.wakeups()):
                self._slept.clear()
                await self._slept.wait()

    async def advance_to(self, when: datetime) -> None:
        """Move the clock to `when`, waking every sleeper due by then in order."""
        target = (when - self.start) // _US
        assert target >= self._us, "virtual time never goes back"
        while (first := self._first()) is not None and first <= target:
            us, _, wake = heapq.heappop(self._sleepers)
            self._us = us
            wake.set_result(None)
            await self._settle()
        self._us = target
        await self._settle()

    async def advance(self, seconds: float) -> None:
        """Move the clock `seconds` ahead, waking sleepers on the way."""
        await self.advance_to(self.now() + timedelta(seconds=seconds))

    async def run(self, work: Awaitable[T]) -> T:
        """Await `work`, moving the clock to the next wake-up whenever all is asleep."""
        task = asyncio.ensure_future(work)
        try:
            async with asyncio.timeout(_GUARD_S):
                while True:
                    await self._settle()
                    if task.done():
                        return task.result()
                    if (first := self._first()) is not None:
                        await self.advance_to(self.start + first * _US)
                        continue
                    # Busy with I/O (a database): wait for it to finish or to sleep.
                    self._slept.clear()
                    slept = asyncio.ensure_future(self._slept.wait())
                    await asyncio.wait((task, slept), return_when=asyncio.FIRST_COMPLETED)
                    slept.cancel()
        finally:
            task.cancel()

    def _first(self) -> int | None:
        while self._sleepers and self._sleepers[0][2].done():
            heapq.heappop(self._sleepers)
        return self._sleepers[0][0] if self._sleepers else None

    async def _settle(self) -> None:
        for _ in range(_SETTLE_TURNS):
            await asyncio.sleep(0)
