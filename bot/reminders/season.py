"""The season commands: `timeline` (a picture), `calendar` (.ics) and milestone subscriptions."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import cast

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core import payloads
from bot.core.messages import Attachment, Choice, Outgoing
from bot.core.ports import SeasonSource
from bot.core.turn import Turn
from bot.reminders import milestones as season
from bot.reminders.milestones import MilestoneLike, source_link
from bot.reminders.render import calendar_ics, timeline_png
from bot.reminders.store import ReminderStore
from flows.profile import Profile
from flows.reminder_parse import describe_when, zone

# The Match a user chose to keep their season reminders for when the plan moved on: not
# offered again at every delivery (kept in the session's scratch).
KEPT_KEY = "season_kept_for"


class SeasonCommands:
    """Timeline, calendar and milestone subscriptions."""

    def __init__(
        self,
        engine: AsyncEngine,
        knowledge: SeasonSource,
        store: ReminderStore,
        poke: Callable[[datetime | None], None],
    ) -> None:
        self._engine = engine
        self._knowledge = knowledge
        self._store = store
        self._poke = poke

    async def timeline(self, turn: Turn, argument: str) -> list[Outgoing]:
        """Send the season as a picture with today and the user's reminders marked."""
        year = self._year(turn, argument)
        milestones = await self._milestones(year, turn.profile)
        if not milestones:
            return [Outgoing(f"I have no dates for the {year} Match season yet.", private=True)]
        tz = zone(turn.profile.timezone).key
        today = turn.now.astimezone(zone(tz)).date()
        reminders = await self._store.upcoming(turn.user_id)
        png = await asyncio.to_thread(
            timeline_png, milestones, today, reminders, tz, f"Match {year}: the season"
        )
        lines = [
            f"- {m.date:%a} {m.date.day} {m.date:%b %Y} — {m.title}{_tags(m, today)}"
            for m in sorted(milestones, key=lambda m: m.date)
        ]
        subscribed = await season.subscribed_year(self._engine, turn.user_id)
        if subscribed == year:
            toggle = Choice("Turn off season reminders", payloads.reminder("unsub"))
        elif subscribed is not None:  # one season's reminders at a time: say which
            toggle = Choice(f"Move my reminders to {year}", payloads.reminder("sub", year))
            lines.append(f"\nYour season reminders are for Match {subscribed}.")
        else:
            toggle = Choice("Remind me of these", payloads.reminder("sub", year))
        text = f"**Match {year}: the season**\n\n" + "\n".join(lines)
        calendar = Choice("Calendar file", payloads.reminder("cal", year))
        return [
            Outgoing(
                text,
                private=True,
                choices=(toggle, calendar),
                attachment=Attachment(
                    f"match-{year}-timeline.png", png, "image/png", is_image=True
                ),
                sources=_sources(milestones),
            )
        ]

    async def calendar(self, turn: Turn, argument: str) -> list[Outgoing]:
        """Send the season and the user's reminders as an .ics file."""
        year = self._year(turn, argument)
        milestones = await self._milestones(year, turn.profile)
        reminders = await self._store.upcoming(turn.user_id)
        data = calendar_ics(milestones, reminders, f"Match {year} (IMG Advisor)", turn.now)
        return [
            Outgoing(
                f"The Match {year} season and your reminders as a calendar file. Open it to add "
                "them to Google, Apple or Outlook Calendar.",
                private=True,
                sources=_sources(milestones),
                attachment=Attachment(f"match-{year}.ics", data, "text/calendar"),
            )
        ]

    async def offer(self, turn: Turn) -> list[Outgoing]:
        """Offer the season's milestones as reminders."""
        year = self._planned_year(turn)
        if not await self._milestones(year, turn.profile):
            return []
        moved = turn.profile.match_year is not None and year != turn.profile.match_year
        ask = (
            f"Your plan now aims for Match {year}. Shall I remind you of the key dates of "
            "that season?"
            if moved
            else f"Shall I remind you of the key dates of the Match {year} season?"
        )
        return [
            Outgoing(
                f"{ask} I'll write a week before each, at 09:00 your time; you can turn any of "
                "them off later.",
                private=True,
                choices=(
                    Choice("Yes, remind me", payloads.reminder("sub", year)),
                    Choice("No thanks", payloads.reminder("nosub")),
                ),
            )
        ]

    async def offer_move(self, turn: Turn) -> list[Outgoing]:
        """Season reminders for one Match when the plan now aims for another: offer to move
        them, so no one is reminded of a season that is no longer theirs."""
        subscribed = await season.subscribed_year(self._engine, turn.user_id)
        year = self._planned_year(turn)
        if (
            subscribed is None
            or subscribed == year
            or not await self._milestones(year, turn.profile)
        ):
            return []
        return [
            _move_offer(
                f"Your season reminders are for Match {subscribed}, but your plan "
                f"now aims for Match {year}.",
                subscribed,
                year,
            )
        ]

    async def delivery_note(
        self, user_id: int, profile: Profile, now: datetime, kept: int | None
    ) -> list[Outgoing]:
        """With a season milestone delivered: the offer to move, if time has moved the plan
        to another Match (no CK result when ERAS opened) and the user has not kept this one."""
        subscribed = await season.subscribed_year(self._engine, user_id)
        planned = self._knowledge.match_year_to_plan(profile, now.date())
        if subscribed is None or planned is None or int(planned) in {subscribed, kept}:
            return []
        year = int(planned)
        if not await self._milestones(year, profile):
            return []
        return [
            _move_offer(
                f"Your plan now aims for Match {year}, so this Match {subscribed} "
                "date may no longer be yours.",
                subscribed,
                year,
            )
        ]

    async def on_button(self, turn: Turn, action: str, argument: str) -> list[Outgoing]:
        """Handle subscribe / unsubscribe / decline / calendar buttons."""
        if action == "nosub":
            return [
                Outgoing(
                    "All right. `timeline` shows the dates any time.",
                    private=True,
                    answered_label="No thanks",
                )
            ]
        if action == "keep":
            if argument.isdigit():  # not offered again for this Match
                turn.keep(KEPT_KEY, int(argument))
            return [
                Outgoing(
                    "All right, they stay as they are. `reminders` lists them.",
                    private=True,
                    answered_label="Kept",
                )
            ]
        if action == "unsub":
            count = await season.unsubscribe(self._engine, turn.user_id)
            return [
                Outgoing(
                    f"Season reminders are off ({count} cancelled).",
                    private=True,
                    answered_label="Turned off",
                )
            ]
        if action == "cal":
            return await self.calendar(turn, argument)
        year = int(argument) if argument.isdigit() else self._planned_year(turn)
        milestones = await self._milestones(year, turn.profile)
        tz = zone(turn.profile.timezone).key
        armed = await season.subscribe(
            self._engine,
            turn.user_id,
            year,
            turn.incoming.platform,
            turn.incoming.chat_id,
            tz,
            milestones,
            turn.now,
        )
        self._poke(armed.first)
        if armed.first is None:
            return [
                Outgoing(
                    "No season dates are left to remind you of.",
                    private=True,
                    answered_label="Subscribed",
                )
            ]
        first = describe_when(armed.first, tz, turn.now)
        return [
            Outgoing(
                f"Done: {armed.count} season reminders, the first on {first}. Turn any of them off "
                "from `reminders`.",
                private=True,
                answered_label="Subscribed",
            )
        ]

    def _year(self, turn: Turn, argument: str) -> int:
        word = argument.strip()
        if word.isdigit() and 2000 <= int(word) <= 2100:
            return int(word)
        return self._planned_year(turn)

    def _planned_year(self, turn: Turn) -> int:
        """The Match year to show: the one the plan aims for, else the next one."""
        planned = self._knowledge.match_year_to_plan(turn.profile, turn.now.date())
        return int(planned) if planned is not None else turn.now.year + 1

    async def _milestones(self, year: int, profile: Profile) -> list[MilestoneLike]:
        return await season_milestones(self._knowledge, year, profile)


