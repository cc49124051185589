"""Spell out an abbreviation the first time it appears in a message.

Many readers are new to the US system and read English as a second language, so "USCE"
alone is a puzzle; "US clinical experience (USCE)" once, then "USCE", is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from knowledge.model import Source
from knowledge.reader import Reader

# Links, code, asides in brackets (citations beside figures) and the sources line are
# never rewritten: their text is not running prose.
_UNTOUCHABLE = re.compile(
    r"\[[^\[\]\n]*\]\([^\s()]*\)|`[^`\n]*`|https?://\S+|\([^()\n]*\)|^Sources: .*$", re.M
)


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An abbreviation and what it stands for."""

    short: str
    long: str
    sources: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern[str]:
        """The abbreviation as a whole word, optionally plural ("NBMEs")."""
        return re.compile(rf"(?<![\w-]){re.escape(self.short)}(s?)(?![\w-])")


def _protected(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _UNTOUCHABLE.finditer(text)]
    if text.startswith("**"):  # a bold first line is the message's title
        spans.append((0, text.find("\n") if "\n" in text else len(text)))
    return spans


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


def expand_first(text: str, abbreviations: Sequence[Abbreviation]) -> str:
    """Spell out each abbreviation at its first use in `text`, unless the text already
    spells it out somewhere."""
    for abbr in abbreviations:
        spans = _protected(text)
        first = next(
            (m for m in abbr.pattern.finditer(text) if not _inside(m.start(), spans)), None
        )
        if first is None or abbr.long.lower() in text.lower():
            continue
        plural = first.group(1)
        spelt = f"{abbr.short}{plural} ({abbr.long})"
        text = text[: first.start()] + spelt + text[first.end() :]
    return text


def read_abbreviations(
    r: Reader, data: Any, sources: dict[str, Source]
) -> tuple[Abbreviation, ...]:
    """Read and check abbreviations.yaml."""
    found: list[Abbreviation] = []
    seen: set[str] = set()
    items = r.top(data, "abbreviations") if data is not None else None
    for m in r.entries(items, getattr(items, "line", 1), "abbreviation"):
        r.keys(m, {"short", "long", "sources"}, set(), "an abbreviation")
        short, long = r.text(m, "short", "an abbreviation"), r.text(m, "long", "an abbreviation")
        refs = r.refs(m, "sources", sources, "an abbreviation")
        if short is None or long is None:
            continue
        if short in seen:
            r.add(m.line_of("short"), f"the abbreviation '{short}' is listed twice")
        seen.add(short)
        found.append(Abbreviation(short, long, tuple(refs or ())))
    return tuple(found)
