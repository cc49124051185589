"""The terminal side of the console: Markdown shown plain into a pipe, "tap" said as
"type", typed lines read from a real pipe, and saved files named per user."""

from __future__ import annotations

import io
import os

from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.console import file_name, read_lines
from bot.adapters.terminal import TerminalWriter, for_typing


def _shown(text: str) -> str:
    out = io.StringIO()
    TerminalWriter(out).markdown(text)
    return out.getvalue()


def test_markdown_is_plain_in_a_pipe_and_keeps_its_lines() -> None:
    """Bold, code and links lose their marks; each line of the message stays a line."""
    shown = _shown(
        "**Your plan**\nStep 1 first\n\n- **1.** book `NBME 12`\n- [NRMP](https://www.nrmp.org)"
        "\nSources: seed.md\n_General guidance._"
    )
    assert shown.splitlines() == [
        "Your plan",
        "Step 1 first",
        "",
        " • 1. book NBME 12",
        " • NRMP (https://www.nrmp.org)",
        "",
        "Sources: seed.md",
        "General guidance.",
    ]


def test_tap_is_typing_a_number_on_a_terminal() -> None:
    """The platforms' "tap" becomes what a terminal user does."""
    assert for_typing("Tap one, or type several.") == "Type a number, or type several."
    assert for_typing('tap "Not taken yet" for now') == 'type "Not taken yet" for now'
    assert for_typing("Tapped") == "Tapped"


@given(st.text(max_size=300))
def test_any_message_prints_without_error(text: str) -> None:
    """Whatever a reply holds, it prints (nothing a user types can break the output)."""
    assert isinstance(_shown(text), str)


@given(st.text(max_size=60), st.sampled_from(["match-2027.ics", "match-2027-timeline.png"]))
def test_saved_file_names_are_the_users_and_stay_in_the_folder(user: str, name: str) -> None:
    """Any user name gives a plain file name ending in the file's own: no folders, no dots
    that climb out."""
    saved = file_name(user, name)
    assert saved.endswith("-" + name)
    assert "/" not in saved and "\\" not in saved and not saved.startswith(".")


async def test_lines_are_read_from_a_real_pipe_as_they_come() -> None:
    """A pipe's lines arrive one by one, a character split across writes stays whole, and
    the last line without a newline still counts."""
    read, write = os.pipe()
    os.write(write, b"saturday 9am: book NBME 12\nSal")
    os.write(write, "am Kh\xe2".encode("latin-1") + b"\x82\xac")  # "€" split across writes
    os.write(write, b"n")
    os.close(write)
    with os.fdopen(read) as stdin:
        lines = [line async for line in read_lines(stdin)]
    assert lines == ["saturday 9am: book NBME 12", "Salam Kh€n"]
