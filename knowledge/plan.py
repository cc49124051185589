"""The personal plan: rules that hold for a profile, as prioritised actions with sources,
placed in the applicant's season (where it stands today, and which steps now only help a
next season)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from knowledge.model import Action, Flag, Plan, Rule
from knowledge.render import DISCLAIMER, Citer
from knowledge.timeline import TimelineData

# Steps shown before "Show all". A phone screen is taken as 40 characters by 28 lines (a
# 6-inch phone in Telegram at its default text size, keyboard closed). The season line and
# three steps fit it up to the sources line; four did not for most profiles
# (tests/knowledge/test_plan_season.py checks every scenario and persona in every phase).
MAX_SHOWN = 3
SCREEN_COLUMNS = 40
SCREEN_LINES = 28

# Rules whose id starts with this are the season's own steps (rules.yaml, last block).
SEASON_RULE = "season_"

# Once programs read this season's applications, steps of these topics can only help a
# next season: a rotation, a letter, a statement or a program list made now is not in the
# files programs are reading (timeline.yaml: programs_review; the articles put this work in
# the year before applying). In Match Week everything but visa and the season's own steps
# waits until the week is over.
_FILE_TOPICS = frozenset(
    {"usce", "letters", "personal_statement", "program_selection", "how_many_programs"}
)
LATER_TOPICS: Mapping[str, frozenset[str]] = {
    "applying": frozenset({"usce"}),  # a rotation begun now ends after programs read
    "interviewing": _FILE_TOPICS,
    "ranking": _FILE_TOPICS,
}
KEPT_IN_MATCH_WEEK = frozenset({"visa"})
LATER_HEADING = {
    "applying": "**For a later season** - a rotation started now ends after programs read",
    "interviewing": "**For a next season, if you need one** - programs already have your file",
    "ranking": "**For a next season, if you need one** - programs already have your file",
    "match_week": "**After Match Week, if you need a next season**",
}

# For someone at risk (flag at_risk) the parallel application to categorical psychiatry
# and IM is never behind "Show all": the first of these that fires is kept in view.
KEEP_IN_VIEW = (
    "season_backup_interviews",
    "season_rank_all_tracks",
    "season_soap",
    "medpsych_only_risky",
    "parallel_apply_risk",
    "wide_backup",
    "parallel_apply",
)

# Where the season stands, for the plan's first line. {name} is a milestone's date.
SEASON_LINES = {
    "preparing": "Match {year}: ERAS opens {eras_submit}.",
    "applying": "Match {year}: ERAS is open. Programs start reading {programs_review}.",
    "interviewing": (
        "Match {year}: programs started reading {programs_review}. The rank list opens {rol_opens}."
    ),
    "ranking": "Match {year}: the rank list is open. Deadline {rol_closes}.",
    "ranked": "Match {year}: rank list closed. Match Week starts {match_week}.",
    "match_week": "Match {year}: Match Week. Match Day is {match_day}.",
    "after_match": "Match {year} is over. The next ERAS opens {next_eras_submit}.",
}


@dataclass(frozen=True, slots=True)
class SeasonView:
    """The season the plan aims for: its Match year and calendar, and today."""

    timeline: TimelineData
    year: int
    today: dt.date

    @property
    def phase(self) -> str:
        """The phase of this Match year's season today (knowledge/season_phase.py)."""
        return self.timeline.phase(self.today, self.year) or "preparing"


def build_plan(
    rules: Sequence[Rule],
    flags: Sequence[Flag],
    env: Mapping[str, Any],
    citer: Citer,
    season: SeasonView | None = None,
) -> Plan:
    """Collect the actions whose conditions hold, most urgent first (ties keep file order);
    in a season under way, steps that only help a next season go last."""
    phase = season.phase if season is not None else None
    actions = []
    for rule in rules:
        if not rule.when.test(env):
            continue
        ids = citer.source_ids(rule.sources, [rule.text, rule.why])
        actions.append(
            Action(
                rule.id,
                rule.priority,
                citer.fill(rule.text, env),
                citer.fill(rule.why, env),
                citer.labels(ids),
                citer.cites(ids),
                later=_later(rule, phase),
            )
        )
    # the season's own steps lead their priority: they are what today is about
    actions.sort(key=lambda a: (a.later, a.priority, not a.rule_id.startswith(SEASON_RULE)))
    if env.get("at_risk") is True:
        actions = _keep_in_view(actions)
    heading = _season_line(season, citer) if season is not None else None
    held = tuple(f.id for f in flags if env.get(f.id) is True)
    return Plan(held, tuple(actions), heading, phase)


