"""Parsers for what an applicant means to do and who they are now: the visa they would take
("H-1B only", "J-1 is fine"), the programs they will apply to ("med-psych only", "also
psych"), still a student or not, letters from the home country, and the topic of their
research or QI project in their own words."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flows.parsing import MAX_INPUT, Parsed, clean, fail, has_any, numbers_in
from flows.profile import Track, VisaPreference
from flows.specialty_words import NEGATIVE

_J1 = r"\bj[\s-]?1\b|\bj visa\b"
_H1B = r"\bh[\s-]?1[\s-]?b?\b"
_NEGATED_J1 = rf"(no|not|never|without|don'?t want|won'?t take|can'?t take)\s+(a\s+)?({_J1})"


def parse_visa_preference(text: str, _today: date) -> Parsed:
    """Parse which visa someone would take: "H-1B only", "prefer H1B but J1 ok", "J1 fine"."""
    t = clean(text)
    j1, h1b = has_any(t, _J1), has_any(t, _H1B)
    if (
        has_any(t, r"\bonly\b", r"\bmust\b", r"\bstrictly\b", _NEGATED_J1)
        and h1b
        and (not j1 or has_any(t, _NEGATED_J1))
    ):
        return Parsed({"visa_preference": VisaPreference.H1B_ONLY})
    if has_any(t, _NEGATED_J1):
        return Parsed({"visa_preference": VisaPreference.H1B_ONLY})
    if h1b and has_any(t, r"prefer", r"rather", r"ideally", r"first choice", r"\bbut\b"):
        return Parsed({"visa_preference": VisaPreference.H1B_PREFERRED})
    if has_any(t, r"either", r"any", r"whichever", r"both", r"don'?t mind", r"no preference"):
        return Parsed({"visa_preference": VisaPreference.J1_OK})
    if j1 and has_any(t, r"fine", r"\bok", r"okay", r"good", r"acceptable", r"happy", r"sure"):
        return Parsed({"visa_preference": VisaPreference.J1_OK})
    if j1 and not h1b:
        return Parsed({"visa_preference": VisaPreference.J1_OK})
    if h1b:
        return Parsed({"visa_preference": VisaPreference.H1B_ONLY})
    return fail(
        'Which would you take: "H-1B only", "H-1B preferred, J-1 acceptable", or '
        '"J-1 is fine"? Tap one or type it.'
    )


_TRACK_WORDS = (
    (Track.PSYCHIATRY, r"\bpsych\w*(?!\s*combined)|mental"),
    (Track.IM, r"\bim\b|internal|medicine(?!\s*-?\s*psych)"),
)


def parse_tracks(text: str, _today: date) -> Parsed:
    """Parse the programs applied to: "med-psych only", "also psych", "all three", "IM too"."""
    t = clean(text)
    if has_any(t, r"all three", r"\ball\b", r"\bboth\b", r"everything", r"every"):
        return Parsed({"tracks": [Track.MEDPSYCH, Track.PSYCHIATRY, Track.IM]})
    if has_any(t, r"\bonly\b", r"\bjust\b", r"nothing else", r"^no\b", r"^none\b", r"\bno\b"):
        rest = re.sub(r"med[\s-]?psych\w*|medicine[\s-]+psychiatry|combined", " ", t)
        named = [track for track, words in _TRACK_WORDS if re.search(words, rest)]
        if not named or has_any(t, r"med[\s-]?psych\w* only", r"only med[\s-]?psych", r"^no\b"):
            return Parsed({"tracks": [Track.MEDPSYCH]})
    rest = re.sub(r"med[\s-]?psych\w*|medicine[\s-]+psychiatry|combined", " ", t)
    named = [track for track, words in _TRACK_WORDS if re.search(words, rest)]
    if named:
        return Parsed({"tracks": [Track.MEDPSYCH, *named]})
    if has_any(t, r"med[\s-]?psych"):
        return Parsed({"tracks": [Track.MEDPSYCH]})
    return fail(
        "Besides med-psych, will you apply to categorical psychiatry, internal medicine, "
        'both, or neither? e.g. "both", "psych too", "med-psych only".'
    )


def parse_student(text: str, _today: date) -> Parsed:
    """Parse whether someone is still in medical school ("yes, final year", "graduated")."""
    t = clean(text)
    if has_any(
        t, r"graduat", r"\bdone\b", r"finished", r"completed", r"\bintern\b", r"working"
    ) and not has_any(t, r"not (yet )?(graduated|finished|done)", r"will graduate"):
        return Parsed({"student": False})
    if has_any(t, r"^(yes|yeah|yep|yup|y)\b", r"student", r"final year", r"\bstill\b", r"year \d"):
        return Parsed({"student": True})
    if has_any(t, r"will graduate", r"not (yet )?(graduated|finished)", r"in school"):
        return Parsed({"student": True})
    if has_any(t, r"^(no|nope|nah|n)\b", r"not a student", r"no longer"):
        return Parsed({"student": False})
    return fail('Are you still in medical school? Tap Yes or No, or type e.g. "final year".')


def parse_home_letters(text: str, _today: date) -> Parsed:
    """Parse how many letters come from the home country ("2", "none", "3 from my country")."""
    t = clean(text)
    if re.fullmatch(rf"{NEGATIVE}.*", t) and not numbers_in(t):
        return Parsed({"letters_home": 0})
    nums = [int(n) for n in numbers_in(t) if n == int(n)]
    if nums and 0 <= nums[0] <= 20:
        return Parsed({"letters_home": nums[0]})
    if nums:
        return fail(f"{nums[0]} letters is more than I expect; type a number from 0 to 20.")
    return fail('How many letters from your home country? Type a number, e.g. 2, or "none".')


_NO_TOPIC = re.compile(rf"{NEGATIVE}\W*|n/?a|nothing|-+|\.+")


def parse_project_topic(text: str, _today: date) -> Parsed:
    """Keep the research or QI topic in the applicant's words ("delirium screening on a
    medicine ward"), trimmed; "none" leaves it unsaid."""
    said = " ".join(text[:MAX_INPUT].split()).strip(" .!")
    if not said or _NO_TOPIC.fullmatch(clean(said)):
        return Parsed({"scholarship_topic": None})
    if len(said) < 3 or not re.search(r"[^\W\d_]", said):
        return fail('In a few words, what was it about? e.g. "depression in heart failure".')
    values: dict[str, Any] = {"scholarship_topic": said[:200].rstrip()}
    return Parsed(values)
