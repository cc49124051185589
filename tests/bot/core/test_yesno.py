"""One yes/no vocabulary: every confirmation understands the same words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import texts, yesno
from bot.core.messages import Choice

YES = [
    "yes",
    "Yes!",
    "y",
    "yeah",
    "yep",
    "yup",
    "ya",
    "yes please",
    "ok",
    "Okay.",
    "k",
    "sure",
    "of course",
    "yess",
    "yse",
    "  YES  ",
]
NO = ["no", "n", "nope", "nah", "no thanks", "No, thanks!", "not now"]
OFFERS = [texts.UPDATE_OFFER, texts.RESTART_OFFER, texts.FORGET_OFFER]


@pytest.mark.parametrize("text", YES)
def test_common_ways_of_saying_yes(text: str) -> None:
    """Spellings and typos of yes count as yes, and never as no."""
    assert yesno.is_yes(text) and not yesno.is_no(text)


@pytest.mark.parametrize("text", NO)
def test_common_ways_of_saying_no(text: str) -> None:
    """Spellings of no count as no, and never as yes."""
    assert yesno.is_no(text) and not yesno.is_yes(text)


@pytest.mark.parametrize("offer", OFFERS, ids=[o.kind for o in OFFERS])
def test_each_offer_takes_its_buttons_words_and_numbers(offer: yesno.Offer) -> None:
    """An offer is answered by its button labels typed, by "1"/"2" and by the common words."""
    yes_button, no_button = offer.choices()
    assert offer.is_yes(yes_button.label) and offer.is_yes("1") and offer.is_yes("yep")
    assert offer.is_no(no_button.label) and offer.is_no("2") and offer.is_no("nah")
    assert not offer.is_yes(no_button.label) and not offer.is_no(yes_button.label)


def test_the_update_offer_knows_its_own_words() -> None:
    """ "update" and "keep them" answer the update offer, with or without the comma."""
    offer = texts.UPDATE_OFFER
    assert offer.is_yes("update") and offer.is_yes("yes update") and offer.is_yes("Update them.")
    assert offer.is_no("keep") and offer.is_no("no keep them") and offer.is_no("Keep them!")


def test_an_answer_that_is_neither_stays_neither() -> None:
    """A sentence is no yes or no, even when it starts with one."""
    for text in ("yes but my CK is 240", "no idea", "what?", ""):
        assert not yesno.is_yes(text) and not yesno.is_no(text)


# Typos and politeness: the forms people type, read the same as the word.
_YES_CORES = ["yes", "yeah", "yep", "ok", "sure", "yea", "ya", "okay"]
_NO_CORES = ["no", "nope", "nah", "cancel", "not now"]


@pytest.mark.parametrize("text", ["yesss", "Yess!", "yeahh", "okk", "yes pls", "ok thanks", "yea"])
def test_repeated_letters_and_please_still_say_yes(text: str) -> None:
    """ "yesss", "okk", "yes pls", "ok thanks" are yes."""
    assert yesno.is_yes(text) and not yesno.is_no(text)


@pytest.mark.parametrize("text", ["nooo", "Nope!", "nahh", "no thank you", "no thanks!", "nvm"])
def test_repeated_letters_and_thanks_still_say_no(text: str) -> None:
    """ "nooo", "nahh", "no thank you" are no."""
    assert yesno.is_no(text) and not yesno.is_yes(text)


def _typed(word: str, upper: list[bool], repeat: int, tail: str) -> str:
    flags = (upper + [False] * len(word))[: len(word)]
    cased = "".join(c.upper() if u else c for c, u in zip(word, flags, strict=True))
    return cased + cased[-1] * repeat + tail


@given(
    word=st.sampled_from(_YES_CORES),
    upper=st.lists(st.booleans(), max_size=8),
    repeat=st.integers(0, 3),
    tail=st.sampled_from(["", "!", ".", " please", " thanks", "!!", " ", ", please"]),
)
def test_any_typing_of_a_yes_word_is_yes(
    word: str, upper: list[bool], repeat: int, tail: str
) -> None:
    """Whatever the case, repeated last letter or polite tail, a yes word is yes, never no."""
    text = _typed(word, upper, repeat, tail)
    assert yesno.is_yes(text) and not yesno.is_no(text)


@given(
    word=st.sampled_from(_NO_CORES),
    upper=st.lists(st.booleans(), max_size=8),
    repeat=st.integers(0, 3),
    tail=st.sampled_from(["", "!", ".", " thanks", " thank you", "!!", " "]),
)
def test_any_typing_of_a_no_word_is_no(
    word: str, upper: list[bool], repeat: int, tail: str
) -> None:
    """Whatever the case, repeated last letter or "thanks" after it, a no word is no."""
    text = _typed(word, upper, repeat, tail)
    assert yesno.is_no(text) and not yesno.is_yes(text)


@given(st.text(max_size=30))
def test_no_text_is_both_yes_and_no(text: str) -> None:
    """Any text: yes, no or neither, never both; reading it never fails."""
    assert not (yesno.is_yes(text) and yesno.is_no(text))


@pytest.mark.parametrize(
    ("labels", "meant"),
    [
        (("Set it", "Cancel"), ("yes", "no")),
        (("Yes, remind me", "No thanks"), ("yes", "no")),
        (("Move to Match 2027", "Keep Match 2026"), ("yes", "no")),
        (("Remind me of these", "Calendar file"), None),
        (("Show all 13 steps", "Visa"), None),
    ],
)
def test_two_buttons_that_say_yes_and_no_are_a_yes_no_pair(
    labels: tuple[str, str], meant: tuple[str, str] | None
) -> None:
    """A button that says no (Cancel, Keep, No thanks) makes the other the yes; two buttons
    that are no such pair get no meaning."""
    choices = [Choice(label, f"rem:{n}") for n, label in enumerate(labels)]
    found = yesno.meanings(choices)
    assert (tuple(found[c.payload] for c in choices) if found else None) == meant
