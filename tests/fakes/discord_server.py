"""A fake Discord (REST API v10 and gateway websocket) on 127.0.0.1 for the real discord.py.

The unmodified client logs in (GET /users/@me), connects to the gateway (HELLO, IDENTIFY,
READY, GUILD_CREATE, heartbeat ACKs), syncs its commands and receives the events a test
drives: slash commands, button presses, modal submits and DMs. Everything the bot posts is
recorded as a `PostedMessage`, every REST call as a `RestCall` (when, on the fake's clock, and
from which client); faults (429s per route or global, with Discord's headers, and 403s) are
injected on demand.
Like Discord it refuses privileged intents that were not enabled, interaction callbacks after
three seconds and a second acknowledgement of the same interaction. A client that identifies
as shard i of n gets the events of its servers only (`(guild_id >> 22) % n`), DMs on shard 0.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.discord_driver import MemberActions
from tests.fakes.discord_payloads import (
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILDS,
    PRIVILEGED_INTENTS,
    FakeChannel,
    FakeGuild,
    FakeUser,
    Snowflakes,
    message_payload,
)
from tests.fakes.discord_records import FakeInteraction, Fault, PostedMessage, render_text
from tests.fakes.discord_rest import routes

__all__ = ["FakeDiscord", "FakeInteraction", "PostedMessage", "RestCall", "render_text"]

TOKEN = "123456:TEST"


@dataclass(frozen=True, slots=True)
class RestCall:
    """One REST request as the fake saw it."""

    at: float  # time.monotonic() when it arrived
    method: str
    path: str
    status: int
    agent: str  # the client's User-Agent: which process sent it


def shard_of(guild_id: int, shard_count: int) -> int:
    """Return the shard whose session gets a guild's events, by Discord's formula."""
    return (guild_id >> 22) % shard_count


class _Gateway:
    """One identified gateway session."""

    def __init__(
        self, ws: web.WebSocketResponse, intents: int, shard: tuple[int, int] = (0, 1)
    ) -> None:
        self.ws = ws
        self.intents = intents
        self.shard = shard  # (shard id, shard count) as the client identified
        self.seq = 0

    def serves(self, guild_id: int | None) -> bool:
        """Whether Discord sends this session a guild's events (DMs: shard 0's)."""
        shard, count = self.shard
        return shard == (0 if guild_id is None else shard_of(guild_id, count))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        await self.ws.send_str(json.dumps({"op": 0, "t": event, "s": self.seq, "d": data}))


class FakeDiscord(MemberActions):
    """The fake server: a world of users, guilds and channels, plus the API over it."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.ids = Snowflakes()
        self.bot = FakeUser(self.ids.next(), "img-advisor", bot=True)
        self.app_id = self.bot.id
        self.users: dict[int, FakeUser] = {}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.messages: list[PostedMessage] = []
        self.interactions: dict[int, FakeInteraction] = {}
        self.requests: list[tuple[str, str, int]] = []  # (method, path, status)
        self.calls: list[RestCall] = []  # the same requests, with when and from whom
        self.faults: list[Fault] = []
        self.refused_intents: list[int] = []
        self._by_token: dict[str, FakeInteraction] = {}
        self._messages_by_id: dict[int, PostedMessage] = {}
        self._sessions: list[_Gateway] = []
        self._session_ready = asyncio.Event()
        self._last_activity = time.monotonic()
        self._runner: web.AppRunner | None = None
        self._route_table: list[tuple[str, str, Callable[..., Any]]] = []
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        """Close every gateway session and stop listening."""
        for session in list(self._sessions):
            await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base_url(self) -> str:
        """Return the value for DISCORD_API_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Return the value for DISCORD_GATEWAY_URL."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def wait_connected(self, patience: float = 10.0) -> None:
        """Wait until a client has identified and received READY and its guilds."""
        await asyncio.wait_for(self._session_ready.wait(), patience)

    # -- the world -------------------------------------------------------------------------

    def add_user(self, name: str, *, dms_open: bool = True) -> FakeUser:
        """Create a member account."""
        user = FakeUser(self.ids.next(), name, dms_open=dms_open)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        owner: FakeUser,
        channels: tuple[str, ...] = ("general",),
        roles: tuple[str, ...] = (),
        *,
        shard: tuple[int, int] | None = None,
    ) -> FakeGuild:
        """Create a server with text channels and roles (send GUILD_CREATE on connect).

        `shard=(id, count)` picks an id whose events go to that shard.
        """
        guild_id = self.ids.next()
        while shard is not None and shard_of(guild_id, shard[1]) != shard[0]:
            guild_id = self.ids.next()  # ids follow the clock: the next millisecond will do
        guild = FakeGuild(guild_id, name, owner.id)
        for channel_name in channels:
            channel = FakeChannel(self.ids.next(), channel_name, guild_id=guild.id)
            guild.channels.append(channel)
            self.channels[channel.id] = channel
        guild.roles = {self.ids.next(): role for role in roles}
        self.guilds[guild.id] = guild
        return guild

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        """Return (creating it once) the DM channel between the bot and a user."""
        for channel in self.channels.values():
            if channel.recipient is user:
                return channel
        channel = FakeChannel(self.ids.next(), "", recipient=user)
        self.channels[channel.id] = channel
        return channel

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        code: int = 0,
        message: str = "",
        scope: str = "user",
        after: int = 0,
    ) -> None:
        """Make the next matching REST requests fail (429s carry `Via`, like Discord's).

        A 429's `scope` is Discord's X-RateLimit-Scope: "user" (this route, e.g. one
        channel's messages), "shared" (the resource) or "global" (every request, with
        X-RateLimit-Global and `"global": true`). `after` lets that many matching requests
        through first.
        """
        headers: dict[str, str] = {}
        body: dict[str, Any] = {"message": message or "Failure", "code": code}
        if status == 429:
            # Discord's Retry-After header is whole seconds; the body has the exact float.
            headers = {
                "Via": "1.1 google",
                "Retry-After": str(math.ceil(retry_after)),
                "X-RateLimit-Scope": scope,
            }
            if scope == "global":
                headers["X-RateLimit-Global"] = "true"
            body = {
                "message": "You are being rate limited.",
                "retry_after": retry_after,
                "global": scope == "global",
            }
        self.faults.append(
            Fault(method.upper(), re.compile(path_regex), status, times, body, headers, after)
        )

    def public_messages(self) -> list[PostedMessage]:
        """Return every message any member of a server could read."""
        return [m for m in self.messages if m.public]

    def messages_in(self, channel: FakeChannel) -> list[PostedMessage]:
        """Return the bot's messages in a channel, oldest first."""
        return [m for m in self.messages if m.channel is channel]

    @property
    def last_activity(self) -> float:
        """Return when (time.monotonic) the bot last made a request or got an event."""
        return self._last_activity

    async def settle(self, idle: float = 0.06, patience: float = 10.0) -> None:
        """Wait until the bot has made no request for `idle` seconds."""
        deadline = time.monotonic() + patience
        while (quiet := time.monotonic() - self._last_activity) < idle:
            if time.monotonic() > deadline:
                raise TimeoutError("the bot kept talking")
            await asyncio.sleep(idle - quiet)

    # -- driving the bot (member actions live in discord_driver) --------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the connected client, if its intents allow it."""
        if not self._sessions:
            raise RuntimeError("no client is connected to the fake gateway")
        guild_id = data.get("guild_id")
        serving = [s for s in self._sessions if s.serves(int(guild_id) if guild_id else None)]
        session = (serving or self._sessions)[-1]
        if (
            event == "MESSAGE_CREATE"
            and "guild_id" not in data
            and not session.intents & INTENT_DIRECT_MESSAGES
        ):
            return
        self._last_activity = time.monotonic()
        await session.dispatch(event, data)

    def track(self, interaction: FakeInteraction) -> None:
        """Remember an interaction so its callback and follow-ups can find it."""
        self.interactions[interaction.id] = interaction
        self._by_token[interaction.token] = interaction

    def message(self, message_id: int) -> PostedMessage:
        """Return a posted message by id."""
        return self._messages_by_id[message_id]

    # -- gateway ---------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        session: _Gateway | None = None
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                op = payload.get("op")
                if op == 1:
                    await ws.send_str(json.dumps({"op": 11}))
                elif op == 2:
                    session = await self._identify(ws, payload["d"])
                    if session is None:
                        break
                elif op == 6:  # RESUME: sessions are not kept; ask for a fresh IDENTIFY
                    await ws.send_str(json.dumps({"op": 9, "d": False}))
        finally:
            if session in self._sessions:
                self._sessions.remove(session)
            if not self._sessions:
                self._session_ready.clear()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> _Gateway | None:
        if data.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS:
            self.refused_intents.append(intents)
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return None
        shard_id, shard_count = data.get("shard") or (0, 1)
        session = _Gateway(ws, intents, (int(shard_id), int(shard_count)))
        mine = [g for g in self.guilds.values() if session.serves(g.id)]
        await session.dispatch(
            "READY",
            {
                "v": 10,
                "user": self.bot.payload(),
                "session_id": f"s{self.ids.next()}",
                "resume_gateway_url": self.gateway_url,
                "shard": list(session.shard),
                "guilds": [{"id": str(g.id), "unavailable": True} for g in mine],
                "application": {"id": str(self.app_id), "flags": 0},
            },
        )
        if intents & INTENT_GUILDS:
            for guild in mine:
                await session.dispatch("GUILD_CREATE", guild.payload())
        self._sessions.append(session)
        self._session_ready.set()
        return session

    # -- REST ------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        self._last_activity = arrived = time.monotonic()
        path = "/" + request.match_info["tail"]
        status, body, headers = await self._route(request, path)
        self.requests.append((request.method, path, status))
        agent = request.headers.get("User-Agent", "")
        self.calls.append(RestCall(arrived, request.method, path, status, agent))
        self._last_activity = time.monotonic()
        text = "" if body is None else json.dumps(body)
        if status == 204:
            return web.Response(status=204, headers=headers)
        # Exactly "application/json": discord.py parses JSON only then.
        return web.Response(
            status=status,
            body=text.encode(),
            headers={"Content-Type": "application/json", **headers},
        )

    async def _route(self, request: web.Request, path: str) -> tuple[int, Any, dict[str, str]]:
        for fault in self.faults:
            if fault.times > 0 and fault.method == request.method and fault.pattern.fullmatch(path):
                if fault.after > 0:
                    fault.after -= 1
                    continue
                fault.times -= 1
                return fault.status, fault.body, fault.headers
        needs_auth = not path.startswith(("/interactions/", "/webhooks/"))
        if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        for method, pattern, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if match and method == request.method:
                status, body = await handler(request, *match.groups())
                return status, body, {}
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _routes(self) -> list[tuple[str, str, Callable[..., Any]]]:
        if not self._route_table:
            self._route_table = routes(self)
        return self._route_table

    def record(self, message: PostedMessage) -> PostedMessage:
        """Store a message the bot created."""
        message.versions.append(message.text)
        self.messages.append(message)
        self._messages_by_id[message.id] = message
        return message

    def new_message(
        self,
        channel: FakeChannel,
        body: dict[str, Any],
        *,
        files: list[tuple[str, bytes]] | None = None,
        webhook: bool = False,
    ) -> PostedMessage:
        """Create and record a message from a posted body."""
        message_id = self.ids.next()
        attachments = [
            {
                "id": str(self.ids.next()),
                "filename": name,
                "size": len(data),
                "url": f"https://cdn.invalid/{message_id}/{name}",
                "proxy_url": f"https://cdn.invalid/{message_id}/{name}",
            }
            for name, data in files or []
        ]
        raw = message_payload(
            message_id=message_id,
            channel=channel,
            author=self.bot.payload(),
            body=body,
            webhook_id=self.app_id if webhook else None,
            attachments=attachments,
        )
        return self.record(
            PostedMessage(
                message_id,
                channel,
                raw,
                files=list(files or []),
                allowed_mentions=body.get("allowed_mentions"),
            )
        )

    def edit_message(self, message: PostedMessage, body: dict[str, Any]) -> PostedMessage:
        """Apply a PATCH to a recorded message."""
        for key in ("content", "embeds", "components", "flags"):
            if key in body and body[key] is not None:
                message.raw[key] = body[key]
        message.versions.append(message.text)
        return message

    def interaction_by_token(self, token: str) -> FakeInteraction | None:
        """Return the interaction a webhook token belongs to."""
        return self._by_token.get(token)
