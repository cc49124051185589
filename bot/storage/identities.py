"""First contact, group-committed: identities new to this process resolved in shared batches.

A burst of new members (a study group discovering the bot) would otherwise cost one
transaction each, queued on SQLite's single connection ahead of everyone's session saves.
The statements are built once: building them per message cost more than running them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.group_commit import GroupCommit
from bot.storage.models import Identity, User

_USERS = User.__table__
_IDS = Identity.__table__

LOOKUP = select(_IDS.c.user_id).where(
    _IDS.c.platform == bindparam("platform"), _IDS.c.external_id == bindparam("external_id")
)
LINKED = (
    select(_IDS.c.platform, _IDS.c.external_id)
    .where(_IDS.c.user_id == bindparam("user_id"))
    .order_by(_IDS.c.id)
)
_FIND_MANY = (
    select(
        _IDS.c.platform, _IDS.c.external_id, _IDS.c.user_id, _IDS.c.chat_id, _USERS.c.unreachable_at
    )
    .join(_USERS, _USERS.c.id == _IDS.c.user_id)
    .where(tuple_(_IDS.c.platform, _IDS.c.external_id).in_(bindparam("keys", expanding=True)))
)
# Many users in one statement, their ids returned in the order of the parameters.
_NEW_USERS = _USERS.insert().returning(_USERS.c.id, sort_by_parameter_order=True)
_NEW_IDENTITY = _IDS.insert()
_SET_CHAT = (
    _IDS.update()
    .where(
        _IDS.c.platform == bindparam("b_platform"),
        _IDS.c.external_id == bindparam("b_external_id"),
        _IDS.c.chat_id.is_(None),
    )
    .values(chat_id=bindparam("b_chat_id"))
)
_REVIVE = (
    _USERS.update()
    .where(_USERS.c.id == bindparam("b_id"), _USERS.c.unreachable_at.is_not(None))
    .values(unreachable_at=None)
)


@dataclass(frozen=True, slots=True)
class Contact:
    """A message's sender as the platform names them."""

    platform: str
    external_id: str
    chat_id: str | None  # their private chat, when the message came from one
    now: datetime


@dataclass(frozen=True, slots=True)
class Resolved:
    """Who the sender is, and whether this message changed that."""

    user_id: int
    created: bool  # first contact: a new user
    revived: bool  # they had been marked unreachable until now


class IdentityResolver:
    """Finds or creates the user behind each contact, many contacts per transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # A racing worker that created the same identity first fails the whole batch:
        # then each contact gets its own transaction and finds the other worker's user.
        self._batches: GroupCommit[Contact, Resolved] = GroupCommit(
            self._write, retry_on=(IntegrityError,)
        )

    async def resolve(self, contact: Contact) -> Resolved:
        """Return the user behind the contact, committed before returning."""
        return await self._batches.submit(contact)

    async def _write(self, batch: list[Contact], careful: bool) -> list[Resolved]:
        if not careful:
            async with self.engine.begin() as conn:
                return await _resolve_all(conn, batch)
        results = []
        for contact in batch:
            try:
                async with self.engine.begin() as conn:
                    results.extend(await _resolve_all(conn, [contact]))
            except IntegrityError:  # created elsewhere between our lookup and insert
                async with self.engine.begin() as conn:
                    results.extend(await _resolve_all(conn, [contact]))
        return results


async def _resolve_all(conn: AsyncConnection, batch: list[Contact]) -> list[Resolved]:
    """Resolve a batch in a handful of statements, however many contacts it holds."""
    first: dict[tuple[str, str], Contact] = {}
    for contact in batch:
        first.setdefault((contact.platform, contact.external_id), contact)
    rows = {
        (r.platform, r.external_id): r
        for r in await conn.execute(_FIND_MANY, {"keys": list(first)})
    }
    new = [key for key in first if key not in rows]
    users: dict[tuple[str, str], int] = {key: row.user_id for key, row in rows.items()}
    if new:
        ids = (
            (await conn.execute(_NEW_USERS, [{"created_at": first[key].now} for key in new]))
            .scalars()
            .all()
        )
        users.update(zip(new, ids, strict=True))
        await conn.execute(
            _NEW_IDENTITY,
            [
                {
                    "platform": key[0],
                    "external_id": key[1],
                    "user_id": users[key],
                    "chat_id": first[key].chat_id,
                    "created_at": first[key].now,
                }
                for key in new
            ],
        )
    results, reported = [], set()
    for contact in batch:
        key = (contact.platform, contact.external_id)
        row = rows.get(key)
        revived = False
        if row is not None and key not in reported:
            # Rare: a private chat seen for the first time, or someone back after a block.
            if contact.chat_id is not None and row.chat_id is None:
                await conn.execute(
                    _SET_CHAT,
                    {"b_platform": key[0], "b_external_id": key[1], "b_chat_id": contact.chat_id},
                )
            if row.unreachable_at is not None:
                revived = (await conn.execute(_REVIVE, {"b_id": row.user_id})).rowcount > 0
        results.append(
            Resolved(users[key], created=row is None and key not in reported, revived=revived)
        )
        reported.add(key)
    return results
