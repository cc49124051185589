"""Read and check the topic files under knowledge/data/topics/, one topic with its variants each.

The expected topics and their menu order are listed here; the shared checks (conditions,
templates, source references) come from the loader through a small context.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, cast

from knowledge.conditions import Condition
from knowledge.errors import Problems
from knowledge.lexicon import Lexicon
from knowledge.model import Source, Topic, Variant
from knowledge.reader import Reader
from knowledge.textfmt import Template
from knowledge.yamlsrc import LMap, read_yaml

TOPIC_IDS = (
    "step3_timing",
    "explain_fail",
    "how_many_programs",
    "step2_target",
    "low_score_chances",
    "visa",
    "usce",
    "letters",
    "personal_statement",
    "program_selection",
    "timeline",
    "season_now",
    "interviews",
    "unmatched_soap",
    "signals",
    "ecfmg_eligibility",
)
TITLE_MAX = 30


class _Context(Protocol):
    dir: Path
    problems: Problems
    sources: dict[str, Source]
    used_ids: set[str]
    topic_ids: set[str]
    lexicon: Lexicon

    def label(self, path: Path) -> str: ...

    def condition(self, r: Reader, m: LMap, key: str = "when") -> Condition | None: ...

    def template(
        self, r: Reader, m: LMap, key: str, when: Condition | None, personal: bool
    ) -> Template | None: ...


def _variant(ctx: _Context, r: Reader, m: LMap) -> Variant | None:
    r.keys(m, {"id", "when", "priority", "text", "sources"}, set(), "a variant")
    vid = r.ident(m, "a variant", ctx.used_ids)
    when = ctx.condition(r, m)
    priority = r.integer(m, "priority", 1, 9, "a variant")
    text = ctx.template(r, m, "text", when, personal=True)
    sources = r.refs(m, "sources", ctx.sources, "a variant")
    if None in (vid, when, priority, text):
        return None
    return Variant(vid, when, priority, text, sources)  # type: ignore[arg-type]


def _topic(ctx: _Context, path: Path) -> Topic | None:
    r = Reader(ctx.label(path), ctx.problems)
    m = read_yaml(path, r.file, ctx.problems)
    if not isinstance(m, LMap):
        ctx.topic_ids.add(path.stem)  # already reported; avoid a cascade of errors
        if m is not None:
            r.add(getattr(m, "line", 1), "a topic file must have fields such as 'id:'")
        return None
    r.keys(m, {"id", "title", "summary", "examples", "keywords", "answer"}, {"variants"}, "a topic")
    tid = r.text(m, "id", "the topic")
    if tid is not None:
        ctx.topic_ids.add(tid)  # rules may point to it even if the file has problems
    if tid is not None and tid != path.stem:
        r.add(m.line_of("id"), f"the id '{tid}' must match the file name '{path.stem}'")
    title = r.text(m, "title", "the topic", max_len=TITLE_MAX)
    examples = tuple(str(e) for e in m.get("examples") or ())
    if not examples:
        r.add(m.line_of("examples"), "list a few example questions under 'examples'")
    keywords = ctx.lexicon.keywords(r, m)
    answer = m.get("answer")
    text, sources = None, cast(tuple[str, ...], ())
    if isinstance(answer, LMap):
        r.keys(answer, {"text", "sources"}, set(), "the answer")
        text = ctx.template(r, answer, "text", None, personal=False)
        sources = r.refs(answer, "sources", ctx.sources, "the answer")
    elif answer is not None:
        r.add(m.line_of("answer"), "'answer' needs 'text:' and 'sources:' below it")
    variants = tuple(
        v
        for v in (
            _variant(ctx, r, vm)
            for vm in r.entries(m.get("variants") or [], m.line_of("variants"), "variant")
        )
        if v is not None
    )
    if tid is None or title is None or text is None:
        return None
    return Topic(
        tid,
        title,
        r.text(m, "summary", "the topic") or "",
        examples,
        keywords,
        text,
        sources,
        variants,
    )


def read_topics(ctx: _Context) -> tuple[Topic, ...]:
    """Check every file under topics/ and return the topics in their menu order."""
    paths = sorted((ctx.dir / "topics").glob("*.yaml"))
    topics = {t.id: t for t in (_topic(ctx, p) for p in paths) if t is not None}
    folder = ctx.label(ctx.dir / "topics")
    for tid in TOPIC_IDS:
        if tid not in topics and not (ctx.dir / "topics" / f"{tid}.yaml").exists():
            ctx.problems.add(folder, 1, f"the topic '{tid}' is missing; add {tid}.yaml")
    order = [t for t in TOPIC_IDS if t in topics] + sorted(set(topics) - set(TOPIC_IDS))
    return tuple(topics[t] for t in order)
