"""Start-up checks of the database: reachable, migrated, writable, or one clear line why not.

What an operator gets wrong (a refused or unreachable server, a missing database or role,
a directory where the SQLite file should be, a read-only or full disk, a database that a
newer img-advisor has migrated) is said in one line naming ADVISOR_DATABASE_URL and what to
do, instead of a driver's traceback.
"""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import Awaitable, Callable

from alembic.util import CommandError
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import CONNECT_TIMEOUT, DatabaseFileGone, sqlite_file
from bot.storage.schema import head_revision, upgrade

SETTING = "ADVISOR_DATABASE_URL"
# A write that changes nothing: proves the database takes writes before anyone answers.
_WRITE_PROBE = text("UPDATE alembic_version SET version_num = version_num")
_SQLSTATE_ROLE = {"28000", "28P01"}  # invalid authorization / password
_SQLSTATE_NO_DATABASE = "3D000"
_SQLSTATE_READ_ONLY = "25006"


class DatabaseStartError(Exception):
    """The database cannot be used; the message says why and what to do, in one line."""


async def prepare_database(engine: AsyncEngine) -> None:
    """Migrate the database to head and check it takes writes; raise DatabaseStartError."""
    path = sqlite_file(engine.url)
    if path is not None and path.is_dir():
        # Said before any connection is tried: a failed SQLite connect leaves a worker
        # thread that can print a traceback as the process exits.
        raise DatabaseStartError(describe(IsADirectoryError(str(path)), engine.url))
    try:
        await upgrade(engine)
        async with engine.begin() as conn:
            await conn.execute(_WRITE_PROBE)
    except (OSError, SQLAlchemyError, CommandError) as error:
        raise DatabaseStartError(describe(error, engine.url)) from error


async def watch_file(
    url: URL, every: float = 2.0, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> str:
    """Wait until the SQLite file of `url` is deleted or replaced; return what happened.

    The open connection would go on writing to a deleted file (every answer lost at the
    next start), so `run` stops instead. Never returns for PostgreSQL or in-memory SQLite.
    """
    path = sqlite_file(url)
    if path is None:
        await asyncio.Event().wait()  # nothing to watch: wait for cancellation
    assert path is not None
    first = path.stat().st_ino
    while True:
        await sleep(every)
        try:
            if path.stat().st_ino != first:
                return f"the database file {path} was replaced while running; restart to use it"
        except FileNotFoundError:
            return (
                f"the database file {path} was deleted while running; restore it, or set "
                f"{SETTING}, and start again"
            )


def describe(error: BaseException, url: URL) -> str:
    """Say in one line what is wrong with the database at `url`, and what to do."""
    where = _where(url)
    message = str(getattr(error, "orig", None) or error)
    path = sqlite_file(url)
    if isinstance(error, CommandError) and "Can't locate revision" in message:
        found = re.search(r"identified by '([^']+)'", message)
        return (
            f"the database at {where} is at revision {found.group(1) if found else '?'}, newer "
            f"than this img-advisor knows (up to {head_revision()}); upgrade img-advisor, or "
            f"set {SETTING} to another database"
        )
    if path is not None and path.is_dir():
        return (
            f"{SETTING} names {path}, which is a directory; give a file in it, e.g. "
            f"sqlite:///{path / 'advisor.db'}"
        )
    if isinstance(error, DatabaseFileGone):
        return f"{error}; restore it, or set {SETTING} and start again"
    state = _sqlstate(error)
    if state == _SQLSTATE_NO_DATABASE:
        return (
            f"database {url.database!r} does not exist at {where}; create it "
            f"(createdb {url.database}) or fix the name in {SETTING}"
        )
    if state in _SQLSTATE_ROLE:
        return (
            f"PostgreSQL at {where} refused the role {url.username!r}; create it, or fix the "
            f"user or password in {SETTING}"
        )
    lowered = message.lower()
    if state == _SQLSTATE_READ_ONLY or "readonly" in lowered or "read-only" in lowered:
        return f"the database at {where} is read-only; make it writable or change {SETTING}"
    if "disk is full" in lowered or "no space left" in lowered:
        return f"the disk holding the database at {where} is full; free space and start again"
    if isinstance(error, ConnectionRefusedError):
        return (
            f"nothing accepts connections at {where} (connection refused); start the "
            f"database server or fix the host and port in {SETTING}"
        )
    if isinstance(error, socket.gaierror):
        return f"the host {url.host!r} is unknown; fix the host in {SETTING}"
    if isinstance(error, TimeoutError):
        return (
            f"the database at {where} did not answer within {CONNECT_TIMEOUT:g} s; check the "
            f"host and port in {SETTING} and the network"
        )
    if path is not None and "unable to open" in lowered:
        return f"cannot open the SQLite file {path}; check {SETTING} and the folder's rights"
    return f"cannot use the database at {where} ({type(error).__name__}); check {SETTING}"


def _where(url: URL) -> str:
    """The database's place without its password: host:port/name, or the SQLite file."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _sqlstate(error: BaseException) -> str | None:
    """PostgreSQL's SQLSTATE of a driver error, wherever SQLAlchemy wrapped it."""
    if isinstance(error, DBAPIError):
        found = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
        if found:
            return str(found)
    return getattr(error, "sqlstate", None)
