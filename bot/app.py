"""The composition root: every store, feature and service is built here once and passed down.

`open_app` is the one wiring point: `img-advisor run` adds the configured platforms' services
to what it builds, `img-advisor chat` the console, and tests whichever adapter they drive.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.adapters.platform import Platform
from bot.adapters.registry import PLATFORMS, rate_limits
from bot.core.advisor import Advisor
from bot.core.linking import LinkFeature
from bot.core.ports import AdviceSource, Feature, Sender, SessionStore
from bot.programs.feature import ProgramsFeature
from bot.programs.shortlist import ShortlistStore
from bot.reminders.cohort import CohortReminders
from bot.reminders.commands import ReminderFeature, Wakeable
from bot.reminders.group_setup import GroupPlaces, GroupSetupFeature
from bot.reminders.scheduler import Scheduler, SchedulerHandle
from bot.storage.database import create_engine
from bot.storage.guild_models import GuildSettingsStore
from bot.storage.preflight import prepare_database
from bot.storage.store import SqlStore
from knowledge import load_knowledge
from knowledge.programs import Catalogue


@dataclass
class AppContext:
    """Everything the running bot shares: one engine, its stores, knowledge, the Advisor."""

    engine: AsyncEngine
    store: SqlStore
    knowledge: AdviceSource
    advisor: Advisor
    features: list[Feature]
    groups: GuildSettingsStore  # study groups' cohort settings (Discord's sender reads roles)
    cohorts: CohortReminders  # what a group's setup tells when cohort posts go on or off
    wake: SchedulerHandle  # poked by features when they add a reminder
    platforms: Sequence[Platform]  # what the scheduler paces by, and `run` may start

    @property
    def reminders(self) -> ReminderFeature:
        """The reminder feature: the scheduler asks it what to add to a delivery."""
        return next(f for f in self.features if isinstance(f, ReminderFeature))

    def scheduler(
        self, senders: Mapping[str, Sender], *, worker_id: str, **options: Any
    ) -> Scheduler:
        """Build the reminder scheduler for these senders, paced to their platforms' limits."""
        return Scheduler(
            self.engine,
            senders,
            worker_id=worker_id,
            limits=rate_limits(self.platforms),
            on_unreachable=self.store.mark_chat_unreachable,
            notes=self.reminders.delivery_notes,
            **options,
        )

    def delivering(
        self, senders: Mapping[str, Sender], *, worker_id: str, **options: Any
    ) -> AbstractAsyncContextManager[None]:
        """Run the scheduler for these senders in the background for the block."""
        return self.wake.running(self.scheduler(senders, worker_id=worker_id, **options))


def build_advisor(
    store: SessionStore, knowledge: AdviceSource, features: Sequence[Feature], **kwargs: Any
) -> Advisor:
    """Wire the Advisor with every feature's commands, buttons and hooks."""
    return Advisor(store, knowledge, features=features, **kwargs)


def _features(
    engine: AsyncEngine,
    store: SqlStore,
    knowledge: AdviceSource,
    scheduler: Wakeable,
    groups: GuildSettingsStore,
    cohorts: CohortReminders,
    places: Mapping[str, GroupPlaces],
    programs: Catalogue,
) -> list[Feature]:
    return [
        LinkFeature(engine, store),
        ReminderFeature(engine, knowledge, scheduler, sessions=store),
        GroupSetupFeature(groups, cohorts, places),
        ProgramsFeature(programs, ShortlistStore(engine)),
    ]


@asynccontextmanager
async def open_app(
    database_url: str,
    *,
    platforms: Sequence[Platform] = PLATFORMS,
    clock: Callable[[], datetime] | None = None,
    **advisor_kwargs: Any,
) -> AsyncIterator[AppContext]:
    """Open the database (migrating it), load knowledge, build every store and feature.

    Reminders added before a scheduler runs (`app.delivering`) are stored and picked up by
    the next one. `clock`, if given, is the Advisor's and the cohort service's "now". Group
    setup addresses each platform's groups by its `group_places`.
    """
    knowledge = load_knowledge()  # invalid knowledge stops start-up with file:line problems
    engine = create_engine(database_url)
    try:
        await prepare_database(engine)  # or DatabaseStartError, one line saying why
        store = SqlStore(engine)
        wake = SchedulerHandle()
        groups = GuildSettingsStore(engine)
        cohorts = (
            CohortReminders(engine, knowledge, wake.poke)
            if clock is None
            else CohortReminders(engine, knowledge, wake.poke, clock=clock)
        )
        places = {p.name: p.group_places for p in platforms}
        features = _features(
            engine, store, knowledge, wake, groups, cohorts, places, knowledge.programs
        )
        if clock is not None:
            advisor_kwargs["clock"] = clock
        advisor = build_advisor(store, knowledge, features, **advisor_kwargs)
        yield AppContext(
            engine,
            store,
            knowledge,
            advisor,
            features,
            groups=groups,
            cohorts=cohorts,
            wake=wake,
            platforms=tuple(platforms),
        )
    finally:
        await engine.dispose()


@asynccontextmanager
async def open_advisor(database_url: str, **advisor_kwargs: Any) -> AsyncIterator[Advisor]:
    """Open everything and yield just the Advisor (for adapters and tests)."""
    async with open_app(database_url, **advisor_kwargs) as app:
        yield app.advisor
