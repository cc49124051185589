"""The application-season calendar: each milestone's rule for any Match year (a part of a
month, the nth weekday of a month, or days after another milestone), exact dates where a
season's were published, and personal milestones (Step 2 CK result before ERAS opens, Step 3
planning for an H-1B, ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from dateutil.relativedelta import FR, MO, TH, TU, WE, relativedelta, weekday

from knowledge.conditions import Condition
from knowledge.model import Fact, Milestone, Source
from knowledge.reader import Reader
from knowledge.season_phase import MILESTONES, season_phase
from knowledge.yamlsrc import LMap

PARTS = {"early": 1, "mid": 15, "late": 25}
YEARS = ("application", "match")
WEEKDAYS: dict[str, weekday] = {
    "monday": MO,
    "tuesday": TU,
    "wednesday": WE,
    "thursday": TH,
    "friday": FR,
}
ORDINALS = ("first", "second", "third", "fourth")
TYPICAL_NOTE = "typical timing, check the official calendar"
# Names answers may show a season date by (knowledge/schema.py) -> the milestone they show.
DATE_NAMES = {
    "eras_opens_on": "eras_submit",
    "programs_read_on": "programs_review",
    "rank_list_opens_on": "rol_opens",
    "rank_list_due_on": "rol_closes",
    "match_week_on": "match_week",
    "match_day_on": "match_day",
    "next_eras_opens_on": "next_eras_submit",
}


class _Context(Protocol):
    sources: dict[str, Source]
    facts: dict[str, Fact]

    def condition(self, r: Reader, m: LMap, key: str = "when") -> Condition | None: ...


@dataclass(frozen=True, slots=True)
class Typical:
    """A milestone's rule: a part of a month, the nth weekday of a month, or some days
    after another milestone; `timing` says it in plain words."""

    id: str
    title: str
    sources: tuple[str, ...]
    timing: str
    year: str | None = None
    month: int | None = None
    part: str | None = None
    weekday: str | None = None
    nth: int = 1
    after: str | None = None
    days: int = 0


@dataclass(frozen=True, slots=True)
class Season:
    """Exact dates known for one Match year."""

    sources: tuple[str, ...]
    dates: Mapping[str, dt.date]


@dataclass(frozen=True, slots=True)
class Personal:
    """A milestone added for applicants whose profile meets `when`."""

    id: str
    title: str
    when: Condition | None
    at: str
    before: str | None
    note: str | None
    sources: tuple[str, ...]


def working_day(day: dt.date) -> dt.date:
    """Move a weekend day to the Friday before, or to the Monday after when the Friday
    would leave the month (a typical "early June" must not become 31 May)."""
    if day.weekday() < 5:
        return day
    friday = day - dt.timedelta(days=day.weekday() - 4)
    if friday.month == day.month:
        return friday
    return day + dt.timedelta(days=7 - day.weekday())


def rule_date(t: Typical, match_year: int, earlier: Mapping[str, dt.date]) -> dt.date:
    """Work out a milestone's date for a Match year from its rule (`earlier` holds the
    dates of the milestones listed above it)."""
    if t.after is not None:
        return earlier[t.after] + dt.timedelta(days=t.days)
    year = match_year - 1 if t.year == "application" else match_year
    first = dt.date(year, t.month or 1, 1)
    if t.weekday is not None:
        return first + relativedelta(weekday=WEEKDAYS[t.weekday](t.nth))
    return working_day(first.replace(day=PARTS[t.part or "early"]))


@dataclass(frozen=True)
class TimelineData:
    """Everything in timeline.yaml."""

    typical: tuple[Typical, ...]
    seasons: Mapping[int, Season]
    personal: tuple[Personal, ...]

    def dates(self, match_year: int) -> dict[str, tuple[dt.date, bool, tuple[str, ...]]]:
        """Return id -> (date, exact?, sources) for every season milestone of a Match year:
        the season's published date where there is one, else the milestone's rule."""
        season = self.seasons.get(match_year)
        out: dict[str, tuple[dt.date, bool, tuple[str, ...]]] = {}
        for t in self.typical:
            if season is not None and t.id in season.dates:
                out[t.id] = (season.dates[t.id], True, season.sources)
            else:
                earlier = {k: v[0] for k, v in out.items()}
                out[t.id] = (rule_date(t, match_year, earlier), False, t.sources)
        return out

    def date_of(self, milestone_id: str, match_year: int) -> dt.date | None:
        """Return one season milestone's date for a Match year (None for an unknown id)."""
        found = self.dates(match_year).get(milestone_id)
        return found[0] if found else None

    def phase(self, today: dt.date, match_year: int | None) -> str | None:
        """Return the season phase (knowledge/season_phase.py) of a Match year on `today`,
        or None when the Match year is not known."""
        if match_year is None:
            return None
        return season_phase(today, {k: v[0] for k, v in self.dates(match_year).items()})

    def date_texts(self, match_year: int | None) -> dict[str, str | None]:
        """Return the season's key dates as text for answers ("Wed 23 Sep 2026 (typical)"),
        by the names in DATE_NAMES; all None when the Match year is not known."""
        if match_year is None:
            return dict.fromkeys(DATE_NAMES)
        dates = {**self.dates(match_year)}
        dates["next_eras_submit"] = self.dates(match_year + 1)["eras_submit"]
        out: dict[str, str | None] = {}
        for name, milestone in DATE_NAMES.items():
            day, exact, _ = dates[milestone]
            text = f"{day:%a} {day.day} {day:%b %Y}"
            out[name] = text if exact else f"{text} (typical)"
        return out

    def current_match_year(self, today: dt.date) -> int:
        """Return the Match whose season is under way on `today` (the next Match Day's)."""
        match_day = self.date_of("match_day", today.year)
        return today.year if match_day is not None and today <= match_day else today.year + 1

    def source_ids(self, match_year: int | None) -> tuple[str, ...]:
        """Sources behind the calendar of a Match year (or the typical months)."""
        ids = [s for t in self.typical for s in t.sources]
        season = self.seasons.get(match_year) if match_year is not None else None
        if season is not None:
            ids = [*season.sources, *ids]
        return tuple(dict.fromkeys(ids))

    def submit_date(self, match_year: int) -> dt.date | None:
        """Return the day ERAS opens for submissions for a Match year."""
        return self.date_of("eras_submit", match_year)

    def typical_months(self) -> list[tuple[str, str]]:
        """Return (when, title) in the usual pattern, in season order, for a general answer."""
        example = self.dates(2030)  # any year: only the order of the rules matters
        rows = sorted(self.typical, key=lambda t: example[t.id][0])
        return [(t.timing[:1].upper() + t.timing[1:], t.title) for t in rows]

    def milestones(
        self,
        match_year: int,
        env: Mapping[str, Any] | None,
        cite: Callable[[tuple[str, ...]], tuple[str, ...]],
        fact_months: Callable[[str], int],
    ) -> list[Milestone]:
        """Build the dated milestones of a season, with personal ones when env is given."""
        dates = self.dates(match_year)
        items = [
            Milestone(
                t.id,
                t.title,
                dates[t.id][0],
                cite(dates[t.id][2]),
                None if dates[t.id][1] else TYPICAL_NOTE,
                typical=not dates[t.id][1],
                timing=None if dates[t.id][1] else t.timing,
            )
            for t in self.typical
        ]
        for p in self.personal:
            if p.when is not None and (env is None or not p.when.test(env)):
                continue
            day, exact, _ = dates[p.at]
            if p.before is not None:
                day = working_day(day - relativedelta(months=fact_months(p.before)))
            note = p.note
            if not exact:
                note = f"{note} ({TYPICAL_NOTE})" if note else TYPICAL_NOTE
            items.append(Milestone(p.id, p.title, day, cite(p.sources), note, typical=not exact))
        return sorted(items, key=lambda m: m.date)


