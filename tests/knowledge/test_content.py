"""Content rules: our own words (no sentence copied from the articles), short sentences,
both articles cited by file name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from knowledge.loader import DEFAULT_DATA

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
RUN = 8  # this many words in a row shared with an article counts as copying


def _texts() -> list[tuple[str, str]]:
    """Every answer, variant, rule and why text, with where it lives."""
    found: list[tuple[str, str]] = []
    for path in sorted(DEFAULT_DATA.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def walk(node: object, where: str) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ("text", "why") and isinstance(value, str):
                        found.append((f"{where}:{key}", value))
                    else:
                        walk(value, where)
            elif isinstance(node, list):
                for item in node:
                    walk(item, where)

        walk(data, path.name)
    return found


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the source articles are not at {SEEDS}")
def test_no_sentence_is_copied_from_the_articles():
    """No run of eight words in a row from either article appears in our texts."""
    runs: set[tuple[str, ...]] = set()
    for seed in SEEDS.glob("0*.txt"):
        words = _words(seed.read_text(encoding="utf-8"))
        runs.update(tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1))
    copied = []
    for where, text in _texts():
        words = _words(text)
        for i in range(len(words) - RUN + 1):
            if tuple(words[i : i + RUN]) in runs:
                copied.append(f"{where}: {' '.join(words[i : i + RUN])}")
                break
    assert not copied, "\n".join(copied)


def test_sentences_are_short():
    """Readers are on phones, often in a second language: no sentence over 30 words."""
    long = []
    for where, text in _texts():
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            if len(_words(sentence)) > 30:
                long.append(f"{where}: {sentence[:60]}…")
    assert not long, "\n".join(long)


def test_both_articles_are_cited_by_title_and_site(kb):
    """The two articles are the primary sources: answers name them as a person can find
    them (title, site and address), never by file name."""
    cited = {s for t in kb.topics for s in kb.topic_answer(t.id, None).sources}
    assert {
        "IMG Residency Guide: Strategies for Low Step Scores in Med-Psych (residencyadvisor.com)"
        " - https://residencyadvisor.com/resources/low-step-score-strategies/"
        "img-residency-guide-low-step-scores-med-psych",
        "Step Score Strategy for Non-US Citizen IMGs in Medicine-Psychiatry Residency"
        " (residencyadvisor.com) - https://residencyadvisor.com/resources/"
        "low-step-score-strategies/step-score-strategy-non-us-citizen-img-medicine-psychiatry",
    } <= cited
    assert not any(".txt" in kb.topic_answer(t.id, None).text for t in kb.topics)


def test_every_answer_says_it_is_not_official(kb):
    """Each topic answer carries the short disclaimer."""
    for topic in kb.topics:
        assert "not an official or guaranteed answer" in kb.topic_answer(topic.id, None).text
