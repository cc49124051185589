"""`/advisor-setup`: an admin chooses where cohort reminders go, in which time zone, whom to ping.

Discord honours `default_member_permissions` on top-level commands only, so the admin
commands are their own top-level group (hidden from members without Manage Server) rather
than `/advisor setup`; the permission is checked again here because server admins can
override command visibility.
"""

from __future__ import annotations

import logging
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.ext import commands

from bot.adapters.discord.reply import forbidden_help
from bot.adapters.discord.views import PLATFORM
from bot.core.ports import CohortHook
from bot.storage.guild_models import GroupSettings, GuildSettingsStore

log = logging.getLogger(__name__)

ANNOUNCEMENT = ("📅 Cohort reminders for the application season will be posted in this channel "
                "(time zone: {tz}). Admins can change this with `/advisor-setup`.")
UNKNOWN_ZONE = ("I don't know the time zone `{tz}`. Use a name like `America/New_York`, "
                "`Europe/London` or `Africa/Cairo` — start typing and pick one from the list.")


def describe(settings: GroupSettings | None) -> str:
    """Say what a group's cohort settings are, in one short paragraph."""
    if settings is None or not settings.enabled:
        return "Cohort reminders are **off** in this server."
    role = f", mentioning <@&{settings.role_id}>" if settings.role_id else ""
    return (f"Cohort reminders are **on**: posted in <#{settings.channel_id}>, time zone "
            f"`{settings.timezone}`{role}.")


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SetupCog(commands.GroupCog, group_name="advisor-setup",
               group_description="Study-group settings: cohort reminders (admins)"):
    """Admin commands for a study-group server."""

    def __init__(self, store: GuildSettingsStore, hook: CohortHook | None = None) -> None:
        super().__init__()
        self.store = store
        self.hook = hook
        self._zones = sorted(available_timezones())
        self._known = set(self._zones)

    @app_commands.command(name="set", description="Post cohort reminders in a channel")
    @app_commands.describe(channel="Where to post reminders for the whole group",
                           timezone="Time zone for posting times, e.g. America/New_York",
                           role="A role to mention in each reminder (optional)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def set_(self, interaction: discord.Interaction, channel: discord.TextChannel,
                   timezone: str, role: discord.Role | None = None) -> None:
        """Switch cohort reminders on: check the channel works, store, tell the scheduler."""
        if timezone not in self._known:
            await interaction.response.send_message(UNKNOWN_ZONE.format(tz=timezone[:64]),
                                                    ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            await channel.send(ANNOUNCEMENT.format(tz=timezone))
        except discord.Forbidden as error:
            await interaction.followup.send(f"{channel.mention}: {forbidden_help(error)}",
                                            ephemeral=True)
            return
        guild_id = str(interaction.guild_id)
        previous = await self.store.get(PLATFORM, guild_id)
        settings = await self.store.save(PLATFORM, guild_id, str(channel.id), timezone,
                                         str(role.id) if role else None)
        if self.hook is not None:
            if previous is not None and previous.enabled \
                    and previous.channel_id != settings.channel_id:
                await self.hook.disable(PLATFORM, f"channel:{previous.channel_id}")
            await self.hook.enable(PLATFORM, f"channel:{channel.id}", timezone)
        await interaction.followup.send(describe(settings), ephemeral=True)

    @set_.autocomplete("timezone")
    async def _zones_like(self, _interaction: discord.Interaction,
                          current: str) -> list[app_commands.Choice[str]]:
        needle = current.casefold().replace(" ", "_")
        found = [z for z in self._zones if needle in z.casefold()][:25]
        return [app_commands.Choice(name=z, value=z) for z in found]

    @app_commands.command(name="show", description="Show this server's cohort settings")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def show(self, interaction: discord.Interaction) -> None:
        """Show the current settings, privately."""
        settings = await self.store.get(PLATFORM, str(interaction.guild_id))
        await interaction.response.send_message(describe(settings), ephemeral=True)

    @app_commands.command(name="off", description="Stop cohort reminders in this server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def off(self, interaction: discord.Interaction) -> None:
        """Switch cohort reminders off (the chosen channel and zone are kept)."""
        settings = await self.store.disable(PLATFORM, str(interaction.guild_id))
        if self.hook is not None and settings is not None:
            await self.hook.disable(PLATFORM, f"channel:{settings.channel_id}")
        await interaction.response.send_message(describe(settings), ephemeral=True)
