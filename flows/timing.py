"""Answers about when: the graduation year, the Match aimed for, the month of a planned exam.

Two digits are a year here ("class of '19", "match 27"), and "next year" or "3 years ago"
count from today; an optional planned date may be "not yet".
"""

from __future__ import annotations

import re
from datetime import date

from flows.parsing import Parsed, Parser, clean, fail, numbers_in, parse_month, parse_year


def parse_graduation(text: str, today: date) -> Parsed:
    """Read the year of graduating from medical school ("2019", "class of '19", "2 years ago")."""
    said = clean(text)
    ago = re.search(r"\b(\w+)\s+(?:years?|yrs?)\s+ago\b", said)
    if ago and (count := numbers_in(ago.group(1))) and 0 < count[0] < 60:
        return Parsed({"graduation_year": today.year - int(count[0])})
    if re.search(r"\blast year\b", said):
        return Parsed({"graduation_year": today.year - 1})
    if re.search(r"\bnext year\b", said):
        return Parsed({"graduation_year": today.year + 1})
    if re.search(r"\bthis year\b", said):
        return Parsed({"graduation_year": today.year})
    # "19", "class of '19", "yog 19": in answer to this question, two digits are the year.
    short = re.fullmatch(r"(?:(?:class of|yog|graduated|grad)\s+(?:in\s+)?)?'?(\d\d)", said)
    if short:
        year = 2000 + int(short.group(1))
        if year > today.year + 6:
            year -= 100  # "98" is 1998
        if year >= 1960:
            return Parsed({"graduation_year": year})
    parsed = parse_year(text, 1960, today.year + 6, "your graduation year")
    return Parsed({"graduation_year": parsed.values["value"]}) if parsed.ok else parsed


def parse_match_year(text: str, today: date) -> Parsed:
    """Read the Match aimed for ("2028", "27", "next year"); a passed Match is asked again."""
    # The Match is in March: after March the earliest Match left is next year's.
    earliest = today.year if today.month <= 3 else today.year + 1
    said = clean(text)
    if re.search(r"\bnext year\b", said):
        return Parsed({"match_year": today.year + 1})
    if re.search(r"\bthis year\b", said):
        if today.year == earliest:
            return Parsed({"match_year": today.year})
        return fail(
            f"This year's Match was in March. Which Match are you aiming for now, e.g. {earliest}?"
        )
    # "27", "match 27": in answer to this question, a two-digit number is the year.
    short = re.fullmatch(r"(?:the\s+)?(?:match\s+(?:of\s+)?)?(\d\d)(?:\s+match)?", said)
    if short and earliest <= 2000 + int(short.group(1)) <= earliest + 6:
        return Parsed({"match_year": 2000 + int(short.group(1))})
    parsed = parse_year(text, earliest, earliest + 6, "the Match year you're aiming for")
    return Parsed({"match_year": parsed.values["value"]}) if parsed.ok else parsed


# "Not yet" to "when will you take it?": no date yet, which the optional question allows.
_NO_DATE = re.compile(
    r"(not (yet|sure|decided|scheduled|booked)|don'?t know|no (date|idea)"
    r"|tbd|undecided|unsure|idk)\b[\s.!]*"
)


def month_or_not_yet(field: str, what: str) -> Parser:
    """A parser of a planned month for `field`, where "not yet" is an answer (no date)."""

    def parse(text: str, today: date) -> Parsed:
        if _NO_DATE.fullmatch(clean(text)):
            return Parsed({field: None})
        parsed = parse_month(text, today, what)
        return Parsed({field: parsed.values["value"]}) if parsed.ok else parsed

    return parse
