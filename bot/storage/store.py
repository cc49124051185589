"""The narrow async storage interface the core uses, on SQLAlchemy 2 Core statements.

The per-message path is one read (skipped when the session is cached) and one write,
group-committed with other users' writes that arrive meanwhile (see session_writer).
Sessions carry a version number so a stale cached copy is detected by the conditional
UPDATE and reloaded instead of overwriting someone else's write.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.database import StorageUnavailable
from bot.storage.identities import LINKED, LOOKUP, Contact, IdentityResolver
from bot.storage.models import Identity, ProfileRow, SessionRow, User, utcnow
from bot.storage.profiles import from_document
from bot.storage.session_writer import SessionWriter
from flows.profile import Profile

_SESSION = select(
    SessionRow.state, SessionRow.data, SessionRow.version, SessionRow.flow_version
).where(SessionRow.user_id == bindparam("user_id"))
_ANSWERS = select(ProfileRow.data).where(ProfileRow.user_id == bindparam("user_id"))


@contextlib.contextmanager
def _unavailable_on_failure() -> Iterator[None]:
    """Turn a driver or file error into StorageUnavailable (named by class, no values)."""
    try:
        yield
    except (SQLAlchemyError, OSError) as error:
        raise StorageUnavailable(type(error).__name__) from error


@dataclass(slots=True)
class SessionRecord:
    """A user's conversation state and profile answers as loaded from the database."""

    user_id: int
    state: str
    data: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    version: int = 0  # 0: no session row yet
    flow_version: int = 1


