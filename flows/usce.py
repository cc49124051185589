"""Parsers for US clinical experience: its months, how many were hands-on, and its fields
("6 mo, 3 hands-on IM", "all", "IM and psych")."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flows.parsing import Parsed, clean, fail, has_any, numbers_in
from flows.profile import Specialty
from flows.specialty_words import NEGATIVE, fields_in


def _months(segment: str) -> float | None:
    pattern = r"(\d+(?:[.,]\d+)?|[a-z]+)\s*(months?|mos?\b|weeks?|wks?\b|years?|yrs?\b)"
    for m in re.finditer(pattern, segment):
        nums = numbers_in(m.group(1))
        if not nums:
            continue
        unit = m.group(2)
        if unit.startswith("w"):
            return round(nums[0] / 4, 1)  # rotations run in 4-week blocks
        if unit.startswith("y"):
            return nums[0] * 12
        return nums[0]
    nums = numbers_in(segment)
    return nums[0] if nums else None


_UNIT = r"\b(months?|mos?|weeks?|wks?|years?|yrs?)\b"
_CLINICAL = r"observ|\bobs\b|extern|elective|clinical|rotation|clerk|hands|sub-?i|shadow"
_EACH = re.compile(
    r"\b(\w+)\s+((?:observ|extern|elective|rotation|clerk)\w*)\s*[,(]?\s*"
    r"(?:of\s+)?(\d+(?:\.\d+)?|\w+)\s*(months?|mo|weeks?|wks?)\s+each\)?"
)


def _times_each(t: str) -> str:
    """Write "3 observerships of 1 month each" as "3 months observerships"."""

    def total(m: re.Match[str]) -> str:
        count, length = numbers_in(m.group(1)), numbers_in(m.group(3))
        if not count or not length:
            return m.group(0)
        return f"{count[0] * length[0]:g} {m.group(4)} {m.group(2)}"

    return _EACH.sub(total, t)


def parse_usce(text: str, _today: date) -> Parsed:
    """Parse US clinical experience: "none", "6 mo, 3 hands-on IM", "2 months psych obs"."""
    t = clean(text)
    # "none" is none; "no USCE, only observership 2 months" still has its months.
    if (re.fullmatch(rf"{NEGATIVE}.*", t) and not any(n > 0 for n in numbers_in(t))) or t in {
        "0",
        "0 months",
    }:
        return Parsed({"usce_months": 0, "usce_hands_on_months": 0, "usce_fields": []})
    if has_any(t, r"letter|\blors?\b|recommendation") and not has_any(t, _UNIT):
        return fail(
            "That sounds like your letters - they come next. First: how many months "
            'of US clinical experience? e.g. "none", "3", "6 mo, 3 hands-on IM".'
        )
    t = re.sub(r"\bhalf a year\b", "6 months", _times_each(t))
    # Research is no clinical experience: "research assistant 1 year" adds no months.
    segments = [
        seg
        for seg in re.split(r",|;|\band\b|\+|\bplus\b|&", t)
        if not (has_any(seg, r"research") and not has_any(seg, _CLINICAL))
    ]
    if not any(numbers_in(seg) for seg in segments) and has_any(t, r"research"):
        return fail(
            "Research isn't clinical experience. How many months of US clinical work "
            '(observership, externship, elective) do you have? "none" is fine.'
        )
    totals: list[float] = []  # "6 mo": the whole
    hands_on = observed = unclassified = 0.0  # parts: "3 hands-on IM", "2 psych obs"
    fields: list[Specialty] = []
    for segment in segments:
        months = _months(segment)
        named = fields_in(segment)
        fields += [f for f in named if f not in fields]
        if months is None:
            continue
        if has_any(segment, r"hands", r"extern", r"elective", r"sub-?i", r"clerk", r"rotation"):
            hands_on += months
        elif has_any(segment, r"observ", r"\bobs\b", r"shadow"):
            observed += months
        elif named:
            unclassified += months
        else:
            totals.append(months)
    parts = hands_on + observed + unclassified
    if not totals and not parts:
        return fail(
            'How many months of US clinical experience? e.g. "none", "3", or "6 mo, 3 hands-on IM".'
        )
    total = max(totals[0] if totals else 0.0, parts)
    if total > 120:
        return fail(
            f"{total:g} months is more than I expect; please give the total in months, e.g. 6."
        )
    values: dict[str, Any] = {"usce_months": total}
    if (hands_on or observed) and not unclassified:
        # Every month is accounted for, or the whole minus what was observership.
        values["usce_hands_on_months"] = (
            hands_on if not totals or hands_on else max(0.0, total - observed)
        )
    if fields:
        values["usce_fields"] = fields
    return Parsed(values)


def parse_hands_on(text: str, _today: date) -> Parsed:
    """Parse how many USCE months were hands-on ("all", "none", "3")."""
    t = clean(text)
    if has_any(t, r"\ball\b", r"every", r"fully", r"only hands"):
        return Parsed({"usce_hands_on_months": "all"})
    if has_any(
        t, r"^none", r"\bno\b", r"only observ", r"just observ", r"^0$", r"zero", r"observership"
    ):
        return Parsed({"usce_hands_on_months": 0})
    months = _months(t)
    if months is not None:
        return Parsed({"usce_hands_on_months": months})
    return fail('How many months were hands-on (externship, elective)? e.g. "all", "none" or "3".')


def parse_fields(text: str, _today: date) -> Parsed:
    """Parse the fields of US experience: "IM and psych", "CL", "family medicine"."""
    fields = fields_in(clean(text))
    if not fields:
        return fail('Which fields was it in? e.g. "IM", "psychiatry", "IM and CL psych".')
    return Parsed({"usce_fields": fields})
