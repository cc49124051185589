"""Discord for IMG Advisor (discord.py 2): the service `img-advisor run` starts, and its sender.

The pieces live beside this file: `cog` (buttons, DMs), `slash` (the `/advisor` group),
`incoming` (interactions → neutral messages), `setup` (admins' group setup), `render`,
`piece`, `embeds` and `split` (replies → messages), `reply` (answering interactions in
time) and `views` (bot, buttons, modal).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import replace

import aiohttp
import discord
import yarl

from bot.adapters.discord.budget import RetryHold, rate_limit_trace
from bot.adapters.discord.cog import AdvisorCog, Limits
from bot.adapters.discord.render import render_all
from bot.adapters.discord.reply import deliver
from bot.adapters.discord.setup import SetupCog
from bot.adapters.discord.views import PLATFORM, AdvisorBot, ChoiceButton
from bot.adapters.platform import PlatformStartError
from bot.core.advisor import Advisor
from bot.core.messages import Outgoing
from bot.core.ports import Unreachable
from bot.settings import Settings
from bot.storage.guild_models import GuildSettingsStore

log = logging.getLogger(__name__)

# A Discord API that takes the connection and never answers would hold `run` for minutes.
LOGIN_TIMEOUT = 4.0


class DiscordStartError(PlatformStartError):
    """Discord cannot start: a rejected token, an API or gateway out of reach."""


DISCORD_API = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"
# discord.py logs request bodies and gateway events at DEBUG: that is message text.
_PAYLOAD_LOGGERS = (
    "discord.http",
    "discord.gateway",
    "discord.webhook.async_",
    "discord.state",
    "discord.client",
)


def point_at(settings: Settings) -> None:
    """Aim discord.py at Discord, or at the server named in the settings (local testing).

    discord.py reads both addresses from class attributes, so they are process-wide; every
    start sets them, so the last service configured wins.
    """
    discord.http.Route.BASE = (settings.discord_api_base_url or DISCORD_API).rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(
        settings.discord_gateway_url or DISCORD_GATEWAY
    )


def quiet_payload_logs() -> None:
    """Keep discord.py from logging message contents, whatever the root level is."""
    for name in _PAYLOAD_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)


class DiscordSender:
    """Delivers reminders and cohort posts: "user:<id>" → a DM, "channel:<id>" → a channel."""

    platform = PLATFORM

    def __init__(self, bot: AdvisorBot, groups: GuildSettingsStore) -> None:
        self.bot = bot
        self.groups = groups

    async def send(self, chat_id: str, messages: Sequence[Outgoing]) -> None:
        """Send the messages; raise Unreachable when Discord refuses for good (403/404)."""
        kind, _, raw_id = chat_id.partition(":")
        if kind not in {"user", "channel"} or not raw_id.isdigit():
            raise ValueError(f"not a Discord chat id: {chat_id!r}")
        try:
            if kind == "user":
                channel = await self.bot.open_dm(discord.Object(int(raw_id)))
                await deliver(channel, render_all(messages))
            else:
                await self._post(int(raw_id), messages)
        except (discord.Forbidden, discord.NotFound) as error:
            raise Unreachable(
                f"Discord refused delivery ({error.status}, code {error.code})"
            ) from error

    async def _post(self, channel_id: int, messages: Sequence[Outgoing]) -> None:
        shown = [m for m in messages if not m.private]
        if len(shown) < len(messages):
            log.warning(
                "refused to post %d personal message(s) to a channel", len(messages) - len(shown)
            )
        pieces = render_all(shown)
        if not pieces:
            return
        channel = self.bot.get_partial_messageable(channel_id)
        settings = await self.groups.for_channel(PLATFORM, str(channel_id))
        mentions = discord.AllowedMentions.none()
        if settings is not None and settings.role_id:
            first = pieces[0]
            pieces[0] = replace(
                first, content=f"<@&{settings.role_id}> {first.content or ''}".strip()
            )
            mentions = discord.AllowedMentions(
                everyone=False, users=False, roles=[discord.Object(int(settings.role_id))]
            )
        await deliver(channel, pieces, mentions)


class DiscordService:
    """The Discord bot: logs in, keeps the gateway connection, answers members."""

    def __init__(
        self,
        settings: Settings,
        advisor: Advisor,
        groups: GuildSettingsStore,
        *,
        limits: Limits | None = None,
        ready_within: float = 60.0,
        guild_ready_timeout: float = 2.0,
        on_rate_limited: RetryHold | None = None,
    ) -> None:
        """`on_rate_limited`, if given, hears every 429 (the workers' shared budget)."""
        if not settings.discord_bot_token:
            raise ValueError("DISCORD_BOT_TOKEN is not set")
        self.settings = settings
        self.advisor = advisor
        self.groups = groups  # the sender finds a cohort channel's role to mention here
        self.limits = limits or Limits()
        self.ready_within = ready_within
        # discord.py waits this long after the last GUILD_CREATE before it is "ready".
        # One shard per process when sharded (discord.py's shard_id/shard_count): Discord
        # sends each process the events of its guilds, and DMs to shard 0.
        shards = (
            {"shard_id": settings.discord_shard_id, "shard_count": settings.discord_shard_count}
            if settings.discord_shard_count is not None
            else {}
        )
        # Each 429 discord.py gets goes to the shared budget too, so every worker pauses.
        trace = (
            None
            if on_rate_limited is None
            else rate_limit_trace(on_rate_limited, lambda channel: self.bot.dm_user(channel))
        )
        self.bot = AdvisorBot(guild_ready_timeout=guild_ready_timeout, http_trace=trace, **shards)
        self.sender = DiscordSender(self.bot, self.groups)
        self._connection: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Log in and connect; return once Discord has sent READY and the guilds."""
        await self._prepare()
        await self._login()
        self._connection = asyncio.create_task(
            self.bot.connect(reconnect=True), name="discord-gateway"
        )
        ready = asyncio.create_task(self.bot.wait_until_ready())
        done, _ = await asyncio.wait(
            {ready, self._connection},
            timeout=self.ready_within,
            return_when=asyncio.FIRST_COMPLETED,
        )
        if ready not in done:
            ready.cancel()
            gateway = self.settings.discord_gateway_url or DISCORD_GATEWAY
            if self._connection in done:
                await self.stop()
                try:
                    self._connection.result()  # why the gateway closed
                except (OSError, aiohttp.ClientError, discord.DiscordException) as exc:
                    raise DiscordStartError(
                        f"the Discord gateway at {gateway} closed the connection "
                        f"({type(exc).__name__}); check DISCORD_GATEWAY_URL and the network"
                    ) from exc
            await self.stop()
            raise DiscordStartError(
                f"the Discord gateway at {gateway} did not get ready within "
                f"{self.ready_within:.0f} s; check DISCORD_GATEWAY_URL and the network"
            )
        log.info("Discord connected as %s in %d server(s)", self.bot.user, len(self.bot.guilds))

    async def sync_commands(self, guild_id: int | None = None) -> list[str]:
        """Register the slash commands globally, or in one server (instant, for testing).

        Returns the names of the top-level commands registered.
        """
        await self._prepare()
        await self._login()
        try:
            if guild_id is None:
                synced = await self.bot.tree.sync()
            else:
                guild = discord.Object(guild_id)
                self.bot.tree.copy_global_to(guild=guild)
                synced = await self.bot.tree.sync(guild=guild)
        finally:
            await self.bot.close()
        return [command.name for command in synced]

    async def _prepare(self) -> None:
        point_at(self.settings)
        quiet_payload_logs()
        self.bot.add_dynamic_items(ChoiceButton)
        await self.bot.add_cog(AdvisorCog(self.bot, self.advisor, self.limits))
        await self.bot.add_cog(SetupCog(self.advisor))

    async def _login(self) -> None:
        """Log in with the token, or raise DiscordStartError saying what to fix."""
        api = self.settings.discord_api_base_url or DISCORD_API
        try:
            async with asyncio.timeout(LOGIN_TIMEOUT):
                await self.bot.login(self.settings.discord_bot_token or "")
        except BaseException as exc:
            await self.bot.close()  # the HTTP session is open even when the token is refused
            if isinstance(exc, discord.LoginFailure):
                raise DiscordStartError(
                    "DISCORD_BOT_TOKEN was rejected by Discord; copy the bot's token again "
                    "from the Developer Portal (Bot → Reset Token)"
                ) from exc
            if isinstance(exc, TimeoutError):
                raise DiscordStartError(
                    f"the Discord API at {api} did not answer within {LOGIN_TIMEOUT:g} s; "
                    "check DISCORD_API_BASE_URL and the network"
                ) from exc
            if isinstance(exc, (OSError, aiohttp.ClientError)):
                raise DiscordStartError(
                    f"cannot reach the Discord API at {api} ({type(exc).__name__}); check "
                    "DISCORD_API_BASE_URL and the network"
                ) from exc
            raise

    async def stop(self) -> None:
        """Close the gateway connection and the HTTP session."""
        await self.bot.close()
        if self._connection is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._connection
