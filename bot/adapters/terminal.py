"""Writing the bot's Markdown subset to a terminal or a pipe, with `rich`.

On a terminal, bold, italics, code, lists and links are shown as such and paragraphs wrap to
the window; into a pipe (`| head`, a file) the same text comes out plain, one line per
line, with no escape codes and no padding. Where the chat platforms say "tap", a terminal
user types a number instead.
"""

from __future__ import annotations

import re
from typing import TextIO

from rich.console import Console
from rich.markdown import Markdown

_PIPE_WIDTH = 10_000  # into a pipe nothing is wrapped: a reader splits by lines, not columns
# "Tap one", "tap a choice", 'tap "Not taken yet"': the console shows numbered choices.
_TAPS = (
    (re.compile(r"\b([Tt])ap (?:one|a button|a number|a choice|an option)\b"), r"\1ype a number"),
    (re.compile(r"\b([Tt])ap it\b"), r"\1ype its number"),
    (re.compile(r"\b([Tt])ap\b"), r"\1ype"),
)
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def as_markdown(text: str) -> str:
    """Keep the bot's line breaks (Telegram shows each), which Markdown would join: a
    single newline becomes a hard break, and a list ends before the line after it."""
    lines = text.split("\n")
    out: list[str] = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if not following.strip() or not line.strip() or _ITEM.match(following):
            out.append(line)
        elif _ITEM.match(line):
            out.append(line + "\n")  # "- item" then "Sources: …": not the item's tail
        else:
            out.append(line + "  ")
    return "\n".join(out)


def for_typing(text: str) -> str:
    """Say "type the number" where the platforms' texts say "tap"."""
    for pattern, words in _TAPS:
        text = pattern.sub(words, text)
    return text


class TerminalWriter:
    """Writes Markdown to one stream: styled on a terminal, plain into a pipe."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = _isatty(stream)
        self._console = Console(
            file=stream,
            force_terminal=self.tty,
            width=None if self.tty else _PIPE_WIDTH,
            color_system="auto" if self.tty else None,
            highlight=False,
            soft_wrap=False,
        )

    def markdown(self, text: str) -> None:
        """Write one message of the bot's Markdown subset."""
        document = Markdown(as_markdown(for_typing(text)), hyperlinks=self.tty)
        if self.tty:
            self._console.print(document)
            return
        with self._console.capture() as captured:
            self._console.print(document)
        lines = [line.rstrip() for line in captured.get().splitlines()]
        self.stream.write("\n".join(lines).strip("\n") + "\n")

    def line(self, text: str = "") -> None:
        """Write a line as it is (a choice, a saved file's path)."""
        self.stream.write(text + "\n")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or file-like stream
        return False
