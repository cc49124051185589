"""The program list sorted for one applicant: by visa, graduation year and attempts.

Each criterion splits the listed programs into groups ("states it sponsors H-1B", "states it
does not", "not stated: check"); every entry keeps the fact it was sorted by, so the reply
can name the source and whether the rule is the program's own. Also here: reading whether
a typed message asks for the list ("which med-psych programs sponsor H-1B?").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flows.profile import Profile
from knowledge.derived import failed_attempts
from knowledge.programs import Catalogue, Program, ProgramFact, graduation_limit

VISA_FACT = {"needs_j1": "j1", "needs_h1b": "h1b"}
NO_VISA_NEEDED = frozenset({"us_citizen", "green_card"})


@dataclass(frozen=True, slots=True)
class Entry:
    """A program in a group, with the fact it was sorted by (None: not stated)."""

    program: Program
    fact: ProgramFact | None


@dataclass(frozen=True, slots=True)
class Group:
    """Programs that stand alike on one criterion."""

    kind: str  # "fits", "does_not_fit", "not_stated"
    label: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One way of sorting the list ("H-1B"), and its groups in a fixed order."""

    id: str  # "h1b", "j1", "graduation", "attempts"
    title: str
    groups: tuple[Group, ...]


def _sort(
    catalogue: Catalogue, fact_name: str, verdict: object, labels: tuple[str, str, str]
) -> tuple[Group, ...]:
    """Split programs by `verdict(fact) -> True/False/None` into fits / not / not stated."""
    buckets: dict[str, list[Entry]] = {"fits": [], "does_not_fit": [], "not_stated": []}
    for program in catalogue.programs:
        fact = program.fact(fact_name)
        result = None if fact is None else verdict(fact)  # type: ignore[operator]
        kind = "not_stated" if result is None else ("fits" if result else "does_not_fit")
        buckets[kind].append(Entry(program, fact))
    return tuple(
        Group(kind, label, tuple(buckets[kind]))
        for kind, label in zip(buckets, labels, strict=True)
    )


def visa_criterion(catalogue: Catalogue, fact_name: str) -> Criterion:
    """Programs by what they state about sponsoring one visa ("j1" or "h1b")."""
    visa = "J-1" if fact_name == "j1" else "H-1B"
    labels = (f"States it sponsors {visa}", "States it does not", "Not stated: check")
    groups = _sort(catalogue, fact_name, lambda f: f.value is True, labels)
    return Criterion(fact_name, f"{visa} visa", groups)


def meets_graduation(fact: ProgramFact, graduation_year: int, today: dt.date) -> bool | None:
    """Whether a graduation year meets the stated limit (None when the value is unreadable)."""
    limit = graduation_limit(str(fact.value))
    if limit is None:
        return None
    kind, number = limit
    if kind == "none":
        return True
    if kind == "within":
        return today.year - graduation_year <= number
    return graduation_year >= number


def graduation_criterion(
    catalogue: Catalogue, graduation_year: int | None, today: dt.date
) -> Criterion:
    """Programs by their graduation-year limit; with a year, whether it meets each."""
    if graduation_year is None:
        labels = ("States no limit", "States a limit", "Not stated: check")
        groups = _sort(catalogue, "graduation", lambda f: f.value == "no limit", labels)
        return Criterion("graduation", "Graduation year", groups)
    labels = (
        f"Your year ({graduation_year}) meets the stated limit",
        "States a limit your year is past",
        "Not stated: check",
    )
    groups = _sort(
        catalogue, "graduation", lambda f: meets_graduation(f, graduation_year, today), labels
    )
    return Criterion("graduation", "Graduation year", groups)


def attempts_criterion(catalogue: Catalogue, personal: bool) -> Criterion:
    """Programs by their rule on failed attempts."""
    labels = (
        "States a pass after a retake can count" if personal else "Asks only that Steps are passed",
        "States first-attempt passes only",
        "Not stated: check",
    )
    groups = _sort(catalogue, "attempts", lambda f: f.value == "passed_steps_only", labels)
    return Criterion("attempts", "Exam attempts", groups)


def criteria_for(catalogue: Catalogue, profile: Profile, today: dt.date) -> tuple[Criterion, ...]:
    """The criteria that matter for this applicant: their visa, graduation year, any fails."""
    found: list[Criterion] = []
    visa = profile.visa.value if profile.visa is not None else None
    if visa in VISA_FACT:
        found.append(visa_criterion(catalogue, VISA_FACT[visa]))
    elif visa == "not_sure":
        found += [visa_criterion(catalogue, "j1"), visa_criterion(catalogue, "h1b")]
    if profile.graduation_year is not None:
        found.append(graduation_criterion(catalogue, profile.graduation_year, today))
    fails = failed_attempts(profile)
    if fails:
        found.append(attempts_criterion(catalogue, personal=True))
    return tuple(found)


def fit_visa_count(catalogue: Catalogue, profile: Profile) -> int | None:
    """How many listed programs fit the applicant's visa need (None: need unknown)."""
    visa = profile.visa.value if profile.visa is not None else None
    if visa in NO_VISA_NEEDED:
        return len(catalogue.programs)
    if visa not in VISA_FACT:
        return None
    fact_name = VISA_FACT[visa]
    return sum(1 for p in catalogue.programs if (f := p.fact(fact_name)) and f.value is True)


@dataclass(frozen=True, slots=True)
class ListRequest:
    """A typed message that asks for the program list, and what it asks about."""

    focus: tuple[str, ...]  # criterion ids named in the message ("h1b", "graduation", …)


_WORDS = re.compile(r"[^a-z0-9]+")
_PROGRAMS = re.compile(r"\bprograms\b|\bprogram list\b|\blist of programs?\b")
_NOT_A_LIST = re.compile(
    r"\bhow (many|much|to|do|does|can|should|important|often|long)\b|\bshould i\b|\bwhen\b"
    r"|\bchances?\b|\bsignals?\b"
)
_YES_NO = re.compile(r"^(do|does|is|are|can|will|would|am|should)\b")
_LIST = re.compile(r"\b(list|show|name|names|all)\b")
_ASKS = re.compile(
    r"\b(which|what)\b|\bprograms (that|which|who|with|sponsoring|accepting|taking|for)\b"
)
_FOCUS = (
    ("h1b", re.compile(r"\bh ?1 ?b?\b")),
    ("j1", re.compile(r"\bj ?1\b")),
    ("visa", re.compile(r"\b(visas?|sponsor\w*)\b")),
    ("graduation", re.compile(r"\b(old|older) (grads?|graduates?)\b|\bgraduat\w*|\byog\b")),
    ("attempts", re.compile(r"\b(attempts?|fails?|failed|failures?|retakes?)\b")),
)


def read_list_request(text: str) -> ListRequest | None:
    """Whether a message asks for the program list ("list med psych programs"); None if not.

    A list request names programs and either asks to list them or asks which ones meet a
    criterion the list sorts by (visa, graduation year, attempts). "How many programs…",
    "should I…" and yes/no questions ("do programs sponsor H-1B?") are general questions.
    """
    words = _WORDS.sub(" ", text.casefold().replace("-", "")).strip()
    if not _PROGRAMS.search(words) or _NOT_A_LIST.search(words) or _YES_NO.match(words):
        return None
    focus = tuple(name for name, pattern in _FOCUS if pattern.search(words))
    if _LIST.search(words) or (focus and _ASKS.search(words)):
        return ListRequest(focus)
    return None
