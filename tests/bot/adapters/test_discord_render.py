"""Rendering replies for Discord: message length, embeds, buttons."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.discord.piece import TYPE_REPLY_LABEL, Piece, build_view
from bot.adapters.discord.render import CONTENT_LIMIT, render, render_all, with_reply_button
from bot.adapters.discord.split import split_text
from bot.core.messages import Attachment, Choice, Outgoing
from tests.fakes.discord_limits import body_problems
from tests.interview_script import question_count


@pytest.mark.parametrize(
    "text",
    [
        "short",
        "para one\n\npara two",
        "\n\n".join(f"Paragraph {i}: " + "word " * 80 for i in range(30)),
        "\n".join(f"- bullet {i} " + "x" * 90 for i in range(60)),
        "y" * 5000,
        ("word " * 900).strip(),
    ],
)
def test_split_text_keeps_every_chunk_within_discord_limit(text: str) -> None:
    """No chunk is over 2,000 characters and no words are lost."""
    chunks = split_text(text, CONTENT_LIMIT)
    assert all(0 < len(c) <= CONTENT_LIMIT for c in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )


def test_long_plain_reply_is_split_into_several_messages_with_buttons_on_the_last() -> None:
    """A 5,000-character reply becomes several messages; choices ride on the last."""
    text = "\n\n".join("A paragraph about interview season. " * 10 for _ in range(14))
    pieces = render(Outgoing(text, choices=(Choice("More", "t:more"),)))
    assert len(pieces) > 1
    assert all(p.choices == () for p in pieces[:-1])
    assert pieces[-1].choices == (Choice("More", "t:more"),)


def test_reply_with_sources_is_an_embed_with_title_and_sources() -> None:
    """Plans and sourced answers are embeds; a bold first line is the title."""
    pieces = render(
        Outgoing(
            "**Your plan**\n\n- Take Step 3 by June",
            private=True,
            sources=("NRMP Charting Outcomes 2024",),
        )
    )
    embed = pieces[0].embeds[0] if pieces[0].embeds else None
    assert embed is not None and embed.title == "Your plan"
    assert "Take Step 3" in (embed.description or "")
    assert embed.fields[0].name == "Sources"
    assert "NRMP Charting Outcomes 2024" in (embed.fields[0].value or "")
    assert pieces[0].private


def test_sources_are_listed_once_with_addresses_numbered_as_the_plan_numbers_them() -> None:
    """The plan's "[1]" marks find their source in the field; the "Sources:" line that
    named the same sources without addresses is not shown a second time."""
    plan = Outgoing(
        "**Your plan**\n\n- Apply widely [1]\n- Write three statements [1][2]"
        "\n\nSources: [1] article.txt; [2] NRMP\nGeneral guidance.",
        sources=("article.txt", "NRMP - https://www.nrmp.org"),
    )
    [embed] = render(plan)[0].embeds
    assert "Sources:" not in (embed.description or "")
    assert (embed.description or "").endswith("General guidance.")
    assert [(f.name, f.value) for f in embed.fields] == [
        ("Sources", "[1] article.txt\n[2] NRMP - https://www.nrmp.org")
    ]
    answer = Outgoing(
        "**Step 3**\n\nOptional for a J-1.\n\nSources: article.txt; NRMP",
        sources=("article.txt", "NRMP - https://www.nrmp.org"),
    )
    [embed] = render(answer)[0].embeds
    assert embed.description == "Optional for a J-1."
    assert embed.fields[0].value == "- article.txt\n- NRMP - https://www.nrmp.org"


@settings(max_examples=100, deadline=None)
@given(
    body=st.text(st.characters(blacklist_categories=("Cs",)), max_size=9000),
    sources=st.lists(
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=1200),
        min_size=1,
        max_size=30,
    ),
)
def test_any_sources_fit_discords_limits_and_are_all_listed_when_their_line_goes(
    body: str, sources: list[str]
) -> None:
    """However many and long the sources, the message is one Discord accepts; the sources
    line is only left out when every source is listed below."""
    text = f"**Answer**\n\n{body}\n\nSources: {'; '.join(sources)}\nGeneral guidance."
    pieces = render(Outgoing(text, sources=tuple(sources)))
    for piece in pieces:
        assert body_problems(_payload(piece)) == {}
    described = "".join(e.description or "" for p in pieces for e in p.embeds)
    listed = "\n".join(f.value or "" for e in pieces[-1].embeds for f in e.fields)
    if "Sources: " not in described:
        assert all(f"- {source[:1000]}" in listed for source in sources)


def test_image_attachment_is_shown_inside_the_embed() -> None:
    """A picture sent with a sourced reply is the embed's image."""
    image = Attachment("timeline.png", b"\x89PNG", "image/png", is_image=True)
    piece = render(Outgoing("**Timeline**\n\nSeason", sources=("ERAS",), attachment=image))[-1]
    assert piece.embeds and piece.embeds[-1].image.url == "attachment://timeline.png"
    assert piece.kwargs()["file"].filename == "timeline.png"


def test_buttons_are_five_per_row_and_at_most_twenty_five() -> None:
    """Thirty choices fit Discord's limits: 25 buttons in 5 rows."""
    choices = tuple(Choice(f"Option {i}", f"a:q:{i}") for i in range(30))
    view = build_view(choices)
    assert view is not None
    rows = [c["components"] for c in view.to_components()]
    assert len(rows) == 5 and all(len(r) == 5 for r in rows)


