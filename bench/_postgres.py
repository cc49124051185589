"""A throwaway PostgreSQL database per benchmark run (helper, not a script).

`--database postgresql://postgres@127.0.0.1:5432/postgres` (or `BENCH_POSTGRES_URL`) makes
the advisor run on PostgreSQL, as several workers would: the shared send budget, the
cross-worker user lock and fresh session reads are then part of what is measured. Each run
gets its own database, dropped afterwards, so every run starts with no users.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage.database import normalise_url

ENV = "BENCH_POSTGRES_URL"


@asynccontextmanager
async def database_for_run(sqlite_file: str) -> AsyncIterator[str]:
    """Yield a fresh PostgreSQL URL if `BENCH_POSTGRES_URL` is set, else the SQLite file's."""
    base = os.environ.get(ENV)
    if not base:
        yield f"sqlite:///{sqlite_file}"
        return
    url = normalise_url(base)
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
