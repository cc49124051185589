"""The composition root: build the engine, store, knowledge and Advisor once, pass them down."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.advisor import Advisor
from bot.core.linking import LinkFeature
from bot.core.ports import AdviceSource, Feature, SessionStore
from bot.reminders.commands import ReminderFeature, Wakeable
from bot.storage.database import create_engine
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

    @property
    def reminders(self) -> ReminderFeature:
        """The reminder feature: the scheduler asks it what to add to a delivery."""
        return next(f for f in self.features if isinstance(f, ReminderFeature))


def build_advisor(store: SessionStore, knowledge: AdviceSource, features: Sequence[Feature],
                  **kwargs: Any) -> Advisor:
    """Wire the Advisor with every feature's commands, buttons and hooks."""
    return Advisor(store, knowledge, features=features, **kwargs)


def _features(engine: AsyncEngine, store: SqlStore, knowledge: Any,
              scheduler: Wakeable | None) -> list[Any]:
    return [LinkFeature(engine, store),
            ReminderFeature(engine, knowledge, scheduler, sessions=store)]


@asynccontextmanager
async def open_app(database_url: str, *, scheduler: Wakeable | None = None,
                   **advisor_kwargs: Any) -> AsyncIterator[AppContext]:
    """Open the database (migrating it), load knowledge and build the Advisor.

    `scheduler` is what reminder commands poke when they add a reminder (usually a
    SchedulerHandle); without one, reminders are stored and picked up by the next run.
    """
    knowledge = load_knowledge()  # invalid knowledge stops start-up with file:line problems
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        store = SqlStore(engine)
        features = _features(engine, store, knowledge, scheduler)
        advisor = build_advisor(store, knowledge, features, **advisor_kwargs)
        yield AppContext(engine, store, knowledge, advisor, features)
    finally:
        await engine.dispose()


@asynccontextmanager
async def open_advisor(database_url: str, **advisor_kwargs: Any) -> AsyncIterator[Advisor]:
    """Open everything and yield just the Advisor (for adapters and tests)."""
    async with open_app(database_url, **advisor_kwargs) as app:
        yield app.advisor
