"""One interview script for every test: answers keyed by question state, not by position.

A test that needs a finished interview (or one stopped at a given question) runs a driver
with `SCRIPT`, or with `SCRIPT.with_(ask_visa="H1B")` where its answers matter. A driver
answers whatever the bot asks: the question is read from the latest replies (the prompt
text of `flows.questions`, or the state in an `a:<state>:<i>` / `s:<state>` button
payload), so adding or reordering a question needs no change here unless it is required
and has no sensible default (then one line in `DEFAULT_ANSWERS`). Optional questions the
script does not name are skipped.

Counts come from the flow too: `question_count()` is what "Question 1 of N" says.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from flows.interview import Interview, InterviewState
from flows.question_types import Question
from flows.questions import QUESTIONS

SKIP = "skip"
TODAY = date(2026, 11, 22)  # the fixed day the test advisors run on
# The first words of the messages that bring the plan: at the end, and after an edit.
PLAN_ARRIVED = ("That's everything", "Updated. Here is your plan")

# One answer per required question; optional ones are skipped unless a test names them.
DEFAULT_ANSWERS: Mapping[str, str] = MappingProxyType(
    {
        "ask_visa": "J1",
        "ask_graduation_year": "2019",
        "ask_match_year": "2028",
        "ask_step1_status": "passed",
        "ask_step1_attempts": "1",
        "ask_step2_status": "passed",
        "ask_step2_score": "240",
        "ask_step2_attempts": "1",
        "ask_step3_status": "not planned",
        "ask_usce_months": "none",
        "ask_usce_hands_on": "All hands-on",
        "ask_usce_fields": "1",
        "ask_letters": "none",
        "ask_scholarship": "none",
    }
)

_PAYLOAD = re.compile(r"(?:a:(?P<answer>[\w-]+):\d+|s:(?P<skip>[\w-]+))")


@dataclass(frozen=True, slots=True)
class Shown:
    """One message as a driver reads it: its text and its buttons (payloads and labels)."""

    text: str
    payloads: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


def _plain(text: str) -> str:
    """Text without Markdown marks or line breaks, as every platform shows it."""
    return " ".join(re.sub(r"[`*_]", "", text).split())


@dataclass(frozen=True, slots=True)
class Script:
    """Answers by question state, for the questions of one flow."""

    answers: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_ANSWERS))
    questions: tuple[Question, ...] = QUESTIONS

    def with_(self, **answers: str) -> Script:
        """The same script with some answers replaced: `SCRIPT.with_(ask_visa="H1B")`."""
        unknown = set(answers) - {q.state for q in self.questions}
        assert not unknown, f"no such questions: {sorted(unknown)}"
        return replace(self, answers={**self.answers, **answers})

    def using(self, questions: tuple[Question, ...]) -> Script:
        """The same answers for another flow's questions."""
        return replace(self, questions=questions)

    def answer(self, state: str) -> str:
        """What to reply to the question `state`: its scripted answer, else `skip`."""
        if state in self.answers:
            return self.answers[state]
        question = next((q for q in self.questions if q.state == state), None)
        assert question is not None, f"{state!r} is not a question of this flow"
        assert question.optional, (
            f"no scripted answer for the required question {state} "
            f"({question.prompt!r}): add one to DEFAULT_ANSWERS"
        )
        return SKIP

    def state_in(self, message: Shown) -> str | None:
        """The question one message asks: by a button payload, else by its prompt text (the
        prompt that appears last, so a read-back of an earlier answer does not count)."""
        states = {q.state for q in self.questions}
        for payload in message.payloads:
            found = _PAYLOAD.fullmatch(payload)
            state = found and (found["answer"] or found["skip"])
            if state in states:
                return state
        text = _plain(message.text)
        prompts = [(_plain(q.prompt), q.state) for q in self.questions]
        place, _, state = max((text.rfind(p), len(p), state) for p, state in prompts)
        return state if place >= 0 else None

    def asked(self, messages: Sequence[Shown]) -> tuple[str, Shown] | None:
        """The question the latest of these messages asks, with the message asking it."""
        for message in reversed(messages):
            state = self.state_in(message)
            if state is not None:
                return state, message
        return None


SCRIPT = Script()


def plan_arrived(messages: Sequence[Shown]) -> bool:
    """Whether these messages bring the plan at the end of the interview."""
    return any(words in m.text for m in messages for words in PLAN_ARRIVED)


def question_count(
    answers: Mapping[str, Any] | None = None, interview: Interview | None = None
) -> int:
    """How many questions the flow counts for these answers: the N of "Question 1 of N"."""
    return len((interview or Interview()).relevant(dict(answers or {})))


def _turns(script: Script) -> int:
    """Enough turns for every question twice over (one may be asked again after an edit)."""
    return 2 * len(script.questions) + 4


def _gist(messages: Sequence[Shown]) -> str:
    return " | ".join(m.text[-200:] for m in messages[-3:])


Reply = Callable[[str, Shown], Awaitable[Sequence[Shown]]]


async def drive(
    script: Script, shown: Sequence[Shown], reply: Reply, *, until: str | None = None
) -> Sequence[Shown]:
    """Answer whatever `shown` asks, with `reply(answer, question_message)` returning what
    the bot shows next, until the plan arrives (or the question `until` is asked).

    Returns the latest messages: those with the plan, or those asking `until`. Fails naming
    the question when the bot asks it again and again, or asks nothing.
    """
    asked: list[str] = []
    for _ in range(_turns(script)):
        found = script.asked(shown)
        if found is not None and found[0] == until:
            return shown
        if plan_arrived(shown):
            assert until is None, f"the plan arrived before {until} was asked"
            return shown
        assert found is not None, (
            f"no question and no plan after {asked[-1:] or 'the start'}: {_gist(shown)}"
        )
        state, message = found
        assert asked[-2:] != [state, state], (
            f"stuck at {state}: {script.answer(state)!r} is asked again and again: {_gist(shown)}"
        )
        asked.append(state)
        shown = await reply(script.answer(state), message)
    raise AssertionError(f"no plan after {_turns(script)} answers; still at {asked[-1]}")


def answer_interview(
    interview: Interview,
    st: InterviewState,
    script: Script = SCRIPT,
    *,
    until: str | None = None,
    today: date = TODAY,
) -> list[str]:
    """Answer `interview` directly from where `st` is until it is done (or at `until`);
    return the states answered, in order."""
    script = (
        script if script.questions == interview.questions else script.using(interview.questions)
    )
    answered: list[str] = []
    for _ in range(_turns(script)):
        question = interview.question(st)
        if question is None or question.state == until:
            assert question is not None or until is None, (
                f"the interview ended before {until} was asked"
            )
            return answered
        text = script.answer(question.state)
        step = interview.skip(st) if text == SKIP else interview.answer(st, text, today)
        assert step.ok, f"{question.state}: {text!r} was refused: {step.error}"
        answered.append(question.state)
    raise AssertionError(f"the interview is not done after {len(answered)} answers: {st.state}")


def script_lines(script: Script = SCRIPT, *, until: str | None = None) -> list[str]:
    """The answers `script` gives, in the order the flow asks for them: input to pipe into
    the console, which cannot be answered as it asks."""
    interview = Interview(questions=script.questions)
    return [
        script.answer(state)
        for state in answer_interview(interview, interview.new_state(), script, until=until)
    ]
