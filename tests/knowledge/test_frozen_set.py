"""The matcher on questions it was never built from: the frozen evaluation set.

tests/data/frozen_questions.yaml holds real applicant questions with their sources; nothing
is tuned on it. Answerable right: the matcher's topic is one the question accepts. Declined:
no topic for a question no topic answers. The matcher decides over every topic its model
knows, so topics still on their way from another branch are measured too.
"""

from __future__ import annotations

import pytest
import yaml

from knowledge.evaluation import figures, frozen_questions, judge, judge_as_routed, shipped_matcher
from knowledge.loader import read_knowledge

# What the matcher reaches today (bench/bench_matcher.py prints the misses). The issue's
# targets are 90% and 80%; these floors keep what is reached from slipping.
FROZEN_ANSWERABLE = 0.68  # reached 71.3%
FROZEN_DECLINED = 0.82  # reached 86.4%
NEW_TOPICS = {"interviews", "ecfmg_eligibility", "unmatched_soap", "signals", "season_now"}


@pytest.fixture(scope="module")
def questions(data_dir):
    return yaml.safe_load((data_dir / "frozen_questions.yaml").read_text(encoding="utf-8"))[
        "questions"
    ]


def test_the_frozen_set_is_large_sourced_and_labelled(kb, questions):
    """At least 150 questions, each with its source and known labels, some unanswerable."""
    assert len(questions) >= 150
    known = {t.id for t in kb.topics} | NEW_TOPICS | {"programs", "none"}
    for q in questions:
        assert q["source"].startswith("http"), q
        assert q["topics"] and set(q["topics"]) <= known, q
    assert sum(q["topics"] == ["none"] for q in questions) >= 30


def test_frozen_answerable_right_and_unanswerable_declined(data_dir, capsys):
    """On the frozen set the matcher reaches the floors above."""
    verdicts = judge(
        shipped_matcher(read_knowledge()), frozen_questions(data_dir / "frozen_questions.yaml")
    )
    result = figures(verdicts)
    with capsys.disabled():
        print(f"\nfrozen set: {result.line()}")
    assert result.answer_rate >= FROZEN_ANSWERABLE
    assert result.decline_rate >= FROZEN_DECLINED


# The blind sets, labelled from the topic texts without running the matcher and never seen
# by whoever tuned it. B (tests/data/frozen_questions_b.yaml) came first; C
# (frozen_questions_c.yaml) was collected this round, after the real training questions were
# gathered from other pages. C was measured once before the model changed (79.2% and 52.5%)
# and once after; the floors are what each reaches now (B 70.2% and 66.7%, C 88.1% and
# 55.9%). The targets of 90% and 80% are not met.
DECLINE_LABELS = {"none", "one_program"}
BLIND_SETS = [
    # file, answerable-right floor, declined floor, least questions, least `none`
    pytest.param("frozen_questions_b.yaml", 0.67, 0.62, 120, 25, id="B"),
    pytest.param("frozen_questions_c.yaml", 0.85, 0.52, 150, 30, id="C"),
]


@pytest.mark.parametrize(("name", "answerable", "declined", "_size", "_none"), BLIND_SETS)
def test_a_blind_set_as_the_bot_routes_it(
    data_dir, capsys, name, answerable, declined, _size, _none
):
    """List requests go to the programs feature, the rest to the matcher: the floors hold."""
    verdicts = judge_as_routed(shipped_matcher(read_knowledge()), frozen_questions(data_dir / name))
    result = figures(verdicts)
    with capsys.disabled():
        print(f"\nblind set {name}: {result.line()}")
    assert result.answer_rate >= answerable
    assert result.decline_rate >= declined


@pytest.mark.parametrize(("name", "_answerable", "_declined", "size", "none"), BLIND_SETS)
def test_a_blind_set_is_large_sourced_and_labelled(
    kb, data_dir, name, _answerable, _declined, size, none
):
    """Enough questions, each with a source URL and only known labels; a declined question
    (none, one_program) accepts no topic besides; the shared loader reads it."""
    path = data_dir / name
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    assert len(questions) >= size
    known = {t.id for t in kb.topics} | DECLINE_LABELS | {"programs"}
    for q in questions:
        assert q["q"].strip(), q
        assert q["source"].startswith(("http://", "https://")), q
        assert q["topics"] and set(q["topics"]) <= known, q
        declined = set(q["topics"]) & DECLINE_LABELS
        assert not declined or len(q["topics"]) == 1, q
    assert sum(q["topics"] == ["none"] for q in questions) >= none
    assert [text for text, _ in frozen_questions(path)] == [q["q"] for q in questions]
