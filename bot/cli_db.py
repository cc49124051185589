"""`img-advisor db …`: upgrade the schema, say where it is, write the next migration."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings


def _database_url(db: str | None) -> str:
    try:
        return db or Settings().advisor_database_url
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise SystemExit(f"img-advisor: invalid setting — {problems}") from None


def _on_database(url: str, work: Callable[[AsyncEngine], Awaitable[str]]) -> int:
    from bot.storage.database import create_engine

    async def main() -> str:
        engine = create_engine(url)
        try:
            return await work(engine)
        finally:
            await engine.dispose()

    print(asyncio.run(main()))
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    from bot.storage.schema import current_revision, upgrade

    async def work(engine: AsyncEngine) -> str:
        await upgrade(engine)
        return f"database at revision {await current_revision(engine)}"

    return _on_database(_database_url(args.db), work)


def _current(args: argparse.Namespace) -> int:
    from bot.storage.schema import current_revision, head_revision

    async def work(engine: AsyncEngine) -> str:
        now, head = await current_revision(engine), head_revision()
        state = "up to date" if now == head else "run `img-advisor db upgrade`"
        return f"database at revision {now or 'none (empty)'}, newest {head}: {state}"

    return _on_database(_database_url(args.db), work)


def _revision(args: argparse.Namespace) -> int:
    from alembic.util import CommandError

    from bot.storage.schema import new_revision, upgrade

    async def work(engine: AsyncEngine) -> str:
        if args.db is None:  # a scratch database at head: the diff is the models' change
            await upgrade(engine)
        path = await new_revision(engine, args.message, autogenerate=not args.empty)
        return f"wrote {path}: read it, give it a downgrade if missing, test it, commit it"

    with tempfile.TemporaryDirectory() as scratch:
        url = args.db or f"sqlite:///{Path(scratch) / 'head.db'}"
        try:
            return _on_database(url, work)
        except CommandError as exc:  # e.g. --db not at head
            raise SystemExit(f"img-advisor db revision: {exc}") from None


def register(subparsers: Any) -> None:
    """Add `db upgrade`, `db current` and `db revision` to the CLI."""
    db = subparsers.add_parser("db", help="database schema")
    sub = db.add_subparsers(dest="db_command", required=True)
    up = sub.add_parser("upgrade", help="create or migrate the schema to the newest version")
    up.add_argument("--db", help="database URL (default: ADVISOR_DATABASE_URL)")
    up.set_defaults(func=_upgrade)

    current = sub.add_parser("current", help="show the database's schema revision")
    current.add_argument("--db", help="database URL (default: ADVISOR_DATABASE_URL)")
    current.set_defaults(func=_current)

    rev = sub.add_parser("revision", help="write the next migration from the models' changes")
    rev.add_argument(
        "-m",
        "--message",
        required=True,
        help="the one-line reason, e.g. 'Add the rotations table: ...'",
    )
    rev.add_argument(
        "--empty", action="store_true", help="empty upgrade/downgrade, for a data migration"
    )
    rev.add_argument(
        "--db",
        help="compare with this database at head instead of a scratch "
        "SQLite one (e.g. to see PostgreSQL-only differences)",
    )
    rev.set_defaults(func=_revision)
