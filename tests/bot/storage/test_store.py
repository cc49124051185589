"""The store on real SQLite files and a real PostgreSQL: users, sessions, profiles, forget."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.storage.database import DatabaseURLError, normalise_url
from bot.storage.models import Identity, ProfileRow, SessionRow, User
from bot.storage.store import SqlStore
from flows.profile import Visa


def test_plain_urls_get_async_drivers() -> None:
    """URLs typed by a user get the async driver; nonsense is refused with an example."""
    assert normalise_url("sqlite:///advisor.db").drivername == "sqlite+aiosqlite"
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+asyncpg"
    with pytest.raises(DatabaseURLError, match="sqlite:///"):
        normalise_url("advisor.db")
    with pytest.raises(DatabaseURLError, match="unsupported"):
        normalise_url("mysql://root@localhost/db")


async def test_first_contact_creates_one_user_per_identity(store: SqlStore) -> None:
    """The same identity resolves to the same user; another one gets a new user."""
    first = await store.resolve_user("telegram", "42", "42")
    assert await store.resolve_user("telegram", "42") == first
    assert await SqlStore(store.engine).resolve_user("telegram", "42") == first
    assert await store.resolve_user("discord", "42") != first


async def test_session_and_profile_survive_a_new_store(store: SqlStore) -> None:
    """What one process saved, a fresh process (new store, no cache) reads back."""
    user = await store.resolve_user("console", "amira")
    record = await store.load_session(user, "ask_name")
    record.state, record.answers = (
        "ask_graduation_year",
        {"visa": "needs_h1b", "usce_fields": ["im"]},
    )
    record.data = {"done": ["ask_name", "ask_visa"]}
    assert await store.save_session(record, answers_changed=True)
    fresh = await SqlStore(store.engine).load_session(user, "ask_name")
    assert fresh.state == "ask_graduation_year"
    assert fresh.data["done"] == ["ask_name", "ask_visa"]
    assert (await store.load_profile(user)).visa is Visa.NEEDS_H1B


async def test_a_stale_cached_session_is_not_written_over(store: SqlStore) -> None:
    """Two writers: the one holding an old version is refused instead of losing data."""
    user = await store.resolve_user("console", "amira")
    record = await store.load_session(user, "ask_name")
    assert await store.save_session(record, answers_changed=False)
    other = SqlStore(store.engine)
    theirs = await other.load_session(user, "ask_name")
    theirs.state = "ask_visa"
    assert await other.save_session(theirs, answers_changed=False)
    mine = await store.load_session(user, "ask_name")  # cached, one version behind
    mine.state = "ask_match_year"
    assert not await store.save_session(mine, answers_changed=False)
    assert (await store.load_session(user, "ask_name")).state == "ask_visa"


async def test_forget_leaves_no_value_in_the_sqlite_files(sqlite_url: str) -> None:
    """After `forget`, a deleted answer is in neither the database file nor its -wal file."""
    from bot.storage.database import create_engine, sqlite_file
    from bot.storage.schema import upgrade

    engine = create_engine(sqlite_url)
    await upgrade(engine)
    store = SqlStore(engine)
    name = "".join(["Zube", "ida Quin", "tessa"])  # as data, so this file never matches
    user = await store.resolve_user("console", "zubeida")
    record = await store.load_session(user, "ask_name")
    record.answers = {"name": name}
    await store.save_session(record, answers_changed=True)
    await store.forget_user(user)
    path = sqlite_file(normalise_url(sqlite_url))
    assert path is not None
    files = [p for p in (path, path.with_name(path.name + "-wal")) if p.exists()]
    try:
        assert files and all(name.encode() not in p.read_bytes() for p in files)
    finally:
        await engine.dispose()


async def test_forget_deletes_every_row_of_the_user(store: SqlStore) -> None:
    """`forget` leaves no user, identity, profile or session row behind; others keep theirs."""
    user = await store.resolve_user("console", "amira")
    other = await store.resolve_user("console", "bilal")
    for uid in (user, other):
        record = await store.load_session(uid, "ask_name")
        record.answers = {"visa": "needs_j1"}
        await store.save_session(record, answers_changed=True)
    await store.forget_user(user)
    async with store.engine.connect() as conn:
        for model in (User, Identity, ProfileRow, SessionRow):
            id_col = model.id if model is User else model.user_id
            left = (await conn.execute(select(func.count()).where(id_col == user))).scalar()
            assert left == 0, model.__tablename__
            kept = (await conn.execute(select(func.count()).where(id_col == other))).scalar()
            assert kept == 1, model.__tablename__
