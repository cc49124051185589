"""The interview's questions as data: wording, choices, parser and when each applies."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from flows import answers as a
from flows.parsing import Parsed, clean, fail, numbers_in, parse_month, parse_year
from flows.profile import ExamStatus, Interest, Scholarship, Specialty, Step3Status, Visa
from flows.zones import parse_timezone

Answers = Mapping[str, Any]
Parser = Callable[[str, date], Parsed]


@dataclass(frozen=True, slots=True)
class Option:
    """One choice: its button label and the profile values it sets."""

    label: str
    values: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class When:
    """A named condition on the answers: when a question applies."""

    text: str
    test: Callable[[Answers], bool]

    def __call__(self, answers: Answers) -> bool:
        """Whether the question applies to these answers."""
        return self.test(answers)


ALWAYS = When("always", lambda _answers: True)


@dataclass(frozen=True, slots=True)
class Question:
    """One interview question; `state` doubles as the state-machine state name."""

    state: str
    fields: tuple[str, ...]  # the profile fields it fills (the first is the main one)
    prompt: str
    parse: Parser
    options: tuple[Option, ...] = ()
    optional: bool = False
    multi: bool = False  # several options may be given ("1, 3" or "IM and psych")
    relevant: When = ALWAYS
    label: str = ""  # what `edit <label>` and the profile view call it
    # The whole answer in words, where its fields read better together ("2 IM, 1 psychiatry").
    words: Callable[[Answers], str] | None = None


_GREETINGS = frozenset({"hi", "hello", "hey", "hii", "salam", "salaam", "assalamualaikum",
                        "hola", "good morning", "good evening", "yo", "hi there"})


# Declining to give a name, and agreeing without giving one: neither is a name.
_NO_NAME = re.compile(r"(no|nope|nah|none|pass|skip( it| please)?|anonymous|not now"
                      r"|no,? thanks?( you)?|(i'?d )?(prefer|rather) not( to)?( say| share)?)")
_AGREEING = frozenset({"ok", "okay", "k", "yes", "yeah", "yep", "sure", "fine", "y", "alright"})


# "my name is Omar", "I'm Omar", "call me Dr. Omar": the name is what follows.
_NAME_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hey|salam)\b[\s,!.]*)?"
    r"(?:my name is|my name's|name is|name\s*:|i am|i'm|it's|this is|"
    r"(?:you can |please |just )?call me)(?:\s+|$)", re.IGNORECASE)
# "Amina from Egypt", "Amina here", "Amina, an IMG": what follows the name is not part of it.
_NAME_TAIL = re.compile(r"(?:\s+from\s.*|\s+here\W*|\s*,\s*(?:an?|the|from|img)\s.*)$",
                        re.IGNORECASE)


def _name(text: str, _today: date) -> Parsed:
    introduced = _NAME_LEAD_IN.match(text.strip()) is not None  # "call me Pass" is a name
    text = _NAME_TAIL.sub("", _NAME_LEAD_IN.sub("", text.strip(), count=1))
    name = " ".join(clean(text).split())[:60]
    original = " ".join(text.split())[:60]
    if not any(ch.isalpha() for ch in name) or "://" in name:
        return fail("Please type the name you'd like me to use, or `skip`.")
    said = name.strip(" .,!?")
    if said in _GREETINGS:
        return fail("Hello! What name should I use for you? Type it, or `skip`.")
    if not introduced and _NO_NAME.fullmatch(said):  # optional: "no thanks" answers it
        return Parsed({"name": None})
    if not introduced and said in _AGREEING:  # "ok" to "what should I call you?"
        return fail("Sure - what name should I use? Type it, or `skip`.")
    if any(ch.isdigit() for ch in name):  # "J1, 2019": answers to later questions
        return fail("That doesn't look like a name. What should I call you? Type a name, "
                    "or `skip` to go on to the other questions.")
    return Parsed({"name": original.strip(" .,!")})


def _graduation(text: str, today: date) -> Parsed:
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


def _match_year(text: str, today: date) -> Parsed:
    # The Match is in March: after March the earliest Match left is next year's.
    earliest = today.year if today.month <= 3 else today.year + 1
    said = clean(text)
    if re.search(r"\bnext year\b", said):
        return Parsed({"match_year": today.year + 1})
    if re.search(r"\bthis year\b", said):
        if today.year == earliest:
            return Parsed({"match_year": today.year})
        return fail(f"This year's Match was in March. Which Match are you aiming for now, "
                    f"e.g. {earliest}?")
    # "27", "match 27": in answer to this question, a two-digit number is the year.
    short = re.fullmatch(r"(?:the\s+)?(?:match\s+(?:of\s+)?)?(\d\d)(?:\s+match)?", said)
    if short and earliest <= 2000 + int(short.group(1)) <= earliest + 6:
        return Parsed({"match_year": 2000 + int(short.group(1))})
    parsed = parse_year(text, earliest, earliest + 6, "the Match year you're aiming for")
    return Parsed({"match_year": parsed.values["value"]}) if parsed.ok else parsed


# "Not yet" to "when will you take it?": no date yet, which the optional question allows.
_NO_DATE = re.compile(r"(not (yet|sure|decided|scheduled|booked)|don'?t know|no (date|idea)"
                      r"|tbd|undecided|unsure|idk)\b[\s.!]*")


def _month(field: str, what: str) -> Parser:
    def parse(text: str, today: date) -> Parsed:
        if _NO_DATE.fullmatch(clean(text)):
            return Parsed({field: None})
        parsed = parse_month(text, today, what)
        return Parsed({field: parsed.values["value"]}) if parsed.ok else parsed

    return parse


def _from_options(options: tuple[Option, ...], fallback: Parser, multi: bool) -> Parser:
    """Accept an option's number or label before falling back to the free-text parser."""

    def parse(text: str, today: date) -> Parsed:
        picked = pick_options(options, text, multi)
        if picked is not None:
            return Parsed(merge_option_values(picked))
        return fallback(text, today)

    return parse


