"""What an interview question is: the Question, how an introduction finds its answer (Topic),
and when it applies (When, with the conditions the question table uses)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flows.options import Option
from flows.parsing import Parser
from flows.profile import ExamStatus

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


def took(prefix: str) -> When:
    """Asked once this Step is taken: passed or failed."""
    return When(
        f"{prefix} taken",
        lambda ans: ans.get(f"{prefix}_status") in (ExamStatus.PASSED, ExamStatus.FAILED),
    )


def answer_is(field: str, *values: Any) -> When:
    """Asked when `field` holds one of `values`."""
    return When(
        f"{field} is {' or '.join(str(v) for v in values)}", lambda ans: ans.get(field) in values
    )


HAS_USCE = When("usce_months > 0", lambda ans: (ans.get("usce_months") or 0) > 0)


def has_items(field: str) -> When:
    """Asked when the list answer `field` holds at least one item (not "none")."""
    return When(f"{field} is not empty", lambda ans: bool(ans.get(field)))


def _near_match(ans: Answers) -> bool:
    grad, match = ans.get("graduation_year"), ans.get("match_year")
    return grad is not None and match is not None and grad >= match - 2


# Graduating at most two years before the Match: maybe still in medical school.
NEAR_MATCH = When("graduation_year >= match_year - 2", _near_match)


def _split_unclear(ans: Answers) -> bool:
    """Whether the totals leave the months per field unknown (knowledge/derived.py reads
    them from the totals where they are clear)."""
    months, hands_on = ans.get("usce_months") or 0, ans.get("usce_hands_on_months")
    fields = set(ans.get("usce_fields") or ())
    im = "im" in fields
    psych = bool(fields & {"psychiatry", "cl_psychiatry"})
    if months <= 0 or not (im or psych):
        return False
    mixed = not isinstance(hands_on, int | float) or 0 < hands_on < months
    return mixed or (im and psych)


SPLIT_UNCLEAR = When("months per field not clear from the totals", _split_unclear)
