"""Match a typed question to a topic, with a confidence, or decline it.

Phrases and abbreviations are rewritten to concept words (lexicon.yaml) and typos corrected
(knowledge/typos.py). A learned classifier (knowledge/classifier.py, trained by
`python -m knowledge.train`) scores every topic and two ways of declining: `none` (nothing
the advisor answers) and `one_program` (one program's own facts). The topics' weighted
keywords, the first round's matcher, can still settle a case the classifier is unsure of
(`keywords=True`), but on real questions that costs accuracy (bench/bench_matcher.py prints
both), so the bot runs without them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from knowledge.classifier import DECLINED, NONE, ONE_PROGRAM, Classifier
from knowledge.lexicon import Lexicon
from knowledge.model import Topic
from knowledge.normalise import NUMBER, Normaliser

# Both chosen by 5-fold CV on the real questions grouped by page, two splits (the sum of
# answerable-right and declined rates; bench/bench_matcher.py): 0.45 and 0.7, chosen on the
# written questions, asked about or declined too many real ones.
THRESHOLD = 0.3  # below this probability the bot asks which topic was meant
DECLINE_MARGIN = 0.9  # decline when none + one_program reach this many times the best topic
KEYWORD_MIN = 0.45  # the keyword matcher's own confidence needed to settle an unsure case
KEYWORD_RANK = 5  # ... and the classifier must rank its topic among its first this many
PLAINLY_NONE = 0.6  # a declined question about residency at all below this is "unclear"
ALSO_SHARE = 0.2  # a second topic this close to the first was asked about too
ALSO_MIN = 0.15  # ... and it has at least this probability of its own. By CV on questions
# labelled with `also`: 20 of 46 second topics offered, against 14 at 0.25/0.2, for 87 extra
# buttons in 838 questions rather than 42 (a spare button costs less than a lost question).
# A question for one program speaks to it ("do you sponsor", "your program") or names it
# (lexicon.yaml `programs`); without that, "one program's facts" is not a reason to decline.
_ADDRESSED = re.compile(
    r"\b(your|ur)\s+(program|programme|residency|hospital|institution|department|class|"
    r"residents|interview|application|deadline|cutoff)|\bdo\s+(you|u)\s+(sponsor|accept|take|"
    r"offer|require|need|have|interview|count|review|consider|hire|send|give|allow|prefer)"
    r"|\b(are|will|can|would)\s+(you|u)\s+(sponsor|accept|take|offer|interview|review|consider)",
    re.IGNORECASE,
)
LONG_STORY = 500  # characters: past this a closing question decides (flows.parsing's MAX_INPUT)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
__all__ = ["NUMBER", "Match", "Matcher"]


@dataclass(frozen=True, slots=True)
class Match:
    """The matcher's verdict on one question."""

    topic: str | None
    confidence: float
    ranking: tuple[str, ...]  # topic ids, best first
    also: str | None = None  # a second topic asked in the same message
    off_topic: bool = False
    one_program: bool = False  # declined because it asks one program's own facts


