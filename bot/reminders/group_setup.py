"""Group cohort setup: a group's admins switch season-milestone posts on, check them, switch off.

`GroupSetupFeature` is the feature's one entry point, registered like the link and reminder
features. It answers `setup` wherever it is typed:

- `setup on <time zone>` (or `set`): store the group's zone and arm its season posts;
- `setup show` (or `status`): say what is set; `setup off`: stop, keeping the zone;
- anything else: what the command does. In a private chat: where it works instead.

Adapters supply only platform facts: `Incoming.is_admin` (only admins may change anything),
the group as `Incoming.chat_id`, and, where a group has several channels, the channel and
role as `setup on <zone> in <channel id> mention <role id>`. Each platform's `GroupPlaces`
says how its chats are addressed; a group without one posts in its own chat.

Two events come as `setup:` payloads an adapter builds with `unposted()` and `moved()`: the
group refused the answer to a `setup` (a switch-on it could not announce is undone), and a
group's chat moved to a new id (its settings and posts follow).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Protocol

from bot.core import payloads
from bot.core.commands import split_command
from bot.core.messages import Outgoing
from bot.core.ports import CohortHook
from bot.core.turn import CommandHandler, PayloadHandler, Turn
from bot.reminders.milestones import LEAD, REMIND_AT
from bot.storage.guild_models import GroupSettings, GuildSettingsStore
from flows.zones import parse_timezone

log = logging.getLogger(__name__)

PREFIX = payloads.SETUP
_UNPOSTED, _MOVED = "unposted", "moved"
_ON, _SHOW, _OFF = frozenset({"on", "set"}), frozenset({"show", "status"}), "off"
# Only where a platform's groups have several channels: `Africa/Cairo in 123 mention 456`.
_TARGET = re.compile(
    r"(?P<zone>.*?)(?:\s+in\s+(?P<channel>\S+))?(?:\s+mention\s+(?P<role>\S+))?",
    re.IGNORECASE | re.DOTALL,
)

WHEN = f"{LEAD.days} days before each date, at {REMIND_AT:%H:%M}"
USAGE = (
    "**Cohort reminders** post the application season's milestones in this group, "
    f"{WHEN} in the group's time zone. For group admins:\n"
    "- `setup on Africa/Cairo` — switch on (a city, a zone or `UTC+3`)\n"
    "- `setup show` — what is set\n"
    "- `setup off` — switch off"
)
NOT_ADMIN = "Sorry — only this group's admins can set up cohort reminders."
NEED_ZONE = (
    "Which time zone should the group's reminders follow? For example "
    "`setup on Africa/Cairo`, `setup on New York` or `setup on UTC+3`."
)
UNKNOWN_ZONE = (
    "I don't know the time zone `{zone}`. Try a city or a zone name, e.g. "
    "`setup on Africa/Cairo`, `setup on New York` or `setup on UTC+3`."
)
SWITCHED_ON = (
    "📅 **Cohort reminders are on.** I'll post the application season's milestones "
    f"here, {WHEN} (`{{tz}}`). Admins: `setup show`, `setup off`."
)
CANNOT_POST = (
    'I couldn\'t post in the group "{title}", so cohort reminders are off there. '
    "Let me send messages in that group, then try `setup on` again."
)
SETUP_IN_GROUP = (
    "Cohort reminders post the application season's milestones to a whole study "
    "group. A group admin switches them on in the group itself: "
    "`setup on Africa/Cairo` (in a server, `/advisor-setup set`)."
)
OFF = (
    "Cohort reminders are **off** in this group. An admin can switch them on with "
    "`setup on <time zone>`."
)


class GroupPlaces(Protocol):
    """How one platform addresses the channel a group's cohort posts go to."""

    separate_channels: bool  # a group may post in another of its channels (`in <channel>`)

    def chat_id(self, channel_id: str) -> str:
        """Return the channel as the platform's Sender (and the CohortHook) takes chat ids."""
        ...

    def channel(self, channel_id: str) -> str:
        """Return how a reply names the channel."""
        ...

    def role(self, role_id: str) -> str:
        """Return how a reply names a role the posts mention."""
        ...


