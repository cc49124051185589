"""REST routes of the fake Discord: users, commands, messages, DMs, interactions, webhooks."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakes.discord_limits import invalid_form
from tests.fakes.discord_payloads import ACK_DEADLINE, EPHEMERAL, application_payload

if TYPE_CHECKING:
    from tests.fakes.discord_records import FakeInteraction, PostedMessage
    from tests.fakes.discord_server import FakeDiscord

Result = tuple[int, Any]
Handler = Callable[..., Awaitable[Result]]

CANNOT_DM = (403, {"message": "Cannot send messages to this user", "code": 50007})
MISSING_PERMISSIONS = (403, {"message": "Missing Permissions", "code": 50013})
UNKNOWN_CHANNEL = (404, {"message": "Unknown Channel", "code": 10003})
UNKNOWN_MESSAGE = (404, {"message": "Unknown Message", "code": 10008})
UNKNOWN_INTERACTION = (404, {"message": "Unknown interaction", "code": 10062})
UNKNOWN_WEBHOOK = (404, {"message": "Unknown Webhook", "code": 10015})
ALREADY_ACKED = (400, {"message": "Interaction has already been acknowledged.", "code": 40060})
SNOWFLAKE = r"(\d+)"


async def read_body(request: web.Request) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
    """Return a JSON body, or the payload_json and files of a multipart body."""
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        body = json.loads(str(form.get("payload_json") or "{}"))
        files = [
            (value.filename, value.file.read())
            for key, value in form.items()
            if key.startswith("files[") and hasattr(value, "file")
        ]
        return body, files
    if request.can_read_body:
        return await request.json(), []
    return {}, []


def routes(fake: FakeDiscord) -> list[tuple[str, str, Handler]]:
    """Return (method, path regex, handler) for every route the fake serves."""

    async def me(_request: web.Request) -> Result:
        return 200, fake.bot.payload()

    async def application(_request: web.Request) -> Result:
        return 200, application_payload(fake.app_id, fake.bot)

    async def gateway(_request: web.Request) -> Result:
        return 200, {
            "url": fake.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 0,
                "max_concurrency": 1,
            },
        }

    def stored(commands: list[dict[str, Any]], guild_id: str | None) -> list[dict[str, Any]]:
        out = []
        for command in commands:
            saved = {
                "id": str(fake.ids.next()),
                "application_id": str(fake.app_id),
                "version": str(fake.ids.next()),
                "type": 1,
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **command,
            }
            if saved["default_member_permissions"] is not None:  # Discord answers a string
                saved["default_member_permissions"] = str(saved["default_member_permissions"])
            if guild_id is not None:
                saved["guild_id"] = guild_id
            out.append(saved)
        return out

    async def put_global(request: web.Request, _app: str) -> Result:
        fake.global_commands = stored(await request.json(), None)
        return 200, fake.global_commands

    async def get_global(_request: web.Request, _app: str) -> Result:
        return 200, fake.global_commands

    async def put_guild(request: web.Request, _app: str, guild_id: str) -> Result:
        fake.guild_commands[int(guild_id)] = stored(await request.json(), guild_id)
        return 200, fake.guild_commands[int(guild_id)]

    async def get_guild(_request: web.Request, _app: str, guild_id: str) -> Result:
        return 200, fake.guild_commands.get(int(guild_id), [])

    async def open_dm(request: web.Request) -> Result:
        body = await request.json()
        user = fake.users.get(int(body["recipient_id"]))
        if user is None:
            return 400, {"message": "Invalid Recipient(s)", "code": 50033}
        return 200, fake.dm_channel(user).payload()

    async def post_message(request: web.Request, channel_id: str) -> Result:
        channel = fake.channels.get(int(channel_id))
        if channel is None:
            return UNKNOWN_CHANNEL
        if channel.recipient is not None and not channel.recipient.dms_open:
            return CANNOT_DM
        if channel.guild_id is not None and not channel.bot_can_post:
            return MISSING_PERMISSIONS
        body, files = await read_body(request)
        if (refused := invalid_form(body)) is not None:
            return refused
        return 200, fake.new_message(channel, body, files=files).raw

    async def patch_message(request: web.Request, channel_id: str, message_id: str) -> Result:
        message = fake._messages_by_id.get(int(message_id))
        if message is None or message.channel.id != int(channel_id):
            return UNKNOWN_MESSAGE
        body, _files = await read_body(request)
        if (refused := invalid_form(body)) is not None:
            return refused
        return 200, fake.edit_message(message, body).raw

    async def callback(request: web.Request, interaction_id: str, token: str) -> Result:
        interaction = fake.interactions.get(int(interaction_id))
        if interaction is None or interaction.token != token:
            return UNKNOWN_INTERACTION
        if time.monotonic() - interaction.sent_at > ACK_DEADLINE:
            return UNKNOWN_INTERACTION  # Discord forgets interactions not acknowledged in 3 s
        if interaction.response_type is not None:
            return ALREADY_ACKED
        body, files = await read_body(request)
        kind, data = int(body["type"]), body.get("data") or {}
        if kind in (4, 7) and (refused := invalid_form(data)) is not None:  # messages
            return refused
        return 200, respond(interaction, kind, data, files)

    def respond(
        interaction: FakeInteraction,
        kind: int,
        data: dict[str, Any],
        files: list[tuple[str, bytes]],
    ) -> dict[str, Any]:
        interaction.response_type = kind
        interaction.acked_after = time.monotonic() - interaction.sent_at
        message: PostedMessage | None = None
        loading = False
        if kind == 4:  # CHANNEL_MESSAGE_WITH_SOURCE
            message = create(interaction, data, files)
        elif kind == 5:  # DEFERRED_CHANNEL_MESSAGE: a "thinking…" placeholder
            interaction.ephemeral_default = bool(int(data.get("flags") or 0) & EPHEMERAL)
            loading = True
        elif kind == 7 and interaction.pressed is not None:  # UPDATE_MESSAGE
            message = fake.edit_message(interaction.pressed, data)
            interaction.original = message
        elif kind == 9:  # MODAL
            interaction.modal = data
        if kind in (6, 7):  # deferred update / update: @original is the pressed message
            interaction.original = interaction.pressed
        if kind != 5:
            interaction.done.set()
        result: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": 2,
                "activity_instance_id": None,
                "response_message_id": str(message.id) if message else None,
                "response_message_loading": loading,
                "response_message_ephemeral": bool(message and message.ephemeral),
            }
        }
        if message is not None:
            result["resource"] = {"type": kind, "message": message.raw}
        return result

    def create(
        interaction: FakeInteraction, data: dict[str, Any], files: list[tuple[str, bytes]]
    ) -> PostedMessage:
        if (
            interaction.response_type == 5
            and interaction.original is None
            and interaction.ephemeral_default
        ):
            # The first follow-up replaces the "thinking…" placeholder and keeps its privacy.
            data = {**data, "flags": int(data.get("flags") or 0) | EPHEMERAL}
        message = fake.new_message(interaction.channel, data, files=files, webhook=True)
        if message.ephemeral:
            message.visible_to = interaction.user.id
        interaction.messages.append(message)
        interaction.original = interaction.original or message
        interaction.done.set()
        return message

    async def followup(request: web.Request, _app: str, token: str) -> Result:
        interaction = fake.interaction_by_token(token)
        if interaction is None or interaction.response_type is None:
            return UNKNOWN_WEBHOOK
        body, files = await read_body(request)
        if (refused := invalid_form(body)) is not None:
            return refused
        return 200, create(interaction, body, files).raw

    async def original(request: web.Request, _app: str, token: str, message_id: str) -> Result:
        interaction = fake.interaction_by_token(token)
        if interaction is None or interaction.response_type is None:
            return UNKNOWN_WEBHOOK
        target = (
            interaction.original
            if message_id == "@original"
            else fake._messages_by_id.get(int(message_id))
        )
        if request.method == "PATCH":
            body, files = await read_body(request)
            if (refused := invalid_form(body)) is not None:
                return refused
            if target is None and interaction.response_type == 5:
                return 200, create(interaction, body, files).raw
            if target is None:
                return UNKNOWN_MESSAGE
            interaction.done.set()
            return 200, fake.edit_message(target, body).raw
        if target is None:
            return UNKNOWN_MESSAGE
        if request.method == "DELETE":
            fake.messages.remove(target)
            return 204, None
        return 200, target.raw

    app = SNOWFLAKE
    return [
        ("GET", r"/users/@me", me),
        ("GET", r"/oauth2/applications/@me", application),
        ("GET", r"/gateway(?:/bot)?", gateway),
        ("PUT", rf"/applications/{app}/commands", put_global),
        ("GET", rf"/applications/{app}/commands", get_global),
        ("PUT", rf"/applications/{app}/guilds/{SNOWFLAKE}/commands", put_guild),
        ("GET", rf"/applications/{app}/guilds/{SNOWFLAKE}/commands", get_guild),
        ("POST", r"/users/@me/channels", open_dm),
        ("POST", rf"/channels/{SNOWFLAKE}/messages", post_message),
        ("PATCH", rf"/channels/{SNOWFLAKE}/messages/{SNOWFLAKE}", patch_message),
        ("POST", rf"/interactions/{SNOWFLAKE}/([^/]+)/callback", callback),
        ("POST", rf"/webhooks/{app}/([^/]+)", followup),
        ("GET", rf"/webhooks/{app}/([^/]+)/messages/(@original|\d+)", original),
        ("PATCH", rf"/webhooks/{app}/([^/]+)/messages/(@original|\d+)", original),
        ("DELETE", rf"/webhooks/{app}/([^/]+)/messages/(@original|\d+)", original),
    ]
