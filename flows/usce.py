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
        # "6 months: 4 hands-on IM, 2 psych obs" and "6 months (4 hands-on …)" give the
        # whole first, like "6 months, 4 hands-on …".
        for seg in re.split(r",|;|:|\(|\)|\s-\s|\band\b|\+|\bplus\b|&", t)
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
    # Months per field and kind, kept only when every part says both ("3 hands-on IM, 2
    # psych obs"); ask_usce_split asks otherwise.
    split: dict[str, float] | None = dict.fromkeys(_SPLIT_FIELDS, 0.0)
    for segment in segments:
        months = _months(segment)
        named = fields_in(segment)
        fields += [f for f in named if f not in fields]
        if months is None:
            continue
        area = _area(named)
        if has_any(segment, r"hands", r"extern", r"elective", r"sub-?i", r"clerk", r"rotation"):
            hands_on += months
            if split is not None and area is not None:
                split[f"usce_{area}_hands_on_months"] += months
            elif area is None:
                split = None
        elif has_any(segment, r"observ", r"\bobs\b", r"shadow"):
            observed += months
            if split is not None and area is not None:
                split[f"usce_{area}_observer_months"] += months
            elif area is None:
                split = None
        elif named:
            unclassified += months
            split = None
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
    if split is not None and parts and parts == total and not unclassified:
        values.update(split)
        if Specialty.CL_PSYCHIATRY in fields:
            values["usce_cl"] = True
    return Parsed(values)


_SPLIT_FIELDS = (
    "usce_im_hands_on_months",
    "usce_im_observer_months",
    "usce_psych_hands_on_months",
    "usce_psych_observer_months",
)


def _area(named: list[Specialty]) -> str | None:
    """The one field a part of the answer is about: "im", "psych" (CL included), or None."""
    kinds = {
        "im" if f is Specialty.IM else "psych" if f is not Specialty.OTHER else "other"
        for f in named
    }
    return next(iter(kinds)) if len(kinds) == 1 and "other" not in kinds else None


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


_HANDS_ON = r"hands|extern|elective|sub-?i|clerk|rotation|\bho\b"
_OBSERVED = r"observ|\bobs\b|shadow"
_NO_CL = r"(no|not|without|never|n'?t)\s+(\w+\s+)?(c[/-]?l\b|consult)"


def parse_usce_split(text: str, _today: date) -> Parsed:
    """Parse months per field and kind: "IM 3 hands-on, psych 2 observership, CL"."""
    t = _times_each(clean(text))
    split = {("im", True): 0.0, ("im", False): 0.0, ("psych", True): 0.0, ("psych", False): 0.0}
    cl: bool | None = False if has_any(t, _NO_CL) else None
    field: str | None = None
    found = False
    for segment in re.split(r",|;|\band\b|\+|\bplus\b|&|/(?!l)", t):
        # One kind for the whole segment ("psych 2 observership") unless its parts name
        # their own ("im 2 hands on 1 observership").
        kinds = [
            k for k, words in ((True, _HANDS_ON), (False, _OBSERVED)) if has_any(segment, words)
        ]
        # "im 2 psych 1": numbers end each part; "2 im 1 psych": numbers start it.
        ends = re.fullmatch(r"\W*[a-z].*\d\W*", segment) is not None
        for piece in re.split(r"(?<=\d)\s+" if ends else r"\s+(?=\d)", segment):
            named = fields_in(piece)
            if Specialty.CL_PSYCHIATRY in named and not has_any(segment, _NO_CL):
                cl = True
            if Specialty.IM in named:
                field = "im"
            elif Specialty.PSYCHIATRY in named or Specialty.CL_PSYCHIATRY in named:
                field = "psych"
            elif Specialty.OTHER in named:
                field = "other"  # another field: not counted here
            if not numbers_in(piece) or field == "other":
                continue
            kind: bool | None = None
            if has_any(piece, _OBSERVED):
                kind = False
            elif has_any(piece, _HANDS_ON):
                kind = True
            if kind is None and len(kinds) == 1:
                kind = kinds[0]
            if field is None or kind is None:
                return fail(
                    "For each field, say the months and whether they were hands-on or "
                    'observership, e.g. "IM 3 hands-on, psych 2 observership".'
                )
            split[(field, kind)] += _months(piece) or 0.0
            found = True
    if not found:
        return fail(
            'Months per field, hands-on or observership? e.g. "IM 3 hands-on, psych 2 '
            'observership, CL", or `skip`.'
        )
    if sum(split.values()) > 120:
        return fail("That's more months than I expect; please give months per field, e.g. 3.")
    values: dict[str, Any] = {
        "usce_im_hands_on_months": split[("im", True)],
        "usce_im_observer_months": split[("im", False)],
        "usce_psych_hands_on_months": split[("psych", True)],
        "usce_psych_observer_months": split[("psych", False)],
    }
    if cl is not None:
        values["usce_cl"] = cl
    return Parsed(values)
