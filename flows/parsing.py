"""Answer parsers: free text the way applicants write it → typed profile values.

Every parser is a pure function `(text, today) -> Parsed`: either values for one or more
profile fields, or a friendly message saying what is accepted. No parser raises.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MAX_INPUT = 4096  # Telegram's limit for one message: a long story is read whole

_WORD_NUMBERS = {
    "zero": 0,
    "none": 0,
    "no": 0,
    "one": 1,
    "once": 1,
    "first": 1,
    "1st": 1,
    "single": 1,
    "two": 2,
    "twice": 2,
    "second": 2,
    "2nd": 2,
    "three": 3,
    "thrice": 3,
    "third": 3,
    "3rd": 3,
    "four": 4,
    "fourth": 4,
    "4th": 4,
    "five": 5,
    "fifth": 5,
    "5th": 5,
    "six": 6,
    "sixth": 6,
    "6th": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


@dataclass(frozen=True, slots=True)
class Parsed:
    """The outcome of parsing one answer."""

    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the text was understood."""
        return self.error is None


Parser = Callable[[str, date], Parsed]  # every answer parser: (text, today) -> Parsed


def fail(message: str) -> Parsed:
    """Return a rejection with a message that says what is accepted."""
    return Parsed(error=message)


def clean(text: str) -> str:
    """Normalise text for parsing: cut, strip control characters, casefold."""
    text = unicodedata.normalize("NFKC", text[:MAX_INPUT])
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def numbers_in(text: str) -> list[float]:
    """Return the numbers written in text, digits or words ("two", "2nd", "3.5")."""
    found: list[float] = []
    for token in re.findall(r"\d+(?:[.,]\d+)?(?:e[+-]?\d+)?(?:st|nd|rd|th)?|[a-z]+", text):
        digits = re.match(r"(\d+(?:[.,]\d+)?(?:e[+-]?\d+)?)", token)
        if digits:
            value = float(digits.group(1).replace(",", "."))
            # "1e309" or 400 nines is infinity: no count or score, and int() of it raises.
            if math.isfinite(value):
                found.append(value)
        elif token in _WORD_NUMBERS and token not in {"no", "first", "single"}:
            found.append(float(_WORD_NUMBERS[token]))
    return found


def parse_int_in_range(text: str, low: int, high: int, what: str, example: str) -> Parsed:
    """Parse one whole number between low and high."""
    cleaned = clean(text)
    candidates = [n for n in numbers_in(cleaned) if n == int(n)]
    inside = [int(n) for n in candidates if low <= n <= high]
    if inside:
        return Parsed({"value": inside[0]})
    if candidates:
        return fail(
            f"{int(candidates[0])} is outside what I expect for {what} "
            f"({low}–{high}). Please type it again, e.g. {example}."
        )
    return fail(f"I couldn't find {what} in that. Please type a number, e.g. {example}.")


def parse_year(text: str, low: int, high: int, what: str) -> Parsed:
    """Parse a four-digit year (or '19 style) between low and high."""
    cleaned = clean(text)
    years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d|21\d\d)\b", cleaned)]
    short = re.findall(r"(?:'|’|class of |in )(\d\d)\b", cleaned)
    years += [2000 + int(y) for y in short]
    if not years:
        return fail(f"Please type {what} as a four-digit year, e.g. {min(high, max(low, 2019))}.")
    year = years[0]
    if not low <= year <= high:
        return fail(
            f"{year} doesn't look right for {what}; I accept {low}–{high}. Please type it again."
        )
    return Parsed({"value": year})


