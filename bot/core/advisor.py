"""The Advisor: the single entry point, Incoming -> list[Outgoing], for every platform.

It holds the parts together: the session unit of work (session.py), the features and
their registry (dispatch.py) and the table of what a message means (cases.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from bot.core import texts
from bot.core.asking import AskingFeature
from bot.core.cases import TextCases
from bot.core.confirm import Confirmations
from bot.core.dispatch import Dispatch
from bot.core.interview_feature import InterviewFeature
from bot.core.interview_replies import InterviewReplies
from bot.core.locks import KeyedLocks
from bot.core.messages import Incoming, Outgoing
from bot.core.moves import Moves
from bot.core.ports import AdviceSource, Feature, SessionStore
from bot.core.session import Clock, Sessions
from bot.core.steps import Steps
from bot.logs import log_failure
from bot.storage.database import is_storage_failure
from flows.interview import Interview

log = logging.getLogger(__name__)
_ATTEMPTS = 3  # a session another message saved meanwhile is reloaded, the turn redone


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Advisor:
    """Routes each message to the interview, a command or a question, and persists the turn."""

    def __init__(
        self,
        store: SessionStore,
        knowledge: AdviceSource,
        interview: Interview | None = None,
        *,
        clock: Clock = _utcnow,
        features: Sequence[Feature] = (),
    ) -> None:
        self.store = store
        self.knowledge = knowledge
        self.interview = interview or Interview()
        self.clock = clock
        self._sessions = Sessions(store, self.interview, clock)
        self._locks = KeyedLocks()
        welcome = texts.welcome(len(self.interview.relevant({})))
        steps = Steps(Moves(self.interview), InterviewReplies(self.interview, knowledge), knowledge)
        confirmations = Confirmations(store, self.interview, steps)
        interview_feature = InterviewFeature(steps, confirmations, store, welcome)
        core: tuple[Feature, ...] = (interview_feature, confirmations, AskingFeature(steps))
        # The core's features first: a feature given later overrides a command of theirs.
        self._dispatch = Dispatch((*core, *features))
        steps.completion_hooks = self._dispatch.completion_hooks  # known once all are in
        interview_feature.stored_views = self._dispatch.stored_views
        self._cases = TextCases(self._dispatch, steps, confirmations, welcome)

    @property
    def cases(self) -> TextCases:
        """The ordered table of what a typed message means."""
        return self._cases

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """Handle one message; never raises for anything a user sends."""
        async with self._locks.hold((incoming.platform, incoming.user_id)):
            try:
                for _attempt in range(_ATTEMPTS):
                    replies = await self._handle_once(incoming)
                    if replies is not None:
                        return replies
                log.warning("session kept changing under us; platform=%s", incoming.platform)
            except Exception as error:
                if is_storage_failure(error):  # say so: never "your answers are saved"
                    log_failure(log, f"storing a {incoming.platform} message failed", error)
                    return [Outgoing(texts.NOT_SAVED)]
                log_failure(log, f"handling a {incoming.platform} message failed", error)
            return [Outgoing(texts.APOLOGY)]

    async def mark_unreachable(self, platform: str, external_id: str) -> None:
        """Remember that a platform refused delivery to this person for good."""
        await self.store.mark_unreachable(platform, external_id)

    async def _handle_once(self, incoming: Incoming) -> list[Outgoing] | None:
        """One attempt at the turn; None when the session changed meanwhile."""
        session = await self._sessions.open(incoming)
        turn = session.turn
        replies = await self._cases.reply(turn)
        if self.store.take_revived(turn.user_id):
            for hook in self._dispatch.reachable_hooks:
                replies.extend(await hook(turn, ""))
        return replies if await self._sessions.save(session) else None
