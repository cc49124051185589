"""The med-psych program list (knowledge/data/programs.yaml): loading and checking.

Every stated fact carries its own source: the page's address, what kind of page it is, the
date the page shows, and whether the rule is the combined program's own or only the
institution's or a sister program's. A fact no page gives is `not stated`. Filtering for an
applicant lives in knowledge/program_fit.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.errors import Problems
from knowledge.reader import ID_PATTERN, Reader
from knowledge.yamlsrc import LMap, read_yaml

FILE_NAME = "programs.yaml"
NOT_STATED = "not stated"
UNDATED = "undated"
STALE_YEARS = 5  # a page older than this is flagged by `knowledge check`

SOURCE_TYPES = (
    "program_page",
    "institution_page",
    "sister_program_page",
    "freida_record",
    "third_party",
)
SCOPES = ("combined_program", "institution", "sister_program")
FACTS = (
    "positions",
    "j1",
    "h1b",
    "graduation",
    "attempts",
    "scores",
    "usce",
    "ecfmg_deadline",
    "application_dates",
)
ATTEMPTS = ("first_attempt_only", "passed_steps_only")
USCE = ("required", "preferred", "not_required")
_WITHIN = re.compile(r"within (\d{1,2}) years?")
_SINCE = re.compile(r"((?:19|20)\d\d) or later")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_PROGRAM_KEYS = {"id", "name", "institution", "city", "state", "page", "confirmed_by", "facts"}
_FACT_KEYS = {"value", "source", "source_type", "page_date", "scope"}


@dataclass(frozen=True, slots=True)
class Citation:
    """Where one statement comes from."""

    url: str
    source_type: str
    page_date: str  # "2023-03-17", "2025", or "undated"
    line: int  # where the file gives it, for `knowledge check` warnings

    @property
    def latest_day(self) -> dt.date | None:
        """The last day the page's date can mean ("2018" -> 31 Dec 2018); None if undated."""
        if self.page_date == UNDATED:
            return None
        parts = [int(p) for p in self.page_date.split("-")]
        if len(parts) == 3:
            return dt.date(*parts)
        if len(parts) == 2:
            first_of_next = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first_of_next - dt.timedelta(days=1)
        return dt.date(parts[0], 12, 31)


@dataclass(frozen=True, slots=True)
class ProgramFact:
    """One stated fact of a program: its value, source and scope."""

    name: str  # one of FACTS
    value: bool | int | str
    source: Citation
    scope: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Program:
    """One combined program and what its pages state (missing facts are not stated)."""

    id: str
    name: str
    institution: str
    city: str
    state: str
    page: str
    confirmed_by: Citation
    facts: dict[str, ProgramFact]
    aliases: tuple[str, ...] = ()

    def fact(self, name: str) -> ProgramFact | None:
        """The stated fact, or None when no page states it."""
        return self.facts.get(name)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every listed program, in file order."""

    programs: tuple[Program, ...]

    def by_id(self, program_id: str) -> Program | None:
        """The program with this id, or None."""
        return next((p for p in self.programs if p.id == program_id), None)

    def citations(self) -> list[Citation]:
        """Every page the list cites, the confirming pages included."""
        return [
            c
            for p in self.programs
            for c in (p.confirmed_by, *(f.source for f in p.facts.values()))
        ]

    def stale(self, today: dt.date) -> list[Citation]:
        """Pages dated more than STALE_YEARS before today."""
        return [c for c in self.citations() if _older(c.latest_day, today)]


def _older(day: dt.date | None, today: dt.date) -> bool:
    """Whether a page's day is more than STALE_YEARS before today (undated: unknown, no)."""
    if day is None:
        return False
    try:
        limit = day.replace(year=day.year + STALE_YEARS)
    except ValueError:  # 29 February
        limit = day.replace(year=day.year + STALE_YEARS, day=28)
    return limit < today


def graduation_limit(value: str) -> tuple[str, int] | None:
    """Read a graduation rule: ("none", 0), ("within", years) or ("since", year), or None."""
    text = value.strip().casefold()
    if text == "no limit":
        return ("none", 0)
    if m := _WITHIN.fullmatch(text):
        return ("within", int(m.group(1)))
    if m := _SINCE.fullmatch(text):
        return ("since", int(m.group(1)))
    return None


def _citation(r: Reader, m: LMap, what: str) -> Citation | None:
    url = r.text(m, "source", what)
    kind = r.text(m, "source_type", what)
    raw_date = m.get("page_date")
    date = raw_date.isoformat() if isinstance(raw_date, dt.date) else raw_date
    date = str(date) if isinstance(date, int) else date
    ok = True
    if url is not None and not url.startswith(("http://", "https://")):
        r.add(m.line_of("source"), f"{what}: 'source' must be a web address (http...)")
        ok = False
    if kind is not None and kind not in SOURCE_TYPES:
        r.add(
            m.line_of("source_type"),
            f"{what}: source_type '{kind}' must be one of {list(SOURCE_TYPES)}",
        )
        ok = False
    if date is None:
        r.add(m.line, f"{what}: 'page_date' is missing (the date the page shows, or undated)")
        ok = False
    elif date != UNDATED and not _valid_date(str(date)):
        r.add(
            m.line_of("page_date"),
            f"{what}: page_date '{date}' must be YYYY-MM-DD, YYYY-MM, YYYY or undated",
        )
        ok = False
    if not ok or url is None or kind is None:
        return None
    return Citation(url, kind, str(date), m.line_of("page_date"))


