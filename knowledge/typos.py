"""Correct typos in applicants' words, and leave real English words alone.

A word is corrected only when it is not a known matcher word and not a common English word
("short" is not "shot", "stats" is not "status"). The English words are a snapshot of the
`wordfreq` list taken when the matcher model is built (knowledge/train.py), so the bot does
not load the whole frequency table at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

ENGLISH_ZIPF = 3.0  # wordfreq Zipf frequency from which a word counts as real English
_CACHE_LIMIT = 20_000


def english_words(min_zipf: float = ENGLISH_ZIPF) -> tuple[str, ...]:
    """Return the alphabetic English words at least as frequent as `min_zipf` (build time)."""
    from wordfreq import iter_wordlist, zipf_frequency  # dev dependency: only the build needs it

    words: list[str] = []
    for word in iter_wordlist("en"):
        if zipf_frequency(word, "en") < min_zipf:
            break  # the list is ordered by frequency
        if word.isascii() and word.isalpha():
            words.append(word)
    return tuple(sorted(words))


class TypoFixer:
    """Maps a misspelt word to the known word it most likely means; holds its own cache."""

    def __init__(self, vocabulary: Iterable[str], english: Iterable[str]) -> None:
        self.vocabulary = frozenset(w for w in vocabulary if w.isalpha())
        self.english = frozenset(english)
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            self._by_initial.setdefault(word[0], []).append(word)
        self._fixes: dict[str, str] = {}

    def fix(self, word: str) -> str:
        """Correct a typo to a known word with the same first letter, or keep the word."""
        if word in self.vocabulary or word in self.english or len(word) < 5 or not word.isalpha():
            return word
        cached = self._fixes.get(word)
        if cached is not None:
            return cached
        if word.endswith("s") and word[:-1] in self.vocabulary:
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
