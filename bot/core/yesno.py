"""One yes/no vocabulary for every question the advisor asks before it acts.

A yes/no question (`Offer`) is answered by its buttons or typed: the common words and their
usual typos, the words of its own buttons ("yes, update", "keep them") and the buttons'
numbers, as the console shows them ("1", "2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import payloads
from bot.core.messages import Choice

YES_WORDS = frozenset(
    {
        "yes",
        "y",
        "yeah",
        "yea",
        "yep",
        "yup",
        "ya",
        "yah",
        "ye",
        "yes please",
        "yes pls",
        "ok",
        "okay",
        "okey",
        "k",
        "kk",
        "sure",
        "of course",
        "yess",
        "yesss",
        "yse",
        "yas",
        "alright",
        "all right",
        "go ahead",
        "do it",
        "please do",
    }
)
NO_WORDS = frozenset(
    {
        "no",
        "n",
        "nope",
        "nah",
        "nay",
        "no thanks",
        "no thank you",
        "not now",
        "noo",
        "nno",
        "nop",
        "no way",
        "cancel",
        "dont",
        "don't",
        "never mind",
        "nevermind",
    }
)

_SPACE_OR_COMMA = re.compile(r"[\s,]+")
_TRAILING = re.compile(r"[\s.!]+$")


def normal(text: str) -> str:
    """Casefold, drop trailing dots and exclamation marks, and read commas as spaces."""
    cleaned = _TRAILING.sub("", text.strip().casefold())
    return _SPACE_OR_COMMA.sub(" ", cleaned).strip()


def is_yes(text: str) -> bool:
    """Whether the text says yes in the common words."""
    return normal(text) in YES_WORDS


def is_no(text: str) -> bool:
    """Whether the text says no in the common words."""
    return normal(text) in NO_WORDS


@dataclass(frozen=True, slots=True)
class Offer:
    """A yes/no question: its kind (stored while it waits), its two buttons and the other
    words that answer it."""

    kind: str
    yes_label: str
    no_label: str
    yes_words: frozenset[str] = frozenset()
    no_words: frozenset[str] = frozenset()

    def choices(self) -> tuple[Choice, Choice]:
        """The yes and no buttons, in that order (1 and 2 on the console)."""
        return (
            Choice(self.yes_label, payloads.yes(self.kind)),
            Choice(self.no_label, payloads.no(self.kind)),
        )

    def is_yes(self, text: str) -> bool:
        """Whether the text accepts this offer."""
        said = normal(text)
        return said in YES_WORDS or said in self.yes_words or said in {"1", normal(self.yes_label)}

    def is_no(self, text: str) -> bool:
        """Whether the text declines this offer."""
        said = normal(text)
        return said in NO_WORDS or said in self.no_words or said in {"2", normal(self.no_label)}
