"""The session unit of work: a turn is loaded, changed, and saved once if it is dirty."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.messages import Incoming
from bot.core.session import Sessions
from bot.core.turn import Pending
from bot.storage.store import SqlStore
from flows.interview import Interview

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
AMIRA = Incoming("console", "amira", "chat-amira", text="hi")


def _sessions(store: SqlStore) -> Sessions:
    return Sessions(store, Interview(), lambda: NOW)


async def test_a_first_contact_is_saved_and_an_unchanged_turn_is_not(store: SqlStore) -> None:
    """The first turn stores the session; a later turn that changed nothing writes nothing."""
    sessions = _sessions(store)
    first = await sessions.open(AMIRA)
    assert first.turn.new and first.turn.dirty
    assert await sessions.save(first)
    again = await sessions.open(AMIRA)
    assert not again.turn.new and not again.turn.dirty
    version = again.record.version
    assert await sessions.save(again)
    assert (await sessions.open(AMIRA)).record.version == version


async def test_turn_state_is_stored_under_the_keys_existing_rows_use(store: SqlStore) -> None:
    """pending, facts and completed go to the session's scratch as `confirm`, `facts` and
    `completed`, beside a feature's own key, and come back as the turn's fields."""
    sessions = _sessions(store)
    session = await sessions.open(AMIRA)
    session.turn.ask(Pending("facts"), facts={"step2_score": 240})
    session.turn.complete()
    session.turn.keep("reminder_pending", {"text": "email Dr. Lee"})
    assert await sessions.save(session)
    record = await store.load_session(session.turn.user_id, "unused")
    assert record.data["scratch"] == {
        "confirm": "facts",
        "facts": {"step2_score": 240},
        "completed": True,
        "reminder_pending": {"text": "email Dr. Lee"},
    }
    turn = (await sessions.open(AMIRA)).turn
    assert turn.pending == Pending("facts") and turn.facts == {"step2_score": 240}
    assert turn.completed and turn.scratch == {"reminder_pending": {"text": "email Dr. Lee"}}


async def test_moves_mark_what_they_change(store: SqlStore) -> None:
    """A move that changes the answers marks them; a refused move marks nothing."""
    from bot.core.moves import Moves

    sessions = _sessions(store)
    await sessions.save(await sessions.open(AMIRA))
    session = await sessions.open(AMIRA)
    moves = Moves(sessions.interview)
    moves.restart(session.turn)
    assert session.turn.dirty and session.turn.answers_changed
    refused = await sessions.open(AMIRA)
    step = moves.edit(refused.turn, "no such question")
    assert not step.ok and not refused.turn.dirty


async def test_a_forgotten_user_is_not_saved_again(store: SqlStore) -> None:
    """After `forget` (or linking away) the turn saves nothing, so no row comes back."""
    sessions = _sessions(store)
    session = await sessions.open(AMIRA)
    await sessions.save(session)
    session = await sessions.open(AMIRA)
    await store.forget_user(session.turn.user_id)
    session.turn.forgotten = True
    session.turn.changed()
    assert await sessions.save(session)


async def test_a_session_saved_meanwhile_asks_for_a_retry(store: SqlStore) -> None:
    """Two turns on one session: the second save reports the conflict (the Advisor retries)."""
    sessions = _sessions(store)
    await sessions.save(await sessions.open(AMIRA))
    one, other = await sessions.open(AMIRA), await sessions.open(AMIRA)
    one.turn.keep("x", 1)
    other.turn.keep("x", 2)
    assert await sessions.save(one)
    assert not await sessions.save(other)
