"""Long-form replies with sources (plans, answers) as Discord embeds.

The text becomes one embed per 4,096 characters, a bold first line its title, and the
sources become fields below it, numbered when the text cites them as [1], [2] ….
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import discord

from bot.adapters.discord.piece import Piece
from bot.adapters.discord.split import split_text
from bot.core.messages import Outgoing

DESCRIPTION_LIMIT = 4096
EMBEDS_LIMIT = 10  # embeds in one message
EMBEDS_TOTAL_LIMIT = 6000  # characters across all the embeds of one message
TITLE_LIMIT = 256
FIELD_LIMIT = 1024
COLOUR = discord.Colour(0x2B6CB0)


def embeds_size(embeds: Iterable[discord.Embed]) -> int:
    """Characters that count towards Discord's 6,000 for all the embeds of a message."""
    return sum(len(embed) for embed in embeds)


def as_embeds(outgoing: Outgoing) -> list[Piece]:
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
