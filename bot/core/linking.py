"""Linking two platform identities to one person with a one-time code."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core import texts
from bot.core.messages import Outgoing
from bot.core.ports import SessionStore
from bot.core.turn import CommandHandler, Hook, PayloadHandler, Turn
from bot.storage.models import LinkCode

CODE_LIFETIME = timedelta(minutes=10)


class LinkFeature:
    """The `link` command: `link` shows a code, `link 123456` on the other platform joins."""

    def __init__(self, engine: AsyncEngine, store: SessionStore) -> None:
        self.engine = engine
        self.store = store

    def command_handlers(self) -> Mapping[str, CommandHandler]:
        """Return the commands this feature adds."""
        return {"link": self.link}

    def payload_handlers(self) -> Mapping[str, PayloadHandler]:
        """Return the button handlers this feature adds (none)."""
        return {}

    def completion_hooks(self) -> Sequence[Hook]:
        """None."""
        return ()

    def reachable_hooks(self) -> Sequence[Hook]:
        """None."""
        return ()

    async def link(self, turn: Turn, arg: str) -> list[Outgoing]:
        """Show a new code, or use one shown on the other platform."""
        code = "".join(ch for ch in arg if ch.isdigit())
        if not arg.strip():
            return [await self._new_code(turn)]
        async with self.engine.begin() as conn:
            await conn.execute(delete(LinkCode).where(LinkCode.expires_at < turn.now))
            row = (await conn.execute(select(LinkCode).where(LinkCode.code == code))).first()
        if row is None:
            return [Outgoing(texts.LINK_WRONG, private=True)]
        if row.user_id == turn.user_id or row.platform == turn.incoming.platform:
            return [Outgoing(texts.LINK_HERE, private=True)]
        async with self.engine.begin() as conn:
            await conn.execute(delete(LinkCode).where(LinkCode.code == code))
        await self.store.link_identity(from_user=turn.user_id, to_user=row.user_id)
        turn.forgotten = True  # this user's old rows are gone; nothing to save
        return [Outgoing(texts.linked(row.platform), private=True)]

    async def _new_code(self, turn: Turn) -> Outgoing:
        code = f"{secrets.randbelow(10**6):06d}"
        async with self.engine.begin() as conn:
            await conn.execute(delete(LinkCode).where(LinkCode.user_id == turn.user_id))
            await conn.execute(
                insert(LinkCode).values(
                    code=code,
                    user_id=turn.user_id,
                    platform=turn.incoming.platform,
                    expires_at=turn.now + CODE_LIFETIME,
                )
            )
        minutes = int(CODE_LIFETIME.total_seconds()) // 60
        return Outgoing(texts.link_code(code, minutes), private=True)
