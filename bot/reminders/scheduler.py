"""The reminder scheduler: wake for the nearest due row, claim, send, mark sent.

Nothing pending lives in memory but the time of the next wake. A row is claimed with a
lease, handed to the Sender of its platform and then marked sent, so a process killed at any
point loses nothing: its claims expire and are claimed again. A reminder can arrive twice only
if the process dies after the platform accepted it and before the row was marked.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.messages import Outgoing
from bot.core.ports import Sender, Unreachable
from bot.logs import log_failure
from bot.reminders.delivery import delivery_messages
from bot.reminders.queue import Claimed, Marker, Outcome, ReminderQueue
from bot.reminders.ratelimit import DEFAULT_LIMITS, Pacer, RateLimit
from bot.storage.reminder_models import ReminderStatus
from flows.reminder_parse import next_occurrence

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def worker_identity(name: str | None = None) -> str:
    """This process's worker id, what its claims carry: the configured name that survives
    a restart, else "host:pid"."""
    return name or f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def dead_workers(me: str, *, starting: bool) -> Callable[[str], bool]:
    """Say which claim holders are dead workers of this host, known without waiting.

    A holder "host:pid" of this host whose process no longer exists died. At start-up a
    holder with this worker's own id is a previous run under the same id (a configured
    ADVISOR_WORKER_ID, a container's pid 1 restarted). Other hosts' workers are judged by
    their heartbeats.
    """
    host = me.rpartition(":")[0]
    # Pids mean something only on their own machine: "console:<pid>" (a chat's worker) may
    # come from any machine sharing the database.
    local = host == socket.gethostname()

    def is_dead(holder: str) -> bool:
        if holder == me:
            return starting
        holder_host, _, pid = holder.rpartition(":")
        return local and holder_host == host and pid.isdecimal() and not _pid_alive(int(pid))

    return is_dead


class Scheduler:
    """Delivers due reminders for the platforms it has Senders for."""

    def __init__(
        self,
        engine: AsyncEngine,
        senders: Mapping[str, Sender],
        *,
        worker_id: str,
        lease: timedelta = timedelta(minutes=2),
        clock: Callable[[], datetime] = _utcnow,
        sleep: Sleep = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        batch_size: int = 500,
        concurrency: int = 8,
        limits: Mapping[str, RateLimit] = DEFAULT_LIMITS,
        late_after: timedelta = timedelta(minutes=1),
        max_idle: timedelta = timedelta(seconds=5),
        only_chats: Mapping[str, str] | None = None,
        on_unreachable: Callable[[str, str], Awaitable[None]] | None = None,
        notes: Callable[[Claimed, datetime], Awaitable[list[Outgoing]]] | None = None,
        heartbeat: timedelta | None = timedelta(seconds=10),
    ) -> None:
        self._me = worker_id
        self._queue = ReminderQueue(engine, worker_id, only_chats)
        # Told (platform, chat id) when a chat refuses delivery for good, so the core can
        # notice the person's return and resume what was paused.
        self._on_unreachable = on_unreachable
        # What to add to a delivered reminder (a season milestone the plan has moved past).
        self._notes = notes
        self._senders = dict(senders)
        self._lease = lease
        # Time comes in only through these three, so tests can run the loop on virtual time.
        self._clock = clock
        self._sleep = sleep
        self._batch = batch_size
        self._concurrency = concurrency
        self._limits = {p: limits[p] for p in self._senders if p in limits}
        self._pacers = {p: Pacer(limit, monotonic, sleep) for p, limit in self._limits.items()}
        self._late_after = late_after
        # Other processes sharing the database cannot poke us: look again often enough that
        # a reminder one of them added still arrives within 5 s of its time.
        self._max_idle = max_idle
        self._next_wake: datetime | None = None
        self._wakeup = asyncio.Event()
        # A heartbeat per `heartbeat`; another worker silent for six of them (60 s, half a
        # lease) is gone.
        self._heartbeat_every = heartbeat  # None: no heartbeat (a console chat's scheduler)
        self._silent_after = (heartbeat or timedelta(seconds=10)) * 6
        self._beating_since: datetime | None = None

    def poke(self, due_at: datetime | None = None) -> None:
        """Wake early if `due_at` comes before the wake already planned (None: look now)."""
        if due_at is None or self._next_wake is None or due_at < self._next_wake:
            self._next_wake = due_at
            self._wakeup.set()

    async def take_back_claims(self, *, starting: bool = False) -> int:
        """Release the claims of workers that are gone: this host's dead ones (at start-up,
        a previous run of this one too), and any whose heartbeat stopped while ours went on.
        """
        now = self._clock()
        silent_since = None
        # Only a worker that itself kept beating for the whole window may judge another
        # silent: if the database was away for everyone, nobody's silence means death.
        if self._beating_since is not None and now - self._beating_since >= self._silent_after:
            silent_since = now - self._silent_after
        taken = await self._queue.take_back(dead_workers(self._me, starting=starting), silent_since)
        if taken:
            log.info("took back %d reminders claimed by a worker that is gone", taken)
        return taken

    async def _beat_forever(self) -> None:
        """Beat every `heartbeat`, beside the rounds (a long paced batch must not look like
        silence), and take back what silent workers held."""
        if self._heartbeat_every is None:
            return
        every = self._heartbeat_every.total_seconds()
        while True:
            try:
                await self._queue.beat(self._clock())
                if self._beating_since is None:
                    self._beating_since = self._clock()
                await self.take_back_claims()
            except Exception as error:  # a gap in our own beats: judge nobody for a while
                self._beating_since = None
                log_failure(log, "the reminder worker's heartbeat failed", error)
            await self._sleep(every)

    async def run(self) -> None:
        """Deliver reminders until cancelled, sleeping until the nearest one is due.

        First the claims of this host's dead workers are taken back, so a restart sends
        what they held at once instead of after their leases.
        """
        try:
            await self.take_back_claims(starting=True)
        except Exception as error:  # the database may be away: their leases still run out
            log_failure(log, "taking back a dead worker's reminders failed", error)
        beating = asyncio.create_task(self._beat_forever(), name="reminder-heartbeat")
        try:
            await self._rounds()
        finally:
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beating

    async def _rounds(self) -> None:
        failures = 0
        while True:
            self._wakeup.clear()
            self._next_wake = None  # unknown during a round: any poke means "look again"
            try:
                await self.run_due()
                now = self._clock()
                wake = await self._queue.next_wake(list(self._senders), now)
                failures = 0
            except Exception as error:  # the database went away: keep the loop, try again soon
                failures += 1
                # By class and frames only: a driver's message can quote chat ids and text.
                log_failure(log, f"reminder scheduler round failed ({failures} in a row)", error)
                await self._sleep(min(30.0, 0.5 * 2 ** min(failures, 6)))
                continue
            if self._wakeup.is_set():  # poked during the round; that row may be due
                continue
            self._next_wake = wake
            delay = self._max_idle.total_seconds()
            if wake is not None:
                delay = min(delay, (wake - now).total_seconds())
            if delay <= 0:
                await self._sleep(0.01)  # due, yet claimed elsewhere a moment ago
                continue
            await self._nap(delay)

    async def _nap(self, delay: float) -> None:
        """Sleep `delay` seconds, or less if poked meanwhile."""
        poked = asyncio.ensure_future(self._wakeup.wait())
        nap = asyncio.ensure_future(self._sleep(delay))
        try:
            await asyncio.wait((poked, nap), return_when=asyncio.FIRST_COMPLETED)
        finally:
            poked.cancel()
            nap.cancel()

    async def next_wake(self) -> datetime | None:
        """Return when a reminder for this worker's platforms next becomes due, or None."""
        return await self._queue.next_wake(list(self._senders), self._clock())

    async def run_due(self) -> int:
        """Send everything due now on every platform; return how many were delivered."""
        counts = await asyncio.gather(*(self._drain(p) for p in self._senders))
        return sum(counts)

    async def _drain(self, platform: str) -> int:
        limit = self._batch
        if (rate := self._limits.get(platform)) is not None:
            # Claim no more than a paced sender gets through well inside one lease.
            lease_s = self._lease.total_seconds()
            limit = max(1, min(limit, int(rate.per_second * lease_s / 4)))
        delivered = 0
        while True:
            now = self._clock()
            rows = await self._queue.claim(platform, now, now + self._lease, limit)
            if not rows:
                return delivered
            delivered += await self._deliver(platform, rows)
            if len(rows) < limit:
                return delivered

    async def _notes_for(self, row: Claimed, now: datetime) -> list[Outgoing]:
        if self._notes is None:
            return []
        try:
            return await self._notes(row, now)
        except Exception as error:  # a note is extra: the reminder itself still goes
            log_failure(log, f"adding notes to reminder {row.id} failed", error)
            return []

    async def _deliver(self, platform: str, rows: list[Claimed]) -> int:
        sender = self._senders[platform]
        pacer = self._pacers.get(platform)
        todo = deque(rows)
        untouched: list[int] = []
        failed: list[Claimed] = []
        gone: set[str] = set()
        marker = Marker(self._queue, self._sleep)

        async def attempt(row: Claimed) -> None:
            now = self._clock()
            # Too little lease left to finish safely (a paced chat may have waited long):
            # leave it for a fresh claim rather than risk a second worker sending it too.
            if now >= row.lease_until - self._lease / 4:
                untouched.append(row.id)
                return
            if row.chat_id in gone:
                return
            late = now - row.due_at > self._late_after
            next_due = None
            if row.rrule:  # after a gap, resume from now: no burst of missed occurrences
                next_due = next_occurrence(row.rrule, row.tz, max(now, row.due_at))
            messages = delivery_messages(row, now, late=late, next_due=next_due)
            messages.extend(await self._notes_for(row, now))
            try:
                await sender.send(row.chat_id, messages)
            except Unreachable:
                gone.add(row.chat_id)
                # The person first, then their reminders: stopped between the two, paused
                # reminders with nobody marked unreachable would never be resumed.
                if self._on_unreachable is not None:
                    await self._on_unreachable(platform, row.chat_id)
                paused = await self._queue.pause_chat(platform, row.chat_id)
                log.warning("%s chat unreachable: paused %d reminders", platform, paused)
                return
            except Exception as error:
                log_failure(
                    log, f"sending reminder {row.id} on {platform} failed; will retry", error
                )
                failed.append(row)
                return
            status = ReminderStatus.PENDING if next_due else ReminderStatus.SENT
            marker.add(Outcome(row.id, status.value, next_due or row.due_at, late, now))

        async def worker() -> None:
            handled = 0
            while todo:
                row = todo.popleft()
                handled += 1
                if handled % 64 == 0:
                    # A sender that never suspends would otherwise hold the loop for a batch.
                    await asyncio.sleep(0)
                if pacer is None:
                    await attempt(row)
                else:
                    async with pacer.slot(row.chat_id):
                        await attempt(row)

        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(min(self._concurrency, len(rows))):
                    group.create_task(worker())
        finally:
            await marker.close()
        await self._queue.release(untouched)
        now = self._clock()
        for row in failed:
            backoff = timedelta(seconds=min(1800, 15 * 2 ** min(row.attempts, 10)))
            await self._queue.release([row.id], now + backoff, failed=True)
        return marker.count


class SchedulerHandle:
    """Forwards pokes to the scheduler while it runs.

    Features need something to poke when they add a reminder, and they are built before the
    scheduler, which needs the platforms' senders and so can only exist once they do.
    """

    def __init__(self) -> None:
        self.scheduler: Scheduler | None = None

    def poke(self, due_at: datetime | None = None) -> None:
        """Wake the scheduler for a reminder due at `due_at` (if it is running)."""
        if self.scheduler is not None:
            self.scheduler.poke(due_at)

    @contextlib.asynccontextmanager
    async def running(self, scheduler: Scheduler) -> AsyncIterator[None]:
        """Run `scheduler` in the background for the duration of the block."""
        self.scheduler = scheduler
        task = asyncio.create_task(scheduler.run(), name="reminder-scheduler")
        try:
            yield
        finally:
            self.scheduler = None
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
