"""Telegram's flood control for the fake Bot API: too fast overall or to one chat gets 429.

Telegram does not publish its exact algorithm; this one is a token bucket overall
(`per_second`, refilled continuously, a small `burst` of slack for network jitter) and a
minimum gap per chat. A refused send is counted and answered 429 with a retry_after.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class FloodControl:
    """Refuses sends beyond `per_second` overall or closer than `chat_interval` in one chat."""

    per_second: float
    chat_interval: float = 1.0
    # Sends the bucket holds beyond the steady rate: a fifth of a second's worth absorbs the
    # arrival jitter of a loaded machine; a sender that really goes too fast still empties it.
    burst: float = 0.0
    jitter: float = 0.05  # seconds a chat's gap may fall short before it counts as too soon
    clock: Callable[[], float] = time.monotonic
    refused: int = 0
    _tokens: float = field(init=False)
    _filled_at: float = field(init=False)
    _chat_last: dict[int, float] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.burst = self.burst or max(2.0, self.per_second / 5)
        self._tokens = self.burst
        self._filled_at = self.clock()

    def check(self, chat_id: int | None) -> int | None:
        """Count one send; return the retry_after to answer with if it is over a limit."""
        now = self.clock()
        self._tokens = min(self.burst, self._tokens + (now - self._filled_at) * self.per_second)
        self._filled_at = now
        if self._tokens < 1:
            self.refused += 1
            return max(1, math.ceil((1 - self._tokens) / self.per_second))
        last = self._chat_last.get(chat_id) if chat_id is not None else None
        if last is not None and now - last < self.chat_interval - self.jitter:
            self.refused += 1
            return max(1, math.ceil(self.chat_interval - (now - last)))
        self._tokens -= 1
        if chat_id is not None:
            self._chat_last[chat_id] = now
        return None