def parse_month(text: str, today: date, what: str) -> Parsed:
    """Parse a month and year like "March 2027", "03/2027", "2027-03" or "next month"."""
    cleaned = clean(text)
    month: int | None = None
    year: int | None = None
    if "next month" in cleaned:
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return Parsed({"value": f"{year:04d}-{month:02d}"})
    iso = re.search(r"\b(20\d\d)[-/.](\d{1,2})\b", cleaned)
    numeric = re.search(r"\b(\d{1,2})[-/.](20\d\d|\d\d)\b", cleaned)
    if iso:
        year, month = int(iso.group(1)), int(iso.group(2))
    elif numeric:
        month, year = int(numeric.group(1)), int(numeric.group(2))
        year += 2000 if year < 100 else 0
    else:
        for word in re.findall(r"[a-z]+", cleaned):
            if word[:3] in _MONTHS and (len(word) <= 3 or _looks_like_month(word)):
                month = _MONTHS[word[:3]]
                break
        found = re.search(r"\b(20\d\d)\b", cleaned)
        if month is not None:
            if found:
                year = int(found.group(1))
            else:  # "in June" means the next June
                year = today.year if month >= today.month else today.year + 1
    if month is None or year is None or not 1 <= month <= 12:
        return fail(f'Please tell me {what} as a month and year, e.g. "March 2027" or 03/2027.')
    if not today.year - 1 <= year <= today.year + 6:
        return fail(
            f"{year} is too far from today for {what}. Please type a month and year "
            f"between {today.year - 1} and {today.year + 6}."
        )
    return Parsed({"value": f"{year:04d}-{month:02d}"})


# English month names, January first: how answers and dates are written back.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def month_words(value: str) -> str | None:
    """Write a stored "2027-03" as "March 2027"; None if it is not such a value."""
    found = _YEAR_MONTH.fullmatch(value)
    if found is None:
        return None
    return f"{MONTH_NAMES[int(found.group(2)) - 1]} {found.group(1)}"


def _looks_like_month(word: str) -> bool:
    names = (*(name.casefold() for name in MONTH_NAMES), "sept")
    # "sept", "janu" or a doubled last letter ("marchh"); "maybe" is not May.
    return any(
        name.startswith(word)
        or (word.startswith(name) and len(word) <= len(name) + 1 and word[-1] == name[-1])
        for name in names
    )


def has_any(text: str, *patterns: str) -> bool:
    """Whether any regular expression matches the cleaned text."""
    return any(re.search(p, text) for p in patterns)


# Words that open a question rather than an answer ("how do I explain my fail?").
_ASKING = frozenset(
    {
        "how",
        "what",
        "when",
        "why",
        "which",
        "where",
        "who",
        "should",
        "can",
        "could",
        "would",
        "is",
        "are",
        "do",
        "does",
    }
)


def looks_like_question(text: str) -> bool:
    """Whether a message mid-interview reads as a question of the applicant's own.

    Three words or more, and a question mark or a question word first. Short replies such
    as "J1?" or "not sure?" stay answers.
    """
    words = clean(text).split()
    if len(words) < 3:
        return False
    return words[-1].endswith("?") or words[0].strip("¿,.:;") in _ASKING


_ABOUT_US = re.compile(
    r"(?:(?:what|who) (?:is|are) (?:this|you|it|img advisor)(?: bot)?"
    r"|what (?:can|do) you do|how (?:does|do) (?:this|it|you) work"
    r"|what should i (?:do|type|say)|i don'?t understand|help me)[\s?.!]*"
)


def asks_what_the_advisor_is(text: str) -> bool:
    """Whether the message asks what the advisor is or does ("what is this?", "who are you")."""
    return _ABOUT_US.fullmatch(clean(text)) is not None


_THANKS = re.compile(
    r"(?:(?:ok(?:ay)?|great|cool|perfect|got it|alright|nice|wow|that helps|very helpful)"
    r"[\s,.!]*)?"
    r"(?:thanks?(?: (?:a lot|so much|very much|again|a ton))?|thank you(?: (?:so|very) much)?"
    r"|thx|thnx|thanx|tysm|many thanks|appreciate(?:d| it)|shukran|merci|gracias"
    r"|jazak ?allah(?: ?khair(?:an)?)?)"
    r"(?:[\s,.!]*(?:doc|doctor|bot|advisor|img advisor))?[\s.!🙏😊👍❤️]*"
)


def says_thanks(text: str) -> bool:
    """Whether the message only thanks the advisor ("thanks!", "ok thank you so much")."""
    return _THANKS.fullmatch(clean(text)) is not None
