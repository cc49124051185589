"""First contact, group-committed: identities new to this process resolved in shared batches.

A burst of new members (a study group discovering the bot) would otherwise cost one
transaction each, queued on SQLite's single connection ahead of everyone's session saves.
The statements are built once: building them per message cost more than running them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.group_commit import GroupCommit
from bot.storage.models import Identity, User

_USERS = User.__table__
_IDS = Identity.__table__

LOOKUP = select(_IDS.c.user_id).where(_IDS.c.platform == bindparam("platform"),
                                      _IDS.c.external_id == bindparam("external_id"))
LINKED = select(_IDS.c.platform, _IDS.c.external_id).where(
    _IDS.c.user_id == bindparam("user_id")).order_by(_IDS.c.id)
_NEW_USER = _USERS.insert().returning(_USERS.c.id)
_NEW_IDENTITY = _IDS.insert()
_SET_CHAT = _IDS.update().where(
    _IDS.c.platform == bindparam("b_platform"), _IDS.c.external_id == bindparam("b_external_id"),
    _IDS.c.chat_id.is_(None)).values(chat_id=bindparam("b_chat_id"))
_REVIVE = _USERS.update().where(_USERS.c.id == bindparam("b_id"),
                                _USERS.c.unreachable_at.is_not(None)).values(unreachable_at=None)


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
            self._write, retry_on=(IntegrityError,))

    async def resolve(self, contact: Contact) -> Resolved:
        """Return the user behind the contact, committed before returning."""
        return await self._batches.submit(contact)

    async def _write(self, batch: list[Contact], careful: bool) -> list[Resolved]:
        if not careful:
            async with self.engine.begin() as conn:
                return [await _resolve(conn, contact) for contact in batch]
        results = []
        for contact in batch:
            try:
                async with self.engine.begin() as conn:
                    results.append(await _resolve(conn, contact))
            except IntegrityError:  # created elsewhere between our lookup and insert
                async with self.engine.begin() as conn:
                    results.append(await _resolve(conn, contact))
        return results


async def _resolve(conn: AsyncConnection, contact: Contact) -> Resolved:
    key = {"platform": contact.platform, "external_id": contact.external_id}
    user_id = (await conn.execute(LOOKUP, key)).scalar()
    if user_id is None:
        user_id = (await conn.execute(_NEW_USER, {"created_at": contact.now})).scalar_one()
        await conn.execute(_NEW_IDENTITY, {**key, "user_id": user_id,
                                           "chat_id": contact.chat_id,
                                           "created_at": contact.now})
        return Resolved(user_id, created=True, revived=False)
    if contact.chat_id is not None:  # first private contact after a group one
        await conn.execute(_SET_CHAT, {"b_platform": contact.platform,
                                       "b_external_id": contact.external_id,
                                       "b_chat_id": contact.chat_id})
    revived = (await conn.execute(_REVIVE, {"b_id": user_id})).rowcount > 0
    return Resolved(user_id, created=False, revived=revived)
