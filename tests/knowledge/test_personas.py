"""The persona suite meets its targets, and the harness refuses a persona file it cannot trust.

Format of a file in tests/data/personas/ (one applicant each, any file name):

    name: a line describing the applicant
    today: 2026-06-15           # the day the advice is given
    profile: {...}              # flows.profile.Profile fields
    questions: ["...", ...]     # what they would ask (answered through the real matcher)
    points:                     # what the articles advise them
      - {id: ..., source: <seed file or sources.yaml id>, says: ..., match: [regex, ...]}
    contradictions:             # advice that would contradict the sources for them
      - {source: ..., says: ..., match: [regex, ...]}
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flows.profile import Profile
from knowledge import KnowledgeBase
from tests.knowledge.personas import (
    ANSWERS_TARGET,
    PERSONAS,
    PLAN_TARGET,
    Persona,
    PersonaError,
    load_personas,
    score,
    score_suite,
)

GOOD = """\
name: a test applicant
today: 2026-04-01
profile: {visa: needs_j1, step1_status: passed, step1_attempts: 2}
questions: ["how do I explain my step 1 fail?"]
points:
  - id: explain
    source: 000_b26ea89a8871cf36.txt
    says: explain the fail
    match: ['explanation']
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_suite_meets_the_targets(kb: KnowledgeBase) -> None:
    """Plan alone >= 80%, plan + answers >= 95% of the articles' points, no contradiction."""
    results, total = score_suite(kb)
    assert len(results) >= 14
    contradicted = [f"{r.persona.file}: {c}" for r in results for c in r.contradicted]
    assert not contradicted, "\n".join(contradicted)
    assert total.plan_share >= PLAN_TARGET, f"plan alone {total.plan_share:.0%}"
    assert total.answers_share >= ANSWERS_TARGET, f"plan + answers {total.answers_share:.0%}"


def test_every_shipped_persona_is_valid() -> None:
    """Every file in the folder loads: sources exist, regexes compile, profiles parse."""
    personas = load_personas(PERSONAS)
    assert len(personas) == len(list(PERSONAS.glob("*.yaml")))
    assert all(isinstance(p.profile, Profile) and p.points for p in personas)


def test_whatever_files_are_in_the_folder_are_loaded(tmp_path: Path) -> None:
    """A file another engineer adds (season_*.yaml) is read like the others."""
    _write(tmp_path, "season_interviews.yaml", GOOD)
    _write(tmp_path, "a_first.yaml", GOOD.replace("a test applicant", "another"))
    names = [p.file for p in load_personas(tmp_path)]
    assert names == ["a_first.yaml", "season_interviews.yaml"]


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("source: 000_b26ea89a8871cf36.txt", "source: my_blog"), "unknown source 'my_blog'"),
        (("['explanation']", "['(unclosed']"), "bad regex"),
        (("step1_attempts: 2", "step1_attempts: 12"), "profile"),
        (("today: 2026-04-01", "today: next week"), "'today' must be a date"),
        (("    says: explain the fail\n", ""), "'says' must be text"),
    ],
)
def test_a_bad_persona_file_is_refused_naming_the_file(
    tmp_path: Path, change: tuple[str, str], complaint: str
) -> None:
    """An unknown source, a broken regex, a bad profile or date stops the suite, by name."""
    _write(tmp_path, "broken.yaml", GOOD.replace(*change))
    with pytest.raises(PersonaError, match=r"broken\.yaml") as err:
        load_personas(tmp_path)
    assert complaint in str(err.value)


def test_a_point_counts_only_where_the_advice_says_it(kb: KnowledgeBase, tmp_path: Path) -> None:
    """A point met only by an answer counts for plan + answers, not for the plan alone; a
    contradiction in an answer is found."""
    text = GOOD.replace("match: ['explanation']", "match: ['three parts|brief context']") + (
        "contradictions:\n"
        "  - source: 000_b26ea89a8871cf36.txt\n"
        "    says: anything the answer says\n"
        "    match: ['Explaining a fail']\n"
    )
    (persona,) = load_personas(_write(tmp_path, "p.yaml", text).parent)
    result = score(kb, persona)
    assert result.plan_met == ()
    assert result.all_met == ("explain",)
    assert result.contradicted == ("000_b26ea89a8871cf36.txt: anything the answer says",)


def test_no_questions_means_the_plan_alone(kb: KnowledgeBase) -> None:
    """With no questions, plan + answers is the plan."""
    persona = load_personas(PERSONAS)[0]
    bare = Persona(
        persona.file, persona.name, dt.date(2026, 4, 1), persona.profile, (), persona.points, ()
    )
    result = score(kb, bare)
    assert result.plan_met == result.all_met