async def test_views_are_sent_finished_so_discord_py_keeps_none_of_them() -> None:
    """Presses reach the advisor through ChoiceButton's template (see the restart test), so
    a view has nothing to listen for: a listening one would be kept in memory after sending.
    """
    view = build_view((Choice("Yes", "y:x"),), reply_button=True)
    assert view is not None and view.is_finished()
    assert len(view.to_components()[0]["components"]) == 2  # still rendered in full


def test_reply_button_is_added_to_the_last_piece_only() -> None:
    """In ephemeral mode the last message offers a typed reply."""
    pieces = with_reply_button(render(Outgoing("a\n\n" + "b" * 2100)))
    assert not pieces[0].reply_button and pieces[-1].reply_button
    view = pieces[-1].kwargs()["view"]
    assert [b["label"] for b in view.to_components()[0]["components"]] == [TYPE_REPLY_LABEL]


def test_link_choices_become_link_buttons() -> None:
    """A choice with a URL opens the link instead of calling back."""
    view = build_view((Choice("ERAS", "x", url="https://students-residents.aamc.org"),))
    assert view is not None
    assert view.to_components()[0]["components"][0]["url"].startswith("https://")


def _payload(piece: Piece) -> dict[str, Any]:
    """The message body discord.py would post for a piece."""
    kwargs = piece.kwargs()
    view = kwargs.get("view")
    return {
        "content": kwargs.get("content"),
        "embeds": [e.to_dict() for e in kwargs.get("embeds", [])],
        "components": view.to_components() if view is not None else [],
    }


PLAN = Outgoing(
    "**Your plan - most important first**\n\n- Apply broadly\n- Take Step 3",
    private=True,
    sources=("000_b26ea89a8871cf36.txt",),
)
NOTICE = Outgoing(
    "Your interview isn't finished, so this plan uses what you've told me.", private=True
)
QUESTION = Outgoing(
    f"Question 2 of {question_count()}\nWhat is your citizenship and visa need?",
    choices=(Choice("Need a J-1", "a:visa:j1"), Choice("Skip", "a:visa:skip")),
)


def test_plan_and_the_question_re_asked_below_it_are_one_message() -> None:
    """Notice above, plan embed, the pending question as a second embed, its buttons below:
    one notification on the member's phone instead of two."""
    [piece] = render_all([NOTICE, PLAN, QUESTION])
    assert piece.content is not None and piece.content.startswith("Your interview")
    assert [e.title for e in piece.embeds] == ["Your plan - most important first", None]
    assert piece.embeds[1].description == QUESTION.text
    assert piece.choices == QUESTION.choices
    assert body_problems(_payload(piece)) == {}


def test_text_after_an_embed_stays_apart_when_it_would_not_fit_or_must_stay_private() -> None:
    """Over 6,000 characters of embeds, or private text in a public reply, is its own message."""
    paragraph = Outgoing(("word " * 380).strip())  # 1,899 characters
    first, second = render_all([PLAN, paragraph, paragraph, paragraph, paragraph])
    assert len(first.embeds) == 4 and second.content == paragraph.text
    public_answer = Outgoing("**Step 3**\n\nMany programs like it.", sources=("AAMC",))
    personal = Outgoing("For you: take it by June.", private=True)
    assert len(render_all([public_answer, personal], shared=True)) == 2
    assert len(render_all([public_answer, personal])) == 1  # all ephemeral anyway


_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=4500)
_outgoing = st.builds(
    Outgoing,
    text=_texts,
    private=st.booleans(),
    sources=st.one_of(st.just(()), st.tuples(st.text(min_size=1, max_size=80))),
    choices=st.lists(
        st.builds(
            Choice, label=st.text(min_size=1, max_size=30), payload=st.text(min_size=1, max_size=20)
        ),
        max_size=3,
    ).map(tuple),
)


def _letters(text: str) -> str:
    """Text without whitespace or bold marks: what splitting and titles leave alone."""
    return "".join(text.replace("*", "").split())


@settings(max_examples=150, deadline=None)
@given(replies=st.lists(_outgoing, max_size=6), shared=st.booleans())
def test_any_replies_render_within_discords_limits_and_in_order(
    replies: list[Outgoing], shared: bool
) -> None:
    """Whatever the advisor says, every message is one Discord accepts, and all the text
    is there in order."""
    pieces = render_all(replies, shared=shared)
    for piece in pieces:
        assert body_problems(_payload(piece)) == {}
    shown = iter(
        _letters(
            "".join(
                (p.content or "")
                + "".join((e.title or "") + (e.description or "") for e in p.embeds)
                for p in pieces
            )
        )
    )
    assert all(char in shown for char in _letters("".join(r.text for r in replies)))


_MARKS = "①②③④⑤⑥"  # one per reply, to see which replies ended up in which message


@settings(max_examples=150, deadline=None)
@given(replies=st.lists(_outgoing, min_size=1, max_size=6))
def test_a_public_reply_never_puts_private_text_in_a_public_message(
    replies: list[Outgoing],
) -> None:
    """In a shared reply, each message holds only private or only public replies."""
    marked = [
        replace(r, text=f"{_MARKS[i]} {r.text.translate({ord(m): None for m in _MARKS})}")
        for i, r in enumerate(replies)
    ]
    for piece in render_all(marked, shared=True):
        text = (piece.content or "") + "".join(e.description or "" for e in piece.embeds)
        inside = [r for i, r in enumerate(marked) if _MARKS[i] in text]
        assert len({r.private for r in inside}) <= 1
        assert all(piece.private == r.private for r in inside)
