"""Find an interview question by what people call it: its label, a field or its state,
also written their way ("my CK score", "step 1", "visa status")."""

from __future__ import annotations

import re

from flows.question_types import Question


def find_question(questions: tuple[Question, ...], name: str) -> Question | None:
    """Find a question by its label ("step2"), a field ("step2_score") or its state, also
    written as people say it ("my CK score", "step 1", "visa status")."""
    key = name.strip().casefold().replace("_", " ").replace("-", " ")
    key = re.sub(r"^(my|the|your)\s+", "", key)
    key = re.sub(r"\b(?:usmle\s*)?(?:step\s*2\s*)?ck\b", "step2", key)
    key = re.sub(r"\b(?:usmle\s*)?step\s*([123])\b", r"step\1", key)
    key = re.sub(r"\s*\b(status|result|answer)\b", "", key).strip()
    for q in questions:
        names = {
            q.label.casefold().replace("-", " "),
            q.state.replace("_", " "),
            *(f.replace("_", " ") for f in q.fields[:1]),
        }
        if key in names or key.replace(" ", "") in {n.replace(" ", "") for n in names}:
            return q
    return None
