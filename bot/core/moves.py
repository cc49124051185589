"""The interview's moves on a turn: each calls the flow and marks what it changed.

The core changes a user's place and answers only through these, so a turn knows, without
comparing snapshots, whether its session and its profile row need saving.
"""

from __future__ import annotations

from typing import Any

from bot.core.turn import Turn
from flows.interview import Interview, Step


class Moves:
    """Answer, choose, skip, take facts, go back, edit, restart and resume the interview."""

    def __init__(self, interview: Interview) -> None:
        self.interview = interview

    def answer(self, turn: Turn, text: str) -> Step:
        """Read a typed answer to the current question."""
        return self._marked(turn, self.interview.answer(turn.st, text, turn.now.date()))

    def choose(self, turn: Turn, state: str, index: int) -> Step:
        """Apply a pressed option of question `state`."""
        return self._marked(turn, self.interview.choose(turn.st, state, index))

    def skip(self, turn: Turn) -> Step:
        """Skip the current (optional) question."""
        return self._marked(turn, self.interview.skip(turn.st))

    def take(self, turn: Turn, values: dict[str, Any]) -> Step:
        """Store facts read from a message for the questions they answer."""
        return self._marked(turn, self.interview.take_intro(turn.st, values))

    def back(self, turn: Turn) -> Step:
        """Go back one question."""
        turn.changed()  # even refused, it drops history entries of removed questions
        return self.interview.back(turn.st)

    def edit(self, turn: Turn, name: str) -> Step:
        """Go to the question that asks about `name`."""
        step = self.interview.edit(turn.st, name)
        if step.ok:
            turn.changed()
        return step

    def restart(self, turn: Turn) -> None:
        """Start again from the first question, forgetting every answer."""
        self.interview.restart(turn.st)
        turn.changed(answers=True)

    def resume(self, turn: Turn) -> None:
        """Move on to the first question still needed, else to the end."""
        self.interview.resume(turn.st)
        turn.changed()

    @staticmethod
    def _marked(turn: Turn, step: Step) -> Step:
        # A refused answer leaves the state as it was (flows/interview.py stores nothing).
        if step.ok:
            turn.changed(answers=True)
        return step
