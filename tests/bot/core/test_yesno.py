"""One yes/no vocabulary: every confirmation understands the same words."""

from __future__ import annotations

import pytest

from bot.core import texts, yesno

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
