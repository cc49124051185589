"""Parsers for each kind of interview answer ("J1", "failed once then passed", "6 mo, 3 IM")."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flows.parsing import Parsed, clean, fail, has_any, numbers_in
from flows.profile import ExamStatus, Interest, Scholarship, Specialty, Step3Status, Visa

_SCORE = re.compile(r"\b([12]\d\d|300)\b")
_NEGATIVE = r"\b(no|none|nope|nothing|zero|not yet|n/a|na|nil)\b"


def parse_visa(text: str, _today: date) -> Parsed:
    """Parse citizenship / visa need: "US citizen", "green card", "J1", "need h1b"."""
    t = clean(text)
    j1 = has_any(t, r"\bj[\s-]?1\b", r"\bj1\b", r"\bj visa\b", r"ecfmg sponsor", r"\bj one\b")
    h1b = has_any(t, r"\bh[\s-]?1[\s-]?b?\b", r"\bh1b\b", r"\bh one b\b")
    if has_any(t, r"not sure", r"unsure", r"\bidk\b", r"don'?t know", r"no idea", r"either",
               r"any visa", r"\bdepends\b") or (j1 and h1b):
        return Parsed({"visa": Visa.NOT_SURE})
    if j1:
        return Parsed({"visa": Visa.NEEDS_J1})
    if h1b:
        return Parsed({"visa": Visa.NEEDS_H1B})
    # Permanent residence elsewhere ("PR of Canada") is no green card.
    if has_any(t, r"green ?card", r"\bgc\b", r"\blpr\b",
               r"(permanent resident|\bpr\b)(?! (of|in) (?!the us|usa|the united states|america))"):
        return Parsed({"visa": Visa.GREEN_CARD})
    if has_any(t, r"no visa", r"don'?t need (a )?visa", r"not need (a )?visa"):
        return fail("No visa needed - are you a US citizen or a green-card holder? "
                    "Tap one, or type it.")
    # "Citizen of Pakistan" is no US citizen: the country has to be the US.
    # "Naturalized citizen": naturalisation is how one becomes a US citizen.
    us = has_any(t, r"\bu\.?s\.?a?\b", r"\bamerican?\b", r"united states", r"\busc\b",
                 r"naturali[sz]ed (us |american )?citizen")
    if has_any(t, r"non[\s-]?(us|u\.s\.)", r"not (a )?(us |u\.s\. )?citizen", r"foreign",
               r"need (a )?visa", r"visa", r"sponsor") or (has_any(t, r"citizen", r"national")
                                                          and not us
                                                          and t.strip(" .!") != "citizen"):
        return fail("Which visa would you need: J-1, H-1B, or not sure yet? "
                    "Tap a button or type e.g. \"J1\".")
    if has_any(t, r"citizen", r"\bamerican\b", r"\busc\b", r"\bus img\b"):
        return Parsed({"visa": Visa.US_CITIZEN})
    return fail("I didn't catch that. Are you a US citizen, a green-card holder, or do you "
                "need a J-1 or an H-1B? (\"not sure\" is fine too.)")


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
    m = re.search(rf"(\w+)\s+(?:attempts?|tries|times)\s+{word}", t) or \
        re.search(rf"(\w+)\s+{word}", t)  # "2 attempts failed", "2 fails"
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
_NO_PASS = (r"(never|not|n'?t|will|gonna|(hope|hoping|want|need|have|going|plan|planning|try"
            r"|trying|aim|aiming) to)\s+(yet\s+)?pass\w*")
_PASS_FAIL = re.compile(r"\bp\s?/\s?f\b|pass\s?[/-]\s?fail|pass or fail")
_PRACTICE = r"nbme|uwsa|practice|predict|expect|target|aim|goal|hop(e|ing)|want"


def parse_exam(text: str, _today: date, prefix: str) -> Parsed:
    """Parse a Step 1 / Step 2 CK result: status, attempts and any three-digit score."""
    t = clean(text)
    pass_fail = _PASS_FAIL.search(t) is not None  # the exam's format, not a fail
    t = _PASS_FAIL.sub(" ", t)
    failed = has_any(t, r"fail", r"flunk", r"didn'?t pass", r"did not pass", r"not pass") \
        and not has_any(t, _NO_FAIL)  # "passed, never failed"
    real = re.sub(_NO_PASS, " ", t)  # the text without passes that did not happen
    passed = has_any(real, r"pass(?!/)", r"cleared", r"\bp\b")
    not_yet_passed = has_any(t, r"not (yet )?passed", r"haven'?t passed", r"didn'?t pass")
    if has_any(real, r"fail.*(then|and|but|finally|later|after).*pass", r"pass.*after.*fail",
               r"pass\w* on (my |the )?\w+ (attempt|try)") or (
            failed and has_any(t, *_RETAKE_SCORE) and not has_any(t, _PRACTICE)):
        passed, not_yet_passed = True, False
    # Taken, result not out: no result to plan with, and not "not taken" either.
    pending = has_any(t, r"waiting for", r"\bawait", r"results? (is |are )?(pending|not out)",
                      r"(?<!not )(?<!yet )(?<!never )\bappeared\b")
    not_taken = has_any(t, r"not (yet )?(taken|given|appeared|attempted|written)",
                        r"yet to (give|take|appear|sit|write|attempt)", r"\bnext (week|month)\b",
                        r"haven'?t (yet )?(taken|sat|written|done|given|appeared|attempted)",
                        r"have not", r"\bnot yet\b", r"^no\b", r"planning", r"will take",
                        r"didn'?t take", r"\bplan\b", r"upcoming", r"scheduled", r"booked",
                        r"\btaking\b", r"going to (take|sit)", r"exam date", r"preparing",
                        r"studying for")
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
        return fail("While the result is pending, tap \"Not taken yet\" for now. When it "
                    f"comes, type `edit {prefix}` to add it.")
    elif not_taken:
        return Parsed({f"{prefix}_status": ExamStatus.NOT_TAKEN})
    elif pass_fail:
        return fail("Pass/fail is how it's scored - did you pass it? Tap Passed, or write "
                    "e.g. \"passed first attempt\".")
    else:
        return fail("Did you pass, fail (and not pass yet), or not take it yet? You can also "
                    "write it your way, e.g. \"failed once, passed on 2nd attempt\".")
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
        return fail(f"{found[0]} isn't a USMLE three-digit score (they run up to 300). "
                    "Please type it again, e.g. 232.")
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
    if exam.ok and exam.values.get("step3_status") == ExamStatus.PASSED:
        values: dict[str, Any] = {"step3_status": Step3Status.PASSED}
        if "step3_score" in exam.values:
            values["step3_score"] = exam.values["step3_score"]
        return Parsed(values)
    if exam.ok and exam.values.get("step3_status") == ExamStatus.FAILED:
        return Parsed({"step3_status": Step3Status.FAILED})
    if has_any(t, r"not plan", r"no plan", r"don'?t plan", r"^no\b", r"^none\b",
               r"not (going|gonna)", r"^not now\b",
               r"skip", r"later", r"after (the )?match", r"during residency"):
        return Parsed({"step3_status": Step3Status.NOT_PLANNED})
    if has_any(t, r"plan", r"will", r"going to", r"gonna", r"schedul", r"booked", r"prepar",
               r"studying", r"soon", r"yes", r"\btaking\b", r"next (month|year)"):
        return Parsed({"step3_status": Step3Status.PLANNED})
    # "Not yet", "haven't taken it", "not eligible yet": taken or not, the plan is what we need
    if exam.ok or re.search(r"\beligib", t):
        return fail("Not taken yet - do you plan to take Step 3 before you apply? "
                    "Tap Planned or Not planned.")
    return fail("Is Step 3 not planned, planned, passed or failed? Tap one or type it.")


_FIELD_WORDS: tuple[tuple[Specialty, str], ...] = (
    (Specialty.CL_PSYCHIATRY, r"\bc[/-]?l\b|consult|liaison|med[\s-]?psych|psychosomatic"),
    (Specialty.IM, r"\bim\b|internal|(?<!family )(?<!emergency )(?<!nuclear )medicine|\bmed\b"
                   r"|hospitalist|cardio|nephro|\bgim\b"),
    (Specialty.PSYCHIATRY, r"psych|mental"),
    (Specialty.OTHER,
     r"family|\bfm\b|surg|peds|pediatric|neuro|\bem\b|emergency|\bob\b|ob.?gyn|other"),
)


def _fields_in(t: str) -> list[Specialty]:
    found = []
    for specialty, pattern in _FIELD_WORDS:
        if re.search(pattern, t):
            if specialty is Specialty.IM and re.search(r"med[\s-]?psych", t) and not re.search(
                r"\bim\b|internal", t
            ):
                continue
            if specialty is Specialty.PSYCHIATRY and re.search(_FIELD_WORDS[0][1], t) and not \
                    re.search(r"\bpsych(iatry)?\b(?![\s-]?(consult|liaison))", t):
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
_EACH = re.compile(r"\b(\w+)\s+((?:observ|extern|elective|rotation|clerk)\w*)\s*[,(]?\s*"
                   r"(?:of\s+)?(\d+(?:\.\d+)?|\w+)\s*(months?|mo|weeks?|wks?)\s+each\)?")


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
    if (re.fullmatch(rf"{_NEGATIVE}.*", t) and not any(n > 0 for n in numbers_in(t))) \
            or t in {"0", "0 months"}:
        return Parsed({"usce_months": 0, "usce_hands_on_months": 0, "usce_fields": []})
    if has_any(t, r"letter|\blors?\b|recommendation") and not has_any(t, _UNIT):
        return fail("That sounds like your letters - they come next. First: how many months "
                    "of US clinical experience? e.g. \"none\", \"3\", \"6 mo, 3 hands-on IM\".")
    t = re.sub(r"\bhalf a year\b", "6 months", _times_each(t))
    # Research is no clinical experience: "research assistant 1 year" adds no months.
    segments = [seg for seg in re.split(r",|;|\band\b|\+|\bplus\b|&", t)
                if not (has_any(seg, r"research") and not has_any(seg, _CLINICAL))]
    if not any(numbers_in(seg) for seg in segments) and has_any(t, r"research"):
        return fail("Research isn't clinical experience. How many months of US clinical work "
                    "(observership, externship, elective) do you have? \"none\" is fine.")
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
        return fail("How many months of US clinical experience? e.g. \"none\", \"3\", or "
                    "\"6 mo, 3 hands-on IM\".")
    total = max(totals[0] if totals else 0.0, parts)
    if total > 120:
        return fail(f"{total:g} months is more than I expect; please give the total in months, "
                    "e.g. 6.")
    values: dict[str, Any] = {"usce_months": total}
    if (hands_on or observed) and not unclassified:
        # Every month is accounted for, or the whole minus what was observership.
        values["usce_hands_on_months"] = hands_on if not totals or hands_on else \
            max(0.0, total - observed)
    if fields:
        values["usce_fields"] = fields
    return Parsed(values)


def parse_hands_on(text: str, _today: date) -> Parsed:
    """Parse how many USCE months were hands-on ("all", "none", "3")."""
    t = clean(text)
    if has_any(t, r"\ball\b", r"every", r"fully", r"only hands"):
        return Parsed({"usce_hands_on_months": "all"})
    if has_any(t, r"^none", r"\bno\b", r"only observ", r"just observ", r"^0$", r"zero",
               r"observership"):
        return Parsed({"usce_hands_on_months": 0})
    months = _months(t)
    if months is not None:
        return Parsed({"usce_hands_on_months": months})
    return fail("How many months were hands-on (externship, elective)? e.g. \"all\", \"none\" "
                "or \"3\".")


def parse_fields(text: str, _today: date) -> Parsed:
    """Parse the fields of US experience: "IM and psych", "CL", "family medicine"."""
    fields = _fields_in(clean(text))
    if not fields:
        return fail("Which fields was it in? e.g. \"IM\", \"psychiatry\", \"IM and CL psych\".")
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
_NOT_US = (r"\bhome\b|my country|\bnon[\s-]?(us|usa|american)\b|\bnot (from |in )?(the )?(us|usa)\b"
           r"|outside (of )?(the )?(us|usa)\b|abroad|\blocal\b|foreign")


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
        name = next((name for name, pattern in _LETTER_FIELDS if re.search(pattern, part)),
                    None)
        if name is not None:
            values[name] = (values[name] or 0) + int(nums[0])
            counted = True
        elif not re.search(r"letter|\blors?\b|total|\bus\b", part):
            return fail("Which specialty is each letter from? e.g. \"2 IM, 1 psych\", or "
                        "\"none\".")
        # else a total before its breakdown ("3 US LoRs (2 IM, 1 psych)"): the parts count
    if not counted and abroad:  # "3, but from my home country": no US letter yet
        return Parsed(dict.fromkeys(values, 0))
    if not counted:
        return fail("How many US letters do you have, by specialty? e.g. \"2 IM, 1 psych, "
                    "1 CL\", or \"none\".")
    if sum(v or 0 for v in values.values()) > 20:
        return fail("That's more letters than I expect; please give counts per specialty.")
    return Parsed({k: v or 0 for k, v in values.items()})


_SCHOLARSHIP_WORDS = (
    (Scholarship.RESEARCH, r"research|study|studies|(?<!qi )(?<!improvement )project|trial"
                           r"|review|thesis|dissertation|survey|cohort|analysis"),
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
    return fail("Do you have research, QI or publications? e.g. \"none\", \"QI project\", "
                "\"research and a poster\".")


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
    if re.fullmatch(rf"(?:{_NEGATIVE}|not sure|don'?t know|no idea)"
                    r"(?:\s+(?:yet|really|in particular|for now))?[\s.!]*", t):
        return Parsed({"interests": []})  # optional: nothing in particular yet
    return fail("Tap an option, type their numbers (e.g. \"1, 3\") or words like "
                "\"addiction, consult-liaison\", or `skip`.")
