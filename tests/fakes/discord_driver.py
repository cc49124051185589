"""What members do in the fake Discord: slash commands, button presses, modal submits, DMs."""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import TYPE_CHECKING, Any

from tests.fakes.discord_payloads import (
    ADMIN_PERMISSIONS,
    MEMBER_PERMISSIONS,
    FakeChannel,
    FakeGuild,
    FakeUser,
    member_payload,
    now_iso,
)
from tests.fakes.discord_records import FakeInteraction

if TYPE_CHECKING:
    from tests.fakes.discord_records import PostedMessage
    from tests.fakes.discord_server import FakeDiscord


class MemberActions:
    """Mixed into FakeDiscord: drive the connected client the way members would."""

    async def slash(
        self: FakeDiscord,
        user: FakeUser,
        command: str,
        *,  # type: ignore[misc]
        guild: FakeGuild | None = None,
        in_channel: FakeChannel | None = None,
        admin: bool = False,
        wait: bool = True,
        **options: Any,
    ) -> FakeInteraction:
        """Run a slash command such as "advisor ask" (in a guild channel, or in the DM)."""
        names = command.split()
        schema = _find_command(self, names[0], guild)
        resolved: dict[str, dict[str, Any]] = {}
        path = [schema]
        for name in names[1:]:
            path.append(next(o for o in path[-1].get("options") or [] if o["name"] == name))
        nested: list[dict[str, Any]] = []
        for key, value in options.items():
            spec = next(o for o in path[-1].get("options") or [] if o["name"] == key)
            nested.append(
                {
                    "name": key,
                    "type": spec["type"],
                    "value": _option_value(spec["type"], value, guild, resolved),
                }
            )
        for spec in reversed(path[1:]):
            nested = [{"name": spec["name"], "type": spec["type"], "options": nested}]
        data: dict[str, Any] = {"id": schema["id"], "name": names[0], "type": 1, "options": nested}
        if "guild_id" in schema:
            data["guild_id"] = schema["guild_id"]
        if resolved:
            data["resolved"] = resolved
        where = in_channel or (guild.channels[0] if guild else self.dm_channel(user))
        return await _send(self, 2, user, where, data, admin=admin, wait=wait)

    async def press(
        self: FakeDiscord,
        user: FakeUser,
        message: PostedMessage,  # type: ignore[misc]
        label: str,
        *,
        wait: bool = True,
    ) -> FakeInteraction:
        """Press the button with this label (or custom id) on a message the bot sent."""
        button = next(
            (b for b in message.buttons() if label in (b.get("label"), b.get("custom_id"))), None
        )
        if button is None:
            raise LookupError(f"no button {label!r} on the message; it has {message.labels()}")
        if "custom_id" not in button:
            raise LookupError(f"{label!r} is a link button")
        data = {"custom_id": button["custom_id"], "component_type": 2}
        return await _send(self, 3, user, message.channel, data, pressed=message, wait=wait)

    async def submit(
        self: FakeDiscord,
        user: FakeUser,
        opened: FakeInteraction,  # type: ignore[misc]
        value: str,
        *,
        wait: bool = True,
    ) -> FakeInteraction:
        """Type a value into the modal an interaction opened and submit it."""
        if opened.modal is None:
            raise LookupError("that interaction did not open a modal")
        data = {
            "custom_id": opened.modal["custom_id"],
            "components": [_filled(row, value) for row in opened.modal["components"]],
        }
        return await _send(self, 5, user, opened.channel, data, pressed=opened.pressed, wait=wait)

    async def send_dm(
        self: FakeDiscord,
        user: FakeUser,
        text: str,  # type: ignore[misc]
        *,
        patience: float = 5.0,
    ) -> list[PostedMessage]:
        """Type a DM to the bot and return the bot's replies."""
        channel = self.dm_channel(user)
        before = len(self.messages_in(channel))
        await self.dispatch(
            "MESSAGE_CREATE",
            {
                "id": str(self.ids.next()),
                "channel_id": str(channel.id),
                "channel_type": 1,
                "author": user.payload(),
                "content": text,
                "timestamp": now_iso(),
                "edited_timestamp": None,
                "tts": False,
                "mention_everyone": False,
                "mentions": [],
                "mention_roles": [],
                "attachments": [],
                "embeds": [],
                "pinned": False,
                "type": 0,
                "flags": 0,
                "components": [],
                "nonce": str(self.ids.next()),
            },
        )
        deadline = time.monotonic() + patience
        while len(self.messages_in(channel)) == before:
            if time.monotonic() > deadline:
                raise TimeoutError("the bot did not answer the DM")
            await asyncio.sleep(0.005)
        await self.settle()
        return self.messages_in(channel)[before:]


