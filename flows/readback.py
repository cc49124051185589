"""Stored answers in words, as the applicant would say them: the buttons' words ("Need a
J-1"), months with their unit, "March 2027", letters as "2 IM, 1 psychiatry"."""

from __future__ import annotations

from typing import Any

from flows.parsing import month_words
from flows.questions import Question


def describe_value(q: Question, answers: dict[str, Any],
                   fields: tuple[str, ...] | None = None) -> str:
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


def _option_label(q: Question, name: str, value: Any) -> str | None:
    """The words of the button that sets exactly this value ("Need a J-1"), if there is one."""
    return next((o.label for o in q.options if dict(o.values) == {name: value}), None)


def _item_label(q: Question, name: str, item: Any) -> str:
    """One item of a list answer, in the words of the button that picks it alone."""
    label = _option_label(q, name, [item])
    return label if label is not None else str(item).replace("_", " ")
