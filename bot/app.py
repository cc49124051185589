"""The composition root: build the engine, store, knowledge and Advisor once, pass them down."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.advisor import Advisor
from bot.core.linking import LinkFeature
from bot.reminders.cohort import CohortReminders
from bot.reminders.commands import ReminderFeature, Wakeable
from bot.reminders.group_setup import GroupPlaces, GroupSetupFeature
from bot.storage.database import create_engine
from bot.storage.guild_models import GuildSettingsStore
from bot.storage.schema import upgrade
from bot.storage.store import SqlStore
from knowledge import load_knowledge


@dataclass
class AppContext:
    """Everything the running bot shares: one engine, one store, one knowledge base."""

    engine: AsyncEngine
    store: SqlStore
    knowledge: Any
    advisor: Advisor
    features: list[Any] = field(default_factory=list)
    cohorts: CohortReminders | None = None  # what group setup arms; `run` re-arms through it

    @property
    def reminders(self) -> ReminderFeature:
        """The reminder feature: the scheduler asks it what to add to a delivery."""
        return next(f for f in self.features if isinstance(f, ReminderFeature))


def build_advisor(store: SqlStore, knowledge: Any, features: list[Any], **kwargs: Any) -> Advisor:
    """Wire the Advisor with every feature's command and button handlers."""
    commands: dict[str, Any] = {}
    payloads: dict[str, Any] = {}
    completed: list[Any] = []
    reachable: list[Any] = []
    for feature in features:
        commands.update(feature.command_handlers())
        payloads.update(feature.payload_handlers())
        completed.extend(getattr(feature, "completion_hooks", tuple)())
        reachable.extend(getattr(feature, "reachable_hooks", tuple)())
    return Advisor(store, knowledge, command_handlers=commands, payload_handlers=payloads,
                   completion_hooks=tuple(completed), reachable_hooks=tuple(reachable),
                   **kwargs)


def _features(engine: AsyncEngine, store: SqlStore, knowledge: Any, scheduler: Wakeable | None,
              cohorts: CohortReminders, places: Mapping[str, GroupPlaces]) -> list[Any]:
    return [LinkFeature(engine, store),
            ReminderFeature(engine, knowledge, scheduler, sessions=store),
            GroupSetupFeature(GuildSettingsStore(engine), cohorts, places)]


@asynccontextmanager
async def open_app(database_url: str, *, scheduler: Wakeable | None = None,
                   places: Mapping[str, GroupPlaces] | None = None,
                   **advisor_kwargs: Any) -> AsyncIterator[AppContext]:
    """Open the database (migrating it), load knowledge and build the Advisor.

    `scheduler` is what reminder commands poke when they add a reminder (usually a
    SchedulerHandle); without one, reminders are stored and picked up by the next run.
    `places` says how platforms whose groups have several channels address them (group
    setup); the Advisor's `clock`, if given, is the cohort service's too.
    """
    knowledge = load_knowledge()  # invalid knowledge stops start-up with file:line problems
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        store = SqlStore(engine)
        cohorts = CohortReminders(engine, knowledge, _poke(scheduler),
                                  **_clock(advisor_kwargs))
        features = _features(engine, store, knowledge, scheduler, cohorts, places or {})
        advisor = build_advisor(store, knowledge, features, **advisor_kwargs)
        yield AppContext(engine, store, knowledge, advisor, features, cohorts)
    finally:
        await engine.dispose()


def _poke(scheduler: Wakeable | None) -> Callable[[datetime | None], None]:
    return scheduler.poke if scheduler is not None else lambda _due: None


def _clock(advisor_kwargs: dict[str, Any]) -> dict[str, Any]:
    return {"clock": advisor_kwargs["clock"]} if "clock" in advisor_kwargs else {}


@asynccontextmanager
async def open_advisor(database_url: str, **advisor_kwargs: Any) -> AsyncIterator[Advisor]:
    """Open everything and yield just the Advisor (for adapters and tests)."""
    async with open_app(database_url, **advisor_kwargs) as app:
        yield app.advisor
