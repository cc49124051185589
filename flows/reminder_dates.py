"""Find the date in a reminder's words: `dateparser` reads it, with the settings and the
trims that keep neighbouring words ("NBME 12 in 3 days") in the reminder text."""

from __future__ import annotations

import re
from datetime import datetime

from dateparser.date import DateDataParser
from dateparser.search import search_dates

TIME = re.compile(
    r"(?:\bat\s+|@\s*)?\b(?P<t>\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)(?![a-z])|\d{1,2}:\d{2}"
    r"|noon|midnight)|\bat\s+(?P<h>\d{1,2})\b",
    re.IGNORECASE,
)
_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_SWALLOWED = re.compile(r"^(?:\d+|on|at|by|in|for|from|about)$", re.I)
_DATE_START = re.compile(r"^(?:tomorrow|today|tonight|next|this|in|on|at|by)$", re.I)
_CONNECTOR = re.compile(r"\b(?:on|at|by|in|for|from)\s*$", re.I)
# A bare hour in a date phrase ("friday at 7") is a time; dateparser alone reads it as July.
_BARE_HOUR = re.compile(
    r"\b(at\s+)([01]?\d|2[0-3])\b(?!\s*(?::\d|[ap]\.?m\b|h\b|[%/.]\d?))", re.IGNORECASE
)


def find_when(body: str, base: datetime) -> tuple[datetime, str, str] | None:
    """The date in `body`, its period ("time", "day", …) and the words around it, or None."""
    halves = _COLON.split(body, maxsplit=1)
    if len(halves) == 2:
        for when, what in ((halves[0], halves[1]), (halves[1], halves[0])):
            parsed = parse_date(when, base)
            if parsed is not None:
                return (*parsed, what)
    hits = search_dates(body, languages=["en"], settings=_settings(base)) or []
    if not hits:
        clock = TIME.search(body)  # "at 9" alone is too bare for search_dates
        if clock is None or (parsed := parse_date(clock["t"] or f"{clock['h']}:00", base)) is None:
            return None
        return (*parsed, body[: clock.start()] + " " + body[clock.end() :])
    phrase, _ = max(hits, key=lambda hit: len(hit[0]))
    parsed = parse_date(phrase, base)
    if parsed is None:
        return None
    words = phrase.split()
    # search_dates swallows neighbouring words ("NBME 12 in 3 days"): drop each leading
    # number or connector that does not change the date, so it stays in the reminder text.
    while len(words) > 1 and _SWALLOWED.match(words[0]):
        shorter = parse_date(" ".join(words[1:]), base)
        # "12 tomorrow": a number before a word that starts a date of its own is not in it
        starts_own = words[0].isdigit() and _DATE_START.match(words[1]) is not None
        if shorter is None or (shorter[0] != parsed[0] and not starts_own):
            break
        words, parsed = words[1:], shorter
    phrase = " ".join(words)
    cut = body.find(phrase)
    if cut < 0:
        return (*parsed, body)
    before = _CONNECTOR.sub("", body[:cut])  # "on" of "on friday" goes with the date
    return (*parsed, before + " " + body[cut + len(phrase) :])


def parse_date(text: str, base: datetime) -> tuple[datetime, str] | None:
    """Read `text` as a date relative to `base`, with its period ("time" when a clock is named)."""
    text = _BARE_HOUR.sub(r"\1\2:00", text.strip())
    if not text or not any(ch.isalnum() for ch in text):
        return None
    parser = DateDataParser(languages=["en"], settings=_settings(base))
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    if TIME.search(text):  # "tomorrow at 10:00" said at 10:00 still names a time
        return data.date_obj, "time"
    return data.date_obj, data.period or "day"


def _settings(base: datetime) -> dict[str, object]:
    return {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": True,
    }
