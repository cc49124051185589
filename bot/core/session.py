"""The session as a unit of work: load a user's session for one turn, save it once.

The stored row keeps the core's turn state in `data["scratch"]` beside the features' own
keys, as rows written before the turn had explicit fields did: `confirm` (the waiting
yes/no question), `facts` (an offered update), `completed` and `topic` (the topic answered
last, which a follow-up is read with).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.core.messages import ChatKind, Incoming
from bot.core.moves import Moves
from bot.core.ports import SessionStore
from bot.core.turn import Pending, Turn
from flows.interview import DONE, FLOW_VERSION, Interview, InterviewState
from flows.profile import Profile

if TYPE_CHECKING:
    from bot.storage.store import SessionRecord

CONFIRM, FACTS, COMPLETED, TOPIC = "confirm", "facts", "completed", "topic"

Clock = Callable[[], datetime]


@dataclass(slots=True)
class Session:
    """One user's stored session and the turn that works on it."""

    record: SessionRecord
    turn: Turn


class Sessions:
    """Opens a turn on a user's stored session and saves what the turn changed."""

    def __init__(self, store: SessionStore, interview: Interview, clock: Clock) -> None:
        self.store = store
        self.interview = interview
        self.clock = clock

    async def open(self, incoming: Incoming) -> Session:
        """Load the user's session (a new one on first contact) and start a turn on it."""
        chat = incoming.chat_id if incoming.chat_kind is ChatKind.PRIVATE else None
        user_id = await self.store.resolve_user(incoming.platform, incoming.user_id, chat)
        record = await self.store.load_session(user_id, self.interview.questions[0].state)
        data = record.data
        scratch = dict(data.get("scratch") or {})
        confirm, facts = scratch.pop(CONFIRM, None), scratch.pop(FACTS, None)
        completed = bool(scratch.pop(COMPLETED, False))
        topic = scratch.pop(TOPIC, None)
        st = InterviewState(
            record.state,
            dict(record.answers),
            list(data.get("done", [])),
            list(data.get("history", [])),
        )
        turn = Turn(
            incoming,
            user_id,
            Profile.model_validate(st.answers),
            self.clock(),
            scratch,
            st,
            new=record.version == 0,
            pending=Pending(confirm) if confirm is not None else None,
            facts=facts,
            completed=completed,
            topic=topic if isinstance(topic, str) else None,
        )
        turn.dirty = turn.new  # a first contact's session is saved, even unchanged
        if st.state != DONE and st.state not in self.interview.by_state:
            # A question removed in a newer flow version: carry on from the next one needed.
            Moves(self.interview).resume(turn)
        return Session(record, turn)

    async def save(self, session: Session) -> bool:
        """Save what the turn changed; False when the session changed under us (retry)."""
        turn, record = session.turn, session.record
        if turn.forgotten or not turn.dirty:
            return True
        st = turn.st
        record.state, record.answers = st.state, st.answers
        record.data = {"done": st.done, "history": st.history}
        scratch = stored_scratch(turn)
        if scratch:
            record.data["scratch"] = scratch
        record.flow_version = FLOW_VERSION
        return await self.store.save_session(record, answers_changed=turn.answers_changed)


def stored_scratch(turn: Turn) -> dict[str, Any]:
    """The turn's state as the session row keeps it: the features' keys and the core's."""
    scratch = dict(turn.scratch)
    if turn.pending is not None:
        scratch[CONFIRM] = turn.pending.kind
    if turn.facts is not None:
        scratch[FACTS] = turn.facts
    if turn.completed:
        scratch[COMPLETED] = True
    if turn.topic is not None:
        scratch[TOPIC] = turn.topic
    return scratch
