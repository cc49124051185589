"""Turn a typed question into the words the matcher reads.

The lexicon rewrites phrases and abbreviations to concept words ("letters of rec" ->
"letter"), the typo fixer corrects misspellings, and a figure adds the concept `number`.
The classifier's training (knowledge/train.py) and the running bot read questions through
this same class, so the model always sees questions the way it was trained on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from knowledge.lexicon import Lexicon
from knowledge.model import Topic
from knowledge.typos import TypoFixer

NUMBER = "number"  # concept added when a question contains a figure; keywords may use it


class Normaliser:
    """Reads questions with one lexicon and one typo fixer (which caches its corrections)."""

    def __init__(self, topics: Sequence[Topic], lexicon: Lexicon, english: Iterable[str]) -> None:
        self.lexicon = lexicon
        self.fixer = TypoFixer(vocabulary(topics, lexicon), english)

    def tokens(self, question: str) -> tuple[list[str], set[str]]:
        """Return the corrected surface words and the set of concept words."""
        surface = [self.fixer.fix(w) for w in self.lexicon.surface_tokens(question)]
        concepts = {self.lexicon.concept(w) for w in surface}
        if any(w.isdigit() for w in surface):
            concepts.add(NUMBER)  # "40 programs", "2 attempts", "ck 231"
        return surface, concepts

    def words(self, question: str) -> tuple[list[str], list[str]]:
        """Return the concept words in order and the corrected surface words."""
        surface = [self.fixer.fix(w) for w in self.lexicon.surface_tokens(question)]
        return [self.lexicon.concept(w) for w in surface], surface


def vocabulary(topics: Sequence[Topic], lexicon: Lexicon) -> set[str]:
    """Every word the matcher knows: lexicon forms and concepts, topic keywords."""
    vocab: set[str] = set(lexicon.words) | set(lexicon.words.values()) | set(lexicon.domain)
    for phrase, concept in lexicon.phrases.items():
        vocab.update(phrase.split())
        vocab.update(concept.split())
    vocab.update(lexicon.spelling.values())
    for topic in topics:
        for concepts, _w in topic.keywords:
            vocab.update(concepts)
    for off_topic, _w in lexicon.off_topic:
        vocab.update(off_topic)
    for name in lexicon.programs:
        vocab.update(name)
    return vocab
