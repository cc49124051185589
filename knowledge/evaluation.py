"""Measure the matcher honestly: k-fold cross-validation and the frozen question set.

Used by bench/bench_matcher.py (figures) and the tests (targets). "Answerable right" means
the matcher's topic is one of the question's accepted topics; "unanswerable declined" means
it gave no topic (off-topic, one program's facts, or unsure) for a question no topic answers.
Cross-validation retrains the classifier on each fold (scikit-learn, dev only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.classifier import DECLINED, Classifier
from knowledge.loader import Knowledge
from knowledge.matcher import Match, Matcher
from knowledge.normalise import Normaliser
from knowledge.train import C, Example, fit, training_examples
from knowledge.typos import english_words


@dataclass(frozen=True)
class Verdict:
    """One question, what answers it, and what the matcher said."""

    text: str
    accepted: frozenset[str]  # topic ids; empty when no topic answers it
    match: Match

    @property
    def answerable(self) -> bool:
        """Whether some topic answers the question."""
        return bool(self.accepted)

    @property
    def right(self) -> bool:
        """A topic that answers it, or a decline when none does."""
        if not self.answerable:
            return self.match.topic is None
        return self.match.topic in self.accepted

    @property
    def cause(self) -> str:
        """Why a miss was missed, in a few words."""
        m = self.match
        if self.right:
            return "right"
        if not self.answerable:
            return f"answered {m.topic}"
        if m.off_topic:
            return "declined as one program's facts" if m.one_program else "declined as none"
        if m.topic is None:
            return "unsure (below threshold)"
        return f"wrong topic {m.topic}"


@dataclass(frozen=True)
class Figures:
    """Rates over a list of verdicts."""

    answerable: int
    answerable_right: int
    unanswerable: int
    declined: int

    @property
    def answer_rate(self) -> float:
        """Share of answerable questions given a topic that answers them."""
        return self.answerable_right / self.answerable if self.answerable else 1.0

    @property
    def decline_rate(self) -> float:
        """Share of unanswerable questions declined."""
        return self.declined / self.unanswerable if self.unanswerable else 1.0

    def line(self) -> str:
        """The figures as one printable line."""
        return (
            f"answerable right {self.answerable_right}/{self.answerable} "
            f"({self.answer_rate:.1%}), unanswerable declined {self.declined}/"
            f"{self.unanswerable} ({self.decline_rate:.1%})"
        )


def figures(verdicts: Iterable[Verdict]) -> Figures:
    """Count answerable-right and unanswerable-declined."""
    items = list(verdicts)
    ans = [v for v in items if v.answerable]
    una = [v for v in items if not v.answerable]
    return Figures(len(ans), sum(v.right for v in ans), len(una), sum(v.right for v in una))


def confusion(verdicts: Iterable[Verdict]) -> Counter[tuple[str, str]]:
    """(expected topic, given topic) counts for answerable questions given a wrong topic."""
    return Counter(
        (min(v.accepted), v.match.topic)
        for v in verdicts
        if v.answerable and not v.right and v.match.topic is not None
    )


def frozen_questions(path: Path) -> list[tuple[str, frozenset[str]]]:
    """Read the frozen evaluation set (tests/data/frozen_questions.yaml): (question, accepted
    topic ids; empty when no topic answers it)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [(q["q"], frozenset(t for t in q["topics"] if t not in DECLINED)) for q in raw]


def judge(matcher: Matcher, questions: Sequence[tuple[str, frozenset[str]]]) -> list[Verdict]:
    """The matcher's verdict on each question, over every topic the model knows."""
    return [Verdict(text, accepted, matcher.label(text)) for text, accepted in questions]


def judge_as_routed(
    matcher: Matcher, questions: Sequence[tuple[str, frozenset[str]]]
) -> list[Verdict]:
    """Each question as the bot routes it: a request for the program list ("which med-psych
    programs sponsor H-1B?") goes to the programs feature first, the rest to the matcher."""
    from knowledge.program_fit import read_list_request

    listed = Match("programs", 1.0, ("programs",))
    return [
        Verdict(text, accepted, listed if read_list_request(text) else matcher.label(text))
        for text, accepted in questions
    ]


def cross_validate(
    knowledge: Knowledge,
    folds: int = 5,
    c: float | None = None,
    keywords: bool = False,
    seed: int = 0,
) -> list[Verdict]:
    """Stratified k-fold verdicts on the training questions (each fold trained without it)."""
    from sklearn.model_selection import StratifiedKFold

    from knowledge.embedding import StaticEmbedding

    examples = training_examples(knowledge)
    english = english_words()
    reader = Normaliser(knowledge.topics, knowledge.lexicon, english)
    labels = [e.label for e in examples]
    embedding = StaticEmbedding.load()
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    out: list[tuple[int, Verdict]] = []
    for train, test in split.split(examples, labels):
        chosen = [examples[i] for i in train]
        model = fit(chosen, reader, english, c=C if c is None else c, embedding=embedding)
        matcher = Matcher(knowledge.topics, knowledge.lexicon, model, keywords=keywords)
        out += [(i, _verdict(matcher, examples[i])) for i in test]
    return [v for _, v in sorted(out, key=lambda pair: pair[0])]


def forum_cross_validate(
    knowledge: Knowledge, folds: int = 5, seed: int = 0, keywords: bool = False
) -> list[Verdict]:
    """Verdicts on the real questions (forum_questions.yaml), grouped by page: each fold is
    tested on pages its model never saw and trained on everything else, the written questions
    included. Nearer real use than `cross_validate`, whose folds share an author's style."""
    from sklearn.model_selection import GroupKFold

    from knowledge.embedding import StaticEmbedding

    examples = training_examples(knowledge)
    real = [i for i, e in enumerate(examples) if e.source]
    english = english_words()
    reader = Normaliser(knowledge.topics, knowledge.lexicon, english)
    embedding = StaticEmbedding.load()
    split = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    out: list[tuple[int, Verdict]] = []
    for _, test in split.split(real, groups=[examples[i].source for i in real]):
        held = {real[j] for j in test}
        chosen = [e for i, e in enumerate(examples) if i not in held]
        model = fit(chosen, reader, english, embedding=embedding)
        matcher = Matcher(knowledge.topics, knowledge.lexicon, model, keywords=keywords)
        out += [(i, _verdict(matcher, examples[i])) for i in sorted(held)]
    return [v for _, v in sorted(out, key=lambda pair: pair[0])]


def _verdict(matcher: Matcher, example: Example) -> Verdict:
    accepted = example.accepted - DECLINED
    return Verdict(example.text, frozenset(accepted), matcher.label(example.text))


def shipped_matcher(knowledge: Knowledge, keywords: bool = False) -> Matcher:
    """A matcher over the loaded topics with the shipped model."""
    return Matcher(knowledge.topics, knowledge.lexicon, Classifier.load(), keywords=keywords)