class Matcher:
    """Classifies questions; keeps topic keywords for the cases the classifier is unsure of."""

    def __init__(
        self,
        topics: Sequence[Topic],
        lexicon: Lexicon,
        classifier: Classifier,
        keywords: bool = False,  # settle unsure cases with topic keywords (see THRESHOLD)
    ) -> None:
        self.lexicon = lexicon
        self.classifier = classifier
        self.use_keywords = keywords
        self.threshold = THRESHOLD
        self.margin = DECLINE_MARGIN
        self.topic_ids = tuple(t.id for t in topics)
        self.keywords = tuple(
            (t.id, tuple((frozenset(c), w) for c, w in t.keywords)) for t in topics
        )
        # Each keyword entry filed under one of its words: it can only match a question that
        # has that word, so a question is scored against its own words' entries, not all.
        self._by_word: dict[str, list[tuple[str, frozenset[str], float]]] = {}
        for tid, entries in self.keywords:
            for concepts, weight in entries:
                self._by_word.setdefault(min(concepts), []).append((tid, concepts, weight))
        self.reader = Normaliser(topics, lexicon, classifier.english)
        self._program_names = tuple(f" {' '.join(name)} " for name in lexicon.programs)

    def tokens(self, question: str) -> tuple[list[str], set[str]]:
        """Return the corrected surface words and the set of concept words."""
        return self.reader.tokens(question)

    def scores(self, concepts: set[str]) -> dict[str, float]:
        """Each topic's score: the weights of its keyword entries all present in `concepts`."""
        scores = dict.fromkeys(self.topic_ids, 0.0)
        for word in sorted(concepts):  # a fixed order: the same sums on every run
            for tid, entry, weight in self._by_word.get(word, ()):
                if entry <= concepts:
                    scores[tid] += weight
        return scores

    def keyword_match(self, question: str) -> tuple[str | None, float]:
        """The keyword matcher's topic and confidence (None when no keyword fits)."""
        _, concepts = self.tokens(question)
        scores = self.scores(concepts)
        ranking = sorted(self.topic_ids, key=lambda t: -scores[t])
        if not ranking or scores[ranking[0]] <= 0:
            return None, 0.0
        best = scores[ranking[0]]
        second = scores[ranking[1]] if len(ranking) > 1 else 0.0
        return ranking[0], (best / (best + second)) ** 0.5 * min(1.0, best / 5)

    def probabilities(self, question: str) -> dict[str, float]:
        """Every model label's probability for a question (topics, `none`, `one_program`)."""
        words, surface = self.reader.words(question)
        probs = self.classifier.probabilities(words, surface)
        return dict(zip(self.classifier.labels, probs.tolist(), strict=True))

    def label(self, question: str, topics: Sequence[str] | None = None) -> Match:
        """Decide among `topics` (default: every topic the model knows, loaded or not).

        The evaluation uses this with the model's whole label set, so topics still on their
        way from another branch are measured too; `match` decides among loaded topics.
        """
        allowed = tuple(
            topics
            if topics is not None
            else (x for x in self.classifier.labels if x not in DECLINED)
        )
        whole = self._decide(question, allowed)
        # A long story ending in a question ("graduated 2016 ... worked nights ... When
        # should I take Step 3?"): the question decides, the story would outweigh it. In a
        # shorter post the whole decides: there, letting the last sentence overrule the rest
        # lost more real questions than it won (grouped CV on forum_questions.yaml); the bot
        # still offers a post's other questions as buttons (bot/core/asker.py).
        if len(question) <= LONG_STORY:
            return whole
        sentences = _SENTENCE_END.split(question.strip())
        if len(sentences) < 2 or not sentences[-1].rstrip().endswith("?"):
            return whole
        asked = self._decide(sentences[-1], allowed)
        if asked.topic is None or asked.topic == whole.topic:
            return whole
        return replace(asked, also=whole.topic if whole.topic is not None else asked.also)

    def addresses_program(self, question: str) -> bool:
        """Whether a question speaks to one program or names one."""
        if _ADDRESSED.search(question):
            return True
        text = f" {' '.join(self.lexicon.surface_tokens(question))} "
        return any(name in text for name in self._program_names)

    def match(self, question: str) -> Match:
        """Find the loaded topic a question is about, or say it is unclear or declined."""
        return self.label(question, self.topic_ids)

    def _decide(self, question: str, allowed: Sequence[str]) -> Match:
        probs = self.probabilities(question)
        ranking = tuple(sorted(allowed, key=lambda t: -probs.get(t, 0.0)))
        best = probs.get(ranking[0], 0.0) if ranking else 0.0
        one_program = probs[ONE_PROGRAM] if self.addresses_program(question) else 0.0
        declined = probs[NONE] + one_program
        if declined >= self.margin * best:
            if one_program > probs[NONE]:
                return Match(None, round(declined, 3), ranking, off_topic=True, one_program=True)
            # "residency help pls" is about applying, only too vague: offer the topics.
            _, concepts = self.tokens(question)
            vague = bool(concepts & self.lexicon.domain) and declined < PLAINLY_NONE
            return Match(None, round(declined, 3), ranking, off_topic=not vague)
        if best < self.threshold:
            topic, confidence = self.keyword_match(question) if self.use_keywords else (None, 0)
            if confidence >= KEYWORD_MIN and topic in ranking[:KEYWORD_RANK]:
                return Match(topic, round(probs[topic], 3), ranking)
            return Match(None, round(best, 3), ranking)
        second = probs.get(ranking[1], 0.0) if len(ranking) > 1 else 0.0
        also = ranking[1] if second >= max(ALSO_MIN, ALSO_SHARE * best) else None
        return Match(ranking[0], round(best, 3), ranking, also=also)
