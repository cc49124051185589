"""First contact in shared transactions: everyone gets their own user, races included."""

from __future__ import annotations

import asyncio

from sqlalchemy import insert, select

from bot.storage.database import create_engine
from bot.storage.models import Identity, User, utcnow
from bot.storage.schema import upgrade
from bot.storage.store import SqlStore
from tests.conftest import waiting_on_a_lock


async def test_a_crowd_of_new_people_each_get_their_own_user(store: SqlStore) -> None:
    """A study group's members writing at once: one user each, found again after a restart."""
    people = [("telegram", str(n)) for n in range(60)] + [("discord", str(n)) for n in range(5)]
    users = await asyncio.gather(*(store.resolve_user(p, e, e) for p, e in people))
    assert len(set(users)) == len(people)
    restarted = SqlStore(store.engine)
    assert [await restarted.resolve_user(p, e) for p, e in people] == users
    assert await store.identities(users[0]) == [("telegram", "0")]


async def test_the_same_new_person_twice_in_one_batch_is_one_user(store: SqlStore) -> None:
    """Two quick messages from someone new, resolved together, land on one user."""
    first, second, other = await asyncio.gather(
        store.resolve_user("telegram", "5", "5"),
        store.resolve_user("telegram", "5", "5"),
        store.resolve_user("telegram", "6", "6"),
    )
    assert first == second != other


async def test_first_private_contact_after_a_group_one_remembers_the_chat(store: SqlStore) -> None:
    """Met in a group (no private chat yet), then privately: the DM chat is recorded."""
    user = await store.resolve_user("telegram", "9")
    assert await SqlStore(store.engine).resolve_user("telegram", "9", "9") == user
    async with store.engine.connect() as conn:
        chat = (
            await conn.execute(select(Identity.chat_id).where(Identity.external_id == "9"))
        ).scalar_one()
    assert chat == "9"


async def test_someone_created_by_another_worker_mid_batch_is_found(postgres_url: str) -> None:
    """Another worker commits the same new person while our batch waits on them.

    Our batch is rolled back by the unique identity; the retry gives that person the other
    worker's user and everyone else in the batch a user of their own.
    """
    ours = SqlStore(create_engine(postgres_url))
    await upgrade(ours.engine)
    other = create_engine(postgres_url)
    try:
        async with other.begin() as conn:
            theirs = (
                await conn.execute(insert(User).values(created_at=utcnow()).returning(User.id))
            ).scalar_one()
            await conn.execute(
                insert(Identity).values(
                    user_id=theirs, platform="telegram", external_id="2", created_at=utcnow()
                )
            )
            # Uncommitted: our lookups miss it and our insert waits on its unique key.
            batch = asyncio.gather(*(ours.resolve_user("telegram", str(n)) for n in range(4)))
            await waiting_on_a_lock(ours.engine)
        users = await asyncio.wait_for(batch, 10)
        assert users[2] == theirs
        assert len(set(users)) == 4
    finally:
        await ours.engine.dispose()
        await other.dispose()
