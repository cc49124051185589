"""The registry of commands and button prefixes every feature brings, and dispatch to them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from bot.core import payloads, texts
from bot.core.commands import COMMANDS_BY_NAME
from bot.core.messages import Choice, Outgoing
from bot.core.ports import AwaitsReplies, Feature, ReadsText, StoresPersonal
from bot.core.turn import CommandHandler, Hook, PayloadHandler, ReplyHandler, Turn

TextReader = Callable[[Turn, str], Awaitable[list[Outgoing] | None]]
StoredView = Callable[[Turn], Awaitable[list[Outgoing]]]


class Dispatch:
    """Runs a command by name and a pressed button by its payload's prefix."""

    def __init__(self, features: Sequence[Feature]) -> None:
        self._commands: dict[str, CommandHandler] = {}
        self._payloads: dict[str, PayloadHandler] = {payloads.COMMAND: self.on_command}
        self.completion_hooks: tuple[Hook, ...] = ()
        self.reachable_hooks: tuple[Hook, ...] = ()
        self.text_readers: tuple[TextReader, ...] = ()  # read before the question matcher
        self.stored_views: tuple[StoredView, ...] = ()  # added to the `profile` view
        self._replies: dict[str, ReplyHandler] = {}
        for feature in features:
            self.register(feature)

    def register(self, feature: Feature) -> None:
        """Add a feature's handlers: its commands override earlier ones of the same name
        (a platform's own `setup`); a button prefix belongs to one feature only."""
        self._commands.update(feature.command_handlers())
        for prefix, handler in feature.payload_handlers().items():
            if prefix in self._payloads:
                raise ValueError(f"two features answer the button prefix {prefix!r}")
            self._payloads[prefix] = handler
        self.completion_hooks += tuple(feature.completion_hooks())
        self.reachable_hooks += tuple(feature.reachable_hooks())
        if isinstance(feature, ReadsText):
            self.text_readers += (feature.read_text,)
        if isinstance(feature, StoresPersonal):
            self.stored_views += (feature.stored_view,)
        if isinstance(feature, AwaitsReplies):
            self._replies.update(feature.reply_handlers())

    async def read_text(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """The replies of the first feature that takes a typed message as its own, or None."""
        for reader in self.text_readers:
            replies = await reader(turn, text)
            if replies is not None:
                return replies
        return None

    def awaits(self, turn: Turn) -> bool:
        """Whether a feature waits for this user's typed reply."""
        return turn.pending is not None and turn.pending.kind in self._replies

    async def reply(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """Hand a typed reply to the feature waiting for it (None: it is no reply)."""
        pending = turn.take_pending()
        assert pending is not None
        return await self._replies[pending.kind](turn, text)

    def answers(self, name: str) -> bool:
        """Whether some feature answers the command here."""
        return name in self._commands

    async def command(self, turn: Turn, name: str, arg: str) -> list[Outgoing]:
        """Run a command; a personal one in a public chat points to a private chat."""
        if turn.public and COMMANDS_BY_NAME[name].personal:
            return [go_private()]
        handler = self._commands.get(name)
        if handler is None:
            return [Outgoing(texts.not_available(name))]
        if name == "ask" and arg.strip():  # "/ask which programs sponsor H-1B?" is a list
            replies = await self.read_text(turn, arg)
            if replies is not None:
                return replies
        return await handler(turn, arg)

    async def press(self, turn: Turn, payload: str) -> list[Outgoing]:
        """Run the handler of a pressed button's prefix; an unknown one is stale."""
        decoded = payloads.decode(payload)
        if decoded.prefix in {payloads.YES, payloads.NO} and decoded.rest in self._replies:
            # A feature's own offer: its handler reads the button as the word it stands for.
            turn.take_pending()
            said = "yes" if decoded.prefix == payloads.YES else "no"
            replies = await self._replies[decoded.rest](turn, said)
            return replies or [Outgoing(texts.STALE_BUTTON, stale=True)]
        handler = self._payloads.get(decoded.prefix)
        if handler is None:
            return [Outgoing(texts.STALE_BUTTON, stale=True)]
        return await handler(turn, payload)

    async def on_command(self, turn: Turn, payload: str) -> list[Outgoing]:
        """A button that runs a command line ("plan all")."""
        name, _, arg = payloads.decode(payload).rest.partition(" ")
        if not self.answers(name):
            return [Outgoing(texts.STALE_BUTTON, stale=True)]
        return await self.command(turn, name, arg)


def go_private() -> Outgoing:
    """Point from a group to a private chat, where personal things are shown."""
    return Outgoing(
        texts.PRIVATE_ONLY, choices=(Choice(texts.CONTINUE_PRIVATELY, payloads.private("start")),)
    )
