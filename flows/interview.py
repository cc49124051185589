"""The interview as one shared `transitions` state machine; per-user state is plain data.

States are the question ids ("ask_visa", …) in interview order, plus "done". The machine is
a ring of `advance` transitions, each state to the next and "done" back to the first
question. Moving on (`next_needed`) advances past every question that does not apply (its
`when`) or is answered already, so it stops at the next one needed or at "done"; after an
answer it starts from "done" (`resume`), so the first question still needed is asked next,
wherever an `edit` had jumped to. `restart` goes from every
state to the first question. `back` and `edit` go where the data says (the question shown
before, the one named) and so are jumps, not edges of the map. Drawn in interview.mmd.

No Machine is built per user: the shared machine moves a small `InterviewState` passed in
for one message (transitions resolves a model's state through its `state` attribute).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from transitions import Machine

from flows.answer_store import prune, replaced_fields, store
from flows.options import pick_options
from flows.progress import InterviewState, Prompt, Step, Update
from flows.question_names import find_question
from flows.question_types import Question
from flows.questions import QUESTIONS
from flows.readback import describe_value, read_back, stored_answers

__all__ = ["DONE", "FLOW_VERSION", "Interview", "InterviewState", "Prompt", "Step", "Update"]

FLOW_VERSION = 1
DONE = "done"


class Interview:
    """The interview flow shared by every user and platform."""

    def __init__(self, questions: tuple[Question, ...] = QUESTIONS) -> None:
        self.questions = questions
        self.by_state = {q.state: q for q in questions}
        states = [q.state for q in questions] + [DONE]
        self.machine = Machine(
            model=None,
            states=states,
            initial=states[0],
            send_event=True,
            auto_transitions=False,
            model_attribute="state",
        )
        for here, after in zip(states, states[1:] + states[:1], strict=True):
            self.machine.add_transition("advance", here, after)
        self.machine.add_transition("restart", "*", states[0])

    def _needed(self, q: Question, st: InterviewState) -> bool:
        return q.relevant(st.answers) and q.state not in st.done

    def next_needed(self, st: InterviewState) -> None:
        """Advance to the next question that applies and is not answered yet, or "done"."""
        self._fire("advance", st)
        while st.state != DONE and not self._needed(self.by_state[st.state], st):
            self._fire("advance", st)

    def _fire(self, trigger: str, st: InterviewState) -> None:
        self.machine.events[trigger].trigger(st)

    def _jump(self, st: InterviewState, state: str) -> None:
        self.machine.set_state(state, model=st)

    def new_state(self) -> InterviewState:
        """Return the state of someone who has not answered anything."""
        return InterviewState(state=self.questions[0].state)

    def question(self, st: InterviewState) -> Question | None:
        """Return the question the user is on, or None when finished."""
        return self.by_state.get(st.state)

    def relevant(self, answers: dict[str, Any]) -> list[Question]:
        """Return the questions that apply to these answers, in order."""
        return [q for q in self.questions if q.relevant(answers)]

    def stored(self, answers: dict[str, Any]) -> list[tuple[str, str]]:
        """(label, value in words) for each stored answer, in interview order, each once.

        A question that sets several fields (Step 1 status, attempts and score) shows only
        those that no later relevant question asks for itself.
        """
        return stored_answers(self.relevant(answers), answers)

    def prompt(self, st: InterviewState) -> Prompt | None:
        """Describe the current question, with progress ("4 of 12")."""
        q = self.question(st)
        if q is None:
            return None
        relevant = [r.state for r in self.relevant(st.answers)]
        # Counted from what is done, so the questions an introduction answered count too and
        # the number only goes up ("8 of 18", "9 of 18"; not "1", then "4", then "9").
        position = 1 + sum(1 for r in relevant if r != q.state and r in st.done)
        current = None
        if q.fields[0] in st.answers:  # going back or editing: the question's own place
            position = relevant.index(q.state) + 1 if q.state in relevant else len(relevant)
            follow_ups = [
                o
                for o in self.relevant(st.answers)
                if o is not q and o.fields[0] in q.fields[1:] and o.fields[0] in st.answers
            ]
            current = (
                read_back(q, st.answers, follow_ups)
                if follow_ups
                else describe_value(q, st.answers)
            )
        return Prompt(
            q.state,
            q.prompt,
            tuple(o.label for o in q.options),
            q.optional,
            position,
            len(relevant),
            current,
        )

    def answer(self, st: InterviewState, text: str, today: date) -> Step:
        """Parse a typed answer to the current question; on success move on."""
        q = self.question(st)
        if q is None:
            return Step(ok=False, error="The interview is complete.")
        parsed = q.parse(text, today)
        if not parsed.ok:
            return Step(ok=False, error=parsed.error)
        changing = q.fields[0] in st.answers  # `edit` or `back`: a stored answer replaced
        step = self._accept(st, q, dict(parsed.values))
        covered = [
            other
            for other in self.relevant(st.answers)
            if other is not q and other.fields[0] in parsed.values
        ]
        if not step.ok or not (covered or changing):
            return step
        # A value answered as "none" (Step 1 "pass/fail": no score) is not stored, but was read.
        read = {**st.answers, **{k: v for k, v in parsed.values.items() if v is None}}
        return replace(step, understood=read_back(q, read, covered))

    def take_intro(self, st: InterviewState, values: dict[str, Any]) -> Step:
        """Store what an introduction stated ("YOG 2018, CK 235, need J1") and move on to the
        first question it left open; `understood` lists what was read."""
        replaced = replaced_fields(self.questions, st, values)
        merged = {k: v for k, v in st.answers.items() if k not in replaced} | values
        if not store(self.questions, st, merged, values, replaced):
            return Step(ok=False, error="not an introduction")
        prune(self.questions, st)
        understood = self.described({**st.answers, **values}, values.keys())
        if st.state in st.done:  # the intro answered the question we were on
            return replace(self._advance(st), understood=understood)
        return Step(ok=True, understood=understood)

    def update_preview(self, st: InterviewState, values: dict[str, Any]) -> Update | None:
        """What taking `values` would change, or None when nothing would change or the
        values don't fit the profile. `st` is left as it was."""
        trial = InterviewState(st.state, dict(st.answers), list(st.done), list(st.history))
        step = self.take_intro(trial, values)
        if not step.ok or trial.answers == st.answers:
            return None
        fields = replaced_fields(self.questions, st, values) | values.keys()
        now, after = self.described(st.answers, fields), step.understood or ""
        return None if now == after else Update(now, after, trial.answers)

    def described(self, answers: dict[str, Any], keys: Iterable[str]) -> str:
        """These fields' answers in words: "step1: Passed · step1 attempts: 2"."""
        wanted = set(keys)
        subset = {k: v for k, v in answers.items() if k in wanted}
        return " · ".join(f"{label}: {value}" for label, value in self.stored(subset))

    def choose(self, st: InterviewState, state: str, index: int) -> Step:
        """Apply a pressed option button; a button for another question is stale."""
        q = self.question(st)
        if q is None or q.state != state or not 0 <= index < len(q.options):
            return Step(ok=False, error="stale")
        picked = pick_options(q.options, str(index + 1), multi=False) or []
        return self._accept(st, q, dict(picked[0].values), label=q.options[index].label)

    def _accept(
        self, st: InterviewState, q: Question, values: dict[str, Any], label: str | None = None
    ) -> Step:
        if values.get("usce_hands_on_months") == "all":
            values["usce_hands_on_months"] = st.answers.get("usce_months", 0)
        merged = {k: v for k, v in st.answers.items() if k not in q.fields} | values
        hands_on, months = merged.get("usce_hands_on_months"), merged.get("usce_months")
        if hands_on is not None and months is not None and hands_on > months:
            return Step(
                ok=False,
                error=f"That's more than your {months:g} months in total. "
                "How many of them were hands-on?",
            )
        if not store(self.questions, st, merged, values, set(q.fields)):
            return Step(ok=False, error="That doesn't look right for this question. " + q.prompt)
        if q.state not in st.done:
            st.done.append(q.state)
        prune(self.questions, st)
        return self._advance(st, label)

    def _advance(self, st: InterviewState, label: str | None = None) -> Step:
        st.history.append(st.state)
        del st.history[:-40]  # `back` needs recent steps only; keep the row small
        # The first question still needed, from the start: after `edit timezone` answered at
        # the first question, the interview goes back to that question instead of ending
        # (or asking on from the time zone); a plan comes only when every answer is in.
        self.resume(st)
        return Step(ok=True, finished=st.state == DONE, label=label)

    def skip(self, st: InterviewState) -> Step:
        """Skip an optional question."""
        q = self.question(st)
        if q is None:
            return Step(ok=False, error="There's no question to skip right now.")
        if not q.optional:
            return Step(
                ok=False,
                error="I need this one for your plan, so it can't be skipped. "
                "Type `help` if you're unsure how to answer.",
            )
        for name in q.fields:
            st.answers.pop(name, None)
        if q.state not in st.done:
            st.done.append(q.state)
        return self._advance(st, label="Skipped")

    def back(self, st: InterviewState) -> Step:
        """Return to the previous question, keeping its answer until replaced."""
        while st.history and st.history[-1] not in self.by_state:
            st.history.pop()
        if not st.history:
            return Step(ok=False, error="This is the first question; there's nothing before it.")
        self._jump(st, st.history.pop())
        if st.state in st.done:
            st.done.remove(st.state)
        return Step(ok=True)

    def resume(self, st: InterviewState) -> None:
        """Move from "done" to the first question still needed (after a flow change)."""
        self._jump(st, DONE)
        self.next_needed(st)

    def restart(self, st: InterviewState) -> None:
        """Start again from the first question, forgetting every answer."""
        st.answers.clear()
        st.done.clear()
        st.history.clear()
        self._fire("restart", st)

    def edit(self, st: InterviewState, name: str) -> Step:
        """Jump to the question that asks about `name` (a label or a field)."""
        q = self.find(name)
        if q is None or not q.relevant(st.answers):
            return Step(
                ok=False,
                error="I can't edit that. You can edit: " + ", ".join(self.editable(st)) + ".",
            )
        if st.state != q.state:
            st.history.append(st.state)
        self._jump(st, q.state)
        if q.state in st.done:
            st.done.remove(q.state)
        return Step(ok=True)

    def find(self, name: str) -> Question | None:
        """Find a question by its label ("step2"), a field ("step2_score") or its state, also
        written as people say it ("my CK score", "step 1", "visa status")."""
        return find_question(self.questions, name)

    def editable(self, st: InterviewState) -> list[str]:
        """Return the labels of the questions that can be edited now."""
        return [q.label for q in self.relevant(st.answers)]
