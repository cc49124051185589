"""The interview's questions as data: wording, choices, parser and when each applies."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from flows import answers as a
from flows import exams, usce
from flows.names import parse_name
from flows.options import Option, from_options
from flows.parsing import Parser
from flows.profile import ExamStatus, Interest, Scholarship, Specialty, Step3Status, Visa
from flows.timing import month_or_not_yet, parse_graduation, parse_match_year
from flows.visa import parse_visa
from flows.zones import parse_timezone

Answers = Mapping[str, Any]


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
class Topic:
    """How an introduction ("YOG 2018, CK 235, need J1") finds this question's answer among
    other facts, and how one fact typed at another prompt is told apart (flows/intro.py)."""

    words: re.Pattern[str]  # the words that name it: a clause about it holds one
    parse: Parser  # reads the clauses about it
    # Among the topics one clause names, the highest rank wins, then the earlier question:
    # "step 1 passed before the match" is about Step 1.
    rank: int = 0
    continued: bool = False  # a clause naming nothing continues it: "failed CK once, then 221"
    # Words naming it clearly enough to be read at another question's prompt, where not all
    # of `words` do ("in 3 months" answers when a Step is planned); None: all of `words`.
    clear: re.Pattern[str] | None = None
    # Other questions whose words its own answers hold: "2 letters from my observership" is
    # still the letters' answer.
    also: tuple[str, ...] = ()


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
    topic: Topic | None = None  # how an introduction names it; None: never read from one
    parent: str | None = None  # a follow-up's first question, whose topic it shares


def _took(prefix: str) -> When:
    return When(
        f"{prefix} taken",
        lambda ans: ans.get(f"{prefix}_status") in (ExamStatus.PASSED, ExamStatus.FAILED),
    )


def _is(field: str, *values: Any) -> When:
    return When(
        f"{field} is {' or '.join(str(v) for v in values)}", lambda ans: ans.get(field) in values
    )


_has_usce = When("usce_months > 0", lambda ans: (ans.get("usce_months") or 0) > 0)


def _q(
    state: str,
    fields: tuple[str, ...],
    prompt: str,
    parse: Parser,
    *,
    options: tuple[Option, ...] = (),
    multi: bool = False,
    **kw: Any,
) -> Question:
    return Question(
        state, fields, prompt, from_options(options, parse, multi), options, multi=multi, **kw
    )


def _exam_topic(words: str, parse: Parser, *, rank: int) -> Topic:
    """A Step exam's topic: a clause about it names it, and "1" in "step 1" is no count."""
    return Topic(
        re.compile(words),
        lambda text, today: parse(exams.EXAM_NAME.sub(" ", text), today),
        rank=rank,
        continued=True,
    )


_USCE_NAMED = (
    r"\b(usce|observ\w*|extern\w*|electives?|sub-?i|rotations?|hands[\s-]?on"
    r"|us clinical|clinical experience)\b"
)

_LETTER_WORDS = (
    ("letters_im", "IM"),
    ("letters_psych", "psychiatry"),
    ("letters_medpsych", "consult-liaison / med-psych"),
    ("letters_other", "other"),
)


def _letters_words(answers: Answers) -> str:
    said = [f"{answers[name]} {words}" for name, words in _LETTER_WORDS if answers.get(name)]
    return ", ".join(said) or "None yet"


_EXAM_OPTIONS = lambda prefix: (  # noqa: E731 - a tiny table builder reads best inline
    Option("Passed", {f"{prefix}_status": ExamStatus.PASSED}),
    Option("Failed, not passed yet", {f"{prefix}_status": ExamStatus.FAILED}),
    Option("Not taken yet", {f"{prefix}_status": ExamStatus.NOT_TAKEN}),
)

