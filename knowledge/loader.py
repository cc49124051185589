"""Load and check the knowledge files under knowledge/data/.

Everything is checked before the bot starts: unknown or misspelt fields and names,
conditions that do not type-check, numbers in texts that do not come from a fact, missing
sources. All problems are reported together as `file:line: explanation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.abbreviations import Abbreviation, read_abbreviations
from knowledge.conditions import Condition, ConditionError, compile_condition
from knowledge.errors import Problems
from knowledge.lexicon import Lexicon, read_lexicon
from knowledge.model import SEED, SOURCE_KINDS, Fact, Flag, Rule, Source, Topic
from knowledge.reader import Reader
from knowledge.render import cited_beside
from knowledge.schema import AFTER_FLAGS, BOOL, NUM, VarType, profile_types
from knowledge.textfmt import Template, compile_template
from knowledge.timeline import TimelineData, read_timeline
from knowledge.topicfiles import read_topics
from knowledge.yamlsrc import LMap, read_yaml

DEFAULT_DATA = Path(__file__).parent / "data"
SPECIALS = frozenset({"season_calendar"})


@dataclass(frozen=True)
class Knowledge:
    """Everything loaded from the data folder, checked."""

    sources: dict[str, Source]
    facts: dict[str, Fact]
    flags: tuple[Flag, ...]
    topics: tuple[Topic, ...]
    rules: tuple[Rule, ...]
    timeline: TimelineData
    lexicon: Lexicon
    abbreviations: tuple[Abbreviation, ...] = ()


class _Loader:
    """Reads the files in order; later files may use what earlier ones define."""

    def __init__(self, data_dir: Path, problems: Problems) -> None:
        self.dir = data_dir
        self.problems = problems
        self.sources: dict[str, Source] = {}
        self.facts: dict[str, Fact] = {}
        self.cited_facts: frozenset[str] = frozenset()
        self.flags: list[Flag] = []
        self.names: dict[str, VarType] = profile_types()
        self.implies: dict[str, frozenset[str]] = {}
        self.used_ids: set[str] = set()
        self.topic_ids: set[str] = set()
        self.lexicon = Lexicon({}, {}, {}, (), (), frozenset(), None, None)

    def label(self, path: Path) -> str:
        """A file's name as problems show it: relative to the working folder when inside it."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def section(self, name: str, key: str) -> tuple[Reader, Any]:
        path = self.dir / name
        reader = Reader(self.label(path), self.problems)
        data = read_yaml(path, reader.file, self.problems)
        return reader, (reader.top(data, key) if data is not None else None)

    def condition(self, r: Reader, m: LMap, key: str = "when") -> Condition | None:
        source = r.text(m, key, "the condition")
        if source is None:
            return None
        try:
            return compile_condition(source, self.names, implies=self.implies)
        except ConditionError as exc:
            r.add(m.line_of(key), f"condition '{source}': {exc}")
            return None

    def template(
        self, r: Reader, m: LMap, key: str, when: Condition | None, personal: bool
    ) -> Template | None:
        text = r.text(m, key, "this entry")
        if text is None:
            return None
        try:
            tmpl = compile_template(
                text, self.names, frozenset(self.facts), SPECIALS, self.cited_facts
            )
        except ConditionError as exc:
            r.add(m.line_of(key), f"'{key}': {exc}")
            return None
        if not personal and tmpl.names:
            r.add(
                m.line_of(key),
                f"the general answer is shown without a profile, so it "
                f"cannot show {sorted(tmpl.names)}; move that to a variant",
            )
        elif when is not None and (unsure := tmpl.names - when.sure):
            name = sorted(unsure)[0]
            r.add(
                m.line_of(key),
                f"'{key}' shows {{{name}}} but the condition does not make "
                f"sure it is answered; add '{name} is set' to the condition",
            )
        return tmpl

    def load_sources(self) -> None:
        r, items = self.section("sources.yaml", "sources")
        seen: set[str] = set()
        for m in r.entries(items, getattr(items, "line", 1), "source"):
            r.keys(m, {"id", "kind", "name"}, {"url", "date", "short"}, "a source")
            sid, kind, name = (
                r.text(m, "id", "a source"),
                r.text(m, "kind", "a source"),
                r.text(m, "name", "a source"),
            )
            if sid is None or kind is None or name is None:
                continue
            if sid in seen:
                r.add(m.line_of("id"), f"the source '{sid}' is listed twice")
            seen.add(sid)
            if kind not in SOURCE_KINDS:
                r.add(m.line_of("kind"), f"kind '{kind}' must be one of {sorted(SOURCE_KINDS)}")
            url = r.text(m, "url", "a source")
            if kind == SEED and not sid.endswith(".txt"):
                r.add(m.line_of("id"), "an article source is named by its file name (….txt)")
            if kind != SEED and not url:
                r.add(m.line, f"the source '{sid}' needs a 'url' so readers can check it")
            self.sources[sid] = Source(
                sid, kind, name, url, r.text(m, "date", "a source"), r.text(m, "short", "a source")
            )

    def load_facts(self) -> None:
        r, items = self.section("facts.yaml", "facts")
        seen: set[str] = set()
        for m in r.entries(items, getattr(items, "line", 1), "fact"):
            r.keys(m, {"id", "value", "sources"}, {"display", "cite", "note", "season"}, "a fact")
            fid = r.ident(m, "a fact", seen)
            value = m.get("value")
            if fid is None or value is None:
                continue
            if fid in self.names:
                r.add(m.line_of("id"), f"'{fid}' is already a profile field; pick another id")
                continue
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                r.add(m.line_of("value"), "a fact's value must be a number or short text")
                continue
            display = r.text(m, "display", "a fact") or str(value)
            sources = r.refs(m, "sources", self.sources, "a fact")
            season = r.integer(m, "season", 2000, 2100, "a fact")
            if season is not None and str(season) not in display:
                r.add(
                    m.line_of("season"), f"say the season in the figure, e.g. '({season} season)'"
                )
            self.facts[fid] = Fact(
                fid, value, display, sources, r.text(m, "cite", "a fact"), season
            )
            if cited_beside(self.facts[fid], self.sources):
                self.cited_facts |= {fid}
            self.names[fid] = NUM if isinstance(value, int | float) else VarType("text")

    def load_flags(self) -> None:
        r, items = self.section("flags.yaml", "flags")
        for m in r.entries(items, getattr(items, "line", 1), "flag"):
            r.keys(m, {"id", "when", "description"}, set(), "a flag")
            fid = r.ident(m, "a flag", self.used_ids)
            if fid is None:
                continue
            if fid in self.names:
                r.add(m.line_of("id"), f"'{fid}' is already a profile field or fact")
                continue
            when = self.condition(r, m)
            if when is not None and AFTER_FLAGS & when.names:
                # The engine sets these after working out the flags (KnowledgeBase.env).
                r.add(
                    m.line_of("when"), "a flag cannot use season_phase or a season date; use a rule"
                )
                when = None
            self.names[fid] = BOOL  # later flags may use it, even if its condition is broken
            if when is not None:
                self.implies[fid] = when.sure
                self.flags.append(Flag(fid, when, r.text(m, "description", "a flag") or ""))

    def load_rules(self, topic_ids: set[str]) -> tuple[Rule, ...]:
        r, items = self.section("rules.yaml", "rules")
        rules: list[Rule] = []
        for m in r.entries(items, getattr(items, "line", 1), "rule"):
            r.keys(
                m, {"id", "topic", "when", "priority", "text", "why", "sources"}, set(), "a rule"
            )
            rid = r.ident(m, "a rule", self.used_ids)
            topic = r.text(m, "topic", "a rule")
            if topic is not None and topic not in topic_ids:
                r.add(m.line_of("topic"), f"topic '{topic}' does not exist (see topics/)")
            when = self.condition(r, m)
            priority = r.integer(m, "priority", 1, 9, "a rule")
            text = self.template(r, m, "text", when, personal=True)
            why = self.template(r, m, "why", when, personal=True)
            sources = r.refs(m, "sources", self.sources, "a rule")
            if None not in (rid, topic, when, priority, text, why):
                rules.append(Rule(rid, topic, when, priority, text, why, sources))  # type: ignore[arg-type]
        return tuple(rules)

    def load(self) -> Knowledge:
        self.load_sources()
        self.load_facts()
        self.load_flags()
        lex_reader = Reader(self.label(self.dir / "lexicon.yaml"), self.problems)
        lex_data = read_yaml(self.dir / "lexicon.yaml", lex_reader.file, self.problems)
        self.lexicon = read_lexicon(lex_reader, lex_data)
        topics = read_topics(self)
        rules = self.load_rules(self.topic_ids)
        tl_reader = Reader(self.label(self.dir / "timeline.yaml"), self.problems)
        raw = read_yaml(self.dir / "timeline.yaml", tl_reader.file, self.problems)
        timeline = read_timeline(tl_reader, raw, self)
        ab_reader = Reader(self.label(self.dir / "abbreviations.yaml"), self.problems)
        ab_data = read_yaml(self.dir / "abbreviations.yaml", ab_reader.file, self.problems)
        abbreviations = read_abbreviations(ab_reader, ab_data, self.sources)
        return Knowledge(
            self.sources,
            self.facts,
            tuple(self.flags),
            topics,
            rules,
            timeline,
            self.lexicon,
            abbreviations,
        )


def read_knowledge(data_dir: Path | str | None = None) -> Knowledge:
    """Load and check every knowledge file; raise KnowledgeError listing all problems."""
    problems = Problems()
    base = Path(data_dir) if data_dir is not None else DEFAULT_DATA
    if not base.is_dir():
        problems.add(str(base), 1, "the knowledge folder does not exist")
        problems.raise_if_any()
    knowledge = _Loader(base, problems).load()
    problems.raise_if_any()
    return knowledge
