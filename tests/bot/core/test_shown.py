"""The buttons shown last: one numbered list per turn, and what typed text presses."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.core import payloads, shown
from bot.core.messages import Choice, Incoming, Outgoing
from bot.core.turn import Turn
from flows.interview import InterviewState
from flows.profile import Profile

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
PLAN = Outgoing("Your plan", choices=(Choice("Show all 13 steps", payloads.command("plan all")),))
OFFER = Outgoing(
    "Shall I remind you of the key dates?",
    choices=(
        Choice("Yes, remind me", payloads.reminder("sub", 2028)),
        Choice("No thanks", payloads.reminder("nosub")),
    ),
)
QUESTION = Outgoing(
    "Which visa?",
    choices=(Choice("US citizen", payloads.answer("ask_visa", 0)), Choice("J-1", "a:ask_visa:1")),
    awaits_answer=True,
)


def _turn() -> Turn:
    return Turn(Incoming("console", "amira", "amira"), 1, Profile(), NOW, {}, InterviewState("x"))


def _after(*replies: Outgoing) -> Turn:
    turn = _turn()
    shown.remember(turn, replies)
    return turn


def test_the_plan_and_the_offer_make_one_list() -> None:
    """ "Show all" is 1, the offer's buttons 2 and 3."""
    assert list(shown.numbers([PLAN, OFFER]).values()) == [1, 2, 3]
    turn = _after(PLAN, OFFER)
    assert shown.typed_press(turn, "1") == "c:plan all"
    assert shown.typed_press(turn, "2") == "rem:sub:2028"
    assert shown.typed_press(turn, "yep") == "rem:sub:2028"
    assert shown.typed_press(turn, "no thanks") == "rem:nosub"
    assert shown.typed_press(turn, "Show all 13 steps!") == "c:plan all"
    assert shown.typed_press(turn, "4") is None


def test_an_open_question_keeps_numbers_and_yes_no_for_itself() -> None:
    """With a question asked, "1" and "yes" are its answers; other buttons' words still work."""
    assert list(shown.numbers([OFFER, QUESTION]).values()) == [1, 2]  # the question's own
    turn = _after(OFFER, QUESTION)
    assert shown.typed_press(turn, "1") is None and shown.typed_press(turn, "yes") is None
    assert shown.typed_press(turn, "remind me") == "rem:sub:2028"
    assert shown.typed_press(turn, "J-1") is None  # the interview reads its own options


def test_pressing_one_message_leaves_the_others_buttons() -> None:
    """ "Show all" pressed (the full plan has no buttons): the offer beside it still answers."""
    turn = _after(PLAN, OFFER)
    shown.remember(turn, [Outgoing("Your plan, all of it")], pressed="c:plan all")
    assert shown.typed_press(turn, "1") is None
    assert shown.typed_press(turn, "yes") == "rem:sub:2028"


_LABELS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
_CHOICES = st.lists(
    st.builds(lambda label, n: Choice(label, payloads.topic(f"t{n}")), _LABELS, st.integers(0, 99)),
    max_size=4,
)
_REPLIES = st.lists(
    st.builds(
        lambda text, choices, asks: Outgoing(text, choices=tuple(choices), awaits_answer=asks),
        st.text(max_size=20),
        _CHOICES,
        st.booleans(),
    ),
    max_size=4,
)


@given(replies=_REPLIES)
def test_a_turns_numbers_are_one_list(replies: list[Outgoing]) -> None:
    """However the replies are made, a turn's numbers run 1, 2, 3 … once each."""
    numbers = sorted(shown.numbers(replies).values())
    assert numbers == list(range(1, len(numbers) + 1))


@given(replies=_REPLIES, typed=st.text(max_size=20))
def test_typed_text_presses_only_a_button_that_was_shown(
    replies: list[Outgoing], typed: str
) -> None:
    """Whatever is typed, it presses nothing or one of the buttons shown."""
    turn = _after(*replies)
    pressed = shown.typed_press(turn, typed)
    assert pressed is None or pressed in {c.payload for r in replies for c in r.choices}
