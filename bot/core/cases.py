"""What a message means: an ordered table of cases, read top to bottom like PTB's handlers.

The first case whose predicate holds answers. A handler may still find the message is not
its case (an "introduction" that reads as nothing) and return None: the next case reads it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.core import shown, texts
from bot.core.commands import split_command
from bot.core.confirm import Confirmations
from bot.core.dispatch import Dispatch
from bot.core.messages import Outgoing
from bot.core.steps import Steps
from bot.core.turn import Turn
from flows.interview import DONE
from flows.intro import read_fact, read_intro
from flows.parsing import asks_what_the_advisor_is, says_thanks

Predicate = Callable[[Turn, str], bool]
CaseHandler = Callable[[Turn, str], Awaitable[list[Outgoing] | None]]
_TYPED = "a shown button's words"  # the case whose message pressed a button by typing


@dataclass(frozen=True, slots=True)
class Case:
    """One meaning a message can have: when it holds, and who answers it."""

    name: str
    holds: Predicate
    handle: CaseHandler


def _always(_turn: Turn, _text: str) -> bool:
    return True


class TextCases:
    """The cases, in order; `reply` finds the one that answers a message."""

    def __init__(
        self, dispatch: Dispatch, steps: Steps, confirmations: Confirmations, welcome: str
    ) -> None:
        self.dispatch = dispatch
        self.steps = steps
        self.moves = steps.moves
        self.replies = steps.replies
        self.confirmations = confirmations
        self.welcome = welcome
        self.table: tuple[Case, ...] = (
            Case("button", lambda t, _: t.incoming.payload is not None, self.press),
            # "yes", "2" or "show all 16 steps" typed: the button shown with those words (before
            # the commands: "remind me" on the season offer is no `remind`).
            Case(_TYPED, lambda t, text: shown.typed_press(t, text) is not None, self.typed_press),
            Case("command", lambda _, text: split_command(text) is not None, self.command),
            # Thanks is no question, and no answer to ours (new users get the welcome).
            Case("thanks", lambda t, text: says_thanks(text) and not t.new, self.thanks),
            # An offer or a feature's question waits: "ok" and "yes" answer it, not chat.
            Case("reply a feature asked for", lambda t, _: dispatch.awaits(t), dispatch.reply),
            Case(
                "answer to a yes/no question",
                lambda t, _: t.pending is not None,
                self.on_offer_text,
            ),
            # "ok", "😭", a message in another script: one short line, no topic menu.
            Case("aside", steps.asker.is_aside, lambda t, x: steps.asker.aside(t, x, welcome)),
            # A feature's own messages ("list med psych programs"), before the matcher.
            Case("feature's message", lambda _, text: bool(text), self.feature_text),
            Case("public question", lambda t, _: t.public, self.steps.ask),
            Case("first message", lambda t, _: t.new, self.first_message),
            Case("what is this?", lambda _, text: asks_what_the_advisor_is(text), self.what),
            Case("after the plan", lambda t, _: t.st.state == DONE, self.after_plan),
            Case("empty", lambda _, text: not text, self.empty),
            Case("introduction", _always, self.introduction),
            Case("fact for another question", _always, self.other_fact),
            Case("own question", _always, self.own_question),
            Case("answer", _always, self.answer),
        )

    async def reply(self, turn: Turn) -> list[Outgoing]:
        """Answer the message with the first case that takes it."""
        text = (turn.incoming.text or "").strip()
        for case in self.table:
            if case.holds(turn, text):
                replies = await case.handle(turn, text)
                if replies is not None:
                    shown.remember(turn, replies, pressed=self._pressed_by(turn, case, text))
                    return replies
        raise AssertionError("the last case answers every message")

    @staticmethod
    def _pressed_by(turn: Turn, case: Case, text: str) -> str | None:
        """The payload of the button this message pressed (by a press, or typed), if any."""
        if case.name == "button":
            return turn.incoming.payload
        # Read again from what was shown before this turn: `remember` has not run yet.
        return shown.typed_press(turn, text) if case.name == _TYPED else None

    async def press(self, turn: Turn, _text: str) -> list[Outgoing]:
        """A pressed button: its feature answers, then the open question is asked again."""
        assert turn.incoming.payload is not None
        return self._question_again(turn, await self.dispatch.press(turn, turn.incoming.payload))

    async def typed_press(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """A shown button's words or number typed: as if it was pressed."""
        payload = shown.typed_press(turn, text)
        if payload is None:
            return None
        return self._question_again(turn, await self.dispatch.press(turn, payload))

    async def command(self, turn: Turn, text: str) -> list[Outgoing]:
        """A command; someone new gets the welcome first (not in groups, not for `start`
        or `quit`); then the open question is asked again."""
        command = split_command(text)
        assert command is not None
        name, arg = command
        replies = await self.dispatch.command(turn, name, arg)
        first = turn.new and name not in {"start", "quit"} and not turn.public
        if first and self.dispatch.answers(name):
            replies.insert(0, Outgoing(self.welcome))  # groups get no welcome
        return self._question_again(turn, replies)

    async def on_offer_text(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """A typed answer to a waiting yes/no question; the open question after it."""
        replies = await self.confirmations.on_text(turn, text)
        return None if replies is None else self._question_again(turn, replies)

    def _question_again(self, turn: Turn, replies: list[Outgoing]) -> list[Outgoing]:
        """After `help`, `profile`, a "No" and the like, ask the open interview question
        again: the user should not be left at a bare prompt. Not when the replies ask
        something themselves (a question, an offer), say goodbye, answer an old button (the
        question is still on the screen) or come after `forget`."""
        if (
            turn.public
            or turn.new  # the welcome was the first reply; `start` begins
            or turn.forgotten
            or turn.st.state == DONE
            or self.dispatch.awaits(turn)  # a feature waits for a typed reply (a new time)
            or any(r.awaits_answer or r.choices or r.close or r.stale for r in replies)
        ):
            return replies
        return [*replies, *self.replies.prompt(turn.st)]

    async def feature_text(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """A message a feature takes as its own; in the interview, its question again."""
        replies = await self.dispatch.read_text(turn, text)
        if replies is None:
            return None
        if turn.public or turn.st.state == DONE:
            return replies
        head = [Outgoing(self.welcome)] if turn.new else []
        return [*head, *replies, *self.replies.prompt(turn.st)]

    async def thanks(self, turn: Turn, _text: str) -> list[Outgoing]:
        """You're welcome, and our question again if one is open."""
        again = () if turn.public or turn.st.state == DONE else self.replies.prompt(turn.st)
        return [Outgoing(texts.THANKED), *again]

    async def first_message(self, turn: Turn, text: str) -> list[Outgoing]:
        """The welcome, with what the message tells about the applicant and asks."""
        today = turn.now.date()
        # One fact counts too: "hi, I failed step 1 twice" is not lost to the welcome.
        intro = self.steps.take_facts(turn, read_intro(text, today) or read_fact(text, today))
        read = texts.got_it(intro.understood if intro else None)
        return [
            Outgoing(self.welcome),
            *self.steps.own_question(turn, text, topics_only=True),
            *self.replies.prompt(turn.st, read),
        ]

    async def what(self, turn: Turn, _text: str) -> list[Outgoing]:
        """ "What is this?": what I do, then our question."""
        return [Outgoing(texts.help_text(False)), *self.replies.prompt(turn.st)]

    async def after_plan(self, turn: Turn, text: str) -> list[Outgoing]:
        """After the plan: new facts are offered as an update; anything else is asked."""
        offer = self.confirmations.offer_update(turn, text)
        return offer if offer is not None else await self.steps.ask(turn, text)

    async def empty(self, turn: Turn, _text: str) -> list[Outgoing]:
        """Nothing typed: the question again."""
        return [Outgoing(texts.EMPTY_MESSAGE, private=True), *self.replies.prompt(turn.st)]

    async def introduction(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """Several facts at once ("I'm Sara, YOG 2016, need H1B"): not a name, not one
        answer; each is kept for its question."""
        asked = self.moves.interview.question(turn.st)
        intro = self.steps.take_facts(turn, read_intro(text, turn.now.date(), asked))
        if intro is None:
            return None
        return [*self.steps.own_question(turn, text), *await self.steps.after(turn, intro)]

    async def other_fact(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """Another question's fact ("ck 245" where Step 1 is asked) is kept for that question;
        read as this one's answer it would be wrong. The question is then asked again."""
        asked = self.moves.interview.question(turn.st)
        if asked is None:
            return None
        moved = self.steps.take_facts(turn, read_fact(text, turn.now.date(), asked))
        if moved is None:
            return None
        answered = self.steps.own_question(turn, text)
        if answered:
            return [*answered, *self.replies.prompt(turn.st, texts.got_it(moved.understood))]
        return await self.steps.after(turn, moved)

    async def own_question(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """A question of their own is answered, not stored: read as an answer, "how do I
        explain my fail?" would store a failed Step 3."""
        answered = self.steps.own_question(turn, text)
        return [*answered, *self.replies.prompt(turn.st)] if answered else None

    async def answer(self, turn: Turn, text: str) -> list[Outgoing]:
        """The answer to the question asked."""
        step = self.moves.answer(turn, text)
        if not step.ok:
            # "my step 2 score is 240" where CK attempts are asked: no answer to the detail
            # asked, but a fact of the same exam. Kept, and the question asked again.
            kept = self.steps.take_facts(turn, read_fact(text, turn.now.date()))
            if kept is not None:
                return await self.steps.after(turn, kept)
        return await self.steps.after(turn, step)
