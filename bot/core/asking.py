"""Questions and help: `ask`, `help`, `quit` and the suggested-topic buttons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.core import payloads, texts
from bot.core.menu import is_more
from bot.core.messages import Outgoing
from bot.core.steps import Steps
from bot.core.turn import CommandHandler, Hook, PayloadHandler, Turn


class AskingFeature:
    """Answers questions and topics, lists the commands and says goodbye."""

    def __init__(self, steps: Steps) -> None:
        self.steps = steps

    def command_handlers(self) -> Mapping[str, CommandHandler]:
        """Return `ask`, `help` and `quit`."""
        return {"ask": self.steps.ask, "help": self.help, "quit": self.quit}

    def payload_handlers(self) -> Mapping[str, PayloadHandler]:
        """Return the suggested-topic buttons."""
        return {payloads.TOPIC: self.on_topic}

    def completion_hooks(self) -> Sequence[Hook]:
        """None."""
        return ()

    def reachable_hooks(self) -> Sequence[Hook]:
        """None."""
        return ()

    async def help(self, turn: Turn, _arg: str) -> list[Outgoing]:
        """List the commands (in a group: that personal ones work privately)."""
        return [Outgoing(texts.help_text(turn.public))]

    async def quit(self, _turn: Turn, _arg: str) -> list[Outgoing]:
        """Say goodbye and close the console chat."""
        return [Outgoing(texts.GOODBYE, close=True)]

    async def on_topic(self, turn: Turn, payload: str) -> list[Outgoing]:
        """Answer a pressed topic (generally in a group, for this profile in private), or show
        the next page of the topic menu."""
        topic_id = payloads.decode(payload).rest
        if is_more(topic_id):
            return [self.steps.asker.more(topic_id)]
        if topic_id not in {t.id for t in self.steps.knowledge.topics}:
            return [Outgoing(texts.STALE_BUTTON, stale=True)]  # a topic since removed
        answer = self.steps.knowledge.topic_answer(topic_id, None if turn.public else turn.profile)
        self.steps.asker.remember(turn, topic_id)
        return [self.steps.asker.render(answer, turn.public)]
