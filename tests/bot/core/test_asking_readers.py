"""The readers behind the conversation around a question: social replies, other scripts,
follow-ups, the questions of a post, and the topic menu's "More topics" button."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import payloads
from bot.core.asker import asks
from bot.core.menu import MENU_SIZE, MORE, menu, shown_ids, shown_mask
from bot.core.reading import FOLLOW_UP_WORDS, closing_question, is_follow_up, questions_in
from bot.core.scripts import other_script
from bot.core.social import Social, social_reply
from bot.core.texts import MORE_TOPICS_LABEL
from knowledge.engine import load_knowledge
from knowledge.model import Topic

ANY_TEXT = st.text(max_size=200)
WORDS = st.lists(st.sampled_from(["step", "visa", "letters", "usce", "match", "score"]), min_size=1)


# --- social replies ---------------------------------------------------------------------


@given(
    said=st.sampled_from(["thank u", "thanks", "Thank you", "tysm", "thx", "ok thank u"]),
    tail=st.sampled_from(["", "!", "!!", " 🙏", " doc", "."]),
)
def test_a_thank_you_however_written_is_thanks(said: str, tail: str) -> None:
    """ "thank u", "thanks!!", "ok thank u 🙏" thank the advisor."""
    assert social_reply(f"{said}{tail}") is Social.THANKS


@given(
    said=st.lists(
        st.sampled_from(["ok", "okay", "great", "lol", "cool", "haha", "nice", "got it", "k"]),
        min_size=1,
        max_size=2,  # "got it" is two words: at most four, a social reply's length
    ),
    tail=st.sampled_from(["", "!", "!!!", " 👍", ".", " 😂"]),
    upper=st.booleans(),
)
def test_an_acknowledgement_is_okay(said: list[str], tail: str, upper: bool) -> None:
    """ "ok", "Great!", "lol 😂", "ok cool" acknowledge; the case is no matter."""
    text = " ".join(said) + tail
    assert social_reply(text.upper() if upper else text) is Social.OKAY


@given(
    faces=st.text(alphabet="😭😢😞💔🥺", min_size=1, max_size=4),
    lead=st.sampled_from(["", "ok ", "ugh "]),
)
def test_a_sad_face_is_upset(faces: str, lead: str) -> None:
    """😭 alone or after a word shows stress, and gets the kind line for it."""
    assert social_reply(f"{lead}{faces}") is Social.UPSET


@given(lead=st.sampled_from(["ok", "thanks", "great", "lol"]), rest=ANY_TEXT)
def test_anything_with_a_question_is_no_social_reply(lead: str, rest: str) -> None:
    """ "ok but what about Step 3?" asks something: it is read as a question."""
    assert social_reply(f"{lead} {rest}?") is None


@given(words=st.lists(st.sampled_from(["ok", "great", "thanks", "lol"]), min_size=6))
def test_a_long_message_is_no_social_reply(words: list[str]) -> None:
    """Only a few words are small talk."""
    assert social_reply(" ".join(words)) is None


@pytest.mark.parametrize(
    "text", ["no", "yes", "J1", "240", "2019", "none", "-", "Ty", "no thanks", "I failed step 1"]
)
def test_answers_are_no_social_replies(text: str) -> None:
    """An interview answer ("no", "240", "-", a name like "Ty") is never small talk."""
    assert social_reply(text) is None


@given(ANY_TEXT)
def test_social_reply_never_raises(text: str) -> None:
    """Any text is read without an error."""
    assert social_reply(text) in (None, *Social)


# --- other scripts ----------------------------------------------------------------------

SCRIPTS = {
    "Arabic": "\u0621-\u064a",
    "Devanagari": "\u0905-\u0939",
    "Bengali": "\u0985-\u09b9",
    "Cyrillic": "\u0430-\u044f",
    "Chinese": "\u4e00-\u4fff",
}


def _letters(span: str) -> st.SearchStrategy[str]:
    low, high = span.split("-")
    return st.characters(min_codepoint=ord(low), max_codepoint=ord(high), categories=["Lo", "Ll"])


@given(data=st.data(), name=st.sampled_from(sorted(SCRIPTS)))
def test_a_message_in_another_script_is_named_by_it(data: st.DataObject, name: str) -> None:
    """Mostly letters of one script (with spaces, digits, a Latin word or two): that script."""
    words = data.draw(
        st.lists(st.text(_letters(SCRIPTS[name]), min_size=3, max_size=8), min_size=2, max_size=6)
    )
    latin = data.draw(st.sampled_from(["", " USMLE", " 2019", " ٢٠١٩", " ?"]))
    assert other_script(" ".join(words) + latin) == name


@given(text=st.text(alphabet=string.ascii_letters + string.digits + " .,?!'-", max_size=200))
def test_english_is_no_other_script(text: str) -> None:
    """Text in Latin letters is English to the advisor."""
    assert other_script(text) is None


@given(digits=st.text(alphabet="٠١٢٣٤٥٦٧٨٩०१२३४५६७८९0123456789 /-", max_size=30))
def test_digits_of_any_script_are_no_script(digits: str) -> None:
    """ "٢٠١٩" is a year: digits count for no script, so they are never a note."""
    assert other_script(digits) is None


@given(name=st.text(_letters(SCRIPTS["Arabic"]), min_size=2, max_size=6))
def test_an_english_sentence_with_a_name_in_another_script_is_english(name: str) -> None:
    """ "my name is محمد and I need a visa" is English with a name in it."""
    assert other_script(f"my name is {name} and I need a visa") is None


# --- follow-ups and the questions of a post ---------------------------------------------


@given(
    lead=st.sampled_from(
        ["what about", "how about", "and if", "what if", "and", "but for", "same for"]
    ),
    rest=WORDS,
    mark=st.sampled_from(["", "?", "??"]),
    opener=st.sampled_from(["", "ok ", "so ", "Okay, "]),
)
def test_a_short_follow_up_is_recognised(
    lead: str, rest: list[str], mark: str, opener: str
) -> None:
    """ "what about psych?", "and if I fail again?", "ok what if h1b" follow the last answer."""
    text = f"{opener}{lead} {' '.join(rest[:5])}{mark}"
    assert is_follow_up(text)


@given(rest=WORDS)
def test_instead_at_the_end_makes_a_follow_up(rest: list[str]) -> None:
    """ "what if I need h1b instead" / "J1 too?" lean on what came before."""
    assert is_follow_up(" ".join(rest[:5]) + " instead")


@given(
    lead=st.sampled_from(["what about", "and if"]),
    rest=st.lists(st.just("word"), min_size=FOLLOW_UP_WORDS),
)
def test_a_long_message_is_no_follow_up(lead: str, rest: list[str]) -> None:
    """A whole story starting with "and" stands on its own."""
    assert not is_follow_up(f"{lead} {' '.join(rest)}")


@pytest.mark.parametrize(
    "text",
    ["When should I take Step 3?", "How many programs?", "Oregon programs?", "andrew here", "ok"],
)
def test_a_question_of_its_own_is_no_follow_up(text: str) -> None:
    """A question that names its subject, or a word that only starts like "and", stands alone."""
    assert not is_follow_up(text)


@given(
    asked=st.lists(
        st.sampled_from(
            ["How do I explain my fail?", "Do I need US letters?", "When is Step 3 best?"]
        ),
        min_size=1,
        max_size=4,
    ),
    filler=st.sampled_from(["", "Hi all.", "Long story short, I failed once.", "Thanks!"]),
)
def test_every_question_of_a_post_is_found_in_order(asked: list[str], filler: str) -> None:
    """The questions of a post come back in order; greetings and statements do not."""
    text = " ".join([filler, *asked, filler]).strip()
    assert questions_in(text) == asked


@given(
    story=st.lists(
        st.sampled_from(["I graduated in 2016.", "I need a J1 visa.", "I love psych."]), max_size=40
    )
)
def test_a_story_ends_in_its_question(story: list[str]) -> None:
    """However long the story, the question it ends with is read; without one, none is."""
    text = " ".join(story)
    assert closing_question(f"{text} What are my chances?") == "What are my chances?"
    assert closing_question(text) is None


@given(ANY_TEXT)
def test_the_readers_never_raise(text: str) -> None:
    """Any text is read without an error."""
    is_follow_up(text)
    questions_in(text)
    closing_question(text)
    other_script(text)


# --- the "More topics" button -------------------------------------------------------------


@given(
    order=st.lists(
        st.text(string.ascii_lowercase + "_", min_size=1, max_size=12), unique=True, max_size=40
    ),
    data=st.data(),
)
def test_the_more_button_reads_back_the_topics_it_was_written_for(
    order: list[str], data: st.DataObject
) -> None:
    """What a "More topics" payload says was shown is what was shown, and it stays short."""
    shown = data.draw(st.sets(st.sampled_from(order)) if order else st.just(set()))
    written = shown_mask(sorted(shown), order)
    assert written.startswith(MORE) and len(written) <= 10
    assert shown_ids(written, order) == frozenset(shown)


@given(ANY_TEXT)
def test_a_garbled_more_button_is_read_as_nothing_or_some_topics(text: str) -> None:
    """A forged payload never raises; it names only known topics."""
    order = ["visa", "letters", "usce"]
    assert shown_ids(MORE + text, order) <= set(order)


@pytest.fixture(scope="module")
def topics() -> tuple[Topic, ...]:
    """The real topics, in menu order."""
    return tuple(load_knowledge().topics)


@given(data=st.data())
def test_paging_the_menu_shows_every_topic_once_six_at_a_time(
    topics: tuple[Topic, ...], data: st.DataObject
) -> None:
    """From any first menu, "More topics" pages through the rest: each page at most six
    topics plus the button, every topic shown exactly once."""
    order = tuple(t.id for t in topics)
    first = data.draw(st.permutations(topics))
    choices = menu(first, order)
    seen: list[str] = []
    while True:
        page = [c for c in choices if c.label != MORE_TOPICS_LABEL]
        assert 1 <= len(page) <= MENU_SIZE and len(choices) <= MENU_SIZE + 1
        seen += [c.payload for c in page]
        more = [c for c in choices if c.label == MORE_TOPICS_LABEL]
        if not more:
            break
        field = payloads.decode(more[0].payload).rest
        choices = menu(topics, order, shown_ids(field, order))
    assert sorted(seen) == sorted(payloads.topic(t) for t in order)


@given(
    story=st.lists(st.sampled_from(["I graduated in 2016.", "I need a J1 visa."]), min_size=60),
    question=st.sampled_from(["What are my chances?", "How many programs should I apply to?"]),
)
def test_a_long_story_still_asks_its_closing_question(story: list[str], question: str) -> None:
    """A story of many sentences still asks the question it ends with."""
    text = " ".join([*story, question])
    assert len(text) > 1000
    assert asks(text)
    assert not asks(" ".join(story))
