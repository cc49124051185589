"""The `img-advisor` command line: chat, run, db, knowledge, plan, ask, and platforms' own."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import signal
import sys

from pydantic import ValidationError

from bot.adapters.registry import PLATFORMS
from bot.logs import configure_logging
from bot.settings import Settings

_START_HERE = """\
start here:
  img-advisor chat              talk to the advisor in this terminal: the interview,
                                then your plan, questions, reminders (`help` inside)
  python3 run.py chat           the same from a checkout, setting itself up on first run

run the tests (from a checkout):
  python3 run.py test           ruff, ruff format --check, mypy, then pytest
  python3 run.py test -k remind ...passing pytest its own arguments
  .venv/bin/python -m pytest -q pytest alone
"""


def _settings(db: str | None = None) -> Settings:
    try:
        return Settings(advisor_database_url=db) if db else Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise SystemExit(f"img-advisor: invalid setting — {problems}") from None


def _chat(args: argparse.Namespace) -> int:
    from bot.adapters.console import ConsoleChat
    from bot.app import open_app
    from bot.cli_support import default_user
    from bot.storage.preflight import DatabaseStartError
    from knowledge import KnowledgeError

    settings = _settings(args.db)
    configure_logging(
        "WARNING" if settings.advisor_log_level == "INFO" else settings.advisor_log_level
    )

    async def main() -> int:
        # SIGTERM (run.py killed, a closed terminal's session) leaves like Ctrl-C: the chat
        # says goodbye and the database is closed, not cut off mid-write.
        task = asyncio.current_task()
        if task is not None and os.name == "posix":
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        user = args.user or default_user()
        async with open_app(settings.advisor_database_url) as app:
            chat = ConsoleChat(app.advisor, user, sys.stdin, sys.stdout)
            # Reminders due while the chat is open are printed here; only this user's.
            sender = chat.sender
            async with app.delivering(
                {sender.platform: sender},
                worker_id=f"{sender.platform}:{os.getpid()}",
                only_chats={sender.platform: user},
            ):
                return await chat.run()

    try:
        return asyncio.run(main())
    except DatabaseStartError as exc:  # the database's fault, said in one line
        print(f"img-advisor chat: {exc}", file=sys.stderr)
        return 1
    except KnowledgeError as exc:
        print(
            "img-advisor: the knowledge files are invalid:",
            *exc.problems,
            sep="\n",
            file=sys.stderr,
        )
        return 1
    except (KeyboardInterrupt, asyncio.CancelledError):  # Ctrl-C or SIGTERM: said goodbye
        return 0


def _run(args: argparse.Namespace) -> int:
    from bot.adapters.platform import PlatformStartError
    from bot.runner import run_bot

    settings = _settings(args.db)
    configure_logging(settings.advisor_log_level, settings.secrets())
    try:
        return run_bot(settings)
    except PlatformStartError as exc:  # a platform's bad setting, or its API unreachable
        raise SystemExit(f"img-advisor run: {exc}") from None


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="img-advisor",
        description="IMG Advisor: residency advice for IMGs applying to med-psych.",
        epilog=_START_HERE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="talk to the advisor in this terminal")
    chat.add_argument("--user", help="whose conversation it is (default: your OS user)")
    chat.add_argument("--db", help="database URL, e.g. sqlite:///advisor.db")
    chat.set_defaults(func=_chat)

    bots = " and/or ".join(platform.title for platform in PLATFORMS)
    run = sub.add_parser("run", help=f"run the {bots} bot and reminders")
    run.add_argument("--db", help="database URL (default: ADVISOR_DATABASE_URL)")
    run.set_defaults(func=_run)

    for module in ("bot.cli_db", "bot.cli_knowledge"):
        try:
            importlib.import_module(module).register(sub)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    for platform in PLATFORMS:  # a platform's own administration commands
        if platform.add_commands is not None:
            platform.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    args = build_parser().parse_args(argv)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # here, so a reader gone early (`| head`) is caught below
    except BrokenPipeError:
        # The reader stopped reading: nothing more to say, and no traceback at exit either
        # (Python flushes stdout once more then; it now goes nowhere).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code
