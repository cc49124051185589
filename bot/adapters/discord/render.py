"""Render neutral `Outgoing` replies as Discord messages: text, embeds, files and buttons.

Our Markdown subset (`**bold**`, `_italic_`, `- ` bullets, blank lines) is Discord Markdown
already, so it passes through; whatever else Discord would read as markup or a mention
(`~~`, `||`, `>` quotes, `#` headings, masked links, `@everyone`) is escaped, since
it can only come from what a person typed and the core echoed (a reminder's text).
Long-form replies with sources (plans, answers) become embeds; plain text over 2,000
characters is split at paragraph or line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import discord

from bot.adapters.discord.embeds import (
    COLOUR,
    DESCRIPTION_LIMIT,
    EMBEDS_LIMIT,
    EMBEDS_TOTAL_LIMIT,
    as_embeds,
    embeds_size,
)
from bot.adapters.discord.piece import BUTTON_LIMIT, Piece
from bot.adapters.discord.split import split_text
from bot.core.messages import Outgoing

CONTENT_LIMIT = 2000

# Discord markup outside our subset: strike, spoiler, underline, a lone `*`, a masked link,
# and quotes, headings and subtext at the start of a line.
_BEYOND_SUBSET = re.compile(
    r"~~|\|\||__|(?<!\*)\*(?!\*)|\[(?=[^\]\n]*\]\()|^(?:>|#|-#)", re.MULTILINE
)
_CODE_SPAN = re.compile(r"(`[^`\n]*`)")
# Never ours: broken with a zero-width space. A user, role or channel mention (`<@id>`) is
# the core's own (a cohort role), and AllowedMentions.none() keeps any other from pinging.
_EVERYONE = re.compile(r"@(everyone|here)\b")


def escape_beyond_subset(text: str) -> str:
    """Escape what Discord reads as markup or a mention that our subset does not use.

    Code spans are left alone (Discord shows them as typed, backslashes included).
    """
    parts = _CODE_SPAN.split(text)
    for index in range(0, len(parts), 2):  # even parts are outside code spans
        escaped = _BEYOND_SUBSET.sub(lambda m: "".join(f"\\{c}" for c in m.group()), parts[index])
        parts[index] = _EVERYONE.sub("@\u200b\\1", escaped)
    return "".join(parts)


def render(outgoing: Outgoing) -> list[Piece]:
    """Turn one reply into the messages that show it (choices ride on the last one)."""
    outgoing = replace(outgoing, text=escape_beyond_subset(outgoing.text))
    if outgoing.sources:
        pieces = as_embeds(outgoing)
    else:
        pieces = [
            Piece(content=chunk, private=outgoing.private)
            for chunk in split_text(outgoing.text, CONTENT_LIMIT)
        ]
    if not pieces:
        pieces = [Piece(private=outgoing.private)]
    last = pieces[-1]
    attachment = outgoing.attachment
    if attachment is not None and last.embeds and attachment.is_image:
        last.embeds[-1].set_image(url=f"attachment://{attachment.filename}")
    pieces[-1] = replace(last, attachment=attachment, choices=outgoing.choices)
    return pieces


def render_all(replies: Iterable[Outgoing], *, shared: bool = False) -> list[Piece]:
    """Render replies in order, joining short plain ones into one message.

    Fewer messages read better and spare Discord's per-channel limit (5 messages in 5 s).
    In a `shared` (public) reply, private and public text are never joined.
    """
    return join([p for outgoing in replies for p in render(outgoing)], shared=shared)


def join(rendered: Iterable[Piece], *, shared: bool = False) -> list[Piece]:
    """Join consecutive pieces into as few messages as Discord's limits allow.

    Short plain texts share one message; text above an embed becomes its content; text
    after an embed (the interview question re-asked below a plan) becomes one more embed,
    as a message's content always shows above its embeds.
    """
    pieces: list[Piece] = []
    for piece in rendered:
        last = pieces[-1] if pieces else None
        if last is None:
            pieces.append(piece)
        elif _leads_into(last, piece, shared):
            if piece.content is None:  # text above an embed: one message with both
                pieces[-1] = replace(
                    piece, content=last.content, private=last.private or piece.private
                )
            elif len(last.content or "") + 2 + len(piece.content) <= CONTENT_LIMIT:
                pieces[-1] = replace(
                    piece,
                    content=f"{last.content}\n\n{piece.content}",
                    private=last.private or piece.private,
                )
            else:
                pieces.append(piece)
        elif _follows_embeds(last, piece, shared):
            assert piece.content is not None
            below = discord.Embed(description=piece.content, colour=COLOUR)
            pieces[-1] = replace(
                last,
                embeds=(*last.embeds, below),
                choices=piece.choices,
                private=last.private or piece.private,
            )
        else:
            pieces.append(piece)
    return pieces


def _leads_into(first: Piece, then: Piece, shared: bool) -> bool:
    """Whether `first` is bare text that can sit at the top of `then`'s message."""
    bare = (
        first.content
        and not first.embeds
        and first.attachment is None
        and not first.choices
        and not first.reply_button
    )
    fits = then.content is not None or bool(then.embeds)
    return bool(bare and fits and (first.private == then.private or not shared))


def _follows_embeds(first: Piece, then: Piece, shared: bool) -> bool:
    """Whether `then` is plain text that fits as one more embed in `first`'s message."""
    open_below = (
        first.embeds
        and len(first.embeds) < EMBEDS_LIMIT
        and first.attachment is None
        and not first.choices
        and not first.reply_button
    )
    plain = (
        then.content
        and not then.embeds
        and then.attachment is None
        and not then.reply_button
        and len(then.content) <= DESCRIPTION_LIMIT
    )
    room = plain and embeds_size(first.embeds) + len(then.content or "") <= EMBEDS_TOTAL_LIMIT
    return bool(open_below and room and (first.private == then.private or not shared))


def with_reply_button(pieces: Sequence[Piece]) -> list[Piece]:
    """Offer a typed reply on the last message (where a DM to type into is unavailable)."""
    if not pieces:
        return []
    out = list(pieces)
    if len(out[-1].choices) < BUTTON_LIMIT:
        out[-1] = replace(out[-1], reply_button=True)
    return out
