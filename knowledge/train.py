"""Build the matcher's classifier: `python -m knowledge.train` (scikit-learn, dev only).

Training data: knowledge/data/training_questions.yaml (written) and forum_questions.yaml
(real questions from public pages) plus every loaded topic's example questions; features:
the TF-IDF blocks and the static word vectors of knowledge/data/static_embedding.npz. Labels
are topic ids, `none` and `one_program`. A label that names a topic not loaded yet (one on
its way from another branch) is learned by default, so the model is ready when the topic
lands and the matcher ignores it until then; `--loaded-only` leaves such questions out
instead. Adding or changing a topic's examples, the training questions or the lexicon
changes the model: rebuild it (tests/knowledge/test_classifier.py fails while the shipped
file is stale). Training is deterministic.

    python -m knowledge.train            # write knowledge/data/matcher_model.npz
    python -m knowledge.train --check    # exit 1 if the shipped model is not current
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from knowledge.classifier import (
    DECLINED,
    MODEL_FILE,
    Block,
    Classifier,
    char_features,
    word_features,
)
from knowledge.embedding import StaticEmbedding
from knowledge.loader import DEFAULT_DATA, Knowledge, read_knowledge
from knowledge.normalise import Normaliser
from knowledge.typos import english_words

TRAINING_FILE = DEFAULT_DATA / "training_questions.yaml"  # written for the matcher
FORUM_FILE = DEFAULT_DATA / "forum_questions.yaml"  # real questions from public pages
C = 30.0  # inverse regularisation strength, chosen by repeated stratified CV (bench_matcher.py)
BALANCED = True  # weigh labels equally: `none` has many more questions than a topic
CHAR_MIN_DF = 2  # character n-grams seen in one question only are left out (smaller file)
EMBED_SCALE = 1.0  # the word-vector block's weight against the two unit-length TF-IDF blocks


@dataclass(frozen=True)
class Example:
    """One labelled question; `also` lists other topics that answer it too."""

    text: str
    label: str
    also: tuple[str, ...] = ()
    source: str = ""  # the page a real question was asked on; "" for written ones

    @property
    def accepted(self) -> frozenset[str]:
        """Labels that count as right for this question."""
        return frozenset((self.label, *self.also))


def training_examples(knowledge: Knowledge, loaded_only: bool = False) -> list[Example]:
    """The written and the real training questions plus each topic's examples, in a fixed
    order."""
    loaded = {t.id for t in knowledge.topics} | DECLINED
    out: list[Example] = []
    for path in (TRAINING_FILE, FORUM_FILE):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
        out += [
            Example(q["q"], q["topic"], tuple(q.get("also", ())), q.get("source", "")) for q in raw
        ]
    out += [Example(e, t.id) for t in knowledge.topics for e in t.examples]
    return [e for e in out if e.label in loaded] if loaded_only else out


def _identity(doc: list[str]) -> list[str]:
    return doc


def fit(
    examples: Sequence[Example],
    reader: Normaliser,
    english: Sequence[str],
    c: float = C,
    balanced: bool = BALANCED,
    embedding: StaticEmbedding | None = None,
    embed_scale: float = EMBED_SCALE,
) -> Classifier:
    """Fit TF-IDF blocks (and the word-vector block) and a logistic regression; return the
    numpy classifier."""
    return fit_with_sklearn(examples, reader, english, c, balanced, embedding, embed_scale)[0]


def fit_with_sklearn(
    examples: Sequence[Example],
    reader: Normaliser,
    english: Sequence[str],
    c: float = C,
    balanced: bool = BALANCED,
    embedding: StaticEmbedding | None = None,
    embed_scale: float = EMBED_SCALE,
) -> tuple[Classifier, Callable[[Sequence[str]], np.ndarray]]:
    """Fit the model; return it and scikit-learn's own probabilities, to check the numpy
    reimplementation against (tests/knowledge/test_classifier.py)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    scale = embed_scale if embedding is not None else 0.0

    def matrix(texts: Sequence[str], fitting: bool) -> Any:
        read = [reader.words(t) for t in texts]
        words = [word_features(w) for w, _ in read]
        chars = [char_features(s) for _, s in read]
        fitted = word_vec.fit_transform if fitting else word_vec.transform
        char_fitted = char_vec.fit_transform if fitting else char_vec.transform
        blocks = [fitted(words), char_fitted(chars)]
        if embedding is not None and scale > 0:
            blocks.append(csr_matrix(np.array([scale * embedding.vector(s) for _, s in read])))
        return hstack(blocks).tocsr()

    word_vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
    char_vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=CHAR_MIN_DF)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)
    model.fit(matrix([e.text for e in examples], True), [e.label for e in examples])
    word_vocab = sorted(word_vec.vocabulary_, key=word_vec.vocabulary_.__getitem__)
    char_vocab = sorted(char_vec.vocabulary_, key=char_vec.vocabulary_.__getitem__)
    classifier = Classifier(
        labels=tuple(str(label) for label in model.classes_),
        words=Block({w: i for i, w in enumerate(word_vocab)}, word_vec.idf_, 0),
        chars=Block({c: i for i, c in enumerate(char_vocab)}, char_vec.idf_, len(word_vocab)),
        weights=model.coef_.T.astype(np.float64),
        intercept=model.intercept_.astype(np.float64),
        english=tuple(english),
        embedding=embedding if scale > 0 else None,
        embed_scale=scale,
    )
    return classifier, lambda texts: model.predict_proba(matrix(texts, False))


def arrays(model: Classifier) -> dict[str, Any]:
    """The model as the arrays matcher_model.npz holds."""
    return {
        "labels": np.array(model.labels),
        "word_vocab": np.array(sorted(model.words.index, key=model.words.index.__getitem__)),
        "word_idf": model.words.idf.astype(np.float32),
        "char_vocab": np.array(sorted(model.chars.index, key=model.chars.index.__getitem__)),
        "char_idf": model.chars.idf.astype(np.float32),
        "weights": model.weights.astype(np.float32),
        "intercept": model.intercept.astype(np.float32),
        "english": np.array(" ".join(model.english)),
        "embed_scale": np.array(model.embed_scale, dtype=np.float32),
    }


def build(knowledge: Knowledge | None = None, loaded_only: bool = False) -> Classifier:
    """Train the model from the shipped knowledge and training questions."""
    knowledge = knowledge or read_knowledge()
    english = english_words()
    reader = Normaliser(knowledge.topics, knowledge.lexicon, english)
    examples = training_examples(knowledge, loaded_only)
    return fit(examples, reader, english, embedding=StaticEmbedding.load())


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two models' arrays agree (floats to float32 rounding)."""
    if a.keys() != b.keys():
        return False
    for key, left in a.items():
        right = b[key]
        if left.dtype.kind in "fc":
            if left.shape != right.shape or not np.allclose(left, right, atol=1e-5):
                return False
        elif not np.array_equal(left, right):
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Write the model, or with --check say whether the shipped one is current."""
    parser = argparse.ArgumentParser(prog="python -m knowledge.train", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare with the shipped model")
    parser.add_argument("--loaded-only", action="store_true", help="skip unloaded topic labels")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    fresh = arrays(build(loaded_only=args.loaded_only))
    if args.check:
        with np.load(args.out, allow_pickle=False) as data:
            shipped = {k: data[k] for k in data.files}
        current = same(fresh, shipped)
        print("the shipped model is current" if current else "stale: run python -m knowledge.train")
        return 0 if current else 1
    np.savez_compressed(args.out, **fresh)
    print(
        f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {len(fresh['labels'])} labels)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
