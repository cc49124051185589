"""Group commit: concurrent saves share transactions, and a stale one is still caught."""

from __future__ import annotations

import asyncio

from bot.storage.store import SqlStore


async def test_concurrent_saves_all_land(store: SqlStore) -> None:
    """Fifty users answering at once: every answer is stored, readable by a new process."""
    users = [await store.resolve_user("telegram", str(n)) for n in range(50)]
    records = [await store.load_session(u, "ask_name") for u in users]
    for round_ in range(3):
        for n, record in enumerate(records):
            record.state, record.answers = f"ask_{round_}", {"graduation_year": 2000 + n}
        results = await asyncio.gather(
            *(store.save_session(r, answers_changed=True) for r in records)
        )
        assert all(results)
    fresh = SqlStore(store.engine)
    for n, user in enumerate(users):
        record = await fresh.load_session(user, "ask_name")
        assert (record.state, record.version) == ("ask_2", 3)
        assert (await fresh.load_profile(user)).graduation_year == 2000 + n


async def test_a_stale_save_in_a_batch_fails_alone(store: SqlStore) -> None:
    """When one save in a shared transaction is stale, only that one is refused."""
    users = [await store.resolve_user("discord", str(n)) for n in range(5)]
    records = [await store.load_session(u, "ask_name") for u in users]
    assert all(await asyncio.gather(*(store.save_session(r, False) for r in records)))
    other = SqlStore(store.engine)  # another process moves user 0 on
    theirs = await other.load_session(users[0], "ask_name")
    theirs.state = "ask_visa"
    assert await other.save_session(theirs, False)
    stale = await store.load_session(users[0], "ask_name")  # cached, one version behind
    fresh = [await store.load_session(u, "ask_name") for u in users[1:]]
    results = await asyncio.gather(*(store.save_session(r, False) for r in [stale, *fresh]))
    assert results == [False, True, True, True, True]
    assert (await SqlStore(store.engine).load_session(users[0], "x")).state == "ask_visa"


async def test_two_processes_meeting_a_new_person_at_once_agree(store: SqlStore) -> None:
    """Two workers seeing someone's first message at once end up with one user."""
    other = SqlStore(store.engine)
    first, second = await asyncio.gather(
        store.resolve_user("telegram", "777", "777"), other.resolve_user("telegram", "777", "777")
    )
    assert first == second


async def test_a_racing_first_save_fails_alone_and_the_rest_land(store: SqlStore) -> None:
    """Two workers both create the same session: one wins; batch-mates are unaffected."""
    user = await store.resolve_user("telegram", "1")
    others = [await store.resolve_user("telegram", str(n)) for n in range(2, 5)]
    theirs = await SqlStore(store.engine).load_session(user, "ask_name")
    assert await SqlStore(store.engine).save_session(theirs, False)
    mine = await store.load_session(user, "ask_name")  # fresh to this store: version 0
    batch = [mine, *[await store.load_session(u, "ask_name") for u in others]]
    assert await asyncio.gather(*(store.save_session(r, False) for r in batch)) == [
        False,
        True,
        True,
        True,
    ]


async def test_answers_profile_refuses_fail_their_own_save_only(store: SqlStore) -> None:
    """Validation happens before the shared transaction: the others' saves still land."""
    from pydantic import ValidationError

    users = [await store.resolve_user("telegram", str(n)) for n in range(4)]
    records = [await store.load_session(u, "ask_name") for u in users]
    for n, record in enumerate(records):
        record.answers = {"graduation_year": 1066 if n == 0 else 2010 + n}
    results = await asyncio.gather(
        *(store.save_session(r, answers_changed=True) for r in records), return_exceptions=True
    )
    assert isinstance(results[0], ValidationError)
    assert results[1:] == [True, True, True]
    fresh = SqlStore(store.engine)
    assert [(await fresh.load_profile(u)).graduation_year for u in users] == [
        None,
        2011,
        2012,
        2013,
    ]
