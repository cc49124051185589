"""The `/advisor` command group, built from the core's command registry, and the text each
slash command stands for.

Every member-facing command of the registry becomes a subcommand whose options are the
command's arguments; an answered command is written back as the text the core reads.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.core.commands import COMMANDS_BY_NAME, Command, menu_commands, split_command

_ARG = re.compile(r"[<\[](\w+)[>\]]")

# Commands whose general answer a member may post in the channel (`public: True`).
_SHAREABLE = frozenset({"ask", "programs"})

Run = Callable[[discord.Interaction, Command, dict[str, Any]], Awaitable[None]]


def build_group(
    run: Run, within_limit: Callable[[discord.Interaction], bool]
) -> app_commands.Group:
    """Return `/advisor` with a subcommand per menu command (and `link`), each calling `run`."""
    group = app_commands.Group(
        name="advisor",
        description="IMG Advisor: med-psych residency plan, questions, reminders",
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True),
        allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
    )
    # One check, so one bucket per member shared by every subcommand.
    checked = app_commands.check(within_limit)
    for spec in (*menu_commands(), COMMANDS_BY_NAME["link"]):
        group.add_command(checked(slash_command(spec, run)))
    return group


def slash_command(spec: Command, run: Run) -> app_commands.Command[Any, ..., None]:
    """Return the app command for one registry command, its options its arguments."""
    names = _ARG.findall(spec.args)

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await run(interaction, spec, values)

    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    params += [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=str | None)
        for name in names
    ]
    descriptions = {name: name.replace("_", " ").capitalize() for name in names}
    if spec.name in _SHAREABLE:
        params.append(
            inspect.Parameter(
                "public", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=bool
            )
        )
        descriptions["public"] = "Post a general (never personal) answer for the channel"
    # discord.py reads options from the signature; this one is built from the registry.
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = descriptions  # type: ignore[attr-defined]
    return app_commands.Command(
        name=spec.name, description=spec.description[:100], callback=callback
    )


def command_text(spec: Command, values: dict[str, Any]) -> str:
    """Write a slash command as the text the core understands ("ask when is ERAS?")."""
    filled = spec.args
    for name in _ARG.findall(spec.args):
        value = str(values.get(name) or "").strip()
        filled = filled.replace(f"<{name}>", value).replace(f"[{name}]", value)
    return f"{spec.name} {filled.strip(' :')}".strip()


def deep_link_text(argument: str) -> str:
    """Turn a "continue privately" line (`payloads.private`) into what the member types."""
    return argument if split_command(argument) is not None else f"start {argument}".strip()
