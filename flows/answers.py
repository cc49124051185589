"""Parsers for the interview's letters, research and interests ("2 IM, 1 psych", "QI + a
poster", "CL and addiction"); the Steps are in flows/exams.py, US experience in flows/usce.py."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flows.parsing import Parsed, clean, fail, numbers_in
from flows.profile import Interest, Scholarship
from flows.specialty_words import FIELD_WORDS, NEGATIVE

_LETTER_FIELDS = (
    ("letters_medpsych", FIELD_WORDS[0][1]),
    ("letters_im", FIELD_WORDS[1][1]),
    ("letters_psych", r"psych|mental"),
    ("letters_other", FIELD_WORDS[3][1]),
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
    if (re.fullmatch(rf"{NEGATIVE}.*", t) and not re.search(r"\d", t)) or _all_zero(t):
        return Parsed(dict.fromkeys(values, 0))
    counted = abroad = False
    home = 0  # letters from the home country, counted apart
    parts = _counted_parts(t)
    for index, part in enumerate(parts):
        nums = numbers_in(part)
        if not nums or (index == 0 and len(parts) > 1 and re.fullmatch(r"\W*\d+\W*", part)):
            continue  # a total before its breakdown: "3 (2 IM, 1 FM)", "3: 2 IM, 1 psych"
        if re.search(_NOT_US, part):  # US letters are counted apart from these
            abroad = True
            home += int(nums[0])
            continue
        name = next((name for name, pattern in _LETTER_FIELDS if re.search(pattern, part)), None)
        if name is not None:
            values[name] = (values[name] or 0) + int(nums[0])
            counted = True
        elif not re.search(r"letter|\blors?\b|total|\bus\b", part):
            return fail('Which specialty is each letter from? e.g. "2 IM, 1 psych", or "none".')
        # else a total before its breakdown ("3 US LoRs (2 IM, 1 psych)"): the parts count
    home_said = {"letters_home": min(home, 20)} if home else {}
    if not counted and abroad:  # "3, but from my home country": no US letter yet
        return Parsed({**dict.fromkeys(values, 0), **home_said})
    if not counted:
        return fail(
            'How many US letters do you have, by specialty? e.g. "2 IM, 1 psych, 1 CL", or "none".'
        )
    if sum(v or 0 for v in values.values()) > 20:
        return fail("That's more letters than I expect; please give counts per specialty.")
    return Parsed({**{k: v or 0 for k, v in values.items()}, **home_said})


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
    return re.sub(rf"{NEGATIVE}\s+(\w+\s+)?\w+", " ", t)


def parse_scholarship(text: str, _today: date) -> Parsed:
    """Parse med-psych relevant research, QI or publications ("none", "QI + a poster")."""
    t = clean(text)
    # "No research, but a poster": a kind named after "no" is one they don't have.
    found = _keywords(_SCHOLARSHIP_WORDS, _without_negated(t))
    if found:
        return Parsed({"scholarship": found})
    if re.search(NEGATIVE, t) or _all_zero(t):
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
    if re.search(rf"^{NEGATIVE}", t):
        return Parsed({"interests": []})
    if re.fullmatch(
        rf"(?:{NEGATIVE}|not sure|don'?t know|no idea)"
        r"(?:\s+(?:yet|really|in particular|for now))?[\s.!]*",
        t,
    ):
        return Parsed({"interests": []})  # optional: nothing in particular yet
    return fail(
        'Tap an option, type their numbers (e.g. "1, 3") or words like '
        '"addiction, consult-liaison", or `skip`.'
    )
