"""The loaded knowledge as immutable values, and the results the engine returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse

from knowledge.conditions import Condition
from knowledge.textfmt import Template

SEED = "seed"
APPROXIMATE_KINDS = frozenset({"third_party", "forum"})
SOURCE_KINDS = frozenset({SEED, "official", *APPROXIMATE_KINDS})


@dataclass(frozen=True, slots=True)
class Source:
    """Where advice comes from: one of the two articles, or a public page."""

    id: str
    kind: str
    name: str
    url: str | None = None
    date: str | None = None
    short: str | None = None  # name beside a figure; default: the web address's host

    @property
    def approximate(self) -> bool:
        """Whether figures from it must be called approximate (third-party or forum)."""
        return self.kind in APPROXIMATE_KINDS

    @property
    def site(self) -> str | None:
        """The web address's host, without "www."."""
        host = urlparse(self.url).hostname if self.url else None
        return host.removeprefix("www.") if host else None

    @property
    def label(self) -> str:
        """Name it for a sources line: an article by its title and site, else the page name."""
        if self.kind == SEED:
            return f"{self.name} ({self.site})" if self.site else self.name
        return f"{self.name} (approximate)" if self.approximate else self.name

    @property
    def link(self) -> str:
        """The label as a Markdown link to the page, for a sources line."""
        return f"[{self.label}]({self.url})" if self.url else self.label

    @property
    def cite(self) -> str:
        """Full citation with the address, for JSON output and checking."""
        return f"{self.label} - {self.url}" if self.url else self.label

    @property
    def inline(self) -> str:
        """Short form shown right next to a figure (callers add "approximate")."""
        if self.short:
            return self.short
        if self.approximate and self.site:
            return self.site
        return self.name


@dataclass(frozen=True, slots=True)
class Fact:
    """A figure with its source; answers show it through a {placeholder}."""

    id: str
    value: int | float | str
    display: str
    sources: tuple[str, ...]
    cite: str | None = None  # short citation overriding the source names
    season: int | None = None  # the Match year a per-season figure belongs to (signals, fees)


@dataclass(frozen=True, slots=True)
class Flag:
    """A yes/no fact about the applicant, worked out from the profile."""

    id: str
    when: Condition
    description: str


@dataclass(frozen=True, slots=True)
class Variant:
    """A personal line of a topic answer, shown when its condition holds."""

    id: str
    when: Condition
    priority: int
    text: Template
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    """A subject applicants ask about, with its general answer and personal variants."""

    id: str
    title: str
    summary: str
    examples: tuple[str, ...]
    keywords: tuple[tuple[tuple[str, ...], float], ...]
    text: Template
    sources: tuple[str, ...]
    variants: tuple[Variant, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """A plan action shown when its condition holds."""

    id: str
    topic: str
    when: Condition
    priority: int
    text: Template
    why: Template
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Action:
    """One step of a plan, with a one-line reason and its sources."""

    rule_id: str
    priority: int
    text: str
    why: str
    sources: tuple[str, ...]  # short names, for the numbered sources line
    cites: tuple[str, ...] = ()  # the same sources in full, with addresses
    later: bool = False  # this season is too far on for it: a step for a next season


@dataclass(frozen=True, slots=True)
class Plan:
    """The flags that hold for a profile and the actions they lead to, most urgent first."""

    flags: tuple[str, ...]
    actions: tuple[Action, ...]
    season: Action | None = None  # where the season stands today, with its dates' sources
    phase: str | None = None  # the season phase the plan was built in (season_phase.py)


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to a question: text with sources, and whether it used the profile."""

    topic: str | None
    confidence: float
    text: str
    sources: tuple[str, ...] = ()
    personal: bool = False
    suggestions: tuple[Topic, ...] = ()
    off_topic: bool = False


@dataclass(frozen=True, slots=True)
class Milestone:
    """A dated step of the season; `note` says when a date is only the typical timing."""

    id: str
    title: str
    date: dt.date
    sources: tuple[str, ...]
    note: str | None = None
    typical: bool = False  # worked out from the usual pattern, not a published date
    timing: str | None = None  # that pattern in plain words ("third Friday of March")