async def season_milestones(
    knowledge: SeasonSource, year: int, profile: Profile
) -> list[MilestoneLike]:
    """Ask the knowledge base for a Match year's milestones (sync or async)."""
    result = knowledge.timeline(year, profile)
    dates = await result if inspect.isawaitable(result) else result
    # The knowledge base's milestones are read-only (frozen); MilestoneLike declares its
    # members as plain attributes only for brevity, so this is the same shape.
    return cast("list[MilestoneLike]", list(dates or []))


def _move_offer(why: str, subscribed: int, year: int) -> Outgoing:
    return Outgoing(
        f"{why} Move your season reminders to Match {year}?",
        private=True,
        choices=(
            Choice(f"Move to Match {year}", payloads.reminder("sub", year)),
            Choice(f"Keep Match {subscribed}", payloads.reminder("keep", year)),
        ),
    )


def _tags(milestone: MilestoneLike, today: date) -> str:
    tags = ["past"] if milestone.date < today else []
    if getattr(milestone, "typical", False):  # the knowledge data has no exact date for it
        timing = getattr(milestone, "timing", None)
        tags.append(f"typical: {timing}" if timing else "typical timing")
    return f" _({', '.join(tags)})_" if tags else ""


def _sources(milestones: Sequence[MilestoneLike]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for milestone in milestones:
        for source in milestone.sources:
            seen.setdefault(source_link(source))
    return tuple(seen)
