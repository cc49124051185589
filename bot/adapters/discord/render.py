"""Render neutral `Outgoing` replies as Discord messages: text, embeds, files and buttons.

Our Markdown subset (`**bold**`, `_italic_`, `- ` bullets, blank lines) is Discord Markdown
already, so text passes through. Long-form replies with sources (plans, answers) become
embeds; plain text over 2,000 characters is split at paragraph or line breaks.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import discord

from bot.adapters.discord.views import CUSTOM_ID_LIMIT, TYPE_REPLY, ChoiceButton
from bot.core.messages import Attachment, Choice, Outgoing

log = logging.getLogger(__name__)

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
EMBEDS_LIMIT = 10  # embeds in one message
EMBEDS_TOTAL_LIMIT = 6000  # characters across all the embeds of one message
TITLE_LIMIT = 256
FIELD_LIMIT = 1024
BUTTON_LIMIT = 25
COLOUR = discord.Colour(0x2B6CB0)
TYPE_REPLY_LABEL = "✏️ Type a reply"


@dataclass(frozen=True)
class Piece:
    """One Discord message to send."""

    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()
    attachment: Attachment | None = None
    choices: tuple[Choice, ...] = ()
    private: bool = False
    reply_button: bool = False  # add the "type a reply" button (ephemeral mode)

    def kwargs(self) -> dict[str, Any]:
        """Return keyword arguments for `send`, `send_message` or `followup.send`."""
        out: dict[str, Any] = {}
        if self.content:
            out["content"] = self.content
        if self.embeds:
            out["embeds"] = list(self.embeds)
        if self.attachment is not None:
            # A fresh File per send: discord.py consumes (and closes) the stream.
            out["file"] = discord.File(
                io.BytesIO(self.attachment.data), filename=self.attachment.filename
            )
        view = build_view(self.choices, self.reply_button)
        if view is not None:
            out["view"] = view
        return out


def render(outgoing: Outgoing) -> list[Piece]:
    """Turn one reply into the messages that show it (choices ride on the last one)."""
    if outgoing.sources:
        pieces = _as_embeds(outgoing)
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


def embeds_size(embeds: Iterable[discord.Embed]) -> int:
    """Characters that count towards Discord's 6,000 for all the embeds of a message."""
    return sum(len(embed) for embed in embeds)


def with_reply_button(pieces: Sequence[Piece]) -> list[Piece]:
    """Offer a typed reply on the last message (where a DM to type into is unavailable)."""
    if not pieces:
        return []
    out = list(pieces)
    if len(out[-1].choices) < BUTTON_LIMIT:
        out[-1] = replace(out[-1], reply_button=True)
    return out


def split_text(text: str, limit: int) -> list[str]:
    """Split text into chunks of at most `limit` characters at paragraph or line breaks."""
    chunks: list[str] = []
    current = ""
    for block in _blocks(text.strip(), limit):
        joined = f"{current}\n\n{block}" if current else block
        if len(joined) <= limit:
            current = joined
        else:
            chunks.append(current)
            current = block
    if current:
        chunks.append(current)
    return chunks


def _blocks(text: str, limit: int) -> Iterable[str]:
    for paragraph in text.split("\n\n"):
        if len(paragraph) <= limit:
            yield paragraph
            continue
        line_chunk = ""
        for line in paragraph.split("\n"):
            while len(line) > limit:  # one enormous line: cut at the last space that fits
                cut = line.rfind(" ", 0, limit)
                cut = cut if cut > 0 else limit
                if line_chunk:
                    yield line_chunk
                    line_chunk = ""
                yield line[:cut]
                line = line[cut:].lstrip()
            candidate = f"{line_chunk}\n{line}" if line_chunk else line
            if len(candidate) > limit:
                yield line_chunk
                candidate = line
            line_chunk = candidate
        if line_chunk:
            yield line_chunk


