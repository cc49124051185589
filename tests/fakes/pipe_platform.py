"""A minimal second console-like platform, "pipe", declared only here (not in the registry).

It is the whole cost of a new platform: a service that turns a line into an `Incoming` and
the replies into text, a sender for reminders, and a `Platform` saying how to build them.
Tests hand `PIPE` to `serve` or `open_app` beside the registered platforms.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.adapters.platform import Platform, PlatformService
from bot.app import AppContext
from bot.core.advisor import Advisor
from bot.core.messages import ChatKind, Incoming, Outgoing
from bot.reminders.ratelimit import RateLimit
from bot.settings import Settings

NAME = "pipe"


class PipeSender:
    """Keeps what the scheduler delivers to each chat, and says when something arrived."""

    platform = NAME

    def __init__(self) -> None:
        self.delivered: dict[str, list[Outgoing]] = {}
        self.arrived = asyncio.Event()

    async def send(self, chat_id: str, messages: Sequence[Outgoing]) -> None:
        """Keep the messages for the chat."""
        self.delivered.setdefault(chat_id, []).extend(messages)
        self.arrived.set()


class PipeService:
    """One private chat per user: `say` a line or `press` a button, read the replies' text."""

    def __init__(self, advisor: Advisor, started: asyncio.Event) -> None:
        self.advisor = advisor
        self.sender = PipeSender()
        self.running = False
        self._started = started
        self._last: dict[str, list[Outgoing]] = {}

    async def start(self) -> None:
        """Nothing to connect to: start taking lines."""
        self.running = True
        self._started.set()

    async def stop(self) -> None:
        """Stop taking lines."""
        self.running = False

    async def say(self, user: str, text: str) -> str:
        """Send a typed line as `user`; return the replies' text."""
        return await self._send(Incoming(NAME, user, user, ChatKind.PRIVATE, text=text))

    async def press(self, user: str, label: str) -> str:
        """Press the button labelled `label` on `user`'s latest replies."""
        for reply in self._last.get(user, []):
            for choice in reply.choices:
                if choice.label == label:
                    return await self._send(
                        Incoming(NAME, user, user, ChatKind.PRIVATE, payload=choice.payload)
                    )
        raise AssertionError(f"no button {label!r} for {user}")

    async def _send(self, incoming: Incoming) -> str:
        assert self.running, "the runner has not started the pipe service"
        self._last[incoming.user_id] = await self.advisor.handle(incoming)
        return "\n".join(reply.text for reply in self._last[incoming.user_id])


@dataclass
class PipeWorld:
    """What the runner built through the descriptor, for the test to talk to."""

    services: list[PipeService] = field(default_factory=list)
    apps: list[AppContext] = field(default_factory=list)
    started: asyncio.Event = field(default_factory=asyncio.Event)  # set by the service

    def build(self, _settings: Settings, app: AppContext) -> PlatformService:
        """The descriptor's service factory: a PipeService on the composition root's Advisor."""
        service = PipeService(app.advisor, self.started)
        self.services.append(service)
        self.apps.append(app)
        return service

    def platform(self) -> Platform:
        """The pipe's descriptor: always on, paced like a fast platform."""
        return Platform(
            name=NAME,
            title="Pipe",
            token_variable="PIPE_TOKEN",
            enabled=lambda _settings: True,
            service=self.build,
            rate_limit=RateLimit(per_second=1000, chat_interval=0.0),
        )
