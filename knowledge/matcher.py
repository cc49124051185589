"""Match a typed question to a topic, with a confidence.

Phrases and abbreviations are rewritten to concept words (lexicon.yaml), typos are
corrected against the known vocabulary with rapidfuzz, and each topic's weighted keywords
are scored. A question that names a specific program's details, or has nothing to do with
residency applications, is off-topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from knowledge.lexicon import Lexicon
from knowledge.model import Topic

THRESHOLD = 0.45  # below this the bot asks which topic was meant
ALSO_SHARE = 0.4  # a second topic this close to the first was asked about too
ALSO_MIN = 5.0  # ... and it has at least one strong keyword of its own
_PROGRAM_DETAILS = frozenset(
    {
        "calendar",
        "when",
        "interview",
        "invite",
        "invites",
        "deadline",
        "status",
        "date",
        "day",
        "salary",
        "sponsor",
        "cutoff",
    }
)
_CACHE_LIMIT = 20_000
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
NUMBER = "number"  # concept added when a question contains a figure; keywords may use it


@dataclass(frozen=True, slots=True)
class Match:
    """The matcher's verdict on one question."""

    topic: str | None
    confidence: float
    ranking: tuple[str, ...]  # topic ids, best first
    also: str | None = None  # a second topic asked in the same message
    off_topic: bool = False


class Matcher:
    """Scores questions against topic keywords; holds a per-instance typo cache."""

    def __init__(self, topics: Sequence[Topic], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
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
        self._program_names = tuple(f" {' '.join(name)} " for name in lexicon.programs)
        self._off_topic = tuple((frozenset(c), w) for c, w in lexicon.off_topic)
        vocab: set[str] = set(lexicon.words) | set(lexicon.words.values()) | set(lexicon.domain)
        for phrase, concept in lexicon.phrases.items():
            vocab.update(phrase.split())
            vocab.update(concept.split())
        vocab.update(lexicon.spelling.values())
        for _, entries in self.keywords:
            for concepts, _w in entries:
                vocab.update(concepts)
        for off_topic, _w in lexicon.off_topic:
            vocab.update(off_topic)
        for name in lexicon.programs:
            vocab.update(name)
        self.vocab = frozenset(w for w in vocab if w.isalpha())
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(self.vocab):
            self._by_initial.setdefault(word[0], []).append(word)
        self._fixes: dict[str, str] = {}

    def _fix(self, word: str) -> str:
        """Correct a typo to a known word with the same first letter, or keep it."""
        if word in self.vocab or len(word) < 5 or not word.isalpha():
            return word
        cached = self._fixes.get(word)
        if cached is not None:
            return cached
        if word.endswith("s") and word[:-1] in self.vocab:
            fixed = word[:-1]
        else:
            cutoff = 85 if len(word) <= 6 else 80
            found = process.extractOne(
                word, self._by_initial.get(word[0], ()), scorer=fuzz.ratio, score_cutoff=cutoff
            )
            fixed = found[0] if found else word
        if len(self._fixes) >= _CACHE_LIMIT:
            self._fixes.clear()
        self._fixes[word] = fixed
        return fixed

    def tokens(self, question: str) -> tuple[list[str], set[str]]:
        """Return the corrected surface words and the set of concept words."""
        surface = [self._fix(w) for w in self.lexicon.surface_tokens(question)]
        concepts = {self.lexicon.concept(w) for w in surface}
        if any(w.isdigit() for w in surface):
            concepts.add(NUMBER)  # "40 programs", "2 attempts", "ck 231"
        return surface, concepts

    def _off_topic_score(self, surface: list[str], concepts: set[str]) -> float:
        score = sum(w for c, w in self._off_topic if c <= concepts)
        text = f" {' '.join(surface)} "
        if any(name in text for name in self._program_names):
            score += 3
            if concepts & _PROGRAM_DETAILS:
                score += 4
        return score

    def scores(self, concepts: set[str]) -> dict[str, float]:
        """Each topic's score: the weights of its keyword entries all present in `concepts`."""
        scores = dict.fromkeys(self.topic_ids, 0.0)
        for word in sorted(concepts):  # a fixed order: the same sums on every run
            for tid, entry, weight in self._by_word.get(word, ()):
                if entry <= concepts:
                    scores[tid] += weight
        return scores

    def match(self, question: str) -> Match:
        """Find the topic a question is about, or say it is unclear or off-topic.

        After a few sentences about the applicant ("graduated 2018, CK 235, need J1. What are
        my chances?"), the closing question decides the topic: the facts before it would
        otherwise outweigh it. The rest can still add a second topic.
        """
        whole = self._match(question)
        sentences = _SENTENCE_END.split(question.strip())
        if len(sentences) < 2 or not sentences[-1].rstrip().endswith("?"):
            return whole
        asked = self._match(sentences[-1])
        if asked.topic is None or asked.topic == whole.topic:
            return whole
        also = whole.topic if whole.topic is not None else asked.also
        return replace(asked, also=also)

    def _match(self, question: str) -> Match:
        surface, concepts = self.tokens(question)
        scores = self.scores(concepts)
        ranking = tuple(sorted(self.topic_ids, key=lambda t: -scores[t]))
        best = scores[ranking[0]] if ranking else 0.0
        second = scores[ranking[1]] if len(ranking) > 1 else 0.0
        off = self._off_topic_score(surface, concepts)
        if best <= 0 or off >= best:
            in_domain = bool(concepts & self.lexicon.domain)
            return Match(None, 0.0, ranking, off_topic=off > 0 or not in_domain)
        confidence = round((best / (best + second)) ** 0.5 * min(1.0, best / 5), 3)
        if confidence < THRESHOLD:
            return Match(None, confidence, ranking)
        also = ranking[1] if second >= max(ALSO_MIN, ALSO_SHARE * best) else None
        return Match(ranking[0], confidence, ranking, also=also)
