"""Parsers for the interview's other answers: the visa, US experience, letters, research and
interests ("J1", "6 mo, 3 hands-on IM", "2 IM, 1 psych"); the Steps are in flows/exams.py."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flows.parsing import Parsed, clean, fail, has_any, numbers_in
from flows.profile import Interest, Scholarship, Specialty

_NEGATIVE = r"\b(no|none|nope|nothing|zero|not yet|n/a|na|nil)\b"


_FIELD_WORDS: tuple[tuple[Specialty, str], ...] = (
    (Specialty.CL_PSYCHIATRY, r"\bc[/-]?l\b|consult|liaison|med[\s-]?psych|psychosomatic"),
    (
        Specialty.IM,
        r"\bim\b|internal|(?<!family )(?<!emergency )(?<!nuclear )medicine|\bmed\b"
        r"|hospitalist|cardio|nephro|\bgim\b",
    ),
    (Specialty.PSYCHIATRY, r"psych|mental"),
    (
        Specialty.OTHER,
        r"family|\bfm\b|surg|peds|pediatric|neuro|\bem\b|emergency|\bob\b|ob.?gyn|other",
    ),
)


def _fields_in(t: str) -> list[Specialty]:
    found = []
    for specialty, pattern in _FIELD_WORDS:
        if re.search(pattern, t):
            if (
                specialty is Specialty.IM
                and re.search(r"med[\s-]?psych", t)
                and not re.search(r"\bim\b|internal", t)
            ):
                continue
            if (
                specialty is Specialty.PSYCHIATRY
                and re.search(_FIELD_WORDS[0][1], t)
                and not re.search(r"\bpsych(iatry)?\b(?![\s-]?(consult|liaison))", t)
            ):
                continue
            found.append(specialty)
    return found


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
    if (re.fullmatch(rf"{_NEGATIVE}.*", t) and not any(n > 0 for n in numbers_in(t))) or t in {
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
        named = _fields_in(segment)
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
    fields = _fields_in(clean(text))
    if not fields:
        return fail('Which fields was it in? e.g. "IM", "psychiatry", "IM and CL psych".')
    return Parsed({"usce_fields": fields})


_LETTER_FIELDS = (
    ("letters_medpsych", _FIELD_WORDS[0][1]),
    ("letters_im", _FIELD_WORDS[1][1]),
    ("letters_psych", r"psych|mental"),
    ("letters_other", _FIELD_WORDS[3][1]),
)


def _all_zero(t: str) -> bool:
    """Whether every number said is 0 ("0", "0 US letters"): none, in a count answer."""
    nums = numbers_in(t)
    return bool(nums) and not any(nums)


# Letters written outside the US: "from my home country", "non-US", "not from the US".
_NOT_US = (
    r"\bhome\b|my country|\bnon[\s-]?(us|usa|american)\b|\bnot (from |in )?(the )?(us|usa)\b"
    r"|outside (of )?(the )?(us|usa)\b|abroad|\blocal\b|foreign"
)


def _counted_parts(t: str) -> list[str]:
    """Split "2 IM, 1 psych" / "3 LoRs (2 IM and 1 psych)" / "2 im 1 psych" into counts."""
    parts: list[str] = []
    for segment in re.split(r"[,;()&+]|\band\b|\bplus\b", t):
        segment = segment.strip()
        if len(numbers_in(segment)) > 1 and re.fullmatch(r"[a-z].*\d", segment):
            parts.extend(re.split(r"(?<=\d)\s+", segment))  # "im 2 psych 1": numbers end
        elif len(numbers_in(segment)) > 1:  # "2 im 1 psych": each number starts a count
            parts.extend(re.split(r"\s+(?=\d|(?:one|two|three|four|five|six)\b)", segment))
        else:
            parts.append(segment)
    return parts


def parse_letters(text: str, _today: date) -> Parsed:
    """Parse US letters by specialty: "none", "2 IM, 1 psych", "one from CL psychiatry"."""
    t = clean(text)
    values: dict[str, Any] = dict.fromkeys(name for name, _ in _LETTER_FIELDS)
    if (re.fullmatch(rf"{_NEGATIVE}.*", t) and not re.search(r"\d", t)) or _all_zero(t):
        return Parsed(dict.fromkeys(values, 0))
    counted = abroad = False
    parts = _counted_parts(t)
    for index, part in enumerate(parts):
        nums = numbers_in(part)
        if not nums or (index == 0 and len(parts) > 1 and re.fullmatch(r"\W*\d+\W*", part)):
            continue  # a total before its breakdown: "3 (2 IM, 1 FM)", "3: 2 IM, 1 psych"
        if re.search(_NOT_US, part):  # the question counts US letters only
            abroad = True
            continue
        name = next((name for name, pattern in _LETTER_FIELDS if re.search(pattern, part)), None)
        if name is not None:
            values[name] = (values[name] or 0) + int(nums[0])
            counted = True
        elif not re.search(r"letter|\blors?\b|total|\bus\b", part):
            return fail('Which specialty is each letter from? e.g. "2 IM, 1 psych", or "none".')
        # else a total before its breakdown ("3 US LoRs (2 IM, 1 psych)"): the parts count
    if not counted and abroad:  # "3, but from my home country": no US letter yet
        return Parsed(dict.fromkeys(values, 0))
    if not counted:
        return fail(
            'How many US letters do you have, by specialty? e.g. "2 IM, 1 psych, 1 CL", or "none".'
        )
    if sum(v or 0 for v in values.values()) > 20:
        return fail("That's more letters than I expect; please give counts per specialty.")
    return Parsed({k: v or 0 for k, v in values.items()})


_SCHOLARSHIP_WORDS = (
    (
        Scholarship.RESEARCH,
        r"research|study|studies|(?<!qi )(?<!improvement )project|trial"
        r"|review|thesis|dissertation|survey|cohort|analysis",
    ),
    (Scholarship.QI, r"\bqi\b|quality|audit|improvement"),
    (Scholarship.PUBLICATION, r"publi|paper|article|poster|abstract|journal|case report"),
)


def _keywords(table: tuple[tuple[Any, str], ...], t: str) -> list[Any]:
    """Return the kinds whose pattern appears in cleaned text, in the table's order."""
    return [kind for kind, pattern in table if re.search(pattern, t)]


