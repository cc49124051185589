"""The learned question classifier, read with numpy alone.

`python -m knowledge.train` fits TF-IDF features (word uni- and bigrams of the lexicon's
concept words, character 3- to 5-grams inside words) and a multinomial logistic regression
with scikit-learn, and writes knowledge/data/matcher_model.npz. This module turns a question
into the same features, weights them the way scikit-learn's TfidfVectorizer does (sublinear
term frequency times idf, each block scaled to unit length), appends the question's static
word-vector mean (knowledge/embedding.py, scaled by `embed_scale`) and scores every label.
Labels are topic ids plus `none` (nothing we answer) and `one_program` (one program's own
facts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from knowledge.embedding import StaticEmbedding

MODEL_FILE = Path(__file__).resolve().parent / "data" / "matcher_model.npz"
NONE = "none"  # nothing the advisor answers
ONE_PROGRAM = "one_program"  # one program's own facts: only that program can answer
DECLINED = frozenset({NONE, ONE_PROGRAM})
CHAR_SIZES = (3, 4, 5)


def word_features(words: Sequence[str]) -> list[str]:
    """Word unigrams and bigrams of the concept words; figures become one token."""
    tokens = ["_num_" if w.isdigit() else w for w in words]
    return [f"w {t}" for t in tokens] + [f"b {a} {b}" for a, b in pairwise(tokens)]


def char_features(words: Sequence[str]) -> list[str]:
    """Character n-grams inside each word padded with spaces (scikit-learn's char_wb)."""
    out: list[str] = []
    for word in words:
        padded = f" {word} "
        for n in CHAR_SIZES:
            if len(padded) < n:
                break
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


@dataclass(frozen=True)
class Block:
    """One TF-IDF block: feature -> column, and each column's idf."""

    index: dict[str, int]
    idf: np.ndarray
    offset: int

    def add(self, features: Sequence[str], cols: list[int], vals: list[float]) -> None:
        """Append this block's weighted, unit-length entries for `features`."""
        counts = Counter(f for f in features if f in self.index)
        if not counts:
            return
        idx = np.fromiter((self.index[f] for f in counts), dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        weights = tf * self.idf[idx]
        weights /= np.linalg.norm(weights)
        cols.extend((idx + self.offset).tolist())
        vals.extend(weights.tolist())


@dataclass(frozen=True)
class Classifier:
    """Scores a question's features against every label."""

    labels: tuple[str, ...]
    words: Block
    chars: Block
    weights: np.ndarray  # (features, labels)
    intercept: np.ndarray  # (labels,)
    english: tuple[str, ...]  # real English words, for the typo fixer
    embedding: StaticEmbedding | None = None  # word vectors; None: TF-IDF alone
    embed_scale: float = 0.0  # the vector block's weight against the TF-IDF blocks

    @classmethod
    def load(cls, path: Path = MODEL_FILE, embedding: StaticEmbedding | None = None) -> Classifier:
        """Read a model written by `python -m knowledge.train` (and the word vectors it uses)."""
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        if embedding is None and float(arrays.get("embed_scale", 0.0)) > 0:
            embedding = StaticEmbedding.load()
        return cls.from_arrays(arrays, embedding)

    @classmethod
    def from_arrays(
        cls, data: dict[str, np.ndarray], embedding: StaticEmbedding | None = None
    ) -> Classifier:
        """Build the classifier from the arrays the model file holds."""
        word_vocab = [str(w) for w in data["word_vocab"]]
        char_vocab = [str(c) for c in data["char_vocab"]]
        return cls(
            labels=tuple(str(x) for x in data["labels"]),
            words=Block(
                {w: i for i, w in enumerate(word_vocab)}, data["word_idf"].astype(float), 0
            ),
            chars=Block(
                {c: i for i, c in enumerate(char_vocab)},
                data["char_idf"].astype(float),
                len(word_vocab),
            ),
            weights=data["weights"].astype(np.float64),
            intercept=data["intercept"].astype(np.float64),
            english=tuple(str(data["english"][()]).split()),
            embedding=embedding,
            embed_scale=float(data["embed_scale"]) if "embed_scale" in data else 0.0,
        )

    @property
    def embed_offset(self) -> int:
        """The first weight row of the word-vector block (after both TF-IDF blocks)."""
        return self.chars.offset + len(self.chars.index)

    def probabilities(self, words: Sequence[str], chars: Sequence[str]) -> np.ndarray:
        """Each label's probability for a question given its concept words and its words."""
        cols: list[int] = []
        vals: list[float] = []
        self.words.add(word_features(words), cols, vals)
        self.chars.add(char_features(chars), cols, vals)
        scores = self.intercept.copy()
        if cols:
            scores += np.asarray(vals) @ self.weights[cols]
        if self.embedding is not None and self.embed_scale > 0:
            start = self.embed_offset
            rows = self.weights[start : start + self.embedding.dims]
            scores += (self.embed_scale * self.embedding.vector(chars)) @ rows
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()
