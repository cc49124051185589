"""Benchmark the knowledge engine (prints figures; not a pass/fail test).

- start-up: load + validate all knowledge files and the matcher's model, in a fresh process
  and in-process repeats
- `answer` latency in-process, p50 and p99 over 10,000 questions (half with a profile):
  the training questions and the frozen set, then copies with a typo
- the matcher alone (typo fixing, classifier, keyword fallback), p50 and p99

Run: .venv/bin/python bench/bench_knowledge.py [--training-only]
(`--training-only` times the training questions alone and never reads the frozen set.)
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.profile import Profile  # noqa: E402
from knowledge import load_knowledge  # noqa: E402

N_QUESTIONS = 10_000
LOAD_REPEATS = 20


def _typo(rng: random.Random, text: str) -> str:
    """Swap two neighbouring letters somewhere, like a fast thumb would."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def startup_fresh_process() -> float:
    """Time import + load + validation in a new interpreter (what the bot pays at start)."""
    code = (
        "import time; t = time.perf_counter(); from knowledge import load_knowledge; "
        "load_knowledge(); print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--training-only", action="store_true", help="time training questions only")
    args = parser.parse_args()
    sets = ["knowledge/data/training_questions.yaml"]
    if not args.training_only:
        sets.append("tests/data/frozen_questions.yaml")
    fresh = [startup_fresh_process() for _ in range(3)]
    loads = []
    for _ in range(LOAD_REPEATS):
        start = time.perf_counter()
        kb = load_knowledge()
        loads.append(time.perf_counter() - start)
    print(
        f"start-up, fresh process (import + load + validate): "
        f"median {statistics.median(fresh) * 1000:.0f} ms (target < 500 ms)"
    )
    print(
        f"load + validate, in-process: median {statistics.median(loads) * 1000:.1f} ms, "
        f"max {max(loads) * 1000:.1f} ms over {LOAD_REPEATS} runs"
    )

    base = [
        q["q"]
        for name in sets
        for q in yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))["questions"]
    ]
    rng = random.Random(7)
    questions = [
        base[i % len(base)] if i < len(base) else _typo(rng, rng.choice(base))
        for i in range(N_QUESTIONS)
    ]
    profile = Profile(
        visa="needs_h1b",
        graduation_year=2016,
        match_year=2026,
        step1_status="passed",
        step1_attempts=2,
        step2_status="passed",
        step2_score=241,
        usce_months=2,
        usce_hands_on_months=0,
        usce_fields=["im"],
        letters_im=1,
        letters_psych=0,
    )
    times = []
    for i, question in enumerate(questions):
        start = time.perf_counter()
        kb.answer(question, profile if i % 2 else None)
        times.append(time.perf_counter() - start)
    times.sort()
    p50 = times[len(times) // 2] * 1000
    p99 = times[int(len(times) * 0.99)] * 1000
    print(
        f"answer latency over {N_QUESTIONS} questions: p50 {p50:.3f} ms, p99 {p99:.3f} ms, "
        f"max {times[-1] * 1000:.3f} ms (target p99 < 10 ms)"
    )
    matcher = kb._matcher
    times = []
    for question in questions:
        start = time.perf_counter()
        matcher.match(question)
        times.append(time.perf_counter() - start)
    times.sort()
    print(
        f"matcher alone: p50 {times[len(times) // 2] * 1000:.3f} ms, "
        f"p99 {times[int(len(times) * 0.99)] * 1000:.3f} ms"
    )


if __name__ == "__main__":
    main()
