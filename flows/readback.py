"""Stored answers in words, as the applicant would say them: the buttons' words ("Need a
J-1"), months with their unit, "March 2027", letters as "2 IM, 1 psychiatry"."""

from __future__ import annotations

from typing import Any

from flows.parsing import month_words
from flows.question_types import Question


def describe_value(
    q: Question, answers: dict[str, Any], fields: tuple[str, ...] | None = None
) -> str:
    """Render a question's present answer (or some of its fields) in words."""
    names = q.fields if fields is None else fields
    if q.words is not None and set(names) == set(q.fields):
        return q.words(answers)
    parts = []
    for name in names:
        if name not in answers:
            continue
        value = answers[name]
        label = _option_label(q, name, value)
        if label is not None:
            parts.append((name, label))
            continue
        if value is None:
            continue
        if isinstance(value, list):
            value = ", ".join(_item_label(q, name, v) for v in value) or "none"
        elif isinstance(value, float) and value == int(value):
            value = int(value)
        if name.endswith("_months") and isinstance(value, int | float):
            value = f"{value} month" + ("" if value == 1 else "s")
        elif isinstance(value, str):
            value = month_words(value) or value
        parts.append((name, str(value).replace("_", " ")))
    if len(parts) == 1:
        return parts[0][1]
    return "; ".join(f"{n.replace('_', ' ')}: {v}" for n, v in parts) or "not answered"


def stored_answers(relevant: list[Question], answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value in words) for each stored answer of the `relevant` questions, each once.

    A question that sets several fields (Step 1 status, attempts and score) shows only
    those that no later relevant question asks for itself.
    """
    own = {q.fields[0] for q in relevant}
    out = []
    for q in relevant:
        fields = (q.fields[0], *(f for f in q.fields[1:] if f not in own))
        if any(f in answers for f in fields):
            out.append((q.label, describe_value(q, answers, fields)))
    return out


def read_back(q: Question, answers: dict[str, Any], others: list[Question]) -> str:
    """One question's answer with the follow-ups it covered: "step1: Passed · step1
    attempts: 2"."""
    own = describe_value(q, answers, (q.fields[0],)) if others else describe_value(q, answers)
    parts = [(q.label, own), *((o.label, describe_value(o, answers)) for o in others)]
    return " · ".join(f"{label}: {value}" for label, value in parts)


def _option_label(q: Question, name: str, value: Any) -> str | None:
    """The words of the button that sets exactly this value ("Need a J-1"), if there is one."""
    return next((o.label for o in q.options if dict(o.values) == {name: value}), None)


def _item_label(q: Question, name: str, item: Any) -> str:
    """One item of a list answer, in the words of the button that picks it alone."""
    label = _option_label(q, name, [item])
    return label if label is not None else str(item).replace("_", " ")
