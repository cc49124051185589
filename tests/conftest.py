"""Shared fixtures: real databases (SQLite, PostgreSQL if configured), a chat, virtual time."""

from __future__ import annotations

import asyncio
import inspect
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from hypothesis import settings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.core.advisor import Advisor
from bot.core.messages import ChatKind, Incoming, Outgoing
from bot.storage.database import normalise_url
from bot.storage.store import SqlStore
from tests.fakes.virtual_time import VirtualTime
from tests.interview_script import SCRIPT, Script, Shown, drive

POSTGRES_ENV = "ADVISOR_TEST_POSTGRES_URL"

# No example database, here or in CI: a result must never depend on what an earlier run left
# in .hypothesis/. CI also draws the same examples every run, so a failure there replays.
settings.register_profile("dev", database=None, print_blob=True, deadline=None)
settings.register_profile("ci", parent=settings.get_profile("dev"), derandomize=True)
settings.load_profile(
    "ci" if os.environ.get("CI", "").lower() not in ("", "0", "false", "no") else "dev"
)


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say up front whether the PostgreSQL tests run."""
    url = os.environ.get(POSTGRES_ENV)
    state = f"on ({url})" if url else f"skipped, {POSTGRES_ENV} unset"
    return [
        f"PostgreSQL tests: {state}",
        f"hypothesis profile: {settings.get_current_profile_name()}",
    ]


async def eventually(check: Callable[[], object], within: float = 10.0) -> None:
    """Wait until `check()` (awaited if need be) is true; fail after `within` real seconds.

    For what happens in the background of a real socket or process: the result never
    depends on how long the wait was, only the failure does.
    """
    async with asyncio.timeout(within):
        while True:
            result = check()
            if await result if inspect.isawaitable(result) else result:
                return
            await asyncio.sleep(0.01)


async def waiting_on_a_lock(engine: AsyncEngine, sessions: int = 1) -> None:
    """Wait until `sessions` connections to this PostgreSQL database wait on a row lock."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )

    async def enough() -> bool:
        async with engine.connect() as conn:  # a fresh snapshot: stats are cached per xact
            return int(await conn.scalar(waiting) or 0) >= sessions

    await eventually(enough)


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the default database of `chat`, `plan` and `ask` out of the user's data folder.

    Every test run (and checkout) would otherwise share one SQLite file, so a run on another
    branch's migrations breaks the next one.
    """
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.getbasetemp() / "xdg-data"))


@pytest.fixture
def virtual_time() -> VirtualTime:
    """A clock and a sleep that move only when the test moves them (tests/fakes/virtual_time.py)."""
    return VirtualTime()


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """Create a throwaway PostgreSQL database for one test and drop it afterwards."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (CI sets it)")
    name = f"advisor_test_{uuid.uuid4().hex[:12]}"
    base_url = normalise_url(base)  # a plain postgresql:// URL works as well
    admin = create_async_engine(base_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base_url.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A plain SQLite URL to a fresh file, as a user would type it."""
    return f"sqlite:///{tmp_path / 'advisor.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each storage-touching test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated database: an SQLite file, and PostgreSQL when configured."""
    from bot.storage.database import create_engine
    from bot.storage.schema import upgrade

    eng = create_engine(db_url)
    await upgrade(eng)
    yield eng
    await eng.dispose()


@pytest.fixture
def store(engine: AsyncEngine) -> SqlStore:
    """The store on a migrated database (a fresh store has empty caches)."""
    return SqlStore(engine)


@dataclass
class Chat:
    """Drives a conversation through the core the way a person would, reading replies."""

    advisor: Advisor
    user: str = "amira"
    platform: str = "console"
    kind: ChatKind = ChatKind.PRIVATE
    last: list[Outgoing] = field(default_factory=list)

    async def say(self, text: str) -> str:
        """Send a message; return every reply's text joined (choices listed after)."""
        return await self._send(
            Incoming(self.platform, self.user, f"chat-{self.user}", self.kind, text=text)
        )

    async def press(self, label: str) -> str:
        """Press the button with this label on the latest replies."""
        for reply in reversed(self.last):
            for choice in reply.choices:
                if choice.label.casefold() == label.casefold():
                    return await self._send(
                        Incoming(
                            self.platform,
                            self.user,
                            f"chat-{self.user}",
                            self.kind,
                            payload=choice.payload,
                        )
                    )
        raise AssertionError(f"no button {label!r} in {self.labels()}")

    async def send_payload(self, payload: str) -> str:
        """Send a button payload as if an old (or forged) button was pressed."""
        return await self._send(
            Incoming(self.platform, self.user, f"chat-{self.user}", self.kind, payload=payload)
        )

    def labels(self) -> list[str]:
        """Return the labels of the latest buttons."""
        return [c.label for r in self.last for c in r.choices]

    def shown(self) -> list[Shown]:
        """The latest replies as the interview script reads them."""
        return [
            Shown(r.text, tuple(c.payload for c in r.choices), tuple(c.label for c in r.choices))
            for r in self.last
        ]

    async def answer(self, script: Script = SCRIPT, *, until: str | None = None) -> str:
        """Answer whatever is asked from `script` (saying "hi" first in a new chat) until
        the plan arrives, or until the question `until` is asked; return the latest replies."""
        if not self.last:
            await self.say("hi")

        async def reply(text: str, _question: Shown) -> list[Shown]:
            answered = await self.say(text)
            assert "something went wrong" not in answered
            return self.shown()

        await drive(script, self.shown(), reply, until=until)
        return "\n".join(r.text for r in self.last)

    async def _send(self, incoming: Incoming) -> str:
        self.last = await self.advisor.handle(incoming)
        return "\n".join(r.text for r in self.last)


@pytest.fixture
async def advisor(db_url: str) -> AsyncIterator[Advisor]:
    """A fully wired Advisor on a real database (SQLite and PostgreSQL)."""
    from bot.app import open_advisor

    fixed = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    async with open_advisor(db_url, clock=lambda: fixed) as adv:
        yield adv


@pytest.fixture
def chat(advisor: Advisor) -> Iterator[Chat]:
    """A private conversation with the advisor."""
    yield Chat(advisor)
