"""What follows a move in the interview: the next question, or the plan when it is done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core import texts
from bot.core.asker import Asker, asks
from bot.core.interview_replies import InterviewReplies
from bot.core.messages import Outgoing
from bot.core.moves import Moves
from bot.core.ports import AdviceSource
from bot.core.turn import COMPLETED_FIRST, UPDATED, Hook, Turn
from flows.interview import Step
from flows.profile import Profile


class Steps:
    """Replies to a move, facts kept from a message, and questions answered on the way."""

    def __init__(
        self,
        moves: Moves,
        replies: InterviewReplies,
        knowledge: AdviceSource,
        completion_hooks: Sequence[Hook] = (),
    ) -> None:
        self.moves = moves
        self.replies = replies
        self.knowledge = knowledge
        self.completion_hooks = tuple(completion_hooks)
        self.asker = Asker(knowledge, replies)  # follow-ups, several questions, asides

    def take_facts(self, turn: Turn, values: dict[str, Any]) -> Step | None:
        """Store facts read from a message for the questions they answer; None if none."""
        if not values:
            return None
        step = self.moves.take(turn, values)
        if not step.ok or not step.understood:
            return None
        turn.profile = Profile.model_validate(turn.st.answers)  # so the answer below is theirs
        return step

    def own_question(self, turn: Turn, text: str, *, topics_only: bool = False) -> list[Outgoing]:
        """Answer a question of the user's own typed where we wait for an answer.

        One that ends in "?" is never read as an answer, even when no topic matches ("what if
        I fail it?" is no failed Step 3): the user gets the closest topics instead, unless
        `topics_only` (after the welcome, "what is this?" is answered by the welcome itself).
        """
        if not asks(text):
            return []
        answer = self.asker.read(turn, text, turn.profile if turn.profile.filled() else None)
        if answer.topic is None and (topics_only or not text.rstrip().endswith("?")):
            return []  # "do not plan to" starts like a question but answers ours
        return [self.asker.reply(turn, text, answer, False)]

    async def ask(self, turn: Turn, question: str) -> list[Outgoing]:
        """Answer a question; personal only in a private chat with some answers stored."""
        if not question.strip():
            return [Outgoing(texts.ASK_WHAT, awaits_answer=True)]
        if turn.pending is None and self.asker.is_aside(turn, question):
            return await self.asker.aside(turn, question)  # "ok", "😭": no topic menu
        use_profile = not turn.public and bool(turn.profile.filled())
        answer = self.asker.read(turn, question, turn.profile if use_profile else None)
        return [self.asker.reply(turn, question, answer, turn.public)]

    async def after(self, turn: Turn, step: Step, label: str | None = None) -> list[Outgoing]:
        """Reply to a move: the error and the question again, the next question, or (when
        the interview is done) the plan and what the completion hooks add."""
        st = turn.st
        if not step.ok:
            return self.replies.reask(st, step.error)
        replies = []
        # A typed answer that covered follow-ups or replaced a stored one says what was read,
        # so a misreading shows; it heads the next message rather than adding one.
        read = texts.got_it(None if label else step.understood)
        if label:
            replies.append(Outgoing(texts.pressed(label), private=True, answered_label=label))
        if not step.finished:
            return replies + self.replies.prompt(st, read)
        turn.profile = Profile.model_validate(st.answers)
        first_time = turn.complete()
        replies.append(
            Outgoing(read + (texts.FINISHED if first_time else texts.UPDATED), private=True)
        )
        replies.append(self.replies.plan(turn.profile, turn.now))
        # Hooks hear whether this is the first plan or one updated after an edit.
        for hook in self.completion_hooks:
            replies.extend(await hook(turn, COMPLETED_FIRST if first_time else UPDATED))
        return replies
