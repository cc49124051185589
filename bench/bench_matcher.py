"""Benchmark the question matcher's accuracy (prints figures; not a pass/fail test).

- stratified 5-fold cross-validation on the training questions (each fold retrained)
- the frozen evaluation set (tests/data/frozen_questions.yaml, never tuned on): answerable
  right and unanswerable declined, with and without the keyword fallback
- the confusion between topics, and the frozen questions still missed, by cause

Run: .venv/bin/python bench/bench_matcher.py [--misses]   (needs the dev extras: scikit-learn)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.evaluation import (  # noqa: E402
    Verdict,
    confusion,
    cross_validate,
    figures,
    frozen_questions,
    judge,
    shipped_matcher,
)
from knowledge.loader import read_knowledge  # noqa: E402

FROZEN = ROOT / "tests" / "data" / "frozen_questions.yaml"


def _causes(verdicts: list[Verdict]) -> Counter[str]:
    return Counter(" ".join(v.cause.split()[:2]) for v in verdicts if not v.right)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list every missed frozen question")
    args = parser.parse_args()
    knowledge = read_knowledge()
    for keywords in (True, False):
        cv = cross_validate(knowledge, keywords=keywords)
        label = "with keyword fallback" if keywords else "classifier alone    "
        print(f"5-fold CV, {label}: {figures(cv).line()}")
    questions = frozen_questions(FROZEN)
    for keywords in (True, False):
        verdicts = judge(shipped_matcher(knowledge, keywords=keywords), questions)
        label = "with keyword fallback" if keywords else "classifier alone    "
        print(f"frozen set, {label}: {figures(verdicts).line()}")
    verdicts = judge(shipped_matcher(knowledge), questions)
    print("\nconfusion in CV (expected -> given, count):")
    for (want, got), n in confusion(cv).most_common(12):
        print(f"  {want} -> {got}: {n}")
    print("\nconfusion on the frozen set:")
    for (want, got), n in confusion(verdicts).most_common(12):
        print(f"  {want} -> {got}: {n}")
    print("\nfrozen questions missed, by cause:")
    for cause, n in _causes(verdicts).most_common():
        print(f"  {cause}: {n}")
    if args.misses:
        for v in verdicts:
            if not v.right:
                print(f"  - {v.cause}: {v.text[:100]!r} (accepts {sorted(v.accepted) or 'none'})")


if __name__ == "__main__":
    main()
