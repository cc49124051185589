"""The registry of features: commands by name, buttons by their payload's prefix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import pytest

from bot.core import payloads
from bot.core.dispatch import Dispatch
from bot.core.messages import Incoming, Outgoing
from bot.core.turn import CommandHandler, Hook, PayloadHandler, Turn
from flows.interview import InterviewState
from flows.profile import Profile


class _Echo:
    """A feature with one command and the reminder prefix."""

    def __init__(self, word: str) -> None:
        self.word = word

    def command_handlers(self) -> Mapping[str, CommandHandler]:
        return {"help": self.say}

    def payload_handlers(self) -> Mapping[str, PayloadHandler]:
        return {payloads.REMINDER: self.say}

    def completion_hooks(self) -> Sequence[Hook]:
        return ()

    def reachable_hooks(self) -> Sequence[Hook]:
        return (self.say,)

    async def say(self, _turn: Turn, _arg: str) -> list[Outgoing]:
        return [Outgoing(self.word)]


def _turn(**incoming: str) -> Turn:
    return Turn(
        Incoming("console", "u", "c", **incoming),
        1,
        Profile(),
        datetime(2026, 1, 1, tzinfo=UTC),
        interview=InterviewState("done"),
    )


def test_a_prefix_belongs_to_one_feature() -> None:
    """Two features answering the same button prefix is a wiring mistake, found at start."""
    with pytest.raises(ValueError, match="rem:"):
        Dispatch([_Echo("one"), _Echo("two")])


async def test_buttons_go_by_prefix_and_unknown_ones_are_stale() -> None:
    """A registered prefix reaches its feature; any other payload is an out-of-date button."""
    dispatch = Dispatch([_Echo("pressed")])
    assert (await dispatch.press(_turn(), "rem:ok"))[0].text == "pressed"
    unknown = await dispatch.press(_turn(), "zz:1")
    assert unknown[0].stale
    assert len(dispatch.reachable_hooks) == 1


async def test_a_command_button_runs_the_command() -> None:
    """`c:help` runs `help` as if typed; a command nobody answers is stale."""
    dispatch = Dispatch([_Echo("helped")])
    assert (await dispatch.press(_turn(), payloads.command("help")))[0].text == "helped"
    assert (await dispatch.press(_turn(), payloads.command("plan")))[0].stale
