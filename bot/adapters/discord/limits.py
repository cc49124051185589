"""Per-member rate limits for Discord commands, presses and DMs, at a constant cost per check.

discord.py's `app_commands.checks.cooldown` sweeps every member's bucket on each command,
so its cost grows with the server. Here a bucket is looked up by member id, and stale
buckets are dropped only when the table has doubled since the last sweep.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from discord import app_commands

SWEEP_AT = 10_000  # buckets kept before the first sweep of members whose window has passed


class MemberLimits:
    """At most `rate` actions per `per` seconds for each member."""

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._buckets: dict[int, app_commands.Cooldown] = {}
        self._sweep_at = SWEEP_AT
        self.sweeps = 0  # how often the table has been swept

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, member_id: int) -> float | None:
        """Count one action; return the seconds to wait when the member is over the limit."""
        now = self._clock()
        if len(self._buckets) >= self._sweep_at:
            self._buckets = {
                key: bucket
                for key, bucket in self._buckets.items()
                if bucket.get_tokens(now) < bucket.rate
            }
            # Doubling keeps sweeps rare even when every remembered member is active.
            self._sweep_at = max(SWEEP_AT, 2 * len(self._buckets))
            self.sweeps += 1
        bucket = self._buckets.get(member_id)
        if bucket is None:
            bucket = self._buckets[member_id] = app_commands.Cooldown(self.rate, self.per)
        return bucket.update_rate_limit(now)

    def cooldown(self, member_id: int) -> app_commands.Cooldown:
        """The member's bucket (for discord.py's CommandOnCooldown)."""
        return self._buckets.get(member_id) or app_commands.Cooldown(self.rate, self.per)