def _find_command(fake: FakeDiscord, name: str, guild: FakeGuild | None) -> dict[str, Any]:
    pools = ([fake.guild_commands.get(guild.id, [])] if guild else []) + [fake.global_commands]
    for pool in pools:
        for command in pool:
            if command["name"] == name:
                return command
    raise LookupError(f"/{name} is not registered (sync the commands first)")


def _option_value(
    kind: int, value: Any, guild: FakeGuild | None, resolved: dict[str, dict[str, Any]]
) -> Any:
    if kind == 7:
        channel: FakeChannel = value
        resolved.setdefault("channels", {})[str(channel.id)] = {
            "id": str(channel.id),
            "name": channel.name,
            "type": 0,
            "guild_id": str(channel.guild_id),
            "permissions": str(MEMBER_PERMISSIONS),
        }
        return str(channel.id)
    if kind == 8:
        assert guild is not None
        role_id = int(value)
        resolved.setdefault("roles", {})[str(role_id)] = next(
            r for r in guild.payload()["roles"] if r["id"] == str(role_id)
        )
        return str(role_id)
    return value


def _filled(component: dict[str, Any], value: str) -> dict[str, Any]:
    if component.get("type") == 1:
        return {"type": 1, "components": [_filled(c, value) for c in component["components"]]}
    if component.get("type") == 18:
        return {"type": 18, "component": _filled(component["component"], value)}
    return {"type": component["type"], "custom_id": component["custom_id"], "value": value}


async def _send(
    fake: FakeDiscord,
    kind: int,
    user: FakeUser,
    channel: FakeChannel,
    data: dict[str, Any],
    *,
    admin: bool = False,
    pressed: PostedMessage | None = None,
    wait: bool = True,
) -> FakeInteraction:
    interaction = FakeInteraction(
        fake.ids.next(), secrets.token_urlsafe(24), user, channel, time.monotonic(), pressed=pressed
    )
    fake.track(interaction)
    payload: dict[str, Any] = {
        "id": str(interaction.id),
        "application_id": str(fake.app_id),
        "type": kind,
        "data": data,
        "token": interaction.token,
        "version": 1,
        "channel": channel.payload(),
        "channel_id": str(channel.id),
        "locale": "en-US",
        "app_permissions": str(MEMBER_PERMISSIONS),
        "entitlements": [],
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if pressed is not None:
        payload["message"] = pressed.raw
    if channel.guild_id is not None:
        permissions = ADMIN_PERMISSIONS if admin else MEMBER_PERMISSIONS
        payload.update(
            guild_id=str(channel.guild_id),
            guild_locale="en-US",
            context=0,
            guild={"id": str(channel.guild_id), "locale": "en-US", "features": []},
            member=member_payload(user, permissions),
            authorizing_integration_owners={"0": str(channel.guild_id)},
        )
    else:
        payload.update(user=user.payload(), context=1, authorizing_integration_owners={"0": "0"})
    await fake.dispatch("INTERACTION_CREATE", payload)
    if wait:
        await asyncio.wait_for(interaction.done.wait(), 30.0)  # a guard: fails, never paces
        await fake.settle()
    return interaction
