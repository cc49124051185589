"""Splitting long text into chunks under a Discord limit, at paragraph or line breaks."""

from __future__ import annotations

from collections.abc import Iterable


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
