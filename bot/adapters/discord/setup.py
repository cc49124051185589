"""`/advisor-setup`: an admin's slash command for the group setup feature.

The feature (bot/reminders/group_setup.py) parses, stores and phrases. This cog turns the
command's options into the text it reads (`setup on Africa/Cairo in <channel> mention
<role>`), with the server as the group and the member's Manage Server permission as
`is_admin`, and shows the answer privately. It first posts the announcement in the chosen
channel, so a channel the bot may not post in is explained (which permissions to grant)
before anything is stored.

Discord honours `default_member_permissions` on top-level commands only, so the admin
commands are their own top-level group (hidden from members without Manage Server) rather
than `/advisor setup`; the permission is checked again here because server admins can
override command visibility.
"""

from __future__ import annotations

from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.ext import commands

from bot.adapters.discord.render import render_all
from bot.adapters.discord.reply import InteractionReply, forbidden_help
from bot.adapters.discord.views import PLATFORM
from bot.core.advisor import Advisor
from bot.core.messages import ChatKind, Incoming
from bot.reminders.group_setup import announcement

# The option offers the tz database's names as you type; anything else was not picked.
UNKNOWN_ZONE = (
    "I don't know the time zone `{tz}`. Use a name like `America/New_York`, "
    "`Europe/London` or `Africa/Cairo` — start typing and pick one from the list."
)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SetupCog(
    commands.GroupCog,
    group_name="advisor-setup",
    group_description="Study-group settings: cohort reminders (admins)",
):
    """Admin commands for a study-group server."""

    def __init__(self, advisor: Advisor) -> None:
        super().__init__()
        self.advisor = advisor
        self._zones = sorted(available_timezones())
        self._known = set(self._zones)

    @app_commands.command(name="set", description="Post cohort reminders in a channel")
    @app_commands.describe(
        channel="Where to post reminders for the whole group",
        timezone="Time zone for posting times, e.g. America/New_York",
        role="A role to mention in each reminder (optional)",
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def set_(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        timezone: str,
        role: discord.Role | None = None,
    ) -> None:
        """Switch cohort reminders on: check the channel takes posts, then hand over."""
        if timezone not in self._known:
            await interaction.response.send_message(
                UNKNOWN_ZONE.format(tz=timezone[:64]), ephemeral=True
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            await channel.send(announcement(timezone))
        except discord.Forbidden as error:
            await interaction.followup.send(
                f"{channel.mention}: {forbidden_help(error)}", ephemeral=True
            )
            return
        mention = f" mention {role.id}" if role else ""
        await self._answer(interaction, f"setup on {timezone} in {channel.id}{mention}")

    @set_.autocomplete("timezone")
    async def _zones_like(
        self, _interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.casefold().replace(" ", "_")
        found = [z for z in self._zones if needle in z.casefold()][:25]
        return [app_commands.Choice(name=z, value=z) for z in found]

    @app_commands.command(name="show", description="Show this server's cohort settings")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def show(self, interaction: discord.Interaction) -> None:
        """Show the current settings, privately."""
        await self._answer(interaction, "setup show")

    @app_commands.command(name="off", description="Stop cohort reminders in this server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def off(self, interaction: discord.Interaction) -> None:
        """Switch cohort reminders off (the chosen channel and zone are kept)."""
        await self._answer(interaction, "setup off")

    async def _answer(self, interaction: discord.Interaction, text: str) -> None:
        """Hand the command to the core as the server's setup; answer only the admin."""
        incoming = Incoming(
            PLATFORM,
            str(interaction.user.id),
            str(interaction.guild_id),
            ChatKind.PUBLIC,
            text=text,
            display_name=interaction.user.display_name,
            is_admin=interaction.permissions.manage_guild,
        )
        reply = InteractionReply(interaction, ephemeral=True)
        replies = await reply.run(self.advisor.handle(incoming))
        await reply.send(render_all(replies))
