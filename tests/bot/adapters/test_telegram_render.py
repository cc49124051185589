"""Our Markdown subset becomes Telegram HTML that Telegram accepts, in chunks it accepts."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.adapters.telegram.render import (
    MAX_MESSAGE,
    PayloadCodec,
    deep_link,
    keyboard,
    split_html,
    to_html,
    utf16_len,
)
from bot.core.markup import literal
from bot.core.messages import Choice
from tests.fakes.telegram_html import parse_html

MARKUP_ALPHABET = st.sampled_from(
    [*"ab _*-<>&\"'\n/@#;`", "**", "`plan`", "\n\n", "- ", "&amp;", "<b>", "</i>", "😀", "é", " "]
)
markdownish = st.lists(MARKUP_ALPHABET, max_size=200).map("".join)


def plain(html_text: str) -> str:
    """Return what the user reads, as Telegram parses it (raises on invalid HTML)."""
    return parse_html(html_text)[0]


def test_bold_italic_and_bullets_render_as_telegram_formatting() -> None:
    """**bold**, _italic_ and "- " bullets become <b>, <i> and a bullet sign."""
    html_text = to_html("**Visa:** J-1 is _usual_\n- one\n- two")
    assert html_text == "<b>Visa:</b> J-1 is <i>usual</i>\n• one\n• two"


def test_command_names_become_tappable_commands() -> None:
    """`plan` in the core's text is a /plan a Telegram user can tap; arguments stay as code."""
    html_text = to_html("Type `plan`, or `edit <field>`; `x<y`")
    assert html_text == "Type /plan, or <code>/edit &lt;field&gt;</code>; <code>x&lt;y</code>"


def test_user_text_is_escaped() -> None:
    """Angle brackets, ampersands and tag-like text from users are shown literally."""
    text = "Score <230 & <b>fail</b> 5 > 4"
    assert plain(to_html(text)) == text


def test_a_sources_link_becomes_a_tappable_title() -> None:
    """[title](https://…) shows the title, linked to the page; odd characters stay escaped."""
    html_text = to_html("Sources: [Guide <IMG> & you (site.com)](https://site.com/a_b?x=1&y=2)")
    assert html_text == (
        'Sources: <a href="https://site.com/a_b?x=1&amp;y=2">Guide &lt;IMG&gt; &amp; you'
        " (site.com)</a>"
    )
    assert plain(html_text) == "Sources: Guide <IMG> & you (site.com)"


def test_underscores_inside_words_stay_literal() -> None:
    """snake_case and URLs with underscores are not italicised."""
    text = "see https://example.org/match_day_2026 and step_2_ck"
    assert to_html(text) == text


@given(markdownish)
@settings(max_examples=400, deadline=None)
def test_any_text_renders_to_html_telegram_accepts(text: str) -> None:
    """Whatever the text, Telegram's parser accepts the result and only b/i tags appear."""
    for chunk in split_html(text):
        parse_html(chunk)
        tags = {t for t in chunk.split("<")[1:]}
        assert all(t.startswith(("b>", "/b>", "i>", "/i>", "code>", "/code>")) for t in tags)


@given(st.text(alphabet=st.characters(blacklist_characters="*_`\\", codec="utf-8"), max_size=300))
@settings(max_examples=300, deadline=None)
def test_text_without_markup_reads_exactly_as_written(text: str) -> None:
    """Text without our markers reaches the user unchanged (up to paragraph whitespace)."""
    assume(not any(line.lstrip().startswith("- ") for line in text.splitlines()))
    read = "\n\n".join(plain(chunk) for chunk in split_html(text))
    assert read.split() == text.split()


@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("ab<&😀 \n*_-")), min_size=1, max_size=3000),
        min_size=1,
        max_size=6,
    ).map("\n\n".join)
)
@settings(max_examples=60, deadline=None)
def test_every_chunk_fits_telegram_limit(text: str) -> None:
    """Long texts are split so that every chunk is at most 4,096 characters."""
    for chunk in split_html(text):
        assert utf16_len(chunk) <= MAX_MESSAGE
        assert utf16_len(plain(chunk)) <= MAX_MESSAGE


def test_long_text_splits_at_paragraph_boundaries() -> None:
    """Paragraphs are never cut in the middle when each fits on its own."""
    paragraphs = [f"**Step {n}.** " + "word " * 150 for n in range(20)]
    chunks = split_html("\n\n".join(paragraphs))
    assert len(chunks) > 1
    for chunk in chunks:
        for part in chunk.split("\n\n"):
            assert part.startswith("<b>Step ")
    assert sum(chunk.count("<b>Step ") for chunk in chunks) == 20


def test_one_enormous_word_is_still_cut_to_fit() -> None:
    """Even 10,000 ampersands without a space become chunks Telegram accepts."""
    chunks = split_html("&" * 10_000)
    assert all(utf16_len(c) <= MAX_MESSAGE for c in chunks)
    assert "".join(plain(c) for c in chunks) == "&" * 10_000


def test_dm_choice_becomes_a_deep_link_button() -> None:
    """A "continue in private" choice is a t.me link with the start argument."""
    markup = keyboard([Choice("Continue in private", "dm:plan")], "img_advisor_bot", PayloadCodec())
    assert markup is not None
    assert markup.inline_keyboard[0][0].url == "https://t.me/img_advisor_bot?start=plan"
    assert deep_link("img_advisor_bot", "bad arg!") == "https://t.me/img_advisor_bot"


def test_short_labels_sit_side_by_side_and_long_ones_stack() -> None:
    """Yes/No fit on one row; sentence-long choices get a row each."""
    codec = PayloadCodec()
    short = keyboard([Choice("Yes", "y"), Choice("No", "n")], "b", codec)
    long = keyboard(
        [Choice("Failed once, then passed", "a"), Choice("Never took it", "b")], "b", codec
    )
    assert short is not None and long is not None
    assert len(short.inline_keyboard) == 1
    assert len(long.inline_keyboard) == 2


def test_long_payloads_fit_callback_data_and_come_back() -> None:
    """A payload over 64 bytes is sent as a short digest and decoded on press."""
    codec = PayloadCodec()
    payload = "answer:" + "x" * 100
    data = codec.encode(payload)
    assert len(data.encode()) <= 64
    assert codec.decode(data) == payload
    assert codec.encode("answer:visa:j1") == "answer:visa:j1"


@given(
    st.lists(st.sampled_from([*"ab *_`[]()\\<>&:/", "**", "https://x.y"]), max_size=40).map("".join)
)
@settings(max_examples=300, deadline=None)
def test_typed_text_echoed_inside_bold_reads_as_typed(typed: str) -> None:
    """A reminder's text, escaped by the core (`literal`) inside our bold, reaches the user
    exactly as typed: no marker of theirs becomes formatting or a link."""
    assume(typed.strip() == typed and typed)
    html_text = to_html(f"Remind you: **{literal(typed)}**")
    assert plain(html_text) == f"Remind you: {typed}"
    assert "<i>" not in html_text and "<a " not in html_text and "<code>" not in html_text
