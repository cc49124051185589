"""Rendering replies for Discord: message length, embeds, buttons."""

from __future__ import annotations

import pytest

from bot.adapters.discord_render import (
    CONTENT_LIMIT,
    TYPE_REPLY_LABEL,
    build_view,
    render,
    split_text,
    with_reply_button,
)
from bot.core.messages import Attachment, Choice, Outgoing


@pytest.mark.parametrize("text", [
    "short",
    "para one\n\npara two",
    "\n\n".join(f"Paragraph {i}: " + "word " * 80 for i in range(30)),
    "\n".join(f"- bullet {i} " + "x" * 90 for i in range(60)),
    "y" * 5000,
    ("word " * 900).strip(),
])
def test_split_text_keeps_every_chunk_within_discord_limit(text: str) -> None:
    """No chunk is over 2,000 characters and no words are lost."""
    chunks = split_text(text, CONTENT_LIMIT)
    assert all(0 < len(c) <= CONTENT_LIMIT for c in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == \
        text.replace("\n", "").replace(" ", "")


def test_long_plain_reply_is_split_into_several_messages_with_buttons_on_the_last() -> None:
    """A 5,000-character reply becomes several messages; choices ride on the last."""
    text = "\n\n".join("A paragraph about interview season. " * 10 for _ in range(14))
    pieces = render(Outgoing(text, choices=(Choice("More", "t:more"),)))
    assert len(pieces) > 1
    assert all(p.choices == () for p in pieces[:-1])
    assert pieces[-1].choices == (Choice("More", "t:more"),)


def test_reply_with_sources_is_an_embed_with_title_and_sources() -> None:
    """Plans and sourced answers are embeds; a bold first line is the title."""
    pieces = render(Outgoing("**Your plan**\n\n- Take Step 3 by June", private=True,
                             sources=("NRMP Charting Outcomes 2024",)))
    embed = pieces[0].embed
    assert embed is not None and embed.title == "Your plan"
    assert "Take Step 3" in (embed.description or "")
    assert embed.fields[0].name == "Sources"
    assert "NRMP Charting Outcomes 2024" in (embed.fields[0].value or "")
    assert pieces[0].private


def test_image_attachment_is_shown_inside_the_embed() -> None:
    """A picture sent with a sourced reply is the embed's image."""
    image = Attachment("timeline.png", b"\x89PNG", "image/png", is_image=True)
    piece = render(Outgoing("**Timeline**\n\nSeason", sources=("ERAS",), attachment=image))[-1]
    assert piece.embed is not None and piece.embed.image.url == "attachment://timeline.png"
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
