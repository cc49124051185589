"""Engine creation: plain URLs in, the right async driver and SQLite pragmas out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


class DatabaseURLError(ValueError):
    """A database URL the advisor cannot use."""


def default_database_url() -> str:
    """Return the embedded default: an SQLite file in the user's data directory."""
    path = Path(user_data_dir("img-advisor", appauthor=False)) / "advisor.db"
    return f"sqlite:///{path}"


def normalise_url(raw: str) -> URL:
    """Turn a URL a user would type into one with an async driver."""
    try:
        url = make_url(raw.strip())
    except Exception as exc:  # SQLAlchemy raises ArgumentError with a terse message
        raise DatabaseURLError(
            f"{raw!r} is not a database URL; try sqlite:///advisor.db or "
            "postgresql://user@host/dbname"
        ) from exc
    backend, _, driver = url.drivername.partition("+")
    if backend not in _ASYNC_DRIVERS:
        raise DatabaseURLError(
            f"unsupported database {backend!r}; use sqlite:///FILE or postgresql://…"
        )
    if not driver or driver in {"psycopg2", "pysqlite"}:
        url = url.set(drivername=_ASYNC_DRIVERS[backend])
    return url


# How long to wait for PostgreSQL to answer a new connection: a host that drops packets
# would otherwise hold start-up for asyncpg's 60 s before a bare TimeoutError.
CONNECT_TIMEOUT = 5.0


class StorageUnavailable(Exception):
    """The database did not take a read or a write (away, read-only, full, file deleted):
    nothing of this turn was stored, and the person must be told so."""


def is_storage_failure(error: BaseException) -> bool:
    """Whether an error means the database did not take a read or write (not a bug)."""
    return isinstance(error, (StorageUnavailable, SQLAlchemyError, OSError))


class DatabaseFileGone(OSError):
    """The SQLite file was deleted (or replaced) while the advisor had it open."""


def sqlite_file(url: URL) -> Path | None:
    """Return the file an SQLite URL names (None for PostgreSQL or an in-memory database)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    name = url.database.removeprefix("file:") if url.query.get("uri") else url.database
    return Path(name).expanduser()


def create_engine(raw_url: str) -> AsyncEngine:
    """Create an async engine; SQLite files get WAL mode and their folder created.

    Statements' bound parameters never appear in an error's text (`hide_parameters`): they
    are people's answers and chat ids, and errors get logged.
    """
    url = normalise_url(raw_url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # One connection: SQLite has one writer at a time, and connections competing for the
        # lock spend their time in its busy-wait sleeps; queueing in the pool is far cheaper.
        engine = create_async_engine(
            url,
            connect_args={"timeout": 30},
            pool_size=1,
            max_overflow=0,
            pool_timeout=30,
            hide_parameters=True,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if path is not None:
            event.listen(engine.sync_engine, "commit", _FileGuard(path).check)
        return engine
    return create_async_engine(
        url,
        pool_size=10,
        max_overflow=10,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args={"timeout": CONNECT_TIMEOUT},
    )


class _FileGuard:
    """Refuses a commit once the SQLite file is gone: an open connection would go on
    writing to the deleted file, and every answer "saved" there is lost at the restart."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._inode: int | None = None

    def check(self, _connection: Any) -> None:
        """Raise DatabaseFileGone when the file was deleted or replaced since first seen."""
        try:
            inode = self.path.stat().st_ino
        except FileNotFoundError:
            raise DatabaseFileGone(f"the database file {self.path} was deleted") from None
        if self._inode is None:
            self._inode = inode
        elif inode != self._inode:
            raise DatabaseFileGone(f"the database file {self.path} was replaced")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (a second console, a bench) work while the bot writes; NORMAL
    # sync is durable against process crashes in WAL mode, which is what we promise.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted content is overwritten with zeros, so `forget` leaves no answer in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
