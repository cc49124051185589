"""Reading a typed command: leaving words are `quit`, never an answer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.commands import split_command

LEAVING = ["exit", "bye", "quit", "goodbye", "good bye", "bye bye", "see you", "/exit"]


@pytest.mark.parametrize("text", LEAVING)
def test_leaving_words_are_the_quit_command(text: str) -> None:
    """ "exit", "bye", "goodbye" … typed alone leave the chat."""
    assert split_command(text) == ("quit", "")


@given(
    word=st.sampled_from(LEAVING),
    upper=st.booleans(),
    tail=st.sampled_from(["", "!", ".", "!!", " ", "..."]),
)
def test_leaving_words_in_any_case_and_punctuation_leave(word: str, upper: bool, tail: str) -> None:
    """ "Bye!", "EXIT", "goodbye..." are `quit` too."""
    assert split_command((word.upper() if upper else word) + tail) == ("quit", "")


@pytest.mark.parametrize("text", ["bye for the visa question", "exit interview", "Byer"])
def test_leaving_words_inside_a_sentence_are_no_command(text: str) -> None:
    """Only alone do they leave: "exit interview" is no `quit`."""
    assert split_command(text) != ("quit", "")