def _as_embeds(outgoing: Outgoing) -> list[Piece]:
    title, body = _title(outgoing.text)
    # The sources line names what the fields below list with addresses: show them once.
    line = _SOURCES_LINE.search(body)
    fields = _source_fields(outgoing.sources, numbered=bool(line and line.group(1)))
    pieces = _described(title, _SOURCES_LINE.sub("", body, count=1), outgoing.private)
    last = pieces[-1].embeds[-1]
    if len(last) + sum(len(name) + len(value) for name, value in fields) > EMBEDS_TOTAL_LIMIT:
        # No room for every address: keep the line, and what fits of them in one field.
        pieces = _described(title, body, outgoing.private)
        last = pieces[-1].embeds[-1]
        value = fields[0][1] if fields else ""
        if len(fields) > 1:
            value = value.rsplit("\n", 1)[0] + "\n…"
        fields = [("Sources", value)]
    for name, value in fields:
        last.add_field(name=name, value=value, inline=False)
    return pieces


def _described(title: str | None, body: str, private: bool) -> list[Piece]:
    """One embed per 4,096 characters of text, the title on the first."""
    chunks = split_text(body, DESCRIPTION_LIMIT) or [""]
    return [
        Piece(
            embeds=(
                discord.Embed(
                    description=chunk or None, colour=COLOUR, title=title if index == 0 else None
                ),
            ),
            private=private,
        )
        for index, chunk in enumerate(chunks)
    ]


# "Sources: a; b" or "Sources: [1] a; [2] b", on a line of its own near the end.
_SOURCES_LINE = re.compile(r"(?m)^Sources: (\[1\] )?.*\n?")


def _source_fields(sources: Sequence[str], *, numbered: bool) -> list[tuple[str, str]]:
    """The sources as embed fields of up to 1,024 characters each, numbered if the text
    numbers them ([1], [2] …), so the marks in the text find their source."""
    lines = [
        f"[{n}] {source}" if numbered else f"- {source}"
        for n, source in enumerate(sources, start=1)
    ]
    fields: list[tuple[str, str]] = []
    value = ""
    for text in lines:
        text = text if len(text) <= FIELD_LIMIT else text[: FIELD_LIMIT - 1] + "…"
        if value and len(value) + 1 + len(text) > FIELD_LIMIT:
            fields.append(("Sources" if not fields else "Sources (continued)", value))
            value = text
        else:
            value = f"{value}\n{text}" if value else text
    if value:
        fields.append(("Sources" if not fields else "Sources (continued)", value))
    return fields


def _title(text: str) -> tuple[str | None, str]:
    """Use a first line that starts in bold as the title (titles show no Markdown)."""
    first, _, rest = text.strip().partition("\n")
    title = first.replace("**", "").strip()
    if first.startswith("**") and 0 < len(title) <= TITLE_LIMIT:
        return title, rest.strip()
    return None, text


def build_view(choices: Sequence[Choice], reply_button: bool = False) -> discord.ui.View | None:
    """Return a persistent view with a button per choice (5 per row, at most 25)."""
    if not choices and not reply_button:
        return None
    view = discord.ui.View(timeout=None)
    seen: set[str] = set()
    room = BUTTON_LIMIT - (1 if reply_button else 0)
    for choice in choices:
        if len(view.children) >= room:
            log.warning("a reply had more than %d choices; the rest were dropped", room)
            break
        if choice.url:
            view.add_item(discord.ui.Button(label=choice.label[:80], url=choice.url))
        elif choice.payload in seen or len(choice.payload) > CUSTOM_ID_LIMIT:
            log.warning(
                "dropped a choice whose payload is repeated or over %d characters", CUSTOM_ID_LIMIT
            )
        else:
            seen.add(choice.payload)
            view.add_item(ChoiceButton(choice.payload, choice.label))
    if reply_button:
        view.add_item(ChoiceButton(TYPE_REPLY, TYPE_REPLY_LABEL, discord.ButtonStyle.primary))
    # Presses reach ChoiceButton through its registered template, whatever message they
    # are on. A view still listening would be kept by discord.py after sending (for 15
    # minutes under an ephemeral reply) for nothing, so it is sent finished.
    view.stop()
    return view
