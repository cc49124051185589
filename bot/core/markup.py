"""Text a person typed, shown inside our Markdown subset exactly as they typed it.

A reminder called `**urgent** _today_` must not turn bold on Telegram or Discord: every
place that echoes user text wraps it in `literal()`, which backslash-escapes the subset's
markers. Each renderer reads `\\*` as a plain `*` (Discord and the terminal's Markdown do
so natively).
"""

from __future__ import annotations

import re

MARKERS = "\\*_`[]"
_MARKER = re.compile(r"([\\*_`\[\]])")
ESCAPED = re.compile(r"\\([\\*_`\[\]])")


def literal(text: str) -> str:
    """Escape our Markdown markers in user text so it reads as typed."""
    return _MARKER.sub(r"\\\1", text)


def unescape(text: str) -> str:
    """The text with the escapes `literal` added taken out again (for plain output)."""
    return ESCAPED.sub(r"\1", text)
