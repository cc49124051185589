"""Static word vectors: any text gets a vector, words of like meaning sit closer than
unrelated ones, and the distiller turns a BERT model into the file the bot reads."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.distil import distil, read_safetensors
from knowledge.embedding import StaticEmbedding, basic_tokens


@pytest.fixture(scope="module")
def embedding() -> StaticEmbedding:
    return StaticEmbedding.load()


def similarity(embedding: StaticEmbedding, a: str, b: str) -> float:
    return float(embedding.vector(a.split()) @ embedding.vector(b.split()))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_gets_a_unit_vector_or_none(embedding, text):
    """Emoji, other scripts, NULs or nothing at all: never a crash, never a NaN."""
    vector = embedding.vector(text.split())
    norm = float(np.linalg.norm(vector))
    assert np.isfinite(vector).all()
    assert norm == pytest.approx(1.0, abs=1e-6) or norm == 0.0


@given(word=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=40))
def test_a_lowercase_word_splits_into_pieces_that_spell_it(embedding, word):
    vocab = {i: t for t, i in embedding.index.items()}
    spelt = "".join(vocab[i].removeprefix("##") for i in embedding.pieces(word))
    assert spelt == word


def test_punctuation_is_split_off_and_accents_dropped():
    assert basic_tokens("Résumé, CK-230?") == ["resume", ",", "ck", "-", "230", "?"]


@pytest.mark.parametrize(
    ("question", "near", "far"),
    [
        ("who should write my recommendation", "letters from attendings", "visa sponsorship"),
        ("my visa status", "j1 waiver sponsorship", "personal statement essay"),
        ("failed the exam", "poor score attempt", "rotation observership"),
    ],
)
def test_words_of_like_meaning_are_closer(embedding, question, near, far):
    assert similarity(embedding, question, near) > similarity(embedding, question, far)


def tiny_bert(path, vocab: list[str], hidden: int = 24, layers: int = 2) -> None:
    """Write a random BERT of the MiniLM layout to a .safetensors file."""
    rng = np.random.default_rng(7)
    shapes = {
        "embeddings.word_embeddings.weight": (len(vocab), hidden),
        "embeddings.position_embeddings.weight": (8, hidden),
        "embeddings.token_type_embeddings.weight": (2, hidden),
        "embeddings.LayerNorm.weight": (hidden,),
        "embeddings.LayerNorm.bias": (hidden,),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for name in ("attention.self.query", "attention.self.key", "attention.self.value"):
            shapes |= {p + name + ".weight": (hidden, hidden), p + name + ".bias": (hidden,)}
        shapes |= {
            p + "attention.output.dense.weight": (hidden, hidden),
            p + "attention.output.dense.bias": (hidden,),
            p + "attention.output.LayerNorm.weight": (hidden,),
            p + "attention.output.LayerNorm.bias": (hidden,),
            p + "intermediate.dense.weight": (4 * hidden, hidden),
            p + "intermediate.dense.bias": (4 * hidden,),
            p + "output.dense.weight": (hidden, 4 * hidden),
            p + "output.dense.bias": (hidden,),
            p + "output.LayerNorm.weight": (hidden,),
            p + "output.LayerNorm.bias": (hidden,),
        }
    header: dict[str, object] = {}
    blobs: list[bytes] = []
    offset = 0
    for name, shape in shapes.items():
        data = rng.normal(size=shape).astype(np.float32).tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


def test_the_distiller_writes_what_the_bot_reads(tmp_path):
    """A model directory becomes vectors, weights and a vocabulary; the same twice."""
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "letter", "visa", "##s", "fail"]
    tiny_bert(tmp_path / "model.safetensors", vocab)
    (tmp_path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    assert read_safetensors(tmp_path / "model.safetensors")["embeddings.LayerNorm.bias"].shape == (
        24,
    )
    first = distil(tmp_path, dims=4, heads_n=4)
    second = distil(tmp_path, dims=4, heads_n=4)
    for key in first:
        np.testing.assert_array_equal(first[key], second[key])
    np.savez(
        tmp_path / "static.npz",
        vocab=first["vocab"],
        vectors=first["vectors"],
        weights=first["weights"],
    )
    loaded = StaticEmbedding.load(tmp_path / "static.npz")
    assert loaded.dims == 4
    assert loaded.pieces("letters") == [vocab.index("letter"), vocab.index("##s")]
    # "the" is the commonest English word: it weighs least.
    assert loaded.weights[vocab.index("the")] < loaded.weights[vocab.index("visa")] <= 1.0
    assert np.linalg.norm(loaded.vector(["visa", "letters"])) == pytest.approx(1.0, abs=1e-3)
