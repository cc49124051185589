"""The interview as a feature: its commands and its option and Skip buttons."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.core import payloads, texts
from bot.core.confirm import Confirmations
from bot.core.dispatch import StoredView
from bot.core.messages import Outgoing
from bot.core.ports import SessionStore
from bot.core.steps import Steps
from bot.core.turn import CommandHandler, Hook, PayloadHandler, Turn
from flows.interview import DONE

_EDIT_VALUE = re.compile(r"(.+?)(?:\s*[:=]\s*|\s+(?:to|is now|is)\s+)(.+)", re.IGNORECASE)
_FULL_PLAN = frozenset({"all", "full", "more", "everything"})


class InterviewFeature:
    """start, back, skip, restart, edit, plan and profile; the `a:` and `s:` buttons."""

    def __init__(
        self, steps: Steps, confirmations: Confirmations, store: SessionStore, welcome: str
    ) -> None:
        self.steps = steps
        self.moves = steps.moves
        self.replies = steps.replies
        self.confirmations = confirmations
        self.store = store
        self.welcome = welcome
        self.stored_views: tuple[StoredView, ...] = ()  # other features' parts of `profile`

    def command_handlers(self) -> Mapping[str, CommandHandler]:
        """Return the interview's commands."""
        return {
            "start": self.start,
            "back": self.back,
            "skip": self.skip,
            "restart": self.restart,
            "edit": self.edit,
            "plan": self.plan,
            "profile": self.profile,
        }

    def payload_handlers(self) -> Mapping[str, PayloadHandler]:
        """Return the option and Skip buttons of the questions."""
        return {payloads.ANSWER: self.on_option, payloads.SKIP: self.on_skip}

    def completion_hooks(self) -> Sequence[Hook]:
        """None: the interview is what completes."""
        return ()

    def reachable_hooks(self) -> Sequence[Hook]:
        """None."""
        return ()

    async def start(self, turn: Turn, _arg: str) -> list[Outgoing]:
        """Start or resume the interview at the question it is on."""
        st = turn.st
        if st.state == DONE:
            return [Outgoing(texts.START_WHEN_DONE, private=True)]
        intro = self.welcome if not st.answers else texts.WELCOME_BACK
        return [Outgoing(intro), *self.replies.prompt(st)]

    async def back(self, turn: Turn, _arg: str) -> list[Outgoing]:
        """Go back one question."""
        step = self.moves.back(turn)
        return self.replies.prompt(turn.st) if step.ok else self.replies.reask(turn.st, step.error)

    async def skip(self, turn: Turn, _arg: str) -> list[Outgoing]:
        """Skip the current (optional) question."""
        return await self.steps.after(turn, self.moves.skip(turn))

    async def restart(self, turn: Turn, _arg: str) -> list[Outgoing]:
        """Ask before starting again from the first question."""
        return self.confirmations.ask(turn, texts.RESTART_OFFER, texts.RESTART_CONFIRM)

    async def edit(self, turn: Turn, arg: str) -> list[Outgoing]:
        """Go to one answer's question; with a value ("step2 to 240"), answer it at once."""
        if not arg:
            return [self.replies.edit_menu(turn.st)]
        # "change my CK score to 240": the question, then its new answer at once.
        key, value = _edit_value(arg)
        with_value = bool(value) and self.moves.interview.find(key) is not None
        step = self.moves.edit(turn, key if with_value else arg)
        if not step.ok:
            return [Outgoing(step.error or "", private=True)]
        if with_value:
            return await self.steps.after(turn, self.moves.answer(turn, value))
        return self.replies.prompt(turn.st)

    async def plan(self, turn: Turn, arg: str) -> list[Outgoing]:
        """Show the plan (all steps with `plan all`), also before the interview is done."""
        st = turn.st
        full = arg.strip().casefold() in _FULL_PLAN
        replies = [self.replies.plan(turn.profile, turn.now, full=full)]
        if st.state != DONE:
            replies.insert(0, Outgoing(texts.PLAN_SO_FAR, private=True))
            replies.extend(self.replies.prompt(st))
        return replies

    async def profile(self, turn: Turn, _arg: str) -> list[Outgoing]:
        """List everything stored about the user."""
        identities = await self.store.identities(turn.user_id)
        replies = [self.replies.profile(turn.st, identities)]
        for view in self.stored_views:
            replies.extend(await view(turn))
        return replies

    async def on_option(self, turn: Turn, payload: str) -> list[Outgoing]:
        """A pressed option of a question (stale when another question is on)."""
        state, index = payloads.decode(payload).tail()
        step = self.moves.choose(turn, state, int(index) if index.isdigit() else -1)
        if step.error == "stale":
            return [Outgoing(texts.STALE_BUTTON, stale=True)]
        return await self.steps.after(turn, step, label=step.label)

    async def on_skip(self, turn: Turn, payload: str) -> list[Outgoing]:
        """A pressed Skip: it belongs to one question."""
        if payloads.decode(payload).rest != turn.st.state:
            return [Outgoing(texts.STALE_BUTTON, stale=True)]
        return await self.steps.after(turn, self.moves.skip(turn), label=texts.SKIPPED_LABEL)


def _edit_value(arg: str) -> tuple[str, str]:
    """Split "my CK score to 240" into the answer's name and its new value ("" if none)."""
    m = _EDIT_VALUE.fullmatch(arg.strip())
    return (m.group(1), m.group(2)) if m else (arg, "")
