"""Telling an applicant's own question, or a question about the advisor, from an answer."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.parsing import (
    asks_what_the_advisor_is,
    clean,
    looks_like_question,
    month_words,
    parse_month,
    says_thanks,
)


@pytest.mark.parametrize(
    "text",
    [
        "how do I explain my fail?",
        "What counts as US clinical experience",
        "should I take Step 3 before applying",
        "is 2028 too late for me?",
        "¿how many programs should I apply to?",
    ],
)
def test_questions_of_their_own(text: str) -> None:
    """Question words first or a question mark last, three words or more."""
    assert looks_like_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "J1?",
        "not sure?",
        "failed",
        "failed once, passed on 2nd attempt",
        "2 IM, 1 psych",
        "6 mo, 3 hands-on IM",
        "March 2027",
        "I failed Step 1 once",
        "",
    ],
)
def test_answers_stay_answers(text: str) -> None:
    """Short replies, even with a question mark, and statements are answers."""
    assert not looks_like_question(text)


@given(
    st.lists(
        st.text(st.characters(whitelist_categories=("Ll",)), min_size=1, max_size=8),
        min_size=3,
        max_size=12,
    )
)
def test_three_words_or_more_with_a_question_mark_are_a_question(words: list[str]) -> None:
    """A question mark at the end of a sentence makes it a question."""
    assert looks_like_question(" ".join(words) + "?")


@given(st.text(max_size=40).filter(lambda t: len(clean(t).split()) < 3))
def test_fewer_than_three_words_are_never_a_question(text: str) -> None:
    """ "J1?" or "not sure?" answer the question we asked."""
    assert not looks_like_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "what is this?",
        "Who are you",
        "what can you do?",
        "how does this work?",
        "I don't understand",
        "what is IMG Advisor?",
    ],
)
def test_questions_about_the_advisor(text: str) -> None:
    """Asking what the advisor is gets help, not "Sorry, I can't help with that"."""
    assert asks_what_the_advisor_is(text)


@pytest.mark.parametrize(
    "text", ["what is this step 3 thing?", "who are the programs that sponsor H-1B?", "Omar", "J1"]
)
def test_other_messages_are_not_about_the_advisor(text: str) -> None:
    """Questions about applying, and answers, are not help requests."""
    assert not asks_what_the_advisor_is(text)


@given(st.text(max_size=600))
def test_any_text_is_judged_without_error(text: str) -> None:
    """Whatever arrives, both checks answer yes or no without raising."""
    assert looks_like_question(text) in (True, False)
    assert asks_what_the_advisor_is(text) in (True, False)


@given(year=st.integers(min_value=2026, max_value=2032), month=st.integers(1, 12))
def test_a_stored_month_in_words_reads_back_as_the_same_month(year: int, month: int) -> None:
    """ "March 2027" is what the profile shows for 2027-03, and typing it back stores 2027-03."""
    stored = f"{year:04d}-{month:02d}"
    said = month_words(stored)
    assert said is not None and str(year) in said
    assert parse_month(said, date(2026, 11, 22), "the date").values == {"value": stored}


@pytest.mark.parametrize("value", ["2027-13", "2027-3", "March", "", "2027-03-01"])
def test_only_stored_months_are_written_as_months(value: str) -> None:
    """Other text is left alone."""
    assert month_words(value) is None


@given(
    lead=st.sampled_from(["", "ok ", "Great, ", "okay, "]),
    thanks=st.sampled_from(
        [
            "thanks",
            "Thank you",
            "thank you so much",
            "thx",
            "many thanks",
            "appreciate it",
            "JazakAllah khair",
        ]
    ),
    tail=st.sampled_from(["", "!", "!!", " 🙏", " doctor", "."]),
)
def test_a_thank_you_however_written_is_recognised(lead: str, thanks: str, tail: str) -> None:
    """Thanks with the usual lead-ins and endings are thanks, not an answer or a question."""
    assert says_thanks(f"{lead}{thanks}{tail}")


@given(
    thanks=st.sampled_from(["thanks", "thank you", "ok thanks"]),
    question=st.text(min_size=1, max_size=40).filter(lambda t: any(c.isalnum() for c in t)),
)
def test_thanks_with_more_after_it_is_not_only_thanks(thanks: str, question: str) -> None:
    """ "Thanks, but what about Step 3?" still gets read: only a bare thank-you is small talk."""
    assert not says_thanks(f"{thanks}, {question}?")


@pytest.mark.parametrize("text", ["no thanks", "Ty", "Thanksgiving plans", "tan"])
def test_other_short_replies_are_not_thanks(text: str) -> None:
    """ "No thanks" declines; "Ty" may be a name."""
    assert not says_thanks(text)


@given(
    month=st.integers(1, 12),
    year=st.integers(min_value=2026, max_value=2031),
    hedge=st.sampled_from(["maybe", "probably", "hopefully", "around", "i think"]),
)
def test_a_hedged_month_is_that_month(month: int, year: int, hedge: str) -> None:
    """ "Maybe March 2027" is March: no word that only starts like a month ("maybe") counts."""
    said = month_words(f"{year}-{month:02d}")
    assert said is not None
    assert parse_month(f"{hedge} {said}", date(2026, 11, 22), "the date").values == {
        "value": f"{year}-{month:02d}"
    }
