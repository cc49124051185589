"""The buttons a user was shown last, so that typing one works like pressing it.

One turn shows one numbered list: its buttons are numbered 1, 2, 3 … across all of its
replies ("1. Show all 16 steps", then "2. Yes, remind me", "3. No thanks"), except that
an interview question with options keeps the numbers for its options (the interview reads
"1" as its first option) and the turn's other buttons go unnumbered. `numbers` says which
button gets which number; the console shows them, and the core reads them back.

After each turn in a private chat the core keeps those buttons in the session's scratch
(`SHOWN_KEY`). Typed later, a button's label ("show all 16 steps"), its number ("2"), or,
for a yes/no pair, any yes or no ("yep", "no thanks") is read as the press (`typed_press`).
The interview's own options and Skip are not kept: the interview reads their words itself;
and while an interview question is open, numbers and yes/no are its answers, not a button's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.core import payloads, yesno
from bot.core.messages import Choice, Outgoing
from bot.core.turn import Turn

# [[label, payload, number or None, "yes"/"no" or None, index of its reply], ...]
SHOWN_KEY = "shown"
_NUMBER = re.compile(r"#?\(?([0-9]{1,2})[.)]?")
_INTERVIEW = frozenset({payloads.ANSWER, payloads.SKIP})


def numbers(replies: Sequence[Outgoing]) -> dict[tuple[int, int], int]:
    """The number of each numbered button, keyed by (reply index, choice index)."""
    asking = [
        i for i, reply in enumerate(replies) if reply.awaits_answer and _interview(reply.choices)
    ]
    if asking:  # the question's options are 1, 2 …, as the interview reads them
        last = asking[-1]
        return {(last, j): j + 1 for j in range(len(replies[last].choices))}
    numbered: dict[tuple[int, int], int] = {}
    for i, reply in enumerate(replies):
        for j, _choice in enumerate(reply.choices):
            numbered[(i, j)] = len(numbered) + 1
    return numbered


def _interview(choices: Sequence[Choice]) -> bool:
    return any(payloads.decode(c.payload).prefix in _INTERVIEW for c in choices)


def _pressable(choice: Choice) -> bool:
    """A button the core answers when pressed (no link, no "continue privately")."""
    return (
        choice.url is None
        and payloads.private_line(choice.payload) is None
        and payloads.decode(choice.payload).prefix not in _INTERVIEW
    )


def remember(turn: Turn, replies: Sequence[Outgoing], *, pressed: str | None = None) -> None:
    """Keep the buttons of this turn's replies for the next typed message.

    A turn that shows no button and asks nothing keeps the ones shown before (they are
    still on the screen), except those shown with the button `pressed`: that message's
    buttons are done with ("Show all 13 steps" pressed, the season offer beside it stays).
    """
    if turn.public or turn.forgotten:
        return
    before = [e for e in turn.scratch.get(SHOWN_KEY) or () if _entry(e)]
    if not any(r.choices or r.awaits_answer for r in replies):
        group = next((e[4] for e in before if e[1] == pressed), None)
        _keep(turn, [e for e in before if group is None or e[4] != group])
        return
    open_question = any(r.awaits_answer for r in replies)
    numbered = numbers(replies)
    means: dict[str, str] = {}
    if not open_question:
        for reply in replies:  # the last yes/no question of the turn
            if "?" in reply.text:
                means = yesno.meanings(reply.choices) or means
    kept: list[list[Any]] = []
    for i, reply in enumerate(replies):
        for j, choice in enumerate(reply.choices):
            if not _pressable(choice):
                continue
            number = None if open_question else numbered.get((i, j))
            kept.append([choice.label, choice.payload, number, means.get(choice.payload), i])
    _keep(turn, kept)


def _entry(entry: object) -> bool:
    return isinstance(entry, list) and len(entry) == 5


def _keep(turn: Turn, entries: list[list[Any]]) -> None:
    if not entries:
        turn.take(SHOWN_KEY)
    elif turn.scratch.get(SHOWN_KEY) != entries:
        turn.keep(SHOWN_KEY, entries)


def typed_press(turn: Turn, text: str) -> str | None:
    """The payload of the shown button this typed text names, or None.

    By its number, by its words ("show all 16 steps", "remind me"), or for a yes/no pair by
    any yes or no; where two buttons have the same words, the later one.
    """
    if turn.public:
        return None
    shown = turn.scratch.get(SHOWN_KEY)
    if not isinstance(shown, list) or not text.strip():
        return None
    entries = [e for e in shown if _entry(e)]
    found = _NUMBER.fullmatch(text.strip())
    if found is not None:
        wanted = int(found.group(1))
        return next((str(e[1]) for e in entries if e[2] == wanted), None)
    said = yesno.normal(text)
    for label, payload, _number, _means, _reply in reversed(entries):
        if said in yesno.label_words(str(label)):
            return str(payload)
    meaning = yesno.YES if yesno.is_yes(text) else yesno.NO if yesno.is_no(text) else None
    if meaning is None:
        return None
    return next((str(e[1]) for e in reversed(entries) if e[3] == meaning), None)
