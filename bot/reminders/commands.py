"""The reminder commands the core plugs in: `remind`, `reminders` and the `rem:` buttons.

`ReminderFeature` is the feature's one entry point: it hands the core its command and
button handlers and owns the store, the season commands and the scheduler poke. What a
button on one reminder does is in `actions`; how the list is worded is in `listing`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core import payloads
from bot.core.markup import literal
from bot.core.messages import Outgoing
from bot.core.ports import SeasonSource, SessionStore
from bot.core.turn import (
    COMPLETED_FIRST,
    UPDATED,
    CommandHandler,
    Hook,
    PayloadHandler,
    Pending,
    ReplyHandler,
    Turn,
)
from bot.core.yesno import Offer, is_no
from bot.reminders.actions import (
    EDIT_KEY,
    EDIT_REPLY,
    PENDING_KEY,
    ReminderActions,
    describe_pending,
)
from bot.reminders.listing import reminder_list, say
from bot.reminders.queue import Claimed
from bot.reminders.season import KEPT_KEY, SeasonCommands
from bot.reminders.store import ReminderStore, ReminderView
from bot.reminders.zones import ZONE_OFFER, ZoneMove
from bot.storage.reminder_models import ReminderKind
from flows.interview import DONE
from flows.profile import Profile
from flows.reminder_parse import EXAMPLES, ParseFailure, parse_reminder, zone

# "Shall I set it?": its buttons, and the words that answer it typed.
SET_OFFER = Offer("remset", "Set it", "Cancel", yes_words=frozenset({"set", "set it"}))


SEASON_NEXT_KEY = "season_offer_next"  # the season's offer waits for the zone answer


class Wakeable(Protocol):
    """The scheduler, or anything that forwards a poke to it."""

    def poke(self, due_at: datetime | None = None) -> None:
        """Wake the scheduler early for a reminder due at `due_at`."""
        ...


class ReminderFeature:
    """Personal reminders, season milestones and cohort posts, as commands and buttons."""

    def __init__(
        self,
        engine: AsyncEngine,
        knowledge: SeasonSource,
        scheduler: Wakeable | None,
        sessions: SessionStore | None = None,
    ) -> None:
        self._store = ReminderStore(engine)
        self._scheduler = scheduler
        self._season = SeasonCommands(engine, knowledge, self._store, self._poke)
        self._sessions = sessions  # whose profiles season deliveries are checked against
        self._actions = ReminderActions(self._store, self._poke)
        self._zones = ZoneMove(self._store, self._poke)

    def command_handlers(self) -> Mapping[str, CommandHandler]:
        """Return the commands this feature answers."""
        return {
            "remind": self.remind,
            "reminders": self.reminders,
            "timeline": self._season.timeline,
            "calendar": self._season.calendar,
        }

    def payload_handlers(self) -> Mapping[str, PayloadHandler]:
        """Return the button prefixes this feature answers."""
        return {payloads.REMINDER: self.on_button}

    def reply_handlers(self) -> Mapping[str, ReplyHandler]:
        """Return what reads typed answers to this feature's own questions."""
        return {
            SET_OFFER.kind: self._set_reply,
            EDIT_REPLY: self._edit_reply,
            ZONE_OFFER.kind: self._zone_reply,
        }

    def completion_hooks(self) -> Sequence[Hook]:
        """Return what to add when the interview ends: the season-reminder offer."""
        return (self.milestone_offer,)

    def reachable_hooks(self) -> Sequence[Hook]:
        """Return what to run when someone the platform had marked unreachable writes again."""
        return (self.resume_after_block,)

    async def resume_after_block(self, turn: Turn, _argument: str = "") -> list[Outgoing]:
        """Switch this chat's paused reminders back on and say so."""
        incoming = turn.incoming
        times = await self._store.resume(
            turn.user_id, turn.now, incoming.platform, incoming.chat_id
        )
        for due_at in times:
            self._poke(due_at)
        if not times:
            return []
        return [
            Outgoing(
                f"Welcome back — {len(times)} paused reminder(s) are on again. "
                "Type `reminders` to see them.",
                private=True,
            )
        ]

    async def milestone_offer(self, turn: Turn, argument: str = COMPLETED_FIRST) -> list[Outgoing]:
        """Offer season-milestone reminders after the first plan; after an edit, offer to
        move them when the plan now aims for another Match."""
        # Reminders set before the zone was known come first; the season's offer follows
        # once that is answered (one question at a time).
        if (moving := await self._zones.offer(turn)) is not None:
            if argument != UPDATED:
                turn.keep(SEASON_NEXT_KEY, True)
            return moving
        if argument == UPDATED:
            return await self._season.offer_move(turn)
        return await self._season.offer(turn)

    async def delivery_notes(self, row: Claimed, now: datetime) -> list[Outgoing]:
        """What to send after a due reminder: for a season milestone of a Match the plan no
        longer aims for, the offer to move the season reminders."""
        if row.kind != ReminderKind.MILESTONE or row.user_id is None or self._sessions is None:
            return []
        record = await self._sessions.load_session(row.user_id, DONE)
        kept = (record.data.get("scratch") or {}).get(KEPT_KEY)
        return await self._season.delivery_note(
            row.user_id, Profile.model_validate(record.answers), now, kept
        )

    async def remind(self, turn: Turn, argument: str) -> list[Outgoing]:
        """Understand a reminder and ask the user to confirm it."""
        if not argument.strip():
            examples = "\n".join(f"- {e}" for e in EXAMPLES)
            return [say(f"Tell me when and what, for example:\n\n{examples}")]
        tz = zone(turn.profile.timezone).key
        parsed = parse_reminder(argument, tz, turn.now)
        if isinstance(parsed, ParseFailure):
            return [say(parsed.message)]
        pending: dict[str, object] = {
            "text": parsed.text,
            "due_at": parsed.due_at.isoformat(),
            "tz": parsed.tz,
            "rrule": parsed.rrule,
        }
        if parsed.delay is not None:
            pending["delay"] = parsed.delay.total_seconds()
        edit_id = turn.take(EDIT_KEY)
        if edit_id is not None:
            pending["edit_id"] = edit_id
        turn.keep(PENDING_KEY, pending)
        when = describe_pending(parsed.due_at, tz, parsed.rrule, turn.now)
        if parsed.delay is not None and parsed.delay < timedelta(minutes=2):
            when = f"in {round(parsed.delay.total_seconds())} seconds ({when})"
        verb = "Change the reminder to" if edit_id is not None else "Remind you"
        text = f"{verb}: **{literal(parsed.text)}**\n\nWhen: {when}"
        if not turn.profile.timezone:
            text += "\n\n_Times are in UTC until you tell me your time zone (edit timezone)._"
        turn.ask(Pending(SET_OFFER.kind))
        return [say(text + "\n\nShall I set it?", *SET_OFFER.choices())]

    async def _set_reply(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """ "Shall I set it?" answered: by a button, yes/no words or "set it"."""
        if SET_OFFER.is_yes(text) or SET_OFFER.is_no(text):
            return await self._actions.confirm(turn, SET_OFFER.is_yes(text))
        return None  # something else: the reminder waits for its buttons

    async def _edit_reply(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """The new time and words after Edit, typed without `remind`."""
        if is_no(text):
            turn.take(EDIT_KEY)
            return [say("All right, the reminder stays as it was.")]
        if turn.scratch.get(EDIT_KEY) is None:
            return None
        parsed = parse_reminder(text, zone(turn.profile.timezone).key, turn.now)
        if isinstance(parsed, ParseFailure):
            turn.ask(Pending(EDIT_REPLY))  # still editing: say what works and wait again
            return [say(parsed.message + "\n\n(Or `cancel` to leave the reminder as it is.)")]
        return await self.remind(turn, text)

    async def _zone_reply(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """Moving reminders to the new zone answered; then the season's offer, if it waits."""
        if not (ZONE_OFFER.is_yes(text) or ZONE_OFFER.is_no(text)):
            turn.take(SEASON_NEXT_KEY)
            return None
        replies = await self._zones.answer(turn, ZONE_OFFER.is_yes(text))
        if turn.take(SEASON_NEXT_KEY):
            replies += await self._season.offer(turn)
        return replies

    async def reminders(self, turn: Turn, argument: str) -> list[Outgoing]:
        """List the user's reminders, or act on one: cancel N, snooze N, edit N …"""
        # The user is talking to us from this chat, so it works again.
        resumed = await self._store.resume(
            turn.user_id, turn.now, turn.incoming.platform, turn.incoming.chat_id
        )
        for due in resumed:
            self._poke(due)
        views = await self._store.upcoming(turn.user_id)
        words = argument.split(maxsplit=2)
        if words and words[0].lower() in {"cancel", "snooze", "edit", "done"}:
            return await self._act(turn, words, views)
        others = await self._zones.elsewhere(turn)
        return [reminder_list(views, resumed, turn.now, others, turn.profile.timezone)]

    async def _act(
        self, turn: Turn, words: list[str], views: Sequence[ReminderView]
    ) -> list[Outgoing]:
        """Do `reminders cancel|snooze|edit|done N [...]` as its button would."""
        if len(words) < 2 or not words[1].isdigit() or not 1 <= int(words[1]) <= len(views):
            return [
                say(
                    f"Which one? Give its number from the list, e.g. "
                    f"`reminders {words[0].lower()} 1`."
                )
            ]
        target = views[int(words[1]) - 1]
        action = words[0].lower()
        if action == "edit" and len(words) == 3:
            turn.keep(EDIT_KEY, target.id)
            return await self.remind(turn, words[2])
        if action == "snooze":  # from the list: later than its own time, as its button
            action = "later1d" if len(words) == 3 and "d" in words[2].lower() else "later1h"
        return await self.on_button(turn, payloads.reminder(action, target.id))

    async def on_button(self, turn: Turn, payload: str) -> list[Outgoing]:
        """Handle a pressed `rem:` button."""
        action, argument = payloads.decode(payload).head()
        if action in {"ok", "no"}:  # the buttons of "Shall I set it?" before it was an Offer
            if turn.pending is not None and turn.pending.kind == SET_OFFER.kind:
                turn.take_pending()
            return await self._actions.confirm(turn, action == "ok")
        if action == "tzmove":
            return await self._zones.answer(turn, True)
        if action in {"sub", "unsub", "nosub", "keep", "cal"}:
            return await self._season.on_button(turn, action, argument)
        if action == "resume":
            times = await self._store.resume(turn.user_id, turn.now)
            for due in times:
                self._poke(due)
            return [say(f"Resumed {len(times)} reminder(s).", label="Resumed")]
        if not argument.isdigit():
            return [say("That button is out of date.", stale=True)]
        return await self._actions.on_reminder(turn, action, int(argument))

    def _poke(self, due_at: datetime | None) -> None:
        if self._scheduler is not None and due_at is not None:
            self._scheduler.poke(due_at)