def pick_options(options: tuple[Option, ...], text: str, multi: bool) -> list[Option] | None:
    """Return the options named by number or exact label ("2", "IM", "1, 3"), if any."""
    t = clean(text)
    if not options or not t:
        return None
    parts = [p.strip() for p in t.replace(" and ", ",").split(",")] if multi else [t]
    picked: list[Option] = []
    for part in parts:
        if part.isdigit() and 1 <= int(part) <= len(options):
            picked.append(options[int(part) - 1])
            continue
        exact = [o for o in options if clean(o.label) == part]
        if not exact:
            return None
        picked.append(exact[0])
    return picked or None


def merge_option_values(picked: list[Option]) -> dict[str, Any]:
    """Combine chosen options; list values (multi-select) are unioned in order."""
    merged: dict[str, Any] = {}
    for option in picked:
        for key, value in option.values.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + [v for v in value if v not in merged[key]]
            else:
                merged[key] = value
    return merged


def _took(prefix: str) -> When:
    return When(f"{prefix} taken",
                lambda ans: ans.get(f"{prefix}_status") in (ExamStatus.PASSED, ExamStatus.FAILED))


def _is(field: str, *values: Any) -> When:
    return When(f"{field} is {' or '.join(str(v) for v in values)}",
                lambda ans: ans.get(field) in values)


_has_usce = When("usce_months > 0", lambda ans: (ans.get("usce_months") or 0) > 0)


def _q(state: str, fields: tuple[str, ...], prompt: str, parse: Parser, *,
       options: tuple[Option, ...] = (), multi: bool = False, **kw: Any) -> Question:
    return Question(state, fields, prompt, _from_options(options, parse, multi), options,
                    multi=multi, **kw)


_LETTER_WORDS = (("letters_im", "IM"), ("letters_psych", "psychiatry"),
                 ("letters_medpsych", "consult-liaison / med-psych"), ("letters_other", "other"))


def _letters_words(answers: Answers) -> str:
    said = [f"{answers[name]} {words}" for name, words in _LETTER_WORDS if answers.get(name)]
    return ", ".join(said) or "None yet"


_EXAM_OPTIONS = lambda prefix: (  # noqa: E731 - a tiny table builder reads best inline
    Option("Passed", {f"{prefix}_status": ExamStatus.PASSED}),
    Option("Failed, not passed yet", {f"{prefix}_status": ExamStatus.FAILED}),
    Option("Not taken yet", {f"{prefix}_status": ExamStatus.NOT_TAKEN}),
)