class _LRU:
    """A small bounded mapping: memory stays flat however many users exist."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def drop(self, key: Any) -> None:
        self._items.pop(key, None)

    def clear(self) -> None:
        self._items.clear()


class SqlStore:
    """Users, identities, profiles and sessions in one SQL database."""

    def __init__(self, engine: AsyncEngine, cache_size: int = 2048) -> None:
        self.engine = engine
        self._identities = _LRU(cache_size)  # (platform, external id) -> user id
        self._linked = _LRU(cache_size)  # user id -> its identities
        self._sessions = _LRU(cache_size)
        self._revived: set[int] = set()  # users just back from "unreachable"
        self._fresh: set[int] = set()  # users created by this process, not yet loaded
        self._writer = SessionWriter(engine)
        self._resolver = IdentityResolver(engine)

    async def resolve_user(
        self, platform: str, external_id: str, chat_id: str | None = None
    ) -> int:
        """Return the user id behind a platform identity, creating the user on first contact."""
        key = (platform, external_id)
        cached = self._identities.get(key)
        if cached is not None:
            return cached
        with _unavailable_on_failure():
            found = await self._resolver.resolve(Contact(platform, external_id, chat_id, utcnow()))
        if found.created:
            self._fresh.add(found.user_id)  # nothing stored yet: no need to read a session
            self._linked.put(found.user_id, [key])
        if found.revived:
            self._revived.add(found.user_id)
        self._identities.put(key, found.user_id)
        return found.user_id

    async def find_user(self, platform: str, external_id: str) -> int | None:
        """Return the user id behind an identity without creating one."""
        async with self.engine.connect() as conn:
            return await self._lookup(conn, platform, external_id)

    @staticmethod
    async def _lookup(conn: AsyncConnection, platform: str, external_id: str) -> int | None:
        return (
            await conn.execute(LOOKUP, {"platform": platform, "external_id": external_id})
        ).scalar()

    async def load_session(self, user_id: int, initial_state: str) -> SessionRecord:
        """Return the user's session and answers (a fresh record if none is stored)."""
        cached = self._sessions.get(user_id)
        if cached is not None:
            return _copy(cached)
        if user_id in self._fresh:
            self._fresh.discard(user_id)
            return SessionRecord(user_id, initial_state)
        with _unavailable_on_failure():
            async with self.engine.connect() as conn:
                row = (await conn.execute(_SESSION, {"user_id": user_id})).first()
                answers = await self._load_answers(conn, user_id)
        if row is None:
            record = SessionRecord(user_id, initial_state, answers=answers)
        else:
            record = SessionRecord(
                user_id, row.state, dict(row.data or {}), answers, row.version, row.flow_version
            )
        self._sessions.put(user_id, _copy(record))
        return record

    @staticmethod
    async def _load_answers(conn: AsyncConnection, user_id: int) -> dict[str, Any]:
        return from_document(await conn.scalar(_ANSWERS, {"user_id": user_id}))

    async def save_session(self, record: SessionRecord, answers_changed: bool) -> bool:
        """Write the session (and the profile when it changed), committed before returning.

        Returns False when someone else wrote the session since it was loaded; the caller
        reloads and retries. Raises StorageUnavailable when the database did not take it.
        """
        try:
            with _unavailable_on_failure():
                saved = await self._writer.save(record, answers_changed, utcnow())
        except StorageUnavailable:
            # Whether it committed is unknown: the next turn reads what the database holds.
            self._sessions.drop(record.user_id)
            raise
        if not saved:
            self._sessions.drop(record.user_id)
            return False
        record.version += 1
        self._sessions.put(record.user_id, _copy(record))
        return True

    async def load_profile(self, user_id: int) -> Profile:
        """Return the user's profile (empty if they have not answered anything)."""
        async with self.engine.connect() as conn:
            return Profile.model_validate(await self._load_answers(conn, user_id))

    async def forget_user(self, user_id: int) -> None:
        """Delete every row stored about the user (identities, profile, session, reminders)."""
        async with self.engine.begin() as conn:
            await conn.execute(delete(User).where(User.id == user_id))
        if self.engine.dialect.name == "sqlite":
            # The deleted rows' old pages stay in the -wal file until a checkpoint copies
            # them back (where secure_delete zeroes them): erase them now, not some day.
            async with self.engine.connect() as conn:
                await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self._sessions.drop(user_id)
        self._fresh.discard(user_id)
        self._identities.clear()  # a few cold lookups are cheaper than tracking reverse keys
        self._linked.drop(user_id)

    def take_revived(self, user_id: int) -> bool:
        """Whether this user was unreachable until their message just now (asked once)."""
        if user_id in self._revived:
            self._revived.discard(user_id)
            return True
        return False

    async def mark_unreachable(self, platform: str, external_id: str) -> None:
        """Record that the platform refused delivery to this identity for good."""
        # The next message from them takes the uncached path, which notices the return.
        self._identities.drop((platform, external_id))
        async with self.engine.begin() as conn:
            user_id = await self._lookup(conn, platform, external_id)
            if user_id is not None:
                await conn.execute(
                    update(User).where(User.id == user_id).values(unreachable_at=utcnow())
                )

    async def mark_chat_unreachable(self, platform: str, chat_id: str) -> None:
        """Mark the owner of a private chat unreachable (a reminder to it was refused)."""
        async with self.engine.begin() as conn:
            rows = (
                await conn.execute(
                    select(Identity.user_id, Identity.external_id).where(
                        Identity.platform == platform, Identity.chat_id == chat_id
                    )
                )
            ).all()
            for row in rows:
                self._identities.drop((platform, row.external_id))
                await conn.execute(
                    update(User).where(User.id == row.user_id).values(unreachable_at=utcnow())
                )

    async def identities(self, user_id: int) -> list[tuple[str, str]]:
        """Return the (platform, external id) pairs linked to the user."""
        cached = self._linked.get(user_id)
        if cached is None:
            async with self.engine.connect() as conn:
                rows = await conn.execute(LINKED, {"user_id": user_id})
                cached = [(r.platform, r.external_id) for r in rows]
            self._linked.put(user_id, cached)
        return list(cached)

    async def link_identity(self, from_user: int, to_user: int) -> None:
        """Move every identity of `from_user` onto `to_user` and drop the emptied user."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(Identity).where(Identity.user_id == from_user).values(user_id=to_user)
            )
            await conn.execute(delete(User).where(User.id == from_user))
        self._identities.clear()
        self._linked.drop(from_user)
        self._linked.drop(to_user)
        self._sessions.drop(from_user)


def _copy(record: SessionRecord) -> SessionRecord:
    return SessionRecord(
        record.user_id,
        record.state,
        _deep(record.data),
        _deep(record.answers),
        record.version,
        record.flow_version,
    )


def _deep(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep(v) for v in value]
    return value
