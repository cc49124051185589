"""`img-advisor discord …`: Discord administration (registering the slash commands)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

import discord
from pydantic import ValidationError

from bot.settings import Settings


async def sync_commands(settings: Settings, guild_id: int | None) -> int:
    """Register `/advisor` and `/advisor-setup` with Discord; return how many were registered.

    Without a guild the commands are global (every server the bot is in); with one they
    appear in that server at once, which is handy while testing.
    """
    from bot.adapters.discord.service import DiscordService
    from bot.app import open_app

    async with open_app(settings.advisor_database_url) as app:
        names = await DiscordService(settings, app.advisor, app.groups).sync_commands(guild_id)
    return len(names)


def _sync(args: argparse.Namespace) -> int:
    try:
        settings = Settings(advisor_database_url=args.db) if args.db else Settings()
    except ValidationError as exc:
        raise SystemExit(f"img-advisor: invalid setting — {exc.errors()[0]['msg']}") from None
    if not settings.discord_bot_token:
        raise SystemExit("img-advisor discord sync: set DISCORD_BOT_TOKEN first (see README).")
    try:
        count = asyncio.run(sync_commands(settings, args.guild))
    except discord.LoginFailure:
        raise SystemExit("img-advisor discord sync: Discord rejected DISCORD_BOT_TOKEN.") from None
    except discord.HTTPException as exc:
        raise SystemExit(
            f"img-advisor discord sync: Discord refused ({exc.status}): {exc.text}"
        ) from None
    where = f"in server {args.guild}" if args.guild else "globally"
    print(f"Registered {count} slash command group(s) {where}: /advisor, /advisor-setup")
    return 0


def register(subparsers: Any) -> None:
    """Add `discord sync [--guild ID]` to the img-advisor command line."""
    parser = subparsers.add_parser("discord", help="Discord bot administration")
    sub = parser.add_subparsers(dest="discord_command", required=True)
    sync = sub.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument(
        "--guild",
        type=int,
        metavar="ID",
        help="register in this server only (appears instantly; for testing)",
    )
    sync.add_argument("--db", help="database URL (default: ADVISOR_DATABASE_URL)")
    sync.set_defaults(func=_sync)