def _typical(r: Reader, m: LMap, ctx: _Context, seen: set[str]) -> Typical | None:
    r.keys(
        m,
        {"id", "title", "timing", "sources"},
        {"year", "month", "part", "weekday", "nth", "after", "days"},
        "a typical milestone",
    )
    tid = r.ident(m, "a milestone", seen)
    title = r.text(m, "title", "a milestone")
    timing = r.text(m, "timing", "a milestone")
    sources = r.refs(m, "sources", ctx.sources, "a milestone")
    after = r.text(m, "after", "a milestone")
    if after is not None:
        if after not in seen or after == tid:
            r.add(m.line_of("after"), f"'{after}' must be a milestone listed above this one")
            return None
        days = r.integer(m, "days", -60, 60, "a milestone")
        if tid and title and timing:
            return Typical(tid, title, sources, timing, after=after, days=days or 0)
        return None
    year, part, day = m.get("year"), m.get("part"), m.get("weekday")
    month = r.integer(m, "month", 1, 12, "a milestone")
    if year not in YEARS:
        r.add(
            m.line_of("year"),
            "'year' must be 'application' (the year you apply) or 'match' (the Match year)",
        )
        return None
    if (part is None) == (day is None):
        r.add(m.line, "give either 'part' (early, mid, late) or 'weekday' with 'nth'")
        return None
    if part is not None and part not in PARTS:
        r.add(m.line_of("part"), "'part' must be early, mid or late")
        return None
    if day is not None and day not in WEEKDAYS:
        r.add(m.line_of("weekday"), f"'weekday' must be one of {', '.join(WEEKDAYS)}")
        return None
    for needed in ("month", *(("nth",) if day is not None else ())):
        if needed not in m:
            r.add(m.line, f"a milestone with a {'weekday' if day else 'part'} needs '{needed}'")
    nth = r.integer(m, "nth", 1, len(ORDINALS), "a milestone") if day is not None else 1
    if tid is None or title is None or timing is None or month is None or nth is None:
        return None
    return Typical(
        tid, title, sources, timing, year=year, month=month, part=part, weekday=day, nth=nth
    )