class OwnChat:
    """A group that is its own channel: the group's id is the chat id, and it has no roles."""

    separate_channels = False

    def chat_id(self, channel_id: str) -> str:
        """Return the group's id unchanged."""
        return channel_id

    def channel(self, channel_id: str) -> str:
        """Name the chat by its id (shown only if it ever differs from the group)."""
        return f"`{channel_id}`"

    def role(self, role_id: str) -> str:
        """Name the role by its id."""
        return f"`{role_id}`"


def announcement(timezone: str) -> str:
    """Return the post that tells a group its cohort reminders are on."""
    return SWITCHED_ON.format(tz=timezone)


def unposted(text: str, title: str) -> str:
    """Return the payload saying the group titled `title` refused the answer to `text`."""
    return f"{PREFIX}{_UNPOSTED}:{text}\n{title}"


def moved(old_chat: str) -> str:
    """Return the payload saying the group `old_chat` moved to the Incoming's chat id."""
    return f"{PREFIX}{_MOVED}:{old_chat}"


def _quoted(text: str) -> str:
    # Inside `code` in a reply: a backtick typed by the user would end it.
    return text.replace("`", "'")[:64]


class GroupSetupFeature:
    """The `setup` command: cohort reminders for a whole group, for its admins only."""

    def __init__(
        self,
        store: GuildSettingsStore,
        hook: CohortHook | None = None,
        places: Mapping[str, GroupPlaces] | None = None,
    ) -> None:
        self.store = store
        self.hook = hook  # the reminders scheduler; without one, settings are only stored
        self._places = dict(places or {})
        self._own_chat = OwnChat()

    def command_handlers(self) -> dict[str, CommandHandler]:
        """Return the commands this feature answers."""
        return {"setup": self.setup}

    def payload_handlers(self) -> dict[str, PayloadHandler]:
        """Return the payload prefix of the events adapters report."""
        return {PREFIX: self.on_event}

    def completion_hooks(self) -> tuple[CommandHandler, ...]:
        """Return what to add when the interview ends (nothing)."""
        return ()

    def reachable_hooks(self) -> tuple[CommandHandler, ...]:
        """Return what to run when an unreachable user writes again (nothing)."""
        return ()

    async def setup(self, turn: Turn, argument: str) -> list[Outgoing]:
        """Answer `setup on <zone>`, `show` or `off` from a group's admin; refuse anyone else."""
        if not turn.public:
            return [Outgoing(SETUP_IN_GROUP)]
        if not turn.incoming.is_admin:
            return [Outgoing(NOT_ADMIN)]
        action, rest = _split(argument)
        group = turn.incoming.chat_id
        platform = turn.incoming.platform
        if action in _ON:
            return [Outgoing(await self._switch_on(turn, rest))]
        if action in _SHOW:
            return [Outgoing(self.describe(await self.store.get(platform, group)))]
        if action == _OFF:
            settings = await self.store.disable(platform, group)
            if self.hook is not None and settings is not None:
                await self.hook.disable(platform, self._chat(settings))
            return [Outgoing(self.describe(settings))]
        return [Outgoing(USAGE)]

    def describe(self, settings: GroupSettings | None) -> str:
        """Say what a group's cohort settings are, in one short paragraph."""
        if settings is None or not settings.enabled:
            return OFF
        places = self._places_of(settings.platform)
        where = (
            ""
            if settings.channel_id == settings.guild_id
            else f", posted in {places.channel(settings.channel_id)}"
        )
        role = f", mentioning {places.role(settings.role_id)}" if settings.role_id else ""
        return (
            f"Cohort reminders are **on** in this group: season milestones, {WHEN}{where} "
            f"(`{settings.timezone}`){role}."
        )

    async def on_event(self, turn: Turn, payload: str) -> list[Outgoing]:
        """Handle what an adapter reports: a refused answer, a group's new chat id."""
        if not turn.incoming.is_admin:  # only an adapter vouches for these; never a button
            return []
        kind, _, rest = payload.removeprefix(PREFIX).partition(":")
        if kind == _UNPOSTED:
            text, _, title = rest.rpartition("\n")
            return await self._unposted(turn, text, title)
        if kind == _MOVED:
            await self._moved(turn.incoming.platform, rest, turn.incoming.chat_id)
        return []

    async def _switch_on(self, turn: Turn, rest: str) -> str:
        platform, group = turn.incoming.platform, turn.incoming.chat_id
        zone_text, channel, role = self._target(platform, rest)
        if not zone_text:
            return NEED_ZONE
        parsed = parse_timezone(zone_text, turn.now.date())
        if not parsed.ok:
            return UNKNOWN_ZONE.format(zone=_quoted(zone_text))
        timezone = parsed.values["timezone"]
        previous = await self.store.get(platform, group)
        settings = await self.store.save(platform, group, channel or group, timezone, role)
        if self.hook is not None:
            if (
                previous is not None
                and previous.enabled
                and previous.channel_id != settings.channel_id
            ):
                await self.hook.disable(platform, self._chat(previous))
            await self.hook.enable(platform, self._chat(settings), timezone)
        # Posting in the group itself, the answer is the announcement; an adapter posting in
        # another channel announced there first, so the admin hears what is set.
        return announcement(timezone) if channel is None else self.describe(settings)

    async def _unposted(self, turn: Turn, text: str, title: str) -> list[Outgoing]:
        """The group refused our answer: a switch-on nobody could read is switched off."""
        command = split_command(text)
        if command is None or command[0] != "setup":
            return []
        action, rest = _split(command[1])
        zone_text = self._target(turn.incoming.platform, rest)[0]
        if action not in _ON or not zone_text or not parse_timezone(zone_text, turn.now.date()).ok:
            return []  # the answer switched nothing on
        platform, group = turn.incoming.platform, turn.incoming.chat_id
        settings = await self.store.disable(platform, group)
        if self.hook is not None and settings is not None:
            await self.hook.disable(platform, self._chat(settings))
        return [Outgoing(CANNOT_POST.format(title=_quoted(title)), private=True)]

    async def _moved(self, platform: str, old: str, new: str) -> None:
        """Carry a group's cohort settings and posts over to its new chat id."""
        settings = await self.store.get(platform, old)
        if settings is None or not settings.enabled:
            return
        channel = new if settings.channel_id == old else settings.channel_id
        moved_to = await self.store.save(
            platform, new, channel, settings.timezone, settings.role_id
        )
        await self.store.disable(platform, old)
        if self.hook is not None:
            await self.hook.disable(platform, self._chat(settings))
            await self.hook.enable(platform, self._chat(moved_to), settings.timezone)
        log.info("cohort reminders moved with a group that changed its id")

    def _target(self, platform: str, rest: str) -> tuple[str, str | None, str | None]:
        """Split `<zone> [in <channel>] [mention <role>]` where the platform has channels."""
        if not self._places_of(platform).separate_channels:
            return rest.strip(), None, None
        match = _TARGET.fullmatch(rest.strip())
        assert match is not None  # every part is optional
        return match["zone"].strip(), match["channel"], match["role"]

    def _places_of(self, platform: str) -> GroupPlaces:
        return self._places.get(platform, self._own_chat)

    def _chat(self, settings: GroupSettings) -> str:
        return self._places_of(settings.platform).chat_id(settings.channel_id)


def _split(argument: str) -> tuple[str, str]:
    action, _, rest = argument.strip().partition(" ")
    return action.casefold(), rest.strip()
