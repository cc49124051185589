"""What a member typed and the advisor echoes (a reminder's text) shows as typed on Discord:
no spoiler, strike-through, quote, heading or masked link, and no mention."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

import pytest

from bot.adapters.discord.render import escape_beyond_subset, render
from bot.adapters.discord.service import DiscordService
from bot.core.messages import Outgoing
from tests.bot.adapters.conftest_discord import (  # noqa: F401  (fixtures)
    StudyGroup,
    discord_advisor,
    discord_bot,
    discord_settings,
    logged_errors,
    study_group,
)

TYPED = "||spoiler|| ~~struck~~ @everyone @here [prize](https://evil.example) __u__"


async def test_an_echoed_reminder_text_cannot_ping_or_hide_anything(
    study_group: StudyGroup, discord_bot: DiscordService
) -> None:
    """`remind …: ||x|| @everyone …` is repeated back escaped: Discord shows it as typed."""
    fake = study_group.fake
    replies = await fake.send_dm(study_group.amira, f"remind tomorrow 9am: {TYPED}")
    shown = "\n".join(m.text for m in replies)
    assert "spoiler" in shown
    for raw in ("||spoiler||", "~~struck~~", "@everyone", "@here", "__u__"):
        assert raw not in shown, raw
    assert "\\|\\|spoiler\\|\\|" in shown and "@\u200beveryone" in shown
    assert "\\[prize](" in shown  # a bracket shown, not a masked link


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("> not a quote", "\\> not a quote"),
        ("# not a heading", "\\# not a heading"),
        ("-# not small", "\\-\\# not small"),
        ("a *lone* star", "a \\*lone\\* star"),
        ("@here and @everyone", "@\u200bhere and @\u200beveryone"),
    ],
)
def test_discord_only_markup_is_escaped(typed: str, shown: str) -> None:
    """Markup outside our subset, at the start of a line or anywhere, is shown literally."""
    assert escape_beyond_subset(typed) == shown


def test_our_own_subset_and_code_pass_through() -> None:
    """`**bold**`, `_italic_`, bullets and code spans are rendered as before."""
    text = "**Plan**\n- _first_ step\n- type `remind in 3 days: a|b ~~c~~`"
    assert render(Outgoing(text))[0].content == text