QUESTIONS: tuple[Question, ...] = (
    _q("ask_name", ("name",), "What should I call you? (optional — type `skip` to leave it)",
       _name, optional=True, label="name"),
    _q("ask_visa", ("visa",), "Your citizenship and visa: which fits you?", a.parse_visa,
       options=(
           Option("US citizen", {"visa": Visa.US_CITIZEN}),
           Option("Green card", {"visa": Visa.GREEN_CARD}),
           Option("Need a J-1", {"visa": Visa.NEEDS_J1}),
           Option("Need an H-1B", {"visa": Visa.NEEDS_H1B}),
           Option("Not sure", {"visa": Visa.NOT_SURE}),
       ), label="visa"),
    _q("ask_graduation_year", ("graduation_year",),
       "Which year did you graduate from medical school (or will you)? e.g. 2019",
       _graduation, label="graduation"),
    _q("ask_match_year", ("match_year",),
       "Which Match are you aiming for? e.g. 2028 (the Match is held each March)",
       _match_year, label="match"),
    _q("ask_step1_status", ("step1_status", "step1_attempts", "step1_score"),
       "USMLE Step 1: where do you stand? You can also write it your way, "
       "e.g. \"failed once, passed on 2nd attempt\".",
       partial(a.parse_exam, prefix="step1"), options=_EXAM_OPTIONS("step1"), label="step1"),
    _q("ask_step1_attempts", ("step1_attempts",),
       "How many Step 1 attempts in total, counting the latest?",
       partial(a.parse_attempts, prefix="step1"),
       options=(Option("1", {"step1_attempts": 1}), Option("2", {"step1_attempts": 2}),
                Option("3", {"step1_attempts": 3}), Option("4 or more", {"step1_attempts": 4})),
       relevant=_took("step1"), label="step1 attempts"),
    _q("ask_step1_score", ("step1_score",),
       "Step 1 taken before 26 January 2022 has a three-digit score: type it (e.g. 221). "
       "If yours was pass/fail, tap \"Pass/fail only\".",
       a.parse_step1_score, options=(Option("Pass/fail only", {"step1_score": None}),),
       relevant=_is("step1_status", ExamStatus.PASSED), optional=True, label="step1 score"),
    _q("ask_step2_status", ("step2_status", "step2_attempts", "step2_score"),
       "Step 2 CK: where do you stand? If you have a score, just type it (e.g. 238).",
       partial(a.parse_exam, prefix="step2"), options=_EXAM_OPTIONS("step2"), label="step2"),
    _q("ask_step2_planned", ("step2_planned",),
       "When do you plan to take Step 2 CK? A month and year, e.g. \"March 2027\".",
       _month("step2_planned", "your Step 2 CK date"),
       relevant=_is("step2_status", ExamStatus.NOT_TAKEN, ExamStatus.FAILED), optional=True,
       label="step2 date"),
    _q("ask_step2_score", ("step2_score",), "What was your Step 2 CK score? e.g. 238",
       partial(a.parse_score, field="step2_score"),
       relevant=_is("step2_status", ExamStatus.PASSED), label="step2 score"),
    _q("ask_step2_attempts", ("step2_attempts",),
       "How many Step 2 CK attempts in total, counting the latest?",
       partial(a.parse_attempts, prefix="step2"),
       options=(Option("1", {"step2_attempts": 1}), Option("2", {"step2_attempts": 2}),
                Option("3", {"step2_attempts": 3}), Option("4 or more", {"step2_attempts": 4})),
       relevant=_took("step2"), label="step2 attempts"),
    _q("ask_step3_status", ("step3_status", "step3_score"), "Step 3: which fits you?",
       a.parse_step3, options=(
           Option("Not planned", {"step3_status": Step3Status.NOT_PLANNED}),
           Option("Planned", {"step3_status": Step3Status.PLANNED}),
           Option("Passed", {"step3_status": Step3Status.PASSED}),
           Option("Failed", {"step3_status": Step3Status.FAILED}),
       ), label="step3"),
    _q("ask_step3_planned", ("step3_planned",),
       "When do you plan to take Step 3? A month and year, e.g. \"June 2027\".",
       _month("step3_planned", "your Step 3 date"),
       relevant=_is("step3_status", Step3Status.PLANNED), optional=True, label="step3 date"),
    _q("ask_step3_score", ("step3_score",), "Your Step 3 score? e.g. 225 (optional)",
       partial(a.parse_score, field="step3_score"),
       relevant=_is("step3_status", Step3Status.PASSED), optional=True, label="step3 score"),
    _q("ask_usce_months", ("usce_months", "usce_hands_on_months", "usce_fields"),
       "US clinical experience: how many months in total? Add details if you like, "
       "e.g. \"6 mo, 3 hands-on IM\", or \"none\".",
       a.parse_usce, options=(Option("None yet", {"usce_months": 0,
                                                  "usce_hands_on_months": 0,
                                                  "usce_fields": []}),),
       label="usce"),
    _q("ask_usce_hands_on", ("usce_hands_on_months",),
       "How many of those months were hands-on (externship, elective, sub-internship) "
       "rather than observership?", a.parse_hands_on,
       options=(Option("All hands-on", {"usce_hands_on_months": "all"}),
                Option("Observership only", {"usce_hands_on_months": 0})),
       relevant=_has_usce, label="hands-on"),
    _q("ask_usce_fields", ("usce_fields",),
       "Which fields was it in? Tap one, or type several, e.g. \"1, 2\".", a.parse_fields,
       options=(Option("Internal medicine", {"usce_fields": [Specialty.IM]}),
                Option("Psychiatry", {"usce_fields": [Specialty.PSYCHIATRY]}),
                Option("Consult-liaison / med-psych", {"usce_fields": [Specialty.CL_PSYCHIATRY]}),
                Option("Other", {"usce_fields": [Specialty.OTHER]})),
       multi=True, relevant=_has_usce, label="usce fields"),
    _q("ask_letters", ("letters_im", "letters_psych", "letters_medpsych", "letters_other"),
       "US letters of recommendation: how many, from which specialty? "
       "e.g. \"2 IM, 1 psych, 1 CL\", or \"none\".",
       a.parse_letters, options=(Option("None yet", {"letters_im": 0, "letters_psych": 0,
                                                      "letters_medpsych": 0,
                                                      "letters_other": 0}),),
       label="letters", words=_letters_words),
    _q("ask_scholarship", ("scholarship",),
       "Any research, QI projects or publications related to medicine and psychiatry? "
       "Tap one, or type several.", a.parse_scholarship,
       options=(Option("None", {"scholarship": []}),
                Option("Research", {"scholarship": [Scholarship.RESEARCH]}),
                Option("QI project", {"scholarship": [Scholarship.QI]}),
                Option("Publication or poster", {"scholarship": [Scholarship.PUBLICATION]})),
       multi=True, label="research"),
    _q("ask_interests", ("interests",),
       "What draws you to med-psych? Tap one, or type several, e.g. \"1, 2\" (optional).",
       a.parse_interests,
       options=(Option("Consult-liaison", {"interests": [Interest.CONSULT_LIAISON]}),
                Option("Addiction", {"interests": [Interest.ADDICTION]}),
                Option("Integrated care", {"interests": [Interest.INTEGRATED_CARE]}),
                Option("Serious mental illness",
                       {"interests": [Interest.SERIOUS_MENTAL_ILLNESS]}),
                Option("Global mental health", {"interests": [Interest.GLOBAL_MENTAL_HEALTH]}),
                Option("Underserved care", {"interests": [Interest.UNDERSERVED]}),
                Option("Research / academic", {"interests": [Interest.RESEARCH_ACADEMIC]})),
       multi=True, optional=True, label="interests"),
    _q("ask_timezone", ("timezone",),
       "Last one: your time zone, so reminders arrive at the right hour. "
       "Type a city (\"Cairo\") or a zone (\"UTC+5\"), or `skip` for UTC.",
       parse_timezone, optional=True, label="timezone"),
)

QUESTIONS_BY_STATE: dict[str, Question] = {q.state: q for q in QUESTIONS}

