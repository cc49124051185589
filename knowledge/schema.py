"""The typed names a condition may use: profile fields, derived values, flags and facts.

Profile fields are read from `flows.profile.Profile`, so a field added there is usable at
once and a misspelt name is caught when the knowledge loads.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from flows.profile import Profile
from knowledge.season_phase import PHASES

Kind = Literal["bool", "num", "text", "choice", "choices"]


@dataclass(frozen=True, slots=True)
class VarType:
    """The type of one name: yes/no, number, text, one choice, or a list of choices."""

    kind: Kind
    options: tuple[str, ...] = ()

    def describe(self) -> str:
        """Say in plain words what values this name holds."""
        if self.kind == "bool":
            return "a yes/no flag"
        if self.kind == "num":
            return "a number"
        if self.kind == "text":
            return "free text"
        opts = ", ".join(f'"{o}"' for o in self.options)
        if self.kind == "choice":
            return f"one of {opts}"
        return f"a list of {opts}"


BOOL = VarType("bool")
NUM = VarType("num")
TEXT = VarType("text")

# Values computed from the profile (and today's date) in knowledge/derived.py.
DERIVED: dict[str, tuple[VarType, str]] = {
    "years_since_graduation": (NUM, "full years from graduation_year to this year"),
    "failed_attempts": (NUM, "failed Step attempts counted from attempts and status"),
    "us_letters": (NUM, "all US letters together"),
    "months_to_submit": (NUM, "months from today to the ERAS submission date of match_year"),
    # Set by KnowledgeBase.env after the flags (flags cannot read it); knowledge/season_phase.py
    "season_phase": (VarType("choice", PHASES), "where today falls in the match_year season"),
    "programs_fit_visa": (
        NUM,
        "listed med-psych programs (programs.yaml) that state they take the applicant's visa "
        "need; unknown when the visa is not answered or not decided",
    ),
    # The season's key dates as text, e.g. "Wed 23 Sep 2026 (typical)" (knowledge/timeline.py)
    "eras_opens_on": (TEXT, "the day ERAS opens for match_year"),
    "programs_read_on": (TEXT, "the day programs start reading for match_year"),
    "rank_list_opens_on": (TEXT, "the day the rank order list opens for match_year"),
    "rank_list_due_on": (TEXT, "the rank order list deadline for match_year"),
    "match_week_on": (TEXT, "the Monday of Match Week for match_year"),
    "match_day_on": (TEXT, "Match Day for match_year"),
    "next_eras_opens_on": (TEXT, "the day ERAS opens for the Match after match_year"),
    # US experience per field (told, or clear from the totals), in knowledge/derived.py
    "im_hands_on_months": (NUM, "hands-on months in internal medicine"),
    "im_observer_months": (NUM, "observership months in internal medicine"),
    "psych_hands_on_months": (NUM, "hands-on months in psychiatry (CL included)"),
    "psych_observer_months": (NUM, "observership months in psychiatry (CL included)"),
    "cl_experience": (BOOL, "any US experience in consult-liaison psychiatry"),
    "is_student": (BOOL, "still in medical school (told, or graduating after this year)"),
    "ck_months_before_reading": (
        NUM,
        "whole months from the planned CK month to the day programs start reading",
    ),
    "reading_date": (VarType("text"), "the day programs start reading, in words"),
    "step2_planned_month": (VarType("text"), "the planned CK month, in words"),
}

# Derived values the engine adds after the flags are worked out: rules and variants only.
AFTER_FLAGS = frozenset(
    {
        "season_phase",
        "eras_opens_on",
        "programs_read_on",
        "rank_list_opens_on",
        "rank_list_due_on",
        "match_week_on",
        "match_day_on",
        "next_eras_opens_on",
    }
)


def _field_type(annotation: object) -> VarType:
    """Map a Profile annotation (e.g. `Visa | None`) to a condition type."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    inner = args[0] if isinstance(annotation, types.UnionType) and args else annotation
    if typing.get_origin(inner) is list:
        (item,) = typing.get_args(inner)
        if isinstance(item, type) and issubclass(item, Enum):
            return VarType("choices", tuple(str(m.value) for m in item))
        return VarType("choices")
    if isinstance(inner, type) and issubclass(inner, Enum):
        return VarType("choice", tuple(str(m.value) for m in inner))
    if inner in (int, float):
        return NUM
    if inner is bool:
        return BOOL
    return VarType("text")


def profile_types() -> dict[str, VarType]:
    """Return the condition type of every Profile field and derived value."""
    result = {name: _field_type(f.annotation) for name, f in Profile.model_fields.items()}
    result.update({name: vt for name, (vt, _) in DERIVED.items()})
    return result
