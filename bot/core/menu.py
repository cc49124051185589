"""The topic menu: at most six topic buttons at a time, and "More topics" for the rest.

A long list of buttons is hard to read on a phone, so a menu shows six choices and a
"More topics" button. That button's payload (`t:+<shown>`) carries which topics were shown
already, as a bit mask over the knowledge's topic order written in base 36, so the next
page needs no stored state and an old button still works.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.core import payloads, texts
from bot.core.messages import Choice

if TYPE_CHECKING:
    from knowledge.model import Topic

MENU_SIZE = 6
MORE = "+"  # a topic payload starting with it is the "More topics" button: t:+<shown>
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def is_more(topic_field: str) -> bool:
    """Whether a topic button's field is the "More topics" button's."""
    return topic_field.startswith(MORE)


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _DIGITS[rest] + digits
        if not number:
            return digits


def shown_mask(shown: Sequence[str], order: Sequence[str]) -> str:
    """Write which of the topics (ids, in the knowledge's order) were shown, as `+<mask>`."""
    mask = sum(1 << i for i, topic_id in enumerate(order) if topic_id in shown)
    return MORE + _base36(mask)


def shown_ids(topic_field: str, order: Sequence[str]) -> frozenset[str]:
    """Read a "More topics" field back into the topic ids it says were shown."""
    try:
        mask = max(0, int(topic_field.removeprefix(MORE) or "0", 36))
    except ValueError:
        return frozenset()  # a forged or garbled button: nothing was shown
    return frozenset(t for i, t in enumerate(order) if mask >> i & 1)


def menu(
    topics: Sequence[Topic], order: Sequence[str], shown: frozenset[str] = frozenset()
) -> tuple[Choice, ...]:
    """Buttons for the first six topics not shown yet, then "More topics" if any are left."""
    left = [t for t in topics if t.id not in shown]
    page = left[:MENU_SIZE]
    choices = [Choice(t.title, payloads.topic(t.id)) for t in page]
    if len(left) > MENU_SIZE:
        seen = {*shown, *(t.id for t in page)}
        choices.append(
            Choice(texts.MORE_TOPICS_LABEL, payloads.topic(shown_mask(sorted(seen), order)))
        )
    return tuple(choices)
