"""The personal plan: rules that hold for a profile, as prioritised actions with sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from knowledge.model import Action, Flag, Plan, Rule
from knowledge.render import DISCLAIMER, Citer

MAX_SHOWN = 8


def build_plan(
    rules: Sequence[Rule], flags: Sequence[Flag], env: Mapping[str, Any], citer: Citer
) -> Plan:
    """Collect the actions whose conditions hold, most urgent first (ties keep file order)."""
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
            )
        )
    actions.sort(key=lambda a: a.priority)
    return Plan(tuple(f.id for f in flags if env.get(f.id) is True), tuple(actions))


def plan_citations(plan: Plan, limit: int = MAX_SHOWN) -> tuple[str, ...]:
    """The full citations of the actions shown, in the order the plan numbers them."""
    return tuple(dict.fromkeys(c for a in plan.actions[:limit] for c in a.cites))


def render_plan(plan: Plan, limit: int = MAX_SHOWN) -> str:
    """Write the plan for a phone screen: one line per action, numbered sources at the end."""
    if not plan.actions:
        return (
            "**Your plan**\n\nI need a few more answers before I can suggest a plan. "
            "Finish the interview, then ask again.\n\n" + DISCLAIMER
        )
    refs: dict[str, int] = {}
    lines = []
    for action in plan.actions[:limit]:
        nums = [refs.setdefault(s, len(refs) + 1) for s in action.sources]
        marks = "".join(f"[{n}]" for n in nums)
        lines.append(f"- **{action.text}** {action.why} {marks}".rstrip())
    hidden = len(plan.actions) - limit
    more = (
        f"\n\n{hidden} smaller step{'s' if hidden > 1 else ''} not shown - ask me about "
        "any topic for more."
        if hidden > 0
        else ""
    )
    sources = "Sources: " + "; ".join(f"[{n}] {s}" for s, n in refs.items())
    return (
        "**Your plan** - most important first\n\n"
        + "\n".join(lines)
        + more
        + "\n\n"
        + sources
        + "\n"
        + DISCLAIMER
    )
