"""The terminal adapter: one input line is one message; replies go to standard output.

Input is read so that Ctrl-C ends the chat at once: on a real terminal or pipe the event
loop watches standard input (`add_reader`), so no thread sits blocked in `readline` that
the interpreter would wait for at exit; other streams (a test's StringIO) are read in a
thread.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import re
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import TextIO

from bot.adapters.terminal import TerminalWriter
from bot.core import payloads, shown
from bot.core.advisor import Advisor
from bot.core.messages import ChatKind, Choice, Incoming, Outgoing

PLATFORM = "console"
PROMPT = "> "
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(user: str, name: str) -> str:
    """A saved file's name for this user: two people's timelines never overwrite each other."""
    owner = _UNSAFE.sub("-", user).strip("-.") or "me"
    return f"{owner}-{name}"


async def read_lines(stdin: TextIO) -> AsyncIterator[str]:
    """Yield typed lines (without their newline) until end of input."""
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, ValueError):  # io.StringIO and the like
        fd = -1
    loop = asyncio.get_running_loop()
    chunks: asyncio.Queue[bytes] = asyncio.Queue()
    try:
        if fd < 0:
            raise OSError("no file descriptor")
        loop.add_reader(fd, lambda: chunks.put_nowait(os.read(fd, 65536)))
    except (OSError, NotImplementedError):  # a regular file (epoll refuses it), Windows
        while line := await asyncio.to_thread(stdin.readline):
            yield line.rstrip("\n")
        return
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""
    try:
        while True:
            chunk = await chunks.get()
            pending += decoder.decode(chunk, final=not chunk)
            *lines, pending = pending.split("\n")
            for line in lines:
                yield line.rstrip("\r")
            if not chunk:  # end of input: a last line without its newline still counts
                if pending:
                    yield pending
                return
    finally:
        loop.remove_reader(fd)


def _by_number(item: tuple[tuple[int, int], int]) -> int:
    return item[1]


class ConsoleSender:
    """Prints reminders that fall due while the chat is open (the scheduler's Sender)."""

    platform = PLATFORM

    def __init__(self, chat: ConsoleChat) -> None:
        self.chat = chat

    async def send(self, chat_id: str, messages: Sequence[Outgoing]) -> None:
        """Show the messages in this terminal, then the prompt again: the user was typing."""
        self.chat.show(list(messages))
        self.chat.prompt()


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
        self._out = TerminalWriter(stdout)
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
                self._out.markdown(reply.text)
            for j, choice in enumerate(reply.choices):
                number = numbered.get((i, j))
                mark = f"{number}." if number is not None else "-"  # unnumbered: type its words
                self._out.line(f"  {mark} {choice.label}")
            if reply.attachment is not None:
                path = self.files_dir / file_name(self.user, reply.attachment.filename)
                path.write_bytes(reply.attachment.data)
                self._out.line(f"Saved to {path}")
            keep_going = keep_going and not reply.close
        self.stdout.write("\n")
        self.stdout.flush()
        return keep_going

    def prompt(self) -> None:
        """Show the input prompt (on a terminal; a pipe has nobody to prompt)."""
        if self._out.tty:
            self.stdout.write(PROMPT)
            self.stdout.flush()

    async def run(self) -> int:
        """Greet, then handle lines until EOF or `quit`; return the exit code.

        Ctrl-C (the task cancelled) says goodbye: every answer was saved as it was given.
        """
        try:
            return await self._converse()
        except asyncio.CancelledError:
            self.stdout.write("\n")
            self.show(await self.advisor.handle(self._text("quit")))
            raise

    async def _converse(self) -> int:
        if not self.show(await self.advisor.handle(self._text("start"))):
            return 0
        self.prompt()
        async for line in read_lines(self.stdin):
            before = self._choices
            incoming = self.to_incoming(line)
            if incoming.payload is None:
                self._choices = before
            if not self.show(await self.advisor.handle(incoming)):
                return 0
            self.prompt()
        return 0

    def _text(self, text: str) -> Incoming:
        return Incoming(PLATFORM, self.user, self.user, ChatKind.PRIVATE, text=text)
