"""Session saves, group-committed: every save waits for its own commit before the reply.

So "saved after every step" holds, while under load many users' steps cost one
transaction instead of one each (see group_commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.group_commit import GroupCommit
from bot.storage.models import ProfileRow, SessionRow
from bot.storage.profiles import row_values

if TYPE_CHECKING:
    from bot.storage.store import SessionRecord

_SESSIONS = SessionRow.__table__
_PROFILES = ProfileRow.__table__
# Built once: building statements per message (ORM coercion of every column) cost more than
# executing them.
_INSERT_SESSION = _SESSIONS.insert()
_UPDATE_SESSION = _SESSIONS.update().where(
    _SESSIONS.c.user_id == bindparam("b_user_id"), _SESSIONS.c.version == bindparam("b_version")
)
_PROFILE_COLUMNS = ("data", "schema_version", "updated_at")


def _profile_upsert(dialect: str) -> Any:
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(_PROFILES)
    return insert.on_conflict_do_update(
        index_elements=["user_id"],
        set_={name: getattr(insert.excluded, name) for name in _PROFILE_COLUMNS},
    )


class _Stale(Exception):
    """A batched conditional update matched fewer rows than it had parameters."""


@dataclass(slots=True)
class _Pending:
    record: SessionRecord
    profile: dict[str, Any] | None  # the profiles row to write, when the answers changed
    now: datetime


class SessionWriter:
    """Writes sessions (and changed profiles) in shared transactions."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._upsert_profile = _profile_upsert(engine.dialect.name)
        # Only drivers that count rows across executemany can batch the version check.
        self._batch_updates = engine.dialect.supports_sane_multi_rowcount
        # Rolled back whole on a stale copy or a racing first insert: redone row by row to
        # find which saves fail; the others still land.
        self._batches: GroupCommit[_Pending, bool] = GroupCommit(
            self._write, retry_on=(_Stale, IntegrityError)
        )

    async def save(self, record: SessionRecord, answers_changed: bool, now: datetime) -> bool:
        """Write one session; False when another writer changed it since it was loaded."""
        # Validated here, not in the batch: answers Profile refuses fail this save alone.
        profile = row_values(record.user_id, record.answers, now) if answers_changed else None
        return await self._batches.submit(_Pending(record, profile, now))

    async def _write(self, batch: list[_Pending], careful: bool) -> list[bool]:
        ok = [False] * len(batch)
        inserts = [i for i, p in enumerate(batch) if p.record.version == 0]
        updates = [i for i, p in enumerate(batch) if p.record.version != 0]
        async with self.engine.begin() as conn:
            if careful:
                for i in inserts:
                    ok[i] = await self._insert(conn, batch[i])
            elif inserts:
                await conn.execute(
                    _INSERT_SESSION, [self._insert_params(batch[i]) for i in inserts]
                )
                for i in inserts:
                    ok[i] = True
            params = [self._update_params(batch[i]) for i in updates]
            if not careful and self._batch_updates and len(params) > 1:
                result = await conn.execute(_UPDATE_SESSION, params)
                if result.rowcount != len(params):
                    raise _Stale
                for i in updates:
                    ok[i] = True
            else:
                for i, one in zip(updates, params, strict=True):
                    ok[i] = (await conn.execute(_UPDATE_SESSION, one)).rowcount == 1
            profiles = [p.profile for i, p in enumerate(batch) if ok[i] and p.profile is not None]
            if profiles:
                await conn.execute(self._upsert_profile, profiles)
        return ok

    @staticmethod
    def _values(pending: _Pending) -> dict[str, Any]:
        record = pending.record
        return {
            "state": record.state,
            "data": record.data,
            "updated_at": pending.now,
            "flow_version": record.flow_version,
            "flow": "interview",
        }

    def _update_params(self, pending: _Pending) -> dict[str, Any]:
        record = pending.record
        return {
            "b_user_id": record.user_id,
            "b_version": record.version,
            "version": record.version + 1,
            **self._values(pending),
        }

    def _insert_params(self, pending: _Pending) -> dict[str, Any]:
        return {"user_id": pending.record.user_id, "version": 1, **self._values(pending)}

    async def _insert(self, conn: AsyncConnection, pending: _Pending) -> bool:
        try:
            async with conn.begin_nested():
                await conn.execute(_INSERT_SESSION, self._insert_params(pending))
        except IntegrityError:  # another worker created this user's session first
            return False
        return True
