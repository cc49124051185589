"""How the interview keeps answers: validated as one profile, the questions they answer
marked done, and what no longer applies forgotten."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from flows.profile import Profile
from flows.progress import InterviewState
from flows.question_types import Question


def replaced_fields(
    questions: tuple[Question, ...], st: InterviewState, values: dict[str, Any]
) -> set[str]:
    """The stored fields `values` replace. As with one answer, a question answered again
    drops what it had covered before ("passed" drops the attempts of "failed once, then
    passed"), except where its main answer stays and a detail is corrected ("CK passed,
    240" keeps the attempts)."""
    out: set[str] = set()
    for q in questions:
        main = q.fields[0]
        if main not in values:
            continue
        detail = values[main] == st.answers.get(main) and any(f in values for f in q.fields[1:])
        out.update(f for f in q.fields if not detail or f in values)
    return out


def store(
    questions: tuple[Question, ...],
    st: InterviewState,
    merged: dict[str, Any],
    values: dict[str, Any],
    replaced: set[str],
) -> bool:
    """Keep `merged` as the answers if valid; mark the questions `values` answered, and
    unmark follow-ups whose answers were `replaced` and not given again."""
    try:
        profile = Profile.model_validate({k: v for k, v in merged.items() if v is not None})
    except ValidationError:
        return False
    st.answers = profile.filled()
    for other in questions:
        if other.fields[0] in values and other.state not in st.done:
            st.done.append(other.state)
        if other.fields[0] in replaced and other.fields[0] not in values and other.state in st.done:
            st.done.remove(other.state)  # a follow-up whose answer was just cleared
    return True


def prune(questions: tuple[Question, ...], st: InterviewState) -> None:
    """Forget answers to questions that no longer apply (e.g. a CK score after "fail")."""
    for q in questions:
        if not q.relevant(st.answers):
            for name in q.fields:
                owner_relevant = any(
                    o.fields[0] == name and o.relevant(st.answers) for o in questions if o is not q
                )
                if not owner_relevant:
                    st.answers.pop(name, None)
            if q.state in st.done:
                st.done.remove(q.state)
