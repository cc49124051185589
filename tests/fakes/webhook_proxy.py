"""A loopback load balancer for webhook workers: each chat's updates go to them in turn.

Like a proxy in front of several `img-advisor run` processes on one webhook URL, but
worst-case on purpose: a person's consecutive updates land on different workers. The
worker's answer (status and body) goes back to the poster, as a reverse proxy does.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any, Self

import aiohttp
from aiohttp import web


def _chat_of(update: dict[str, Any]) -> int | None:
    for kind in ("message", "edited_message", "callback_query"):
        body = update.get(kind)
        if isinstance(body, dict):
            sender = body.get("from") or {}
            return sender.get("id")
    return None


class WebhookProxy:
    """Forwards POSTs to `targets`, rotating per chat; counts what each target got."""

    def __init__(self, targets: Sequence[str]) -> None:
        self.targets = list(targets)
        self.forwarded = [0] * len(self.targets)
        self._turns: dict[int | None, Iterator[int]] = {}
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """Return the URL to post updates to."""
        return f"http://127.0.0.1:{self.port}/tg/hook"

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        # A fresh connection per update: a reused one the worker has just closed would
        # fail the update (the keep-alive race); Telegram itself retries, a test would not.
        self._client = aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        chat = _chat_of(await request.json())
        turn = self._turns.setdefault(chat, itertools.cycle(range(len(self.targets))))
        target = next(turn)
        self.forwarded[target] += 1
        assert self._client is not None
        headers = {
            k: v for k, v in request.headers.items() if k.lower().startswith(("x-", "content-type"))
        }
        async with self._client.post(self.targets[target], data=body, headers=headers) as resp:
            return web.Response(status=resp.status, body=await resp.read())