def read_timeline(r: Reader, data: Any, ctx: _Context) -> TimelineData:
    """Check timeline.yaml and build the calendar data."""
    empty = TimelineData((), {}, ())
    if not isinstance(data, LMap):
        if data is not None:
            r.add(getattr(data, "line", 1), "timeline.yaml needs typical:, seasons:, personal:")
        return empty
    r.keys(data, {"typical", "seasons"}, {"personal"}, "the timeline")
    seen: set[str] = set()
    typical = [
        t
        for t in (
            _typical(r, m, ctx, seen)
            for m in r.entries(data.get("typical"), data.line_of("typical"), "typical milestone")
        )
        if t is not None
    ]
    ids = {t.id for t in typical}
    for needed in MILESTONES:  # the season phases are worked out from these
        if needed not in ids:
            r.add(data.line_of("typical"), f"the milestone '{needed}' is missing from typical")
    seasons: dict[int, Season] = {}
    raw_seasons = data.get("seasons")
    if isinstance(raw_seasons, LMap):
        for year, season in raw_seasons.items():
            line = raw_seasons.line_of(year)
            if not isinstance(season, LMap):
                r.add(line, f"season {year} needs 'sources:' and 'dates:'")
                continue
            r.keys(season, {"sources", "dates"}, set(), f"season {year}")
            srcs = r.refs(season, "sources", ctx.sources, f"season {year}")
            dates: dict[str, dt.date] = {}
            for key, day in (season.get("dates") or LMap()).items():
                key_line = season["dates"].line_of(key)
                if key not in ids:
                    r.add(key_line, f"'{key}' is not a milestone id from 'typical'")
                elif not isinstance(day, dt.date):
                    r.add(key_line, f"the date of '{key}' must look like 2025-09-03")
                else:
                    dates[key] = day
            seasons[int(year)] = Season(srcs, dates)
    personal: list[Personal] = []
    for m in r.entries(data.get("personal") or [], data.line_of("personal"), "personal"):
        r.keys(
            m, {"id", "title", "at", "sources"}, {"when", "before", "note"}, "a personal milestone"
        )
        pid = r.ident(m, "a milestone", seen)
        at, before = r.text(m, "at", "a milestone"), r.text(m, "before", "a milestone")
        if at is not None and at not in ids:
            r.add(m.line_of("at"), f"'{at}' is not a milestone id from 'typical'")
            continue
        fact = ctx.facts.get(before) if before else None
        if before is not None and (fact is None or not isinstance(fact.value, int)):
            r.add(
                m.line_of("before"),
                f"'{before}' must be a fact (in facts.yaml) holding a whole number of months",
            )
            continue
        when = ctx.condition(r, m) if "when" in m else None
        title = r.text(m, "title", "a milestone")
        if pid and title and at and ("when" not in m or when is not None):
            personal.append(
                Personal(
                    pid,
                    title,
                    when,
                    at,
                    before,
                    r.text(m, "note", "a note"),
                    r.refs(m, "sources", ctx.sources, "a milestone"),
                )
            )
    return TimelineData(tuple(typical), seasons, tuple(personal))
