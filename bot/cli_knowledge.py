"""Command-line tools for the knowledge: `knowledge check`, `plan` and `ask`.

`register(subparsers)` adds the commands; each sets `func`, a handler taking the parsed
arguments and returning the exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import inspect
import json
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.adapters.terminal import TerminalWriter
from flows.profile import Profile
from knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge.loader import DEFAULT_DATA
from knowledge.programs import FILE_NAME, stale_warnings


def _load(data: Path | None) -> KnowledgeBase | None:
    try:
        return load_knowledge(data)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s); the bot will not start until they are fixed.")
        return None


def cmd_check(args: argparse.Namespace) -> int:
    """Check every knowledge file; print OK and counts, or each problem as file:line.

    Pages of the program list dated more than five years ago are warnings: the check still
    passes, but each is named with its line so an editor can re-check it.
    """
    kb = _load(args.data)
    if kb is None:
        return 1
    print(f"OK: {kb.summary()}")
    label = _label((args.data or DEFAULT_DATA) / FILE_NAME)
    for warning in stale_warnings(kb.programs, args.today or dt.date.today(), label):
        print(warning)
    return 0


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_profile(path: Path) -> Profile | None:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Profile.model_validate(raw)
    except OSError as exc:
        print(f"{path}: cannot read the file ({exc.strerror})")
    except yaml.YAMLError as exc:
        print(f"{path}: not valid YAML or JSON ({exc})")
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "profile"
            print(f"{path}: {where}: {err['msg']}")
    return None


def cmd_plan(args: argparse.Namespace) -> int:
    """Print the plan for a profile file (YAML or JSON), as text or --json."""
    kb = _load(None)
    profile = _read_profile(args.profile) if kb is not None else None
    if kb is None or profile is None:
        return 1
    plan = kb.plan(profile, args.today or dt.date.today())
    if args.json:
        out = {
            "flags": list(plan.flags),
            "actions": [
                {
                    "rule_id": a.rule_id,
                    "priority": a.priority,
                    "text": a.text,
                    "why": a.why,
                    "sources": list(a.sources),
                }
                for a in plan.actions
            ],
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        _terminal().markdown(kb.render_plan(plan, profile))
    return 0


def _console_profile(name: str) -> Profile | None:
    """Ask the console store for a saved profile; no store means no profile."""
    try:
        from bot.cli_support import load_console_profile  # provided by the core
    except ImportError:
        return None
    result: Any = load_console_profile(name)
    if inspect.isawaitable(result):
        result = asyncio.run(result)  # type: ignore[arg-type]
    return result if isinstance(result, Profile) else None


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer a question, generically or for a saved console user."""
    kb = _load(None)
    if kb is None:
        return 1
    profile = _console_profile(args.user) if args.user else None
    answer = kb.answer(" ".join(args.question), profile)
    if args.json:
        print(
            json.dumps(
                {
                    "topic": answer.topic,
                    "confidence": answer.confidence,
                    "answer": answer.text,
                    "sources": list(answer.sources),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    out = _terminal()
    out.markdown(answer.text)
    if answer.suggestions:
        out.line("\nTopics: " + ", ".join(f"{t.title} ({t.id})" for t in answer.suggestions))
    return 0


def _terminal() -> TerminalWriter:
    """Standard output as a terminal shows Markdown (plain when piped)."""
    return TerminalWriter(sys.stdout)


def register(subparsers: Any) -> None:
    """Add `knowledge check`, `plan` and `ask` to the CLI."""
    knowledge = subparsers.add_parser("knowledge", help="check the knowledge files")
    sub = knowledge.add_subparsers(dest="knowledge_command", required=True)
    check = sub.add_parser("check", help="validate every knowledge file")
    check.add_argument(
        "--data",
        type=Path,
        default=None,
        help="knowledge folder to check (default: the installed one)",
    )
    check.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="date to judge page ages from, YYYY-MM-DD (default: today)",
    )
    check.set_defaults(func=cmd_check)

    plan = subparsers.add_parser("plan", help="show the plan for a profile file")
    plan.add_argument("--profile", type=Path, required=True, help="YAML or JSON profile")
    plan.add_argument("--json", action="store_true", help="print flags and actions as JSON")
    plan.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="date to plan from, YYYY-MM-DD (default: today)",
    )
    plan.set_defaults(func=cmd_plan)

    ask = subparsers.add_parser("ask", help="answer a question")
    ask.add_argument("--json", action="store_true", help="print topic, answer and sources")
    ask.add_argument("--user", default=None, help="answer for this console user's profile")
    ask.add_argument("question", nargs="+", help="the question")
    ask.set_defaults(func=cmd_ask)
