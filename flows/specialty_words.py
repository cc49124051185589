"""Word patterns the answer parsers share: saying "none", and naming a specialty."""

from __future__ import annotations

import re

from flows.profile import Specialty

NEGATIVE = r"\b(no|none|nope|nothing|zero|not yet|n/a|na|nil)\b"


FIELD_WORDS: tuple[tuple[Specialty, str], ...] = (
    (Specialty.CL_PSYCHIATRY, r"\bc[/-]?l\b|consult|liaison|med[\s-]?psych|psychosomatic"),
    (
        Specialty.IM,
        r"\bim\b|internal|(?<!family )(?<!emergency )(?<!nuclear )medicine|\bmed\b"
        r"|hospitalist|cardio|nephro|\bgim\b",
    ),
    (Specialty.PSYCHIATRY, r"psych|mental"),
    (
        Specialty.OTHER,
        r"family|\bfm\b|surg|peds|pediatric|neuro|\bem\b|emergency|\bob\b|ob.?gyn|other",
    ),
)


def fields_in(t: str) -> list[Specialty]:
    """The specialties cleaned text names, in the table's order ("med-psych" is not IM too)."""
    found = []
    for specialty, pattern in FIELD_WORDS:
        if re.search(pattern, t):
            if (
                specialty is Specialty.IM
                and re.search(r"med[\s-]?psych", t)
                and not re.search(r"\bim\b|internal", t)
            ):
                continue
            if (
                specialty is Specialty.PSYCHIATRY
                and re.search(FIELD_WORDS[0][1], t)
                and not re.search(r"\bpsych(iatry)?\b(?![\s-]?(consult|liaison))", t)
            ):
                continue
            found.append(specialty)
    return found