def _without_negated(t: str) -> str:
    """The text without what follows "no" ("no research, a poster" → ", a poster")."""
    return re.sub(rf"{_NEGATIVE}\s+(\w+\s+)?\w+", " ", t)


def parse_scholarship(text: str, _today: date) -> Parsed:
    """Parse med-psych relevant research, QI or publications ("none", "QI + a poster")."""
    t = clean(text)
    # "No research, but a poster": a kind named after "no" is one they don't have.
    found = _keywords(_SCHOLARSHIP_WORDS, _without_negated(t))
    if found:
        return Parsed({"scholarship": found})
    if re.search(_NEGATIVE, t) or _all_zero(t):
        return Parsed({"scholarship": []})
    return fail(
        'Do you have research, QI or publications? e.g. "none", "QI project", '
        '"research and a poster".'
    )


_INTEREST_WORDS = (
    (Interest.CONSULT_LIAISON, r"consult|liaison|\bc[/-]?l\b|psychosomatic"),
    (Interest.ADDICTION, r"addict|substance|alcohol|opioid|\bsud\b|drug"),
    (Interest.INTEGRATED_CARE, r"integrat|collaborative|primary care|behavioral health"),
    (Interest.SERIOUS_MENTAL_ILLNESS, r"\bsmi\b|serious|schizo|bipolar|psychos"),
    (Interest.GLOBAL_MENTAL_HEALTH, r"global|international"),
    (Interest.UNDERSERVED, r"underserved|homeless|safety[\s-]?net|community|poor"),
    (Interest.RESEARCH_ACADEMIC, r"research|academ|teach"),
)


def parse_interests(text: str, _today: date) -> Parsed:
    """Parse med-psych interests: "CL and addiction", "integrated care", "SMI"."""
    t = clean(text)
    # "No research, addiction mostly": an interest named after "no" is not one.
    found = _keywords(_INTEREST_WORDS, _without_negated(t))
    if found:
        return Parsed({"interests": found})
    if re.search(rf"^{_NEGATIVE}", t):
        return Parsed({"interests": []})
    if re.fullmatch(
        rf"(?:{_NEGATIVE}|not sure|don'?t know|no idea)"
        r"(?:\s+(?:yet|really|in particular|for now))?[\s.!]*",
        t,
    ):
        return Parsed({"interests": []})  # optional: nothing in particular yet
    return fail(
        'Tap an option, type their numbers (e.g. "1, 3") or words like '
        '"addiction, consult-liaison", or `skip`.'
    )