def _later(rule: Rule, phase: str | None) -> bool:
    """Whether a step can only help a next season, given the phase of this one."""
    if phase is None or rule.id.startswith(SEASON_RULE):
        return False
    if phase == "match_week":
        return rule.topic not in KEPT_IN_MATCH_WEEK
    return rule.topic in LATER_TOPICS.get(phase, frozenset())


def _keep_in_view(actions: list[Action]) -> list[Action]:
    """Move the first parallel-application step into the shown part when it is below it."""
    for rule_id in KEEP_IN_VIEW:
        found = next((i for i, a in enumerate(actions) if a.rule_id == rule_id), None)
        if found is None:
            continue
        if found >= MAX_SHOWN:
            # shown beside this season's steps: the safety net is for now, not later
            kept = replace(actions.pop(found), later=False)
            actions.insert(MAX_SHOWN - 1, kept)
        break
    return actions


def _season_line(season: SeasonView, citer: Citer) -> Action:
    """Say where the season stands, with the dates that matter now and their sources."""
    dates = season.timeline.dates(season.year)
    phase = season.phase
    if phase == "ranking" and season.today > dates["rol_closes"][0]:
        phase = "ranked"
    values: dict[str, str] = {"year": str(season.year)}
    ids: list[str] = []
    for key, (day, exact, srcs) in dates.items():
        values[key] = _on(day, exact)
        if "{" + key + "}" in SEASON_LINES[phase]:
            ids.extend(srcs)
    if phase == "after_match":
        day, exact, srcs = season.timeline.dates(season.year + 1)["eras_submit"]
        values["next_eras_submit"] = _on(day, exact)
        ids.extend(srcs)
    unique = tuple(dict.fromkeys(ids))
    text = SEASON_LINES[phase].format(**values)
    return Action("season", 0, text, "", citer.labels(unique), citer.cites(unique))


def _on(day: dt.date, exact: bool) -> str:
    """A date for the season line; a date worked out from the usual pattern says so."""
    text = f"{day:%a} {day.day} {day:%b %Y}"
    return f"on {text}" if exact else f"about {text} (typical)"  # "opens about …", "opens on …"


def _shown(plan: Plan, limit: int) -> list[Action]:
    """The actions a plan of `limit` steps shows, the season line first."""
    return [*([plan.season] if plan.season else []), *plan.actions[:limit]]


def plan_citations(plan: Plan, limit: int = MAX_SHOWN) -> tuple[str, ...]:
    """The full citations of the actions shown, in the order the plan numbers them."""
    return tuple(dict.fromkeys(c for a in _shown(plan, limit) for c in a.cites))


def render_plan(plan: Plan, limit: int = MAX_SHOWN) -> str:
    """Write the plan for a phone screen: where the season stands, one line per action
    (steps for a next season under their own heading), numbered sources at the end."""
    if not plan.actions:
        return (
            "**Your plan**\n\nI need a few more answers before I can suggest a plan. "
            "Finish the interview, then ask again.\n\n" + DISCLAIMER
        )
    refs: dict[str, int] = {}

    def marks(action: Action) -> str:
        return "".join(f"[{refs.setdefault(s, len(refs) + 1)}]" for s in action.sources)

    head = "**Your plan** - most important first"
    if plan.season is not None:
        head = f"**Your plan** - {plan.season.text} {marks(plan.season)}".rstrip()
    lines: list[str] = []
    later_shown = False
    for action in plan.actions[:limit]:
        if action.later and not later_shown:
            later_shown = True
            lines.append("\n" + LATER_HEADING.get(plan.phase or "", LATER_HEADING["ranking"]))
        lines.append(f"- **{action.text}** {action.why} {marks(action)}".rstrip())
    hidden = len(plan.actions) - limit
    more = (
        f"\n\n{hidden} smaller step{'s' if hidden > 1 else ''} not shown - tap Show all, or "
        "ask me about any topic."
        if hidden > 0
        else ""
    )
    sources = "Sources: " + "; ".join(f"[{n}] {s}" for s, n in refs.items())
    return head + "\n\n" + "\n".join(lines) + more + "\n\n" + sources + "\n" + DISCLAIMER
