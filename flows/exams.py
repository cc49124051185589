"""Parsers for the USMLE Steps: where one stands, attempts and scores ("failed once, then
passed with 241", "CK 238", "step 3 planned")."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flows.parsing import MONTH_NAMES, Parsed, clean, fail, has_any, numbers_in, parse_month
from flows.profile import ExamStatus, Step3Status

_SCORE = re.compile(r"\b([12]\d\d|300)\b")
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
# An exam's own name: its number is no score, count or attempt ("step 2 fail" is one fail).
EXAM_NAME = re.compile(r"\b(usmle\s)?(step\s?[123]|step (one|two|three)|s[123]|2?ck)\b")


def _count_before(t: str, word: str) -> int | None:
    """Find "failed twice" / "failed 2 times" / "2 fails" style counts."""
    m = re.search(rf"{word}\w*\s+(\w+)(?:\s+times?)?", t)
    if m and m.group(1) in _TIMES:
        return _TIMES[m.group(1)]
    if m:
        nums = numbers_in(m.group(1))
        if nums and re.search(rf"{word}\w*\s+\w+\s+times?", t):
            return int(nums[0])
    # A few words on: "failed step 1 one time", "failed it twice".
    m = re.search(rf"{word}\w*(?:\s+\S+){{1,3}}?\s+(once|twice|thrice|(\w+)\s+times?)\b", t)
    if m:
        if m.group(1) in _TIMES:
            return _TIMES[m.group(1)]
        nums = numbers_in(m.group(2))
        if nums and 0 < nums[0] < 10:
            return int(nums[0])
    m = re.search(rf"(\w+)\s+(?:attempts?|tries|times)\s+{word}", t) or re.search(
        rf"(\w+)\s+{word}", t
    )  # "2 attempts failed", "2 fails"
    if m:
        nums = numbers_in(m.group(1))
        if nums and 0 < nums[0] < 10:
            return int(nums[0])
    return None


def _attempts(t: str) -> int | None:
    m = re.search(r"(\w+)\s+(?:attempt|try|tries|trial|sitting)", t) or re.search(
        r"(first|second|third|fourth|fifth|\d(?:st|nd|rd|th))\s+time", t
    )
    if m:
        nums = numbers_in(m.group(1))
        if m.group(1) == "first":
            return 1
        if nums and 1 <= nums[0] <= 9:
            return int(nums[0])
    m = re.search(r"(?:attempts?|tries)\s*[:=]?\s*(\d)\b", t)
    return int(m.group(1)) if m else None


# A retake told as a score: "failed once, then 221", "221 after one fail". Words about
# practice tests keep a score from being read as the real result.
_RETAKE_SCORE = (
    r"fail.*\b(then|later|now|next|finally|eventually|retook|retake|re-?took|re-?sat|resat"
    r"|second|2nd|third|3rd|fourth|4th)\b.*\b([12]\d\d|300)\b",
    r"\b([12]\d\d|300)\b.*\bafter\b.*fail",
    r"fail.*\b([12]\d\d|300)\s+((on|in|at) )?(my |the )?(second|2nd|third|3rd|next|retake)",
)
_NO_FAIL = r"(never|no|not|n'?t|without|zero)\s+(\w+\s+)?fail"
# A pass that has not happened: "didn't pass", "will pass", "hope to pass".
_NO_PASS = (
    r"(never|not|n'?t|will|gonna|(hope|hoping|want|need|have|going|plan|planning|try"
    r"|trying|aim|aiming) to)\s+(yet\s+)?pass\w*"
)
_PASS_FAIL = re.compile(r"\bp\s?/\s?f\b|pass\s?[/-]\s?fail|pass or fail")
# A CK date that is fixed: "booked for May", "scheduled in June" (not "not booked yet").
_BOOKED = (
    r"(?<!not )(?<!n't )(?<!yet to be )\b(booked|scheduled|registered)\b(?! yet)"
    r"|\bexam date (is|on|in)\b|\bmy date is\b"
)
_MONTH_WORD = (
    r"\b("
    + "|".join(f"{m[:3].lower()}(?:{m[3:].lower()})?" for m in MONTH_NAMES)
    + r")\b|\b\d{1,2}/\d{2,4}\b"
)
_PRACTICE = r"nbme|uwsa|practice|predict|expect|target|aim|goal|hop(e|ing)|want"


def parse_exam(text: str, _today: date, prefix: str) -> Parsed:
    """Parse a Step 1 / Step 2 CK result: status, attempts and any three-digit score."""
    t = clean(text)
    pass_fail = _PASS_FAIL.search(t) is not None  # the exam's format, not a fail
    t = _PASS_FAIL.sub(" ", t)
    failed = has_any(
        t, r"fail", r"flunk", r"didn'?t pass", r"did not pass", r"not pass"
    ) and not has_any(t, _NO_FAIL)  # "passed, never failed"
    real = re.sub(_NO_PASS, " ", t)  # the text without passes that did not happen
    passed = has_any(real, r"pass(?!/)", r"cleared", r"\bp\b")
    not_yet_passed = has_any(t, r"not (yet )?passed", r"haven'?t passed", r"didn'?t pass")
    if has_any(
        real,
        r"fail.*(then|and|but|finally|later|after).*pass",
        r"pass.*after.*fail",
        r"pass\w* on (my |the )?\w+ (attempt|try)",
    ) or (failed and has_any(t, *_RETAKE_SCORE) and not has_any(t, _PRACTICE)):
        passed, not_yet_passed = True, False
    # Taken, result not out: no result to plan with, and not "not taken" either.
    pending = has_any(
        t,
        r"waiting for",
        r"\bawait",
        r"results? (is |are )?(pending|not out)",
        r"(?<!not )(?<!yet )(?<!never )\bappeared\b",
    )
    not_taken = has_any(
        t,
        r"not (yet )?(taken|given|appeared|attempted|written)",
        r"yet to (give|take|appear|sit|write|attempt)",
        r"\bnext (week|month)\b",
        r"haven'?t (yet )?(taken|sat|written|done|given|appeared|attempted)",
        r"have not",
        r"\bnot yet\b",
        r"^no\b",
        r"planning",
        r"will take",
        r"didn'?t take",
        r"\bplan\b",
        r"upcoming",
        r"scheduled",
        r"booked",
        r"\btaking\b",
        r"going to (take|sit)",
        r"exam date",
        r"preparing",
        r"studying for",
    )
    scores = [int(s) for s in _SCORE.findall(t)]
    values: dict[str, Any] = {}
    if scores:
        values[f"{prefix}_score"] = scores[0]
    fails = _count_before(t, "fail")
    attempts = _attempts(t)
    if passed and not not_yet_passed:
        values[f"{prefix}_status"] = ExamStatus.PASSED
        if failed:
            # A pass after a fail: the passing score is the higher one, and it took at
            # least one attempt more than the fails ("fail 1st attempt, 224 on the 2nd").
            if scores:
                values[f"{prefix}_score"] = max(scores)
            attempts = max(attempts or 0, (fails or 1) + 1)
        if attempts is None and not failed and has_any(t, r"first", r"1st", r"one go"):
            attempts = 1
        if pass_fail and not scores:
            values[f"{prefix}_score"] = None  # "passed, pass/fail": there is no score to ask
    elif failed:
        values[f"{prefix}_status"] = ExamStatus.FAILED
        values.pop(f"{prefix}_score", None)  # a failing score is not what programs filter on
        attempts = attempts or fails
    elif scores:
        values[f"{prefix}_status"] = ExamStatus.PASSED
    elif pending:
        return fail(
            'While the result is pending, tap "Not taken yet" for now. When it '
            f"comes, type `edit {prefix}` to add it."
        )
    elif prefix == "step2" and has_any(t, _BOOKED):
        booked: dict[str, Any] = {"step2_status": ExamStatus.SCHEDULED}
        month = parse_month(t, _today, "the CK date") if has_any(t, _MONTH_WORD) else None
        if month is not None and month.ok:
            booked["step2_planned"] = month.values["value"]  # else the month is asked next
        return Parsed(booked)
    elif not_taken:
        return Parsed({f"{prefix}_status": ExamStatus.NOT_TAKEN})
    elif pass_fail:
        return fail(
            "Pass/fail is how it's scored - did you pass it? Tap Passed, or write "
            'e.g. "passed first attempt".'
        )
    else:
        return fail(
            "Did you pass, fail (and not pass yet), or not take it yet? You can also "
            'write it your way, e.g. "failed once, passed on 2nd attempt".'
        )
    if attempts is not None:
        values[f"{prefix}_attempts"] = max(1, min(9, attempts))
    return Parsed(values)


def parse_attempts(text: str, today: date, prefix: str) -> Parsed:
    """Parse how many attempts an exam took ("2", "second try", "failed once then passed")."""
    t = EXAM_NAME.sub(" ", clean(text))  # the 1 of "step 1" is no count
    exam = parse_exam(text, today, prefix)
    if exam.ok and f"{prefix}_attempts" in exam.values:
        return Parsed({f"{prefix}_attempts": exam.values[f"{prefix}_attempts"]})
    nums = [int(n) for n in numbers_in(t) if n == int(n)]
    if has_any(t, r"\bfirst\b", r"\b1st\b", r"\bonce\b", r"one go") and not nums:
        nums = [1]
    if nums and 1 <= nums[0] <= 9:
        return Parsed({f"{prefix}_attempts": nums[0]})
    if nums:
        return fail(f"{nums[0]} attempts doesn't look right; type a number from 1 to 9.")
    return fail("How many attempts in total? Type a number, e.g. 1 (first try) or 2.")


def parse_score(text: str, _today: date, field: str) -> Parsed:
    """Parse a three-digit USMLE score ("232", "I got 241 on CK")."""
    t = clean(text)
    found = [int(n) for n in re.findall(r"\b\d{1,4}\b", t)]
    scores = [n for n in found if 100 <= n <= 300]
    if scores:
        return Parsed({field: scores[0]})
    if found:
        return fail(
            f"{found[0]} isn't a USMLE three-digit score (they run up to 300). "
            "Please type it again, e.g. 232."
        )
    return fail("Please type the three-digit score, e.g. 232.")


def parse_step1_score(text: str, today: date) -> Parsed:
    """Parse a numeric Step 1 score, or "pass/fail" meaning there is none."""
    t = clean(text)
    if has_any(t, r"p/f", r"pass.?fail", r"no score", r"only pass", r"^pass(ed)?$", r"none"):
        return Parsed({"step1_score": None})
    return parse_score(text, today, "step1_score")


def parse_step3(text: str, today: date) -> Parsed:
    """Parse Step 3 plans and results: not planned, planned, passed (score), failed."""
    t = clean(text)
    exam = parse_exam(text, today, "step3")
    if exam.ok and exam.values.get("step3_status") in (ExamStatus.PASSED, ExamStatus.FAILED):
        passed = exam.values["step3_status"] == ExamStatus.PASSED
        values: dict[str, Any] = {
            "step3_status": Step3Status.PASSED if passed else Step3Status.FAILED
        }
        # "passed on my second attempt", "failed it twice": the attempts come with it.
        keep = ("step3_score", "step3_attempts") if passed else ("step3_attempts",)
        values.update({k: exam.values[k] for k in keep if k in exam.values})
        return Parsed(values)
    if has_any(
        t,
        r"not plan",
        r"no plan",
        r"don'?t plan",
        r"^no\b",
        r"^none\b",
        r"not (going|gonna)",
        r"^not now\b",
        r"skip",
        r"later",
        r"after (the )?match",
        r"during residency",
    ):
        return Parsed({"step3_status": Step3Status.NOT_PLANNED})
    if has_any(
        t,
        r"plan",
        r"will",
        r"going to",
        r"gonna",
        r"schedul",
        r"booked",
        r"prepar",
        r"studying",
        r"soon",
        r"yes",
        r"\btaking\b",
        r"next (month|year)",
    ):
        return Parsed({"step3_status": Step3Status.PLANNED})
    # "Not yet", "haven't taken it", "not eligible yet": taken or not, the plan is what we need
    if exam.ok or re.search(r"\beligib", t):
        return fail(
            "Not taken yet - do you plan to take Step 3 before you apply? "
            "Tap Planned or Not planned."
        )
    return fail("Is Step 3 not planned, planned, passed or failed? Tap one or type it.")
