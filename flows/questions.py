"""The interview's questions as data: wording, choices, parser and when each applies.

The option tables are in flows/question_options.py, the topics an introduction is read by in
flows/question_topics.py, and the types and conditions in flows/question_types.py.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flows import answers as a
from flows import exams, plans, usce
from flows import question_options as opts
from flows import question_topics as topics
from flows.names import parse_name
from flows.options import Option, from_options
from flows.parsing import Parser
from flows.profile import ExamStatus, Step3Status, Visa
from flows.question_types import (
    HAS_USCE,
    NEAR_MATCH,
    SPLIT_UNCLEAR,
    Answers,
    Question,
    answer_is,
    has_items,
    took,
)
from flows.timing import month_or_not_yet, parse_graduation, parse_match_year
from flows.visa import parse_visa
from flows.zones import parse_timezone


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


_LETTER_WORDS = (
    ("letters_im", "IM"),
    ("letters_psych", "psychiatry"),
    ("letters_medpsych", "consult-liaison / med-psych"),
    ("letters_other", "other"),
)


def _letters_words(answers: Answers) -> str:
    said = [f"{answers[name]} {words}" for name, words in _LETTER_WORDS if answers.get(name)]
    return ", ".join(said) or "None yet"


_SPLIT_WORDS = (
    ("usce_im_hands_on_months", "IM hands-on"),
    ("usce_im_observer_months", "IM observership"),
    ("usce_psych_hands_on_months", "psychiatry hands-on"),
    ("usce_psych_observer_months", "psychiatry observership"),
)


def _split_words(answers: Answers) -> str:
    said = [f"{answers[name]:g} {words}" for name, words in _SPLIT_WORDS if answers.get(name)]
    cl = {True: "some CL", False: "no CL", None: ""}[answers.get("usce_cl")]
    return ", ".join([*said, *([cl] if cl else [])]) or "None in IM or psychiatry"


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
        ("visa", "visa_preference"),
        "Your citizenship and visa: which fits you?",
        parse_visa,
        options=opts.VISA,
        label="visa",
        topic=topics.VISA,
    ),
    _q(
        "ask_graduation_year",
        ("graduation_year",),
        "Which year did you graduate from medical school (or will you)? e.g. 2019",
        parse_graduation,
        label="graduation",
        topic=topics.GRADUATION,
    ),
    _q(
        "ask_match_year",
        ("match_year",),
        "Which Match are you aiming for? e.g. 2028 (the Match is held each March)",
        parse_match_year,
        label="match",
        topic=topics.MATCH,
    ),
    _q(
        "ask_student",
        ("student",),
        "Are you still in medical school? (optional)",
        plans.parse_student,
        options=opts.STUDENT,
        relevant=NEAR_MATCH,
        optional=True,
        label="student",
        topic=topics.STUDENT,
    ),
    _q(
        "ask_step1_status",
        ("step1_status", "step1_attempts", "step1_score"),
        "USMLE Step 1: where do you stand? You can also write it your way, "
        'e.g. "failed once, passed on 2nd attempt".',
        partial(exams.parse_exam, prefix="step1"),
        options=opts.exam_status("step1"),
        label="step1",
        topic=topics.STEP1,
    ),
    _q(
        "ask_step1_attempts",
        ("step1_attempts",),
        "How many Step 1 attempts in total, counting the latest?",
        partial(exams.parse_attempts, prefix="step1"),
        options=opts.attempts("step1"),
        relevant=took("step1"),
        label="step1 attempts",
        parent="ask_step1_status",
    ),
    _q(
        "ask_step1_score",
        ("step1_score",),
        "Step 1 taken before 26 January 2022 has a three-digit score: type it (e.g. 221). "
        'If yours was pass/fail, tap "Pass/fail only".',
        exams.parse_step1_score,
        options=opts.STEP1_SCORE,
        relevant=answer_is("step1_status", ExamStatus.PASSED),
        optional=True,
        label="step1 score",
        parent="ask_step1_status",
    ),
    _q(
        "ask_step2_status",
        ("step2_status", "step2_attempts", "step2_score"),
        "Step 2 CK: where do you stand? If you have a score, just type it (e.g. 238).",
        partial(exams.parse_exam, prefix="step2"),
        options=opts.exam_status("step2", booked=True),
        label="step2",
        topic=topics.STEP2,
    ),
    _q(
        "ask_step2_planned",
        ("step2_planned",),
        'When do you plan to take Step 2 CK? A month and year, e.g. "March 2027".',
        month_or_not_yet("step2_planned", "your Step 2 CK date"),
        relevant=answer_is(
            "step2_status", ExamStatus.NOT_TAKEN, ExamStatus.FAILED, ExamStatus.SCHEDULED
        ),
        optional=True,
        label="step2 date",
        parent="ask_step2_status",
    ),
    _q(
        "ask_step2_score",
        ("step2_score",),
        "What was your Step 2 CK score? e.g. 238",
        partial(exams.parse_score, field="step2_score"),
        relevant=answer_is("step2_status", ExamStatus.PASSED),
        label="step2 score",
        parent="ask_step2_status",
    ),
    _q(
        "ask_step2_attempts",
        ("step2_attempts",),
        "How many Step 2 CK attempts in total, counting the latest?",
        partial(exams.parse_attempts, prefix="step2"),
        options=opts.attempts("step2"),
        relevant=took("step2"),
        label="step2 attempts",
        parent="ask_step2_status",
    ),
    _q(
        "ask_step3_status",
        ("step3_status", "step3_score", "step3_attempts"),
        "Step 3: which fits you?",
        exams.parse_step3,
        options=opts.STEP3,
        label="step3",
        topic=topics.STEP3,
    ),
    _q(
        "ask_step3_planned",
        ("step3_planned",),
        'When do you plan to take Step 3? A month and year, e.g. "June 2027".',
        month_or_not_yet("step3_planned", "your Step 3 date"),
        relevant=answer_is("step3_status", Step3Status.PLANNED),
        optional=True,
        label="step3 date",
        parent="ask_step3_status",
    ),
    _q(
        "ask_step3_attempts",
        ("step3_attempts",),
        "How many Step 3 attempts in total, counting the latest? (optional)",
        partial(exams.parse_attempts, prefix="step3"),
        options=opts.attempts("step3"),
        relevant=took("step3"),
        optional=True,
        label="step3 attempts",
        parent="ask_step3_status",
    ),
    _q(
        "ask_step3_score",
        ("step3_score",),
        "Your Step 3 score? e.g. 225 (optional)",
        partial(exams.parse_score, field="step3_score"),
        relevant=answer_is("step3_status", Step3Status.PASSED),
        optional=True,
        label="step3 score",
        parent="ask_step3_status",
    ),
    _q(
        "ask_visa_preference",
        ("visa_preference",),
        "Would a J-1 do for you, or only an H-1B? (optional)",
        plans.parse_visa_preference,
        options=opts.VISA_PREFERENCE,
        relevant=answer_is("visa", Visa.NEEDS_H1B, Visa.NOT_SURE),
        optional=True,
        label="visa preference",
        parent="ask_visa",
    ),
    _q(
        "ask_usce_months",
        ("usce_months", "usce_hands_on_months", "usce_fields"),
        "US clinical experience: how many months in total? Add details if you like, "
        'e.g. "6 mo, 3 hands-on IM", or "none".',
        usce.parse_usce,
        options=opts.USCE,
        label="usce",
        topic=topics.USCE,
    ),
    _q(
        "ask_usce_hands_on",
        ("usce_hands_on_months",),
        "How many of those months were hands-on (externship, elective, sub-internship) "
        "rather than observership?",
        usce.parse_hands_on,
        options=opts.HANDS_ON,
        relevant=HAS_USCE,
        label="hands-on",
        parent="ask_usce_months",
    ),
    _q(
        "ask_usce_fields",
        ("usce_fields",),
        'Which fields was it in? Tap one, or type several, e.g. "1, 2".',
        usce.parse_fields,
        options=opts.USCE_FIELDS,
        multi=True,
        relevant=HAS_USCE,
        label="usce fields",
        parent="ask_usce_months",
    ),
    _q(
        "ask_usce_split",
        (
            "usce_im_hands_on_months",
            "usce_im_observer_months",
            "usce_psych_hands_on_months",
            "usce_psych_observer_months",
            "usce_cl",
        ),
        "Per field, how much was hands-on and how much observership? Say if any was "
        'consult-liaison (CL), e.g. "IM 3 hands-on, psych 2 observership, CL". (optional)',
        usce.parse_usce_split,
        relevant=SPLIT_UNCLEAR,
        optional=True,
        label="usce per field",
        words=_split_words,
        parent="ask_usce_months",
    ),
    _q(
        "ask_letters",
        # "2 IM, 3 from home" also answers letters_home (ask_letters_home then is done).
        ("letters_im", "letters_psych", "letters_medpsych", "letters_other"),
        "US letters of recommendation: how many, from which specialty? "
        'e.g. "2 IM, 1 psych, 1 CL", or "none".',
        a.parse_letters,
        options=opts.LETTERS,
        label="letters",
        words=_letters_words,
        topic=topics.LETTERS,
    ),
    _q(
        "ask_letters_home",
        ("letters_home",),
        "And letters from your home country (not the US)? A number, or `skip`. (optional)",
        plans.parse_home_letters,
        options=opts.HOME_LETTERS,
        optional=True,
        label="home letters",
        parent="ask_letters",
    ),
    _q(
        "ask_scholarship",
        ("scholarship",),
        "Any research, QI projects or publications related to medicine and psychiatry? "
        "Tap one, or type several.",
        a.parse_scholarship,
        options=opts.SCHOLARSHIP,
        multi=True,
        label="research",
    ),
    _q(
        "ask_scholarship_topic",
        ("scholarship_topic",),
        'In a few words, what was it about? e.g. "delirium screening on a medicine ward". '
        "(optional)",
        plans.parse_project_topic,
        relevant=has_items("scholarship"),
        optional=True,
        label="research topic",
    ),
    _q(
        "ask_interests",
        ("interests",),
        'What draws you to med-psych? Tap one, or type several, e.g. "1, 2" (optional).',
        a.parse_interests,
        options=opts.INTERESTS,
        multi=True,
        optional=True,
        label="interests",
    ),
    _q(
        "ask_tracks",
        ("tracks",),
        "Besides med-psych, will you also apply to categorical psychiatry or internal "
        "medicine? (optional)",
        plans.parse_tracks,
        options=opts.TRACKS,
        optional=True,
        label="tracks",
        topic=topics.TRACKS,
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
