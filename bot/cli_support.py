"""Small helpers the command-line tools share (loading a console user's profile)."""

from __future__ import annotations

import asyncio
import getpass
import os

from bot.settings import Settings
from bot.storage.database import create_engine
from bot.storage.schema import upgrade
from bot.storage.store import SqlStore
from flows.profile import Profile


def default_user() -> str:
    """Return the OS user's name, the console's default identity."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return os.environ.get("USER", "me")


def load_console_profile(name: str, database_url: str | None = None) -> Profile | None:
    """Return the stored profile of console user `name`, or None if they have none."""

    async def load() -> Profile | None:
        engine = create_engine(database_url or Settings().advisor_database_url)
        try:
            await upgrade(engine)
            store = SqlStore(engine)
            user_id = await store.find_user("console", name)
            if user_id is None:
                return None
            profile = await store.load_profile(user_id)
            return profile if profile.filled() else None
        finally:
            await engine.dispose()

    return asyncio.run(load())
