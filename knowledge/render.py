"""Render texts with their sources: facts with a citation beside them, answers with a
sources line, in the project's small Markdown subset."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.model import SEED, Fact, Source, Topic
from knowledge.textfmt import Template

DISCLAIMER = "_General guidance, not an official or guaranteed answer._"
MAX_VARIANTS = 3


def cited_beside(fact: Fact, sources: Mapping[str, Source]) -> bool:
    """Whether a figure is shown with its citation in brackets right after it, as
    `Citer.show_fact` does: always unless only the articles back it (they are cited at the
    end of the answer)."""
    return bool(fact.cite) or any(sources[s].kind != SEED for s in fact.sources)


@dataclass(frozen=True)
class Citer:
    """Knows every source and fact, and how to show them."""

    sources: Mapping[str, Source]
    facts: Mapping[str, Fact]

    def _inline(self, source_ids: Iterable[str]) -> str:
        cited = [self.sources[s] for s in dict.fromkeys(source_ids)]
        official = [s.inline for s in cited if s.kind != SEED and not s.approximate]
        rough = [s.inline for s in cited if s.approximate]
        if rough:
            official.append("approximate: " + ", ".join(rough))
        return f" ({'; '.join(official)})" if official else ""

    def show_fact(self, fact_id: str) -> str:
        """A figure with its source named beside it (the articles are cited at the end)."""
        fact = self.facts[fact_id]
        cite = f" ({fact.cite})" if fact.cite else self._inline(fact.sources)
        if cite and fact.display.endswith(")"):
            # "218 (from July 2025)" + " (quantaprep)" -> "218 (from July 2025; quantaprep)"
            return f"{fact.display[:-1]}; {cite[2:]}"
        return fact.display + cite

    def cite_facts(self, fact_ids: frozenset[str]) -> str:
        """The citation for a value computed from facts."""
        return self._inline(s for f in sorted(fact_ids) for s in self.facts[f].sources)

    def fill(
        self, template: Template, env: Mapping[str, Any], specials: Mapping[str, str] | None = None
    ) -> str:
        """Render a template with figures cited."""
        return template.render(env, self.show_fact, self.cite_facts, specials)

    def source_ids(self, own: Iterable[str], templates: Iterable[Template]) -> tuple[str, ...]:
        """All sources of a text: its own plus those of the facts it shows, articles first."""
        ids = list(own)
        for t in templates:
            for f in sorted(t.facts):
                ids.extend(self.facts[f].sources)
        unique = list(dict.fromkeys(ids))
        return tuple(sorted(unique, key=lambda s: self.sources[s].kind != SEED))

    def labels(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Short names for a sources line."""
        return tuple(self.sources[s].label for s in ids)

    def links(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Names for a sources line, each a link to its page where it has one."""
        return tuple(self.sources[s].link for s in ids)

    def cites(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Full citations, with addresses."""
        return tuple(self.sources[s].cite for s in ids)


def sources_line(labels: Iterable[str]) -> str:
    """The closing line naming where an answer comes from."""
    return "Sources: " + "; ".join(labels)


def compose_topic(
    citer: Citer,
    topic: Topic,
    env: Mapping[str, Any] | None,
    specials: Mapping[str, str],
    extra_sources: Iterable[str] = (),
) -> tuple[str, tuple[str, ...], bool]:
    """Write a topic's answer: personal lines first (when env is given), then the general
    answer, then sources. Return (text, source ids, personal?)."""
    fired = []
    if env is not None:
        fired = sorted((v for v in topic.variants if v.when.test(env)), key=lambda v: v.priority)[
            :MAX_VARIANTS
        ]
    general = citer.fill(topic.text, env or {}, specials)
    parts = [f"**{topic.title}**"]
    if fired:
        parts.append(
            "**For you**\n" + "\n".join(f"- {citer.fill(v.text, env or {})}" for v in fired)
        )
        parts.append("**In general**\n" + general)
    else:
        parts.append(general)
    own = [*(s for v in fired for s in v.sources), *topic.sources, *extra_sources]
    ids = citer.source_ids(own, [topic.text, *(v.text for v in fired)])
    parts.append(sources_line(citer.links(ids)) + "\n" + DISCLAIMER)
    return "\n\n".join(parts), ids, bool(fired)