def _valid_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def _value(r: Reader, name: str, m: LMap, what: str) -> bool | int | str | None:
    value: Any = m.get("value")
    line = m.line_of("value")
    if value is None:
        r.add(line, f"{what}: 'value' is missing (write '{name}: {NOT_STATED}' if no page says it)")
    elif name in ("j1", "h1b"):
        if isinstance(value, bool):
            return value
        r.add(line, f"{what}: the value must be true (sponsors) or false (does not)")
    elif name == "positions":
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        r.add(line, f"{what}: the value must be a number of residents per year")
    elif name == "graduation":
        if isinstance(value, str) and graduation_limit(value) is not None:
            return value
        r.add(line, f"{what}: write 'no limit', 'within N years' or 'YYYY or later'")
    elif name in ("attempts", "usce"):
        allowed = ATTEMPTS if name == "attempts" else USCE
        if value in allowed:
            return str(value)
        r.add(line, f"{what}: the value must be one of {list(allowed)}")
    elif isinstance(value, str) and value.strip() and value.strip() != NOT_STATED:
        return value.strip()
    else:
        r.add(line, f"{what}: the value must be a short text")
    return None


def _fact(r: Reader, name: str, raw: Any, line: int, pid: str) -> ProgramFact | None:
    what = f"{pid}.{name}"
    if raw == NOT_STATED:
        return None
    if not isinstance(raw, LMap):
        r.add(
            line, f"{what}: give value, source, source_type, page_date and scope, or '{NOT_STATED}'"
        )
        return None
    r.keys(raw, _FACT_KEYS, {"note"}, f"the fact {what}")
    value = _value(r, name, raw, what)
    citation = _citation(r, raw, what)
    scope = r.text(raw, "scope", what)
    if scope is not None and scope not in SCOPES:
        r.add(raw.line_of("scope"), f"{what}: scope '{scope}' must be one of {list(SCOPES)}")
        scope = None
    if value is None or citation is None or scope is None:
        return None
    return ProgramFact(name, value, citation, scope, r.text(raw, "note", what) or "")


def _program(r: Reader, m: LMap, seen: set[str]) -> Program | None:
    r.keys(m, _PROGRAM_KEYS, {"aliases"}, "a program")
    pid = r.text(m, "id", "a program")
    if pid is not None and not ID_PATTERN.match(pid):
        r.add(m.line_of("id"), f"the id '{pid}' must be lower-case letters, digits and _")
    if pid is not None and pid in seen:
        r.add(m.line_of("id"), f"the program '{pid}' is listed twice")
    seen.add(pid or "")
    texts = {k: r.text(m, k, "a program") for k in ("name", "institution", "city", "state", "page")}
    confirmed = m.get("confirmed_by")
    citation = None
    if isinstance(confirmed, LMap):
        r.keys(confirmed, {"source", "source_type", "page_date"}, set(), "confirmed_by")
        citation = _citation(r, confirmed, f"{pid}.confirmed_by")
    else:
        r.add(
            m.line_of("confirmed_by"),
            "a program needs 'confirmed_by': the page that shows it exists",
        )
    facts: dict[str, ProgramFact] = {}
    raw_facts = m.get("facts")
    if not isinstance(raw_facts, LMap):
        r.add(m.line_of("facts"), f"a program needs 'facts:' with {', '.join(FACTS)}")
    else:
        for name in FACTS:
            if name not in raw_facts:
                r.add(
                    raw_facts.line,
                    f"{pid}: the fact '{name}' is missing (write '{name}: {NOT_STATED}')",
                )
        for name in raw_facts:
            if name not in FACTS:
                r.add(
                    raw_facts.line_of(name),
                    f"{pid}: unknown fact '{name}'; expected {', '.join(FACTS)}",
                )
                continue
            fact = _fact(r, name, raw_facts[name], raw_facts.line_of(name), pid or "?")
            if fact is not None:
                facts[name] = fact
    aliases = m.get("aliases") or []
    if pid is None or citation is None or None in texts.values():
        return None
    return Program(
        pid,
        str(texts["name"]),
        str(texts["institution"]),
        str(texts["city"]),
        str(texts["state"]),
        str(texts["page"]),
        confirmed_by=citation,
        facts=facts,
        aliases=tuple(str(a).casefold() for a in aliases),
    )


def read_programs(data_dir: Path, problems: Problems, label: str | None = None) -> Catalogue:
    """Read and check programs.yaml in `data_dir` (none there: an empty list)."""
    path = data_dir / FILE_NAME
    if not path.exists():
        return Catalogue(())
    reader = Reader(label or str(path), problems)
    data = read_yaml(path, reader.file, problems)
    items = reader.top(data, "programs") if data is not None else None
    seen: set[str] = set()
    programs = [
        p
        for m in reader.entries(items, getattr(items, "line", 1), "program")
        if (p := _program(reader, m, seen)) is not None
    ]
    return Catalogue(tuple(programs))


def stale_warnings(catalogue: Catalogue, today: dt.date, label: str) -> list[str]:
    """One `file:line: warning: ...` per cited page dated more than STALE_YEARS ago."""
    return [
        f"{label}:{c.line}: warning: the page is dated {c.page_date}, more than "
        f"{STALE_YEARS} years ago; check that it still says this ({c.url})"
        for c in catalogue.stale(today)
    ]
