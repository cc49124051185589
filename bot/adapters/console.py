"""The terminal adapter: one input line is one message; replies go to standard output."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.core import payloads, shown
from bot.core.advisor import Advisor
from bot.core.messages import ChatKind, Choice, Incoming, Outgoing

PLATFORM = "console"


def render_text(text: str) -> str:
    """Turn the Markdown subset into plain terminal text."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<!\w)_(.+?)_(?!\w)", r"\1", text)
    return text.replace("`", "")


def _by_number(item: tuple[tuple[int, int], int]) -> int:
    return item[1]


class ConsoleSender:
    """Prints reminders that fall due while the chat is open (the scheduler's Sender)."""

    platform = PLATFORM

    def __init__(self, chat: ConsoleChat) -> None:
        self.chat = chat

    async def send(self, chat_id: str, messages: Sequence[Outgoing]) -> None:
        """Show the messages in this terminal."""
        self.chat.show(list(messages))


class ConsoleChat:
    """Runs one person's conversation with the Advisor on a terminal or a pipe."""

    def __init__(
        self,
        advisor: Advisor,
        user: str,
        stdin: TextIO,
        stdout: TextIO,
        files_dir: Path | None = None,
    ) -> None:
        self.advisor = advisor
        self.user = user
        self.stdin = stdin
        self.stdout = stdout
        self.files_dir = files_dir or Path.cwd()
        self._choices: tuple[Choice, ...] = ()
        self.sender = ConsoleSender(self)

    def to_incoming(self, line: str) -> Incoming:
        """Map a typed line to a message: a choice's number or label becomes its payload."""
        text = line.strip()
        picked = None
        if text.isdecimal() and 1 <= int(text) <= len(self._choices):
            picked = self._choices[int(text) - 1]
        else:
            picked = next((c for c in self._choices if c.label.casefold() == text.casefold()), None)
        if picked is not None and payloads.private_line(picked.payload) is None:
            return Incoming(
                PLATFORM, self.user, self.user, ChatKind.PRIVATE, payload=picked.payload
            )
        return Incoming(PLATFORM, self.user, self.user, ChatKind.PRIVATE, text=line)

    def show(self, replies: list[Outgoing]) -> bool:
        """Print replies; return False when the user asked to leave."""
        keep_going = True
        # One numbered list per turn, numbered as the core reads typed numbers back.
        numbered = shown.numbers(replies)
        if numbered:
            self._choices = tuple(
                replies[i].choices[j] for (i, j), _n in sorted(numbered.items(), key=_by_number)
            )
        for i, reply in enumerate(replies):
            if reply.text:
                self.stdout.write(render_text(reply.text) + "\n")
            for j, choice in enumerate(reply.choices):
                number = numbered.get((i, j))
                mark = f"{number}." if number is not None else "-"  # unnumbered: type its words
                self.stdout.write(f"  {mark} {choice.label}\n")
            if reply.attachment is not None:
                path = self.files_dir / reply.attachment.filename
                path.write_bytes(reply.attachment.data)
                self.stdout.write(f"(saved {path})\n")
            keep_going = keep_going and not reply.close
        self.stdout.write("\n")
        self.stdout.flush()
        return keep_going

    async def run(self) -> int:
        """Greet, then handle lines until EOF or `quit`; return the exit code."""
        replies = await self.advisor.handle(
            Incoming(PLATFORM, self.user, self.user, ChatKind.PRIVATE, text="start")
        )
        if not self.show(replies):
            return 0
        while True:
            if self.stdin.isatty():
                self.stdout.write("> ")
                self.stdout.flush()
            line = await asyncio.to_thread(self.stdin.readline)
            if not line:
                return 0
            line = line.rstrip("\n")
            before = self._choices
            incoming = self.to_incoming(line)
            if incoming.payload is None:
                self._choices = before
            if not self.show(await self.advisor.handle(incoming)):
                return 0
