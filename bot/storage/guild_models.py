"""Study-group (guild) settings: where and when cohort reminders go, and whom they mention.

One row per group on a platform, written by an admin's setup command and read by the
adapter (to mention the role) and by whoever schedules the cohort posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, Row, String, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, utcnow


class GuildSetting(Base):
    """Cohort-reminder settings of one group (a Discord server, a Telegram group)."""

    __tablename__ = "guild_settings"
    __table_args__ = (UniqueConstraint("platform", "guild_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    guild_id: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64))
    timezone: Mapped[str] = mapped_column(String(64))
    role_id: Mapped[str | None] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """A detached copy of a GuildSetting row."""

    platform: str
    guild_id: str
    channel_id: str
    timezone: str
    role_id: str | None
    enabled: bool


def _settings(row: Row[Any]) -> GroupSettings:
    # Core connections return column rows, not ORM objects: copy the fields out.
    return GroupSettings(
        row.platform, row.guild_id, row.channel_id, row.timezone, row.role_id, bool(row.enabled)
    )


class GuildSettingsStore:
    """Reads and writes guild settings; every method is one short transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def get(self, platform: str, guild_id: str) -> GroupSettings | None:
        """Return a group's settings, enabled or not, or None if never set up."""
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(GuildSetting).where(
                        GuildSetting.platform == platform, GuildSetting.guild_id == guild_id
                    )
                )
            ).first()
        return None if row is None else _settings(row)

    async def save(
        self, platform: str, guild_id: str, channel_id: str, timezone: str, role_id: str | None
    ) -> GroupSettings:
        """Switch cohort reminders on for a group (replacing earlier settings)."""
        async with self.engine.begin() as conn:
            row = (
                await conn.execute(
                    select(GuildSetting.id).where(
                        GuildSetting.platform == platform, GuildSetting.guild_id == guild_id
                    )
                )
            ).first()
            values = {
                "channel_id": channel_id,
                "timezone": timezone,
                "role_id": role_id,
                "enabled": True,
                "updated_at": utcnow(),
            }
            if row is None:
                await conn.execute(
                    GuildSetting.__table__.insert().values(
                        platform=platform, guild_id=guild_id, **values
                    )
                )
            else:
                await conn.execute(
                    GuildSetting.__table__.update()
                    .where(GuildSetting.id == row.id)
                    .values(**values)
                )
        return GroupSettings(platform, guild_id, channel_id, timezone, role_id, True)

    async def disable(self, platform: str, guild_id: str) -> GroupSettings | None:
        """Switch a group's cohort reminders off, keeping its choices for next time."""
        async with self.engine.begin() as conn:
            await conn.execute(
                GuildSetting.__table__.update()
                .where(GuildSetting.platform == platform, GuildSetting.guild_id == guild_id)
                .values(enabled=False, updated_at=utcnow())
            )
        return await self.get(platform, guild_id)

    async def enabled(self, platform: str | None = None) -> list[GroupSettings]:
        """Return every group with cohort reminders switched on (for the scheduler)."""
        query = select(GuildSetting).where(GuildSetting.enabled.is_(True))
        if platform is not None:
            query = query.where(GuildSetting.platform == platform)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query.order_by(GuildSetting.id))).all()
        return [_settings(row) for row in rows]

    async def for_channel(self, platform: str, channel_id: str) -> GroupSettings | None:
        """Return the enabled settings whose cohort channel this is, if any."""
        query = select(GuildSetting).where(
            GuildSetting.platform == platform,
            GuildSetting.channel_id == channel_id,
            GuildSetting.enabled.is_(True),
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else _settings(row)
