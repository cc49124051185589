"""JSON payloads shaped like Discord's API v10 objects, for the fake Discord server.

Only the fields discord.py 2 reads are filled in; values are realistic but made up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

EPHEMERAL = 1 << 6
ACK_DEADLINE = 3.0  # seconds Discord gives a bot to acknowledge an interaction
DISCORD_EPOCH_MS = 1_420_070_400_000
# Permission bits (https://discord.com/developers/docs/topics/permissions).
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
MEMBER_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
)
ADMIN_PERMISSIONS = MEMBER_PERMISSIONS | MANAGE_GUILD

# Gateway intents Discord refuses unless enabled in the Developer Portal.
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)
INTENT_GUILDS = 1 << 0
INTENT_DIRECT_MESSAGES = 1 << 12


class Snowflakes:
    """Hands out increasing snowflake ids stamped with the current time, like Discord's.

    discord.py derives `created_at` (used by its cooldowns) from the id, so ids must follow
    the real clock.
    """

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        """Return a fresh id."""
        stamped = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(self._last + 1, stamped)
        return self._last


def now_iso() -> str:
    """Return the current time as Discord writes timestamps."""
    return datetime.now(UTC).isoformat()


@dataclass
class FakeUser:
    """A Discord account taking part in a test."""

    id: int
    name: str
    bot: bool = False
    dms_open: bool = True

    def payload(self) -> dict[str, Any]:
        """Return the user object."""
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name.title(),
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class FakeChannel:
    """A text channel in a guild, or a DM channel."""

    id: int
    name: str
    guild_id: int | None = None
    recipient: FakeUser | None = None  # DM channels only
    bot_can_post: bool = True

    def payload(self) -> dict[str, Any]:
        """Return the channel object."""
        if self.guild_id is None:
            recipients = [self.recipient.payload()] if self.recipient else []
            return {
                "id": str(self.id),
                "type": 1,
                "last_message_id": None,
                "recipients": recipients,
            }
        return {
            "id": str(self.id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }


@dataclass
class FakeGuild:
    """A server with text channels and roles."""

    id: int
    name: str
    owner_id: int
    channels: list[FakeChannel] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)  # role id -> name, besides @everyone

    def payload(self) -> dict[str, Any]:
        """Return the GUILD_CREATE payload."""
        everyone = _role(self.id, "@everyone", MEMBER_PERMISSIONS, 0)
        roles = [
            everyone,
            *(_role(rid, name, 0, i + 1) for i, (rid, name) in enumerate(self.roles.items())),
        ]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": roles,
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "max_members": 500000,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": now_iso(),
            "large": False,
            "unavailable": False,
            "member_count": 3,
            "voice_states": [],
            "members": [],
            "presences": [],
            "channels": [c.payload() for c in self.channels],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


def _role(role_id: int, name: str, permissions: int, position: int) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": True,
        "flags": 0,
    }


def member_payload(user: FakeUser, permissions: int) -> dict[str, Any]:
    """Return a guild member as interactions carry it (with resolved permissions)."""
    return {
        "user": user.payload(),
        "nick": None,
        "avatar": None,
        "roles": [],
        "joined_at": now_iso(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "permissions": str(permissions),
        "communication_disabled_until": None,
    }


def application_payload(app_id: int, bot: FakeUser) -> dict[str, Any]:
    """Return the application object (GET /oauth2/applications/@me)."""
    return {
        "id": str(app_id),
        "name": bot.name,
        "icon": None,
        "description": "",
        "rpc_origins": [],
        "bot_public": True,
        "bot_require_code_grant": False,
        "bot": bot.payload(),
        "owner": {**bot.payload(), "bot": False, "id": "1"},
        "summary": "",
        "verify_key": "0" * 64,
        "team": None,
        "flags": 0,
        "interactions_endpoint_url": None,
        "tags": [],
    }


def message_payload(
    *,
    message_id: int,
    channel: FakeChannel,
    author: dict[str, Any],
    body: dict[str, Any],
    webhook_id: int | None = None,
    attachments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return a message object built from what a client posted."""
    data: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel.id),
        "author": author,
        "content": body.get("content") or "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": attachments or [],
        "embeds": body.get("embeds") or [],
        "pinned": False,
        "type": 0,
        "flags": int(body.get("flags") or 0),
        "components": body.get("components") or [],
    }
    if channel.guild_id is not None:
        data["guild_id"] = str(channel.guild_id)
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
        data["application_id"] = str(webhook_id)
    return data
