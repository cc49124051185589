"""Benchmark the question matcher's accuracy (prints figures; not a pass/fail test).

- stratified 5-fold cross-validation on the training questions (each fold retrained)
- 5-fold cross-validation on the real forum questions grouped by page (each fold trained on
  everything but its pages): the estimate nearest to real use that tuning may look at
- the frozen evaluation set (tests/data/frozen_questions.yaml, never tuned on): answerable
  right and unanswerable declined, with and without the keyword fallback
- the confusion between topics, and the frozen questions still missed, by cause

Run: .venv/bin/python bench/bench_matcher.py [--misses] [--cv-only] [--folds N] [--seed N]
(needs the dev extras: scikit-learn). `--cv-only` prints the cross-validated figures and
their confusion only, never reading the frozen sets: use it while tuning.
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
    forum_cross_validate,
    frozen_questions,
    judge,
    judge_as_routed,
    shipped_matcher,
)
from knowledge.loader import read_knowledge  # noqa: E402

FROZEN = ROOT / "tests" / "data" / "frozen_questions.yaml"
# The blind sets: labelled from the topic texts without running the matcher; never tuned on.
BLIND = ROOT / "tests" / "data" / "frozen_questions_b.yaml"
BLIND_C = ROOT / "tests" / "data" / "frozen_questions_c.yaml"


def _causes(verdicts: list[Verdict]) -> Counter[str]:
    return Counter(" ".join(v.cause.split()[:2]) for v in verdicts if not v.right)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list every missed frozen question")
    parser.add_argument("--cv-only", action="store_true", help="skip the frozen sets entirely")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    parser.add_argument("--seed", type=int, default=0, help="cross-validation split seed")
    args = parser.parse_args()
    knowledge = read_knowledge()
    runs = {}
    for keywords in (True, False):
        runs[keywords] = cross_validate(
            knowledge, folds=args.folds, keywords=keywords, seed=args.seed
        )
        label = "with keyword fallback" if keywords else "classifier alone    "
        print(f"{args.folds}-fold CV (seed {args.seed}), {label}: {figures(runs[keywords]).line()}")
    cv = runs[True]
    forum = forum_cross_validate(knowledge, folds=args.folds, seed=args.seed)
    print(f"{args.folds}-fold CV on real questions, grouped by page: {figures(forum).line()}")
    if args.cv_only:
        print("\nconfusion in CV (expected -> given, count):")
        for (want, got), n in confusion(cv).most_common(20):
            print(f"  {want} -> {got}: {n}")
        print("\nCV misses, by cause:")
        for cause, n in _causes(cv).most_common():
            print(f"  {cause}: {n}")
        print("\nreal-question CV misses, by cause:")
        for cause, n in _causes(forum).most_common():
            print(f"  {cause}: {n}")
        if args.misses:
            for v in cv:
                if not v.right:
                    print(
                        f"  - {v.cause}: {v.text[:100]!r} (accepts {sorted(v.accepted) or 'none'})"
                    )
        return
    questions = frozen_questions(FROZEN)
    for keywords in (True, False):
        verdicts = judge(shipped_matcher(knowledge, keywords=keywords), questions)
        label = "with keyword fallback" if keywords else "classifier alone    "
        print(f"frozen set, {label}: {figures(verdicts).line()}")
    blind = judge_as_routed(shipped_matcher(knowledge), frozen_questions(BLIND))
    print(f"blind set B, as the bot routes it: {figures(blind).line()}")
    blind_c = judge_as_routed(shipped_matcher(knowledge), frozen_questions(BLIND_C))
    print(f"blind set C, as the bot routes it: {figures(blind_c).line()}")
    verdicts = judge(shipped_matcher(knowledge), questions)
    print("\nconfusion in CV (expected -> given, count):")
    for (want, got), n in confusion(cv).most_common(12):
        print(f"  {want} -> {got}: {n}")
    print("\nconfusion on the frozen set:")
    for (want, got), n in confusion(verdicts).most_common(12):
        print(f"  {want} -> {got}: {n}")
    for name, run in (("B", blind), ("C", blind_c)):
        print(f"\nconfusion on blind set {name}:")
        for (want, got), n in confusion(run).most_common(12):
            print(f"  {want} -> {got}: {n}")
        print(f"blind set {name} missed, by cause:")
        for cause, n in _causes(run).most_common():
            print(f"  {cause}: {n}")
    print("\nfrozen questions missed, by cause:")
    for cause, n in _causes(verdicts).most_common():
        print(f"  {cause}: {n}")
    if args.misses:
        for v in verdicts:
            if not v.right:
                print(f"  - {v.cause}: {v.text[:100]!r} (accepts {sorted(v.accepted) or 'none'})")


if __name__ == "__main__":
    main()