QUESTIONS: tuple[Question, ...] = (
    _q(
        "ask_name",
        ("name",),
        "What should I call you? (optional — type `skip` to leave it)",
        parse_name,
        optional=True,
        label="name",
    ),
    _q(
        "ask_visa",
        ("visa",),
        "Your citizenship and visa: which fits you?",
        parse_visa,
        options=(
            Option("US citizen", {"visa": Visa.US_CITIZEN}),
            Option("Green card", {"visa": Visa.GREEN_CARD}),
            Option("Need a J-1", {"visa": Visa.NEEDS_J1}),
            Option("Need an H-1B", {"visa": Visa.NEEDS_H1B}),
            Option("Not sure", {"visa": Visa.NOT_SURE}),
        ),
        label="visa",
        topic=Topic(
            re.compile(
                r"\b(j[\s-]?1|h[\s-]?1[\s-]?b?|green ?card|citizen|visa|permanent resident)\b"
            ),
            parse_visa,
        ),
    ),
    _q(
        "ask_graduation_year",
        ("graduation_year",),
        "Which year did you graduate from medical school (or will you)? e.g. 2019",
        parse_graduation,
        label="graduation",
        topic=Topic(re.compile(r"\b(yog|graduat\w*|grad|class of|passed out)\b"), parse_graduation),
    ),
    _q(
        "ask_match_year",
        ("match_year",),
        "Which Match are you aiming for? e.g. 2028 (the Match is held each March)",
        parse_match_year,
        label="match",
        topic=Topic(re.compile(r"\b(match|cycle|season|applying (for|in))\b"), parse_match_year),
    ),
    _q(
        "ask_step1_status",
        ("step1_status", "step1_attempts", "step1_score"),
        "USMLE Step 1: where do you stand? You can also write it your way, "
        'e.g. "failed once, passed on 2nd attempt".',
        partial(exams.parse_exam, prefix="step1"),
        options=_EXAM_OPTIONS("step1"),
        label="step1",
        topic=_exam_topic(
            r"\b(step\s?1|step one|s1)\b", partial(exams.parse_exam, prefix="step1"), rank=1
        ),
    ),
    _q(
        "ask_step1_attempts",
        ("step1_attempts",),
        "How many Step 1 attempts in total, counting the latest?",
        partial(exams.parse_attempts, prefix="step1"),
        options=(
            Option("1", {"step1_attempts": 1}),
            Option("2", {"step1_attempts": 2}),
            Option("3", {"step1_attempts": 3}),
            Option("4 or more", {"step1_attempts": 4}),
        ),
        relevant=_took("step1"),
        label="step1 attempts",
        parent="ask_step1_status",
    ),
    _q(
        "ask_step1_score",
        ("step1_score",),
        "Step 1 taken before 26 January 2022 has a three-digit score: type it (e.g. 221). "
        'If yours was pass/fail, tap "Pass/fail only".',
        exams.parse_step1_score,
        options=(Option("Pass/fail only", {"step1_score": None}),),
        relevant=_is("step1_status", ExamStatus.PASSED),
        optional=True,
        label="step1 score",
        parent="ask_step1_status",
    ),
    _q(
        "ask_step2_status",
        ("step2_status", "step2_attempts", "step2_score"),
        "Step 2 CK: where do you stand? If you have a score, just type it (e.g. 238).",
        partial(exams.parse_exam, prefix="step2"),
        options=_EXAM_OPTIONS("step2"),
        label="step2",
        topic=_exam_topic(
            r"\b(step\s?2|step two|s2|2?ck|step 2 ck)\b",
            partial(exams.parse_exam, prefix="step2"),
            rank=2,
        ),
    ),
    _q(
        "ask_step2_planned",
        ("step2_planned",),
        'When do you plan to take Step 2 CK? A month and year, e.g. "March 2027".',
        month_or_not_yet("step2_planned", "your Step 2 CK date"),
        relevant=_is("step2_status", ExamStatus.NOT_TAKEN, ExamStatus.FAILED),
        optional=True,
        label="step2 date",
        parent="ask_step2_status",
    ),
    _q(
        "ask_step2_score",
        ("step2_score",),
        "What was your Step 2 CK score? e.g. 238",
        partial(exams.parse_score, field="step2_score"),
        relevant=_is("step2_status", ExamStatus.PASSED),
        label="step2 score",
        parent="ask_step2_status",
    ),
    _q(
        "ask_step2_attempts",
        ("step2_attempts",),
        "How many Step 2 CK attempts in total, counting the latest?",
        partial(exams.parse_attempts, prefix="step2"),
        options=(
            Option("1", {"step2_attempts": 1}),
            Option("2", {"step2_attempts": 2}),
            Option("3", {"step2_attempts": 3}),
            Option("4 or more", {"step2_attempts": 4}),
        ),
        relevant=_took("step2"),
        label="step2 attempts",
        parent="ask_step2_status",
    ),
    _q(
        "ask_step3_status",
        ("step3_status", "step3_score"),
        "Step 3: which fits you?",
        exams.parse_step3,
        options=(
            Option("Not planned", {"step3_status": Step3Status.NOT_PLANNED}),
            Option("Planned", {"step3_status": Step3Status.PLANNED}),
            Option("Passed", {"step3_status": Step3Status.PASSED}),
            Option("Failed", {"step3_status": Step3Status.FAILED}),
        ),
        label="step3",
        topic=_exam_topic(r"\b(step\s?3|step three|s3|usmle 3)\b", exams.parse_step3, rank=3),
    ),
    _q(
        "ask_step3_planned",
        ("step3_planned",),
        'When do you plan to take Step 3? A month and year, e.g. "June 2027".',
        month_or_not_yet("step3_planned", "your Step 3 date"),
        relevant=_is("step3_status", Step3Status.PLANNED),
        optional=True,
        label="step3 date",
        parent="ask_step3_status",
    ),
    _q(
        "ask_step3_attempts",
        ("step3_attempts",),
        "How many Step 3 attempts in total, counting the latest? (optional)",
        partial(exams.parse_attempts, prefix="step3"),
        options=(
            Option("1", {"step3_attempts": 1}),
            Option("2", {"step3_attempts": 2}),
            Option("3", {"step3_attempts": 3}),
            Option("4 or more", {"step3_attempts": 4}),
        ),
        relevant=_took("step3"),
        optional=True,
        label="step3 attempts",
        parent="ask_step3_status",
    ),
    _q(
        "ask_step3_score",
        ("step3_score",),
        "Your Step 3 score? e.g. 225 (optional)",
        partial(exams.parse_score, field="step3_score"),
        relevant=_is("step3_status", Step3Status.PASSED),
        optional=True,
        label="step3 score",
        parent="ask_step3_status",
    ),
    _q(
        "ask_usce_months",
        ("usce_months", "usce_hands_on_months", "usce_fields"),
        "US clinical experience: how many months in total? Add details if you like, "
        'e.g. "6 mo, 3 hands-on IM", or "none".',
        usce.parse_usce,
        options=(
            Option("None yet", {"usce_months": 0, "usce_hands_on_months": 0, "usce_fields": []}),
        ),
        label="usce",
        topic=Topic(
            re.compile(rf"{_USCE_NAMED}|\b(months?|mos?|weeks?)\b"),
            usce.parse_usce,
            # "Months" or "weeks" alone do not name it: "in 3 months" answers when a Step is
            # planned.
            clear=re.compile(_USCE_NAMED),
        ),
    ),
    _q(
        "ask_usce_hands_on",
        ("usce_hands_on_months",),
        "How many of those months were hands-on (externship, elective, sub-internship) "
        "rather than observership?",
        usce.parse_hands_on,
        options=(
            Option("All hands-on", {"usce_hands_on_months": "all"}),
            Option("Observership only", {"usce_hands_on_months": 0}),
        ),
        relevant=_has_usce,
        label="hands-on",
        parent="ask_usce_months",
    ),
    _q(
        "ask_usce_fields",
        ("usce_fields",),
        'Which fields was it in? Tap one, or type several, e.g. "1, 2".',
        usce.parse_fields,
        options=(
            Option("Internal medicine", {"usce_fields": [Specialty.IM]}),
            Option("Psychiatry", {"usce_fields": [Specialty.PSYCHIATRY]}),
            Option("Consult-liaison / med-psych", {"usce_fields": [Specialty.CL_PSYCHIATRY]}),
            Option("Other", {"usce_fields": [Specialty.OTHER]}),
        ),
        multi=True,
        relevant=_has_usce,
        label="usce fields",
        parent="ask_usce_months",
    ),
    _q(
        "ask_letters",
        ("letters_im", "letters_psych", "letters_medpsych", "letters_other"),
        "US letters of recommendation: how many, from which specialty? "
        'e.g. "2 IM, 1 psych, 1 CL", or "none".',
        a.parse_letters,
        options=(
            Option(
                "None yet",
                {"letters_im": 0, "letters_psych": 0, "letters_medpsych": 0, "letters_other": 0},
            ),
        ),
        label="letters",
        words=_letters_words,
        topic=Topic(
            re.compile(r"\b(lors?|letters?|recommendations?)\b"),
            a.parse_letters,
            also=("ask_usce_months",),
        ),
    ),  # letters come from observerships
    _q(
        "ask_scholarship",
        ("scholarship",),
        "Any research, QI projects or publications related to medicine and psychiatry? "
        "Tap one, or type several.",
        a.parse_scholarship,
        options=(
            Option("None", {"scholarship": []}),
            Option("Research", {"scholarship": [Scholarship.RESEARCH]}),
            Option("QI project", {"scholarship": [Scholarship.QI]}),
            Option("Publication or poster", {"scholarship": [Scholarship.PUBLICATION]}),
        ),
        multi=True,
        label="research",
    ),
    _q(
        "ask_interests",
        ("interests",),
        'What draws you to med-psych? Tap one, or type several, e.g. "1, 2" (optional).',
        a.parse_interests,
        options=(
            Option("Consult-liaison", {"interests": [Interest.CONSULT_LIAISON]}),
            Option("Addiction", {"interests": [Interest.ADDICTION]}),
            Option("Integrated care", {"interests": [Interest.INTEGRATED_CARE]}),
            Option("Serious mental illness", {"interests": [Interest.SERIOUS_MENTAL_ILLNESS]}),
            Option("Global mental health", {"interests": [Interest.GLOBAL_MENTAL_HEALTH]}),
            Option("Underserved care", {"interests": [Interest.UNDERSERVED]}),
            Option("Research / academic", {"interests": [Interest.RESEARCH_ACADEMIC]}),
        ),
        multi=True,
        optional=True,
        label="interests",
    ),
    _q(
        "ask_timezone",
        ("timezone",),
        "Last one: your time zone, so reminders arrive at the right hour. "
        'Type a city ("Cairo") or a zone ("UTC+5"), or `skip` for UTC.',
        parse_timezone,
        optional=True,
        label="timezone",
    ),
)

QUESTIONS_BY_STATE: dict[str, Question] = {q.state: q for q in QUESTIONS}
