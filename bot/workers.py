"""`img-advisor run --workers N`: N `run` processes on one PostgreSQL database.

Each worker is a plain `img-advisor run` with its own environment: Telegram's webhook
server on `TELEGRAM_WEBHOOK_PORT + i` (a proxy spreads the webhook URL over them, see
bot/adapters/telegram/README.md) and Discord shard i of N. What they share (the user lock,
the update order, the send budget, reminder claims) lives in PostgreSQL, so SQLite and
Telegram's long polling (one poller per bot) are refused.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping

from bot.settings import Settings
from bot.storage.database import normalise_url


class WorkersError(ValueError):
    """Settings several workers cannot run with; the message says which and why."""


def worker_environments(
    settings: Settings, workers: int, base: Mapping[str, str]
) -> list[dict[str, str]]:
    """Return each worker's environment: `base` plus its webhook port and Discord shard."""
    if workers < 2:
        raise WorkersError("--workers must be 2 or more (one worker is plain `run`)")
    if normalise_url(settings.advisor_database_url).get_backend_name() != "postgresql":
        raise WorkersError(
            "several workers share one PostgreSQL database; set ADVISOR_DATABASE_URL to one"
        )
    if settings.telegram_bot_token and not settings.telegram_webhook_url:
        raise WorkersError(
            "Telegram's long polling takes one poller per bot; set TELEGRAM_WEBHOOK_URL "
            "to run several workers (bot/adapters/telegram/README.md)"
        )
    if settings.discord_shard_count is not None:
        raise WorkersError("--workers sets DISCORD_SHARD_ID and DISCORD_SHARD_COUNT itself")
    environments = []
    for number in range(workers):
        env = dict(base)
        env["ADVISOR_DATABASE_URL"] = settings.advisor_database_url
        if settings.telegram_bot_token:
            env["TELEGRAM_WEBHOOK_PORT"] = str(settings.telegram_webhook_port + number)
        if settings.discord_bot_token:
            env["DISCORD_SHARD_ID"] = str(number)
            env["DISCORD_SHARD_COUNT"] = str(workers)
        environments.append(env)
    return environments


def run_workers(settings: Settings, workers: int) -> int:
    """Start the workers, pass SIGINT/SIGTERM on to them, return the worst exit code."""
    environments = worker_environments(settings, workers, os.environ)
    children = [
        subprocess.Popen([sys.executable, "-m", "bot", "run"], env=env) for env in environments
    ]

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)
    return max(child.wait() for child in children)
