"""One user's place in the interview, and what each action on it returns.

`InterviewState` is what is stored between messages (state, answers, what is done, the
questions shown); the rest are the interview's replies to one action.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class InterviewState:
    """One user's place in the interview: persisted between messages."""

    state: str
    answers: dict[str, Any] = field(default_factory=dict)  # Profile fields, JSON-ready
    done: list[str] = field(default_factory=list)  # questions answered or skipped
    history: list[str] = field(default_factory=list)  # questions in the order shown


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question ready to show: text, numbered options and progress."""

    state: str
    text: str
    options: tuple[str, ...]
    optional: bool
    position: int
    total: int
    current: str | None  # the present answer, when going back or editing


@dataclass(frozen=True, slots=True)
class Step:
    """The outcome of one action in the interview."""

    ok: bool
    error: str | None = None
    finished: bool = False  # this action completed the interview
    label: str | None = None  # how the accepted answer reads, for button echoes
    # What a typed answer told us when it also answered follow-up questions, which are then
    # not asked, or replaced a stored answer ("step1: Passed · step1 attempts: 2"): shown so
    # a misreading is seen.
    understood: str | None = None


@dataclass(frozen=True, slots=True)
class Update:
    """Stored answers as they would be after an update, and the change in words."""

    now: str  # "step2: Passed · step2 score: 245"
    after: str  # "step2: Passed · step2 score: 240"
    answers: dict[str, Any]
