"""The platforms `img-advisor run` can start, each declared by its own adapter package.

Adding a platform: write `bot/adapters/<name>/` with a `Platform` in its `__init__.py`, add
its settings to `bot/settings.py`, and list it here. The console is not listed: it is the
front end of `img-advisor chat`, which wires it itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.adapters.discord import DISCORD
from bot.adapters.platform import Platform
from bot.adapters.telegram import TELEGRAM
from bot.reminders.ratelimit import RateLimit
from bot.settings import Settings

PLATFORMS: tuple[Platform, ...] = (TELEGRAM, DISCORD)


def enabled(settings: Settings, platforms: Iterable[Platform] = PLATFORMS) -> list[Platform]:
    """Return the platforms these settings switch on, in registry order."""
    return [platform for platform in platforms if platform.enabled(settings)]


def rate_limits(platforms: Iterable[Platform] = PLATFORMS) -> Mapping[str, RateLimit]:
    """Return each platform's send rate, for the scheduler's pacing."""
    return {p.name: p.rate_limit for p in platforms if p.rate_limit is not None}
