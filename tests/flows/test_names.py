"""The name question: one-word names, names in any script, and nothing else stored as a name.

The properties hold for every example, not most: none depends on the seed hypothesis draws.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from flows.names import parse_name

TODAY = date(2026, 11, 22)
# What a stored name may hold besides letters and their marks (dots: "Dr. Omar").
_INSIDE = frozenset(" -'’.")
# Words that are no name on their own at the name question: greetings, declines, "ok".
_NOT_A_NAME_ALONE = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "hii",
        "hola",
        "yo",
        "no",
        "nope",
        "nah",
        "none",
        "pass",
        "skip",
        "anonymous",
        "ok",
        "okay",
        "k",
        "yes",
        "yeah",
        "yep",
        "sure",
        "fine",
        "y",
        "alright",
    ]
)


def _name(text: str) -> object:
    return parse_name(text, TODAY).values.get("name")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Salam", "Salam"),
        ("my name is Salam", "Salam"),
        ("my name is Salam Khan", "Salam Khan"),
        ("I'm Salam", "Salam"),
        ("Omar", "Omar"),
        ("Anne-Marie O'Neil", "Anne-Marie O'Neil"),
        ("محمد", "محمد"),
    ],
)
def test_one_word_and_introduced_names_are_kept(text: str, name: str) -> None:
    """ "Salam" and "my name is Salam" both give Salam, as "my name is Salam Khan" does."""
    assert _name(text) == name


@pytest.mark.parametrize("text", ["<b>hi</b>", "Omar <3", "**Sam**", "@everyone", "Sam 2"])
def test_markup_is_asked_again(text: str) -> None:
    """A name with markup, symbols or digits is not stored."""
    parsed = parse_name(text, TODAY)
    assert not parsed.ok and parsed.values == {}


def _allowed(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM" or ch in _INSIDE


@given(st.text(max_size=40))
def test_a_stored_name_holds_only_letters_spaces_hyphens_and_apostrophes(text: str) -> None:
    """Whatever is typed, a stored name is letters (any script) with spaces, hyphens,
    apostrophes and dots, and starts with a letter."""
    name = _name(text)
    assert name is None or (
        isinstance(name, str)
        and unicodedata.category(name[0])[0] == "L"
        and all(map(_allowed, name))
    )


_WORD = st.builds(
    lambda first, rest: first + rest,
    st.characters(categories=("Lu", "Ll", "Lo")),
    st.text(st.characters(categories=("Ll", "Lo")), min_size=1, max_size=8),
)


@given(word=_WORD, lead=st.sampled_from(["", "my name is ", "I'm ", "call me "]))
def test_a_one_word_name_is_the_same_alone_or_introduced(word: str, lead: str) -> None:
    """One word, typed alone or after "my name is", is that name (a greeting, a decline or
    an "ok" typed alone are the exceptions, and only alone)."""
    assume(lead or word.casefold() not in _NOT_A_NAME_ALONE)
    assume(word.casefold() not in {"from", "here"})  # "Amina from Egypt": a name's end
    assert _name(lead + word) == word


@given(first=_WORD, last=_WORD, lead=st.sampled_from(["", "my name is ", "I am "]))
def test_a_two_word_name_is_kept_whole(first: str, last: str, lead: str) -> None:
    """ "my name is Salam Khan" and "Salam Khan" keep both words."""
    assume({first.casefold(), last.casefold()}.isdisjoint({"from", "here"}))
    assume(lead or f"{first} {last}".casefold() not in {"hi there", "good morning"})
    assume(lead or f"{first} {last}".casefold() not in {"not now", "no thanks", "no thank"})
    assert _name(f"{lead}{first} {last}") == f"{first} {last}"
