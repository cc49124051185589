"""Discord's 429s, told to the send budget every worker shares (bot/storage/rate_budget.py).

discord.py waits out a 429 inside its own HTTP client, so only the process that got it
pauses; the other workers would keep sending into the limit. discord.py takes an
`aiohttp.TraceConfig` (`http_trace`) for its session: `on_request_end` sees every response,
so a 429 is read here and held in the budget. A global 429 holds the platform, one about a
channel's messages holds that chat, and every worker's scheduler sends wait through the
budget's slots. This worker does not wait again: discord.py already sleeps retry_after and
retries by itself (its global lock pauses this process's other requests), and the budget's
hold ends when that sleep does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Protocol

import aiohttp
from multidict import CIMultiDictProxy

log = logging.getLogger(__name__)

# Messages in a channel (posting, editing): Discord's per-route limit for these is per
# channel (the channel id is the "major parameter"), so a 429 there is about that chat.
_CHANNEL_MESSAGES = re.compile(r"/channels/(\d+)/messages(?:/|$)")
# Writing the hold is one short statement; a stalled database must not hold up the
# response discord.py is waiting for (it then sleeps retry_after regardless).
HOLD_TIMEOUT = 2.0


class RetryHold(Protocol):
    """Holds every worker's sends (`SharedBudget.hold`): the platform, or one chat."""

    def __call__(
        self, seconds: float, chat_id: str | None = None, *, group: bool = False
    ) -> Awaitable[None]:
        """Hold for `seconds`; return without waiting them out."""
        ...


@dataclass(frozen=True, slots=True)
class RateLimited:
    """One 429: how long to hold, and what (chat_id None: every send, a global limit)."""

    seconds: float
    chat_id: str | None = None
    group: bool = False


def read_429(
    headers: CIMultiDictProxy[str] | dict[str, str],
    body: Any,
    path: str,
    dm_user: Callable[[int], int | None],
) -> RateLimited | None:
    """Return what a 429 holds, or None when no worker but this one need wait.

    `body` is the decoded JSON (None if it was not JSON); `dm_user` names the member a DM
    channel id belongs to, so a DM's chat is "user:<id>" as the scheduler addresses it.
    """
    if not headers.get("Via"):
        # Cloudflare's 429 (a ban for too many invalid requests), not the API's: it has no
        # retry_after to share and discord.py raises rather than retrying.
        return None
    data = body if isinstance(body, dict) else {}
    seconds = _seconds(data.get("retry_after"), headers.get("Retry-After"))
    if seconds is None or seconds <= 0:
        return None
    scope = (headers.get("X-RateLimit-Scope") or "").lower()
    if (
        data.get("global") is True
        or (headers.get("X-RateLimit-Global") or "").lower() == "true"
        or scope == "global"
    ):
        return RateLimited(seconds)
    # A per-route ("user") or per-resource ("shared") limit. Only a channel's messages
    # match a scope of the budget; other routes (interaction replies, commands) are
    # this worker's own and discord.py's per-route bucket covers them.
    match = _CHANNEL_MESSAGES.search(path)
    if match is None:
        return None
    channel_id = int(match[1])
    user_id = dm_user(channel_id)
    if user_id is not None:
        return RateLimited(seconds, f"user:{user_id}")
    # A server channel gets cohort posts, which the scheduler paces as a group chat.
    return RateLimited(seconds, f"channel:{channel_id}", group=True)


def _seconds(from_body: object, from_header: str | None) -> float | None:
    # The body's retry_after first: a float, and what discord.py itself sleeps. The
    # Retry-After header may be rounded up to whole seconds.
    for value in (from_body, from_header):
        if isinstance(value, bool) or value is None:
            continue
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
    return None


def rate_limit_trace(hold: RetryHold, dm_user: Callable[[int], int | None]) -> aiohttp.TraceConfig:
    """Return the `http_trace` for discord.py that holds the shared budget on each 429."""

    async def on_request_end(
        _session: aiohttp.ClientSession,
        _context: SimpleNamespace,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        response = params.response
        if response.status != 429:
            return
        body: Any = None
        # Not JSON (Cloudflare's page): the headers say what they can.
        with contextlib.suppress(ValueError, aiohttp.ClientError):
            # aiohttp keeps the body once read, so discord.py reads these same bytes next.
            body = json.loads(await response.read())
        limited = read_429(response.headers, body, params.url.path, dm_user)
        if limited is None:
            return
        try:
            async with asyncio.timeout(HOLD_TIMEOUT):
                await hold(limited.seconds, limited.chat_id, group=limited.group)
        except Exception as error:  # the budget is a courtesy to the others: never fail the send
            log.warning(
                "could not share a Discord 429 with the other workers (%s)", type(error).__name__
            )
        else:
            log.info(
                "Discord 429 shared with every worker: %s held %.2f s",
                "every send" if limited.chat_id is None else "one chat",
                limited.seconds,
            )

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(on_request_end)
    return trace
