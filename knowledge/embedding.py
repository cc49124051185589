"""Static word vectors distilled from a sentence-embedding model, read with numpy alone.

TF-IDF n-grams only know words seen in training; a question put in other words ("who should
sign my LoRs" against "letter writers") shares few of them. These vectors place words of like
meaning near each other, so the classifier (knowledge/classifier.py) also sees what a question
means. They come from all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0): each of its
30,522 WordPiece tokens was run through the model alone (`python -m knowledge.distil`, the
Model2Vec method), reduced to its main directions and stored as float16 in
knowledge/data/static_embedding.npz. A question's vector is the mean of its words' vectors,
each word weighted down the more common it is (smooth inverse frequency), so "how" and "the"
count little.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

EMBEDDING_FILE = Path(__file__).resolve().parent / "data" / "static_embedding.npz"
MAX_WORD = 100  # BERT's own limit: a longer "word" is unknown
UNKNOWN_WEIGHT = 1.0  # a word outside the vocabulary is rare: full weight
SEEN_MAX = 10_000  # words whose vectors are kept (about 11 MB at most)


def basic_tokens(text: str) -> list[str]:
    """BERT's basic tokenisation: lower case, accents off, punctuation split off."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    out: list[str] = []
    for chunk in text.split():
        word = ""
        for ch in chunk:
            if _is_punctuation(ch):
                if word:
                    out.append(word)
                    word = ""
                out.append(ch)
            else:
                word += ch
        if word:
            out.append(word)
    return out


def _is_punctuation(ch: str) -> bool:
    code = ord(ch)
    # BERT treats every ASCII non-letter, non-digit symbol as punctuation, "$" and "^" too.
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


@dataclass(frozen=True)
class StaticEmbedding:
    """WordPiece vocabulary, one vector per piece, one weight per whole-word piece."""

    index: dict[str, int]
    vectors: np.ndarray  # (pieces, dims), float16 as stored: rows are widened when used
    weights: np.ndarray  # (pieces,): smooth inverse frequency of the piece as a word
    # Each word's weighted vector once worked out: questions reuse few words, and splitting
    # a word into pieces is the slow part. Emptied at SEEN_MAX words, so random text typed
    # at the bot cannot grow it without end.
    _seen: dict[str, np.ndarray | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def load(cls, path: Path = EMBEDDING_FILE) -> StaticEmbedding:
        """Read the vectors written by `python -m knowledge.distil`."""
        with np.load(path, allow_pickle=False) as data:
            vocab = str(data["vocab"][()]).split("\n")
            return cls(
                {t: i for i, t in enumerate(vocab)},
                data["vectors"],
                data["weights"].astype(np.float64),
            )

    @property
    def dims(self) -> int:
        """How many numbers a vector has."""
        return int(self.vectors.shape[1])

    def pieces(self, word: str) -> list[int]:
        """The word's WordPiece ids, longest match first; [] when it cannot be split."""
        if len(word) > MAX_WORD:
            return []
        out: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = -1
            while start < end:
                piece = word[start:end] if start == 0 else f"##{word[start:end]}"
                found = self.index.get(piece, -1)
                if found >= 0:
                    break
                end -= 1
            if found < 0:
                return []
            out.append(found)
            start = end
        return out

    def vector(self, words: Sequence[str]) -> np.ndarray:
        """The unit-length, frequency-weighted mean vector of the words (zeros if none known)."""
        total = np.zeros(self.dims, dtype=np.float64)
        for word in words:
            if word not in self._seen:
                if len(self._seen) >= SEEN_MAX:
                    self._seen.clear()
                self._seen[word] = self._word(word)
            part = self._seen[word]
            if part is not None:
                total += part
        norm = float(np.linalg.norm(total))
        return total / norm if norm > 0 else total

    def _word(self, word: str) -> np.ndarray | None:
        """A word's weighted vector: the sum over its tokens (None if none is known)."""
        out: np.ndarray | None = None
        for token in basic_tokens(word):
            ids = self.pieces(token)
            if not ids:
                continue
            whole = self.index.get(token, -1)
            weight = float(self.weights[whole]) if whole >= 0 else UNKNOWN_WEIGHT
            part = weight * self.vectors[ids].astype(np.float64).mean(axis=0)
            out = part if out is None else out + part
        return out
