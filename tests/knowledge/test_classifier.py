"""The learned classifier: the shipped model is the one the build makes, numpy scores it as
scikit-learn does, cross-validated accuracy holds, and unloaded topic labels are tolerated."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from knowledge.classifier import DECLINED, MODEL_FILE
from knowledge.embedding import StaticEmbedding
from knowledge.evaluation import cross_validate, figures, forum_cross_validate
from knowledge.loader import read_knowledge
from knowledge.normalise import Normaliser
from knowledge.train import arrays, build, fit_with_sklearn, same, training_examples
from knowledge.typos import english_words

# Cross-validated figures reached (stratified 5-fold, seed 0, on the written and the real
# training questions: 85.5% answerable right, 79.7% declined; and 5-fold on the real questions
# grouped by page, trained on all else: 70.3% and 66.4% over two splits; bench/bench_matcher.py
# --cv-only). They are floors: a change that lowers them fails here.
CV_ANSWERABLE = 0.83
CV_DECLINED = 0.77
REAL_ANSWERABLE = 0.66
REAL_DECLINED = 0.62


@pytest.fixture(scope="module")
def knowledge():
    return read_knowledge()


def test_shipped_model_is_current(knowledge):
    """Retraining from the shipped data gives the shipped model (run `python -m
    knowledge.train` after changing training questions, topic examples or the lexicon)."""
    with np.load(MODEL_FILE) as data:
        shipped = {k: data[k] for k in data.files}
    assert same(arrays(build(knowledge)), shipped), "stale model: run python -m knowledge.train"


def test_numpy_scores_are_scikit_learns(knowledge):
    """The numpy reimplementation gives scikit-learn's probabilities for new questions."""
    english = english_words()
    reader = Normaliser(knowledge.topics, knowledge.lexicon, english)
    model, sklearn_proba = fit_with_sklearn(
        training_examples(knowledge), reader, english, embedding=StaticEmbedding.load()
    )
    assert model.embed_scale > 0
    questions = [
        "whn shud i giv stpe 3 for H1B",
        "P.S. how many programs should i apply to with a 221?",
        "do u sponsor j1 at your program",
        "xyzzy",
        "",
    ]
    ours = np.array([model.probabilities(*reader.words(q)) for q in questions])
    np.testing.assert_allclose(ours, sklearn_proba(questions), atol=1e-9)


def test_cross_validated_accuracy(knowledge, capsys):
    """Stratified 5-fold cross-validation on the training questions reaches the floors."""
    result = figures(cross_validate(knowledge))
    with capsys.disabled():
        print(f"\ncross-validated: {result.line()}")
    assert result.answer_rate >= CV_ANSWERABLE
    assert result.decline_rate >= CV_DECLINED


FROZEN_SETS = ("frozen_questions.yaml", "frozen_questions_b.yaml", "frozen_questions_c.yaml")


def _frozen(data_dir) -> list[dict]:
    out: list[dict] = []
    for name in FROZEN_SETS:
        out += yaml.safe_load((data_dir / name).read_text(encoding="utf-8"))["questions"]
    return out


def test_cross_validated_accuracy_on_real_questions_by_page(knowledge, capsys):
    """Real questions from pages no fold's model saw reach their floors too."""
    result = figures(forum_cross_validate(knowledge))
    with capsys.disabled():
        print(f"\nreal questions, grouped by page: {result.line()}")
    assert result.answer_rate >= REAL_ANSWERABLE
    assert result.decline_rate >= REAL_DECLINED


def test_training_never_copies_the_frozen_sets(knowledge, data_dir):
    """No training question is a frozen evaluation question or a near copy of one."""
    evaluation = [q["q"].lower() for q in _frozen(data_dir)]
    copies = [
        (e.text, f)
        for e in training_examples(knowledge)
        for f in evaluation
        if fuzz.ratio(e.text.lower(), f) >= 90
    ]
    assert not copies


def _page(url: str) -> str:
    return url.split("://", 1)[-1].removeprefix("www.").removeprefix("forums.").rstrip("/")


def test_no_real_training_question_comes_from_an_evaluation_page(knowledge, data_dir):
    """A page that fed a frozen set feeds no training: its other questions would leak it."""
    evaluated = {_page(q["source"]) for q in _frozen(data_dir)}
    real = [e for e in training_examples(knowledge) if e.source]
    assert len(real) >= 300
    assert not [e.source for e in real if _page(e.source) in evaluated]


def test_unloaded_topic_labels_are_learned_but_never_answered(kb, knowledge):
    """The model may know topics still on their way (their files land later): the matcher
    never answers with a topic that is not loaded; --loaded-only leaves them out."""
    loaded = {t.id for t in kb.topics}
    examples = training_examples(knowledge)
    for example in examples[::7]:
        topic = kb._matcher.match(example.text).topic
        assert topic is None or topic in loaded
    kept = {e.label for e in training_examples(knowledge, loaded_only=True)}
    assert kept <= loaded | DECLINED


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_typo_fixer_keeps_every_common_english_word(kb, data):
    """A real English word is never "corrected" into another one."""
    fixer = kb._matcher.reader.fixer
    word = data.draw(st.sampled_from(sorted(fixer.english)))
    assert fixer.fix(word) == word


@pytest.mark.parametrize(
    ("word", "fixed"), [("short", "short"), ("stats", "stats"), ("obsevership", "observership")]
)
def test_typos_are_fixed_and_words_kept(kb, word, fixed):
    """ "short" stays "short" and "stats" stays "stats"; a real typo is still fixed."""
    assert kb._matcher.reader.fixer.fix(word) == fixed
