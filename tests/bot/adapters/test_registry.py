"""The platform registry: what each adapter declares, and a new platform with no core change."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import update

from bot.adapters.discord import DISCORD
from bot.adapters.registry import PLATFORMS, enabled, rate_limits
from bot.adapters.telegram import TELEGRAM
from bot.runner import serve
from bot.settings import Settings
from bot.storage.reminder_models import Reminder
from tests.fakes.pipe_platform import NAME, PipeWorld


def bare_settings(
    database_url: str, *, telegram: str | None = None, discord: str | None = None
) -> Settings:
    """Settings with only the tokens given (nothing read from the environment)."""
    return Settings(
        _env_file=None,
        advisor_database_url=database_url,
        telegram_bot_token=telegram,
        discord_bot_token=discord,
    )


def test_each_platform_declares_its_token_limits_and_cohort_chat_id() -> None:
    """The facts runner.py and ratelimit.py used to spell out per platform."""
    assert [p.name for p in PLATFORMS] == ["telegram", "discord"]
    assert [p.token_variable for p in PLATFORMS] == ["TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN"]
    limits = rate_limits()
    assert (limits["telegram"].per_second, limits["telegram"].chat_interval) == (30, 1.0)
    assert (limits["discord"].per_second, limits["discord"].chat_interval) == (40, 1.0)
    assert TELEGRAM.cohort_chat_id("-1001") == "-1001"
    assert DISCORD.cohort_chat_id("70") == "channel:70"


def test_telegram_s_overall_limit_is_configured_by_its_setting(sqlite_url: str) -> None:
    """TELEGRAM_MESSAGES_PER_SECOND sets the scheduler's pacing; per chat and group stay."""
    settings = Settings(
        _env_file=None, advisor_database_url=sqlite_url, telegram_messages_per_second=300
    )
    limit = TELEGRAM.configured(settings).rate_limit
    assert limit is not None and TELEGRAM.rate_limit is not None
    assert limit.per_second == 300
    assert limit.interval(group=False) == TELEGRAM.rate_limit.interval(group=False) == 1.0
    assert limit.interval(group=True) == TELEGRAM.rate_limit.interval(group=True) == 3.0
    assert TELEGRAM.rate_limit.per_second == 30  # the default
    assert DISCORD.configured(settings) is DISCORD  # nothing of its own to configure


def test_a_platform_is_enabled_by_its_token(sqlite_url: str) -> None:
    """Only the platforms whose token is set are started, in registry order."""
    assert enabled(bare_settings(sqlite_url)) == []
    assert enabled(bare_settings(sqlite_url, discord="x")) == [DISCORD]
    both = bare_settings(sqlite_url, discord="x", telegram="1:a")
    assert enabled(both) == [TELEGRAM, DISCORD]


async def test_run_serves_a_new_platform_given_only_its_descriptor(sqlite_url: str) -> None:
    """A console-like "pipe" platform, unknown to bot/core, converses and gets its reminders."""
    world = PipeWorld()
    stop = asyncio.Event()
    running = asyncio.create_task(
        serve(bare_settings(sqlite_url), stop, platforms=(*PLATFORMS, world.platform()))
    )
    try:
        await asyncio.wait_for(world.started.wait(), 30)
        (pipe,), (app,) = world.services, world.apps
        assert "Question 1 of" in await pipe.say("ada", "start")
        assert "What I can do" in await pipe.say("ada", "help")
        await pipe.say("ada", "remind me in 2 hours to call the program")
        await pipe.press("ada", "Set it")
        async with app.engine.begin() as conn:  # fall due now
            await conn.execute(update(Reminder).values(due_at=datetime.now(UTC)))
        app.wake.poke()
        await asyncio.wait_for(pipe.sender.arrived.wait(), 30)
        (reminder, *_) = pipe.sender.delivered["ada"]
        assert "call the program" in reminder.text and "Done" in [c.label for c in reminder.choices]
        assert app.platforms[-1].name == NAME
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)
    assert not pipe.running  # stopped by the runner
