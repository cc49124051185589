"""The persona suite: applicants written from the two articles, scored against our advice.

Each file in tests/data/personas/ is one applicant (format: the module docstring of
tests/knowledge/test_personas.py and /work/persona_format.md): the day the advice is given,
the profile, the questions they would ask, the points the articles make for them and the
advice that would contradict the sources. `score_suite` builds the whole plan ("plan all")
and the answers to the questions through the real matcher, and counts the points met.

Run `python -m tests.knowledge.personas` for the table.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from flows.profile import Profile
from knowledge import KnowledgeBase, load_knowledge
from knowledge.loader import read_knowledge

PERSONAS = Path(__file__).resolve().parents[1] / "data" / "personas"
SEEDS = ("000_b26ea89a8871cf36.txt", "001_e41fd11b8655d8b4.txt")
# The suite's targets (issue 16, "How to know").
PLAN_TARGET = 0.80
ANSWERS_TARGET = 0.95


class PersonaError(ValueError):
    """A persona file that does not follow the format; the message names file and field."""


@dataclass(frozen=True, slots=True)
class Check:
    """One point (or contradiction): its id, source, what it says and its regexes."""

    id: str
    source: str
    says: str
    match: tuple[re.Pattern[str], ...]

    def found_in(self, text: str) -> bool:
        """Whether any of its regexes matches the text."""
        return any(p.search(text) for p in self.match)


@dataclass(frozen=True, slots=True)
class Persona:
    """One applicant of the suite."""

    file: str
    name: str
    today: dt.date
    profile: Profile
    questions: tuple[str, ...]
    points: tuple[Check, ...]
    contradictions: tuple[Check, ...]


@dataclass(frozen=True, slots=True)
class Result:
    """How the advice for one persona scored."""

    persona: Persona
    plan_met: tuple[str, ...]  # ids of the points the whole plan meets
    all_met: tuple[str, ...]  # ids met by the plan plus the answers
    contradicted: tuple[str, ...]  # "source: says" of each contradiction found

    @property
    def missed(self) -> tuple[str, ...]:
        """Points neither the plan nor the answers meet."""
        return tuple(p.id for p in self.persona.points if p.id not in self.all_met)


def _checks(raw: Any, where: str, known_sources: set[str], *, ids: bool) -> tuple[Check, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise PersonaError(f"{where}: must be a list")
    out = []
    for n, item in enumerate(raw, 1):
        at = f"{where}[{n}]"
        if not isinstance(item, dict):
            raise PersonaError(f"{at}: must be a mapping")
        source = item.get("source")
        if source not in known_sources:
            raise PersonaError(f"{at}: unknown source {source!r}")
        says, match = item.get("says"), item.get("match")
        if not isinstance(says, str) or not says.strip():
            raise PersonaError(f"{at}: 'says' must be text")
        if isinstance(match, str):
            match = [match]
        if not isinstance(match, list) or not match:
            raise PersonaError(f"{at}: 'match' must be a regex or a list of them")
        try:
            patterns = tuple(re.compile(m, re.IGNORECASE) for m in match)
        except (re.error, TypeError) as exc:
            raise PersonaError(f"{at}: bad regex: {exc}") from exc
        point_id = item.get("id", f"contradiction-{n}")
        if ids and not isinstance(item.get("id"), str):
            raise PersonaError(f"{at}: 'id' must be text")
        out.append(Check(str(point_id), source, says, patterns))
    if ids and len({c.id for c in out}) != len(out):
        raise PersonaError(f"{where}: point ids repeat")
    return tuple(out)


def load_persona(path: Path, known_sources: set[str]) -> Persona:
    """Read and validate one persona file."""
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PersonaError(f"{where}: not YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PersonaError(f"{where}: must be a mapping")
    unknown = set(data) - {"name", "today", "profile", "questions", "points", "contradictions"}
    if unknown:
        raise PersonaError(f"{where}: unknown keys {sorted(unknown)}")
    today = data.get("today")
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise PersonaError(f"{where}: 'today' must be a date (YYYY-MM-DD)")
    try:
        profile = Profile.model_validate(data.get("profile") or {})
    except ValidationError as exc:
        raise PersonaError(f"{where}: profile: {exc}") from exc
    questions = data.get("questions") or []
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise PersonaError(f"{where}: 'questions' must be a list of text")
    points = _checks(data.get("points"), f"{where}: points", known_sources, ids=True)
    if not points:
        raise PersonaError(f"{where}: needs at least one point")
    return Persona(
        where,
        str(data.get("name") or path.stem),
        today,
        profile,
        tuple(questions),
        points,
        _checks(data.get("contradictions"), f"{where}: contradictions", known_sources, ids=False),
    )


def load_personas(folder: Path = PERSONAS) -> tuple[Persona, ...]:
    """Read every persona file in the folder (whoever wrote it), in name order."""
    known = set(read_knowledge().sources) | set(SEEDS)
    return tuple(load_persona(p, known) for p in sorted(folder.glob("*.yaml")))


def advice(kb: KnowledgeBase, persona: Persona) -> tuple[str, tuple[str, ...]]:
    """The whole plan ("plan all") and the answers to the persona's questions."""
    plan = kb.plan(persona.profile, persona.today)
    plan_text = kb.render_plan(plan, persona.profile, limit=max(1, len(plan.actions)))
    answers = tuple(kb.answer(q, persona.profile, persona.today).text for q in persona.questions)
    return plan_text, answers


