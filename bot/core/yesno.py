"""One yes/no vocabulary for every question the advisor asks before it acts.

A yes/no question (`Offer`) is answered by its buttons or typed: the common words and their
usual typos ("yess", "yea", "nope", "nah", "no thanks"), the words of its own buttons
("yes, update", "keep them") and the buttons' numbers, as the console shows them ("1", "2").
Offers that features build from plain buttons ("Set it" / "Cancel") are read the same way:
`meanings` finds which of two buttons says yes and which no (used by bot/core/shown.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core import payloads
from bot.core.messages import Choice

YES, NO = "yes", "no"

YES_WORDS = frozenset(
    {
        "yes",
        "y",
        "yeah",
        "yea",
        "yeh",
        "yh",
        "yep",
        "yeap",
        "yup",
        "ya",
        "yah",
        "ye",
        "yesh",
        "ok",
        "okay",
        "okey",
        "okie",
        "k",
        "sure",
        "sure thing",
        "of course",
        "ofc",
        "yse",
        "yas",
        "ues",
        "alright",
        "all right",
        "go ahead",
        "do it",
        "please do",
        "why not",
        "absolutely",
        "definitely",
        "ok sure",
        "yes sure",
    }
)
NO_WORDS = frozenset(
    {
        "no",
        "n",
        "na",
        "nope",
        "nah",
        "nay",
        "not now",
        "not yet",
        "not really",
        "no need",
        "nno",
        "nop",
        "no way",
        "no no",
        "cancel",
        "dont",
        "don't",
        "do not",
        "never mind",
        "nevermind",
        "nvm",
    }
)
# Said around a yes or a no without changing it: "yes please", "no thanks", "ok thank you".
_POLITE = re.compile(r"\s+(?:please|pls|plz|thanks|thank you|thx|ty)$")
_SPACE_OR_COMMA = re.compile(r"[\s,]+")
_TRAILING = re.compile(r"[\s.!]+$")
_REPEATS = re.compile(r"(\w)\1+")  # "yesss", "nooo", "okk": one letter typed many times

# A button that begins with one of these says no ("No thanks", "Cancel", "Keep Match 2026");
# with one of these, yes ("Yes, remind me").
_NO_LEADS = frozenset({"no", "cancel", "keep", "not", "don't", "dont", "never"})
_YES_LEADS = frozenset({"yes", "ok", "okay", "sure"})


def normal(text: str) -> str:
    """Casefold, drop trailing dots and exclamation marks, and read commas as spaces."""
    cleaned = _TRAILING.sub("", text.strip().casefold())
    return _SPACE_OR_COMMA.sub(" ", cleaned).strip()


def _squeezed(text: str) -> str:
    return _REPEATS.sub(r"\1", text)


_YES_SQUEEZED = frozenset(map(_squeezed, YES_WORDS))
_NO_SQUEEZED = frozenset(map(_squeezed, NO_WORDS))


def _core(text: str) -> str:
    """The words that say yes or no, without politeness or repeated letters."""
    said = normal(text)
    while True:
        shorter = _POLITE.sub("", said)
        if shorter == said:
            return _squeezed(said)
        said = shorter


def is_yes(text: str) -> bool:
    """Whether the text says yes in the common words (typos and "please" included)."""
    return _core(text) in _YES_SQUEEZED


def is_no(text: str) -> bool:
    """Whether the text says no in the common words ("no thanks", "nah", "nooo")."""
    said = _core(text)
    return said in _NO_SQUEEZED and said not in _YES_SQUEEZED


def _lead(label: str) -> str:
    words = normal(label).split()
    return words[0] if words else ""


def meanings(choices: Sequence[Choice]) -> dict[str, str]:
    """Which of two buttons says yes and which no, by payload (`y:`/`n:`) or label words,
    mapping each button's payload to YES or NO; {} when they are no such pair.

    A button that says no makes the other one the yes ("Set it" / "Cancel", "Move to
    Match 2027" / "Keep Match 2026"); one that only says yes does not make the other a no
    ("Remind me of these" / "Calendar file" is no yes/no question).
    """
    if len(choices) != 2:
        return {}
    said = [_said(choice) for choice in choices]
    if said == [None, NO]:
        said[0] = YES
    elif said == [NO, None]:
        said[1] = YES
    if set(said) != {YES, NO}:
        return {}
    return {choice.payload: str(meaning) for choice, meaning in zip(choices, said, strict=True)}


def _said(choice: Choice) -> str | None:
    prefix = payloads.decode(choice.payload).prefix
    lead = _lead(choice.label)
    if prefix == payloads.YES or (prefix != payloads.NO and lead in _YES_LEADS):
        return YES
    if prefix == payloads.NO or lead in _NO_LEADS:
        return NO
    return None


def label_words(label: str) -> frozenset[str]:
    """What typing a button's words may look like: the label, and the label without its
    leading yes or no ("remind me" for "Yes, remind me", "keep it" for "No, keep it")."""
    said = normal(label)
    words = said.split()
    forms = {said}
    rest = " ".join(words[1:])
    # "No thanks" is not pressed by a plain "thanks": that is a thank-you, not a no.
    if len(words) > 1 and words[0] in {YES, NO} and rest not in _COURTESY:
        forms.add(rest)
    return frozenset(forms)


_COURTESY = frozenset({"thanks", "thank you", "thx", "please", "pls"})


@dataclass(frozen=True, slots=True)
class Offer:
    """A yes/no question: its kind (stored while it waits), its two buttons and the other
    words that answer it."""

    kind: str
    yes_label: str
    no_label: str
    yes_words: frozenset[str] = frozenset()
    no_words: frozenset[str] = frozenset()

    def choices(self, token: str = "") -> tuple[Choice, Choice]:
        """The yes and no buttons, in that order (1 and 2 on the console); `token` ties
        them to the one time the offer was made."""
        return (
            Choice(self.yes_label, payloads.yes(self.kind, token)),
            Choice(self.no_label, payloads.no(self.kind, token)),
        )

    def is_yes(self, text: str) -> bool:
        """Whether the text accepts this offer."""
        said = normal(text)
        return (
            is_yes(text)
            or said in self.yes_words
            or said == "1"
            or said in label_words(self.yes_label)
        )

    def is_no(self, text: str) -> bool:
        """Whether the text declines this offer."""
        said = normal(text)
        return (
            is_no(text)
            or said in self.no_words
            or said == "2"
            or said in label_words(self.no_label)
        )
