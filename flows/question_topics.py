"""How an introduction names each question it can answer: the words of each topic and the
parser that reads the clauses about it (the Topic type is in flows/question_types.py)."""

from __future__ import annotations

import re
from functools import partial

from flows import answers, exams, plans, usce
from flows.parsing import Parser
from flows.question_types import Topic
from flows.timing import parse_graduation, parse_match_year
from flows.visa import parse_visa


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

VISA = Topic(
    re.compile(r"\b(j[\s-]?1|h[\s-]?1[\s-]?b?|green ?card|citizen|visa|permanent resident)\b"),
    parse_visa,
)
GRADUATION = Topic(re.compile(r"\b(yog|graduat\w*|grad|class of|passed out)\b"), parse_graduation)
MATCH = Topic(re.compile(r"\b(match|cycle|season|applying (for|in))\b"), parse_match_year)
STEP1 = _exam_topic(
    r"\b(step\s?1|step one|s1)\b", partial(exams.parse_exam, prefix="step1"), rank=1
)
STEP2 = _exam_topic(
    r"\b(step\s?2|step two|s2|2?ck|step 2 ck)\b", partial(exams.parse_exam, prefix="step2"), rank=2
)
STEP3 = _exam_topic(r"\b(step\s?3|step three|s3|usmle 3)\b", exams.parse_step3, rank=3)
USCE = Topic(
    re.compile(rf"{_USCE_NAMED}|\b(months?|mos?|weeks?)\b"),
    usce.parse_usce,
    # "Months" or "weeks" alone do not name it: "in 3 months" answers when a Step is planned.
    clear=re.compile(_USCE_NAMED),
)
STUDENT = Topic(
    re.compile(
        r"\b(med(ical)? student|final[\s-]year|still (a student|in (med(ical)? )?school)"
        r"|i'?m a student|i am a student)\b"
    ),
    plans.parse_student,
)
TRACKS = Topic(
    re.compile(r"\b(categorical|med[\s-]?psych only|only med[\s-]?psych)\b"), plans.parse_tracks
)
LETTERS = Topic(
    re.compile(r"\b(lors?|letters?|recommendations?)\b"),
    answers.parse_letters,
    also=("ask_usce_months",),  # letters come from observerships
)