def score(kb: KnowledgeBase, persona: Persona) -> Result:
    """Score one persona: points met by the plan, by plan plus answers, contradictions."""
    plan_text, answers = advice(kb, persona)
    everything = "\n\n".join((plan_text, *answers))
    plan_met = tuple(p.id for p in persona.points if p.found_in(plan_text))
    all_met = tuple(p.id for p in persona.points if p.found_in(everything))
    texts = (plan_text, *answers)
    contradicted = tuple(
        f"{c.source}: {c.says}" for c in persona.contradictions if any(c.found_in(t) for t in texts)
    )
    return Result(persona, plan_met, all_met, contradicted)


@dataclass(frozen=True, slots=True)
class Totals:
    """The suite's shares and contradictions."""

    points: int
    plan_met: int
    all_met: int
    contradictions: int

    @property
    def plan_share(self) -> float:
        """Share of points the plan alone meets."""
        return self.plan_met / self.points if self.points else 0.0

    @property
    def answers_share(self) -> float:
        """Share of points the plan plus the answers meet."""
        return self.all_met / self.points if self.points else 0.0


def totals(results: tuple[Result, ...]) -> Totals:
    """Add up the results of the suite."""
    return Totals(
        sum(len(r.persona.points) for r in results),
        sum(len(r.plan_met) for r in results),
        sum(len(r.all_met) for r in results),
        sum(len(r.contradicted) for r in results),
    )


def score_suite(
    kb: KnowledgeBase | None = None, folder: Path = PERSONAS
) -> tuple[tuple[Result, ...], Totals]:
    """Score every persona in the folder."""
    kb = kb or load_knowledge()
    results = tuple(score(kb, p) for p in load_personas(folder))
    return results, totals(results)


def report(results: tuple[Result, ...], total: Totals) -> str:
    """The table `python -m tests.knowledge.personas` prints."""
    lines = [f"{'persona':<44} {'points':>6} {'plan':>5} {'+answers':>8} {'contra':>6}"]
    for r in results:
        n = len(r.persona.points)
        lines.append(
            f"{r.persona.file[:44]:<44} {n:>6} {len(r.plan_met):>5} {len(r.all_met):>8} "
            f"{len(r.contradicted):>6}"
        )
        if r.missed:
            lines.append(f"    missed: {', '.join(r.missed)}")
        for c in r.contradicted:
            lines.append(f"    CONTRADICTS {c}")
    lines.append(
        f"\n{len(results)} personas, {total.points} points: plan alone "
        f"{total.plan_share:.0%} (target {PLAN_TARGET:.0%}), plan + answers "
        f"{total.answers_share:.0%} (target {ANSWERS_TARGET:.0%}), contradictions "
        f"{total.contradictions} (target 0)"
    )
    return "\n".join(lines)


def main() -> int:
    """Print the table; exit 1 when a target is missed."""
    results, total = score_suite()
    print(report(results, total))
    ok = (
        total.plan_share >= PLAN_TARGET
        and total.answers_share >= ANSWERS_TARGET
        and total.contradictions == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
