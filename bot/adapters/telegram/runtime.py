"""How PTB runs our handlers: chats in parallel but each chat in order, and patient requests.

PTB's `concurrent_updates(True)` runs every update at once, so two quick taps from one
person could be handled out of order. `PerChatUpdateProcessor` keeps a queue per chat, and
with several webhook workers it waits for the chat's earlier updates on the other workers
too (`UpdateOrder`, tickets taken by `TicketedQueue` before the webhook answers).
`PatientRateLimiter` is PTB's AIORateLimiter (flood limits, honouring 429 retry_after) that
also retries network errors and timeouts with exponential backoff, and tells the workers'
shared send budget (bot/storage/rate_budget.py) when Telegram answers 429.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from typing import Any, Protocol

from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter, BaseUpdateProcessor

log = logging.getLogger(__name__)


def keep_secrets_out_of_logs() -> None:
    """Raise library log levels that would print the bot token or what people typed.

    httpx logs every request URL at INFO, and the URL holds the token; PTB logs whole updates
    (message text included) at DEBUG.
    """
    for name, floor in (
        ("httpx", logging.WARNING),
        ("httpcore", logging.WARNING),
        ("telegram", logging.INFO),
    ):
        library = logging.getLogger(name)
        if library.level < floor:  # NOTSET (inherit) counts as below: pin it
            library.setLevel(floor)


def chat_key(update: object) -> Hashable | None:
    """Return what to serialise an update on: its chat, else its user, else nothing."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class UpdateOrder(Protocol):
    """Keeps one chat's updates in order across workers (bot/storage/update_order.py)."""

    async def take(self, chat: str, update_id: int) -> None:
        """Record that this update was accepted."""
        ...

    async def wait_turn(self, chat: str, update_id: int) -> None:
        """Return once no earlier update of the chat is waiting or running anywhere."""
        ...

    async def done(self, chat: str, update_id: int) -> None:
        """Let the chat's next update run."""
        ...


def _ticket(update: object) -> tuple[str, int] | None:
    key = chat_key(update)
    if key is None or not isinstance(update, Update):
        return None
    return str(key), update.update_id


class TicketedQueue(asyncio.Queue[object]):
    """PTB's update queue, taking each update's ticket as the webhook hands it over.

    PTB's webhook handler awaits `put` before it answers 200, so Telegram's next update
    comes after this one's ticket is stored.
    """

    def __init__(self, order: UpdateOrder) -> None:
        super().__init__()
        self._order = order

    async def put(self, item: object) -> None:
        """Take the update's ticket, then queue it."""
        if (ticket := _ticket(item)) is not None:
            await self._order.take(*ticket)
        await super().put(item)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs updates of different chats concurrently; one chat's updates one by one, in order.

    Each update waits for the previous update of its chat, so order is the order in which PTB
    hands updates over (the order Telegram sent them). At most `max_running` updates run at
    once; an update waiting for its chat does not take one of those places, so one busy chat
    cannot hold up the others. PTB's own limit (`max_pending`) only caps updates in hand.
    """

    def __init__(
        self, max_running: int = 16, max_pending: int = 4096, order: UpdateOrder | None = None
    ) -> None:
        super().__init__(max_pending)
        self._running = asyncio.Semaphore(max_running)
        self._order = order
        self._tails: dict[Hashable, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update once every earlier update of its chat has finished."""
        key = chat_key(update)
        if key is None:
            async with self._running:
                await coroutine
            return
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None:
                # shield: if we are cancelled, the previous update must still run to its end
                await asyncio.shield(previous)
            ticket = _ticket(update) if self._order is not None else None
            if ticket is not None and self._order is not None:
                await self._order.wait_turn(*ticket)  # earlier ones on other workers
            try:
                async with self._running:
                    await coroutine
            finally:
                if ticket is not None and self._order is not None:
                    await self._order.done(*ticket)
        finally:
            if (
                inspect.iscoroutine(coroutine)
                and inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED
            ):
                coroutine.close()  # cancelled before it started: avoid "never awaited"
            if previous is not None and not previous.done():
                # Cancelled while waiting: the next update must still wait for `previous`.
                previous.add_done_callback(lambda _: self._finish(key, mine))
            else:
                self._finish(key, mine)

    def _finish(self, key: Hashable, mine: asyncio.Future[None]) -> None:
        if not mine.done():
            mine.set_result(None)
        if self._tails.get(key) is mine:
            del self._tails[key]

    @property
    def busy_chats(self) -> int:
        """Return how many chats have an update running or waiting."""
        return len(self._tails)

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB waits for running updates before shutting us down."""


Answer = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, Answer]]


class PatientRateLimiter(AIORateLimiter):
    """AIORateLimiter that also retries network errors and timeouts, waiting longer each time.

    A 4xx answer (BadRequest, Forbidden) is final and is not retried. A timed-out send may
    have reached Telegram, so a retry can rarely duplicate a message; losing replies would be
    worse for someone mid-interview. `on_retry_after(seconds)`, if given, hears every 429's
    wait and returns when this request may go again (the workers' shared budget).
    """

    def __init__(
        self,
        *,
        network_retries: int = 3,
        backoff: float = 0.5,
        max_in_flight: int = 16,
        on_retry_after: Callable[[float], Awaitable[None]] | None = None,
        **limits: Any,
    ) -> None:
        limits.setdefault("max_retries", 5)
        super().__init__(**limits)
        self._network_retries = network_retries
        self._backoff = backoff
        # Requests beyond this wait here, in a cheap FIFO, rather than in httpcore's pool,
        # whose bookkeeping grows with the square of the requests queued in it.
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._on_retry_after = on_retry_after

    def _told_of_429(self, callback: Callback) -> Callback:
        """Wrap the request so a 429 waits for the shared budget, not for PTB alone.

        PTB would sleep retry_after and then send every waiting retry at once, past the
        budget the other workers keep to; a burst that earns the next 429. Here the budget
        hears the 429 (and holds every worker), and the retry waits for a slot of its own.
        """
        hook = self._on_retry_after
        if hook is None:
            return callback
        retries = self._max_retries

        async def request(*args: Any, **kwargs: Any) -> Answer:
            for attempt in range(retries + 1):
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as exc:
                    if attempt == retries:
                        raise
                    await hook(exc._retry_after.total_seconds())  # the int property is deprecated
            raise AssertionError("unreachable")  # the loop always returns or raises

        return request

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Send one request under the flood limits, retrying transient network failures."""
        for attempt in range(self._network_retries + 1):
            try:
                async with self._in_flight:
                    return await super().process_request(
                        self._told_of_429(callback), args, kwargs, endpoint, data, rate_limit_args
                    )
            except BadRequest:
                raise
            except NetworkError as exc:  # includes TimedOut
                if attempt == self._network_retries:
                    raise
                delay = self._backoff * 2**attempt
                log.warning(
                    "Telegram %s failed (%s); retry %d in %.1fs",
                    endpoint,
                    type(exc).__name__,
                    attempt + 1,
                    delay,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # the loop always returns or raises
