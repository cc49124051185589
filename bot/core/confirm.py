"""Yes/no questions before the advisor acts: update the answers, restart, forget.

Each is asked with an `Offer` (texts.py) and waits as the turn's `pending`; the answer
comes as a pressed button (`y:`/`n:`) or typed, read with the one yes/no vocabulary.

A button acts only for the offer it was shown with: the offer's kind must be the one
waiting, with the token made when it was asked (kept in the scratch under `TOKEN_KEY`), and
the press must come from a private chat. An old button, one pressed after the offer was
answered, or a forged one changes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from bot.core import payloads, texts
from bot.core.dispatch import go_private
from bot.core.messages import Outgoing
from bot.core.ports import SessionStore
from bot.core.steps import Steps
from bot.core.turn import CommandHandler, Hook, PayloadHandler, Pending, Turn
from bot.core.yesno import Offer
from flows.interview import DONE, Interview
from flows.intro import read_fact, read_intro
from flows.profile import Profile

FACTS = texts.UPDATE_OFFER.kind  # facts stated after the plan, waiting for "yes, update"
TOKEN_KEY = "offer_token"  # the token of the offer waiting, which its buttons carry
_TOKEN_BYTES = 4  # 8 hex digits: no old button matches a newer offer by chance


def _open(turn: Turn, kind: str, facts: dict[str, Any] | None = None) -> str:
    """Wait for the answer to the offer `kind`; return the token its buttons carry."""
    token = secrets.token_hex(_TOKEN_BYTES)
    turn.ask(Pending(kind), facts)
    turn.keep(TOKEN_KEY, token)
    return token


def _close(turn: Turn) -> Pending | None:
    """Stop waiting for the offer's answer; its buttons act no more."""
    turn.take(TOKEN_KEY)
    return turn.take_pending()


class Confirmations:
    """Asks yes/no questions and carries out what was agreed."""

    def __init__(self, store: SessionStore, interview: Interview, steps: Steps) -> None:
        self.store = store
        self.interview = interview
        self.steps = steps

    def command_handlers(self) -> Mapping[str, CommandHandler]:
        """Return `forget` (asks first)."""
        return {"forget": self.forget}

    def payload_handlers(self) -> Mapping[str, PayloadHandler]:
        """Return the yes and no buttons of every offer."""
        return {payloads.YES: self.on_yes, payloads.NO: self.on_no}

    def completion_hooks(self) -> Sequence[Hook]:
        """None."""
        return ()

    def reachable_hooks(self) -> Sequence[Hook]:
        """None."""
        return ()

    @staticmethod
    def ask(turn: Turn, offer: Offer, question: str) -> list[Outgoing]:
        """Ask a yes/no question and wait for its answer."""
        token = _open(turn, offer.kind)
        return [Outgoing(question, private=True, choices=offer.choices(token))]

    async def forget(self, turn: Turn, _arg: str) -> list[Outgoing]:
        """Ask before deleting everything stored about the user."""
        return self.ask(turn, texts.FORGET_OFFER, texts.FORGET_CONFIRM)

    def offer_update(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """After the plan, facts stated about oneself ("my CK is actually 240") are offered
        as an update of the answers, with what is stored now beside them; None if none."""
        today = turn.now.date()
        values = read_intro(text, today) or read_fact(text, today)
        update = self.interview.update_preview(turn.st, values) if values else None
        if update is None:
            return None
        token = _open(turn, FACTS, values)
        # A question asked with it ("my CK is 240, is that enough?") is answered for what
        # they just said, before it is stored.
        turn.profile = Profile.model_validate(update.answers)
        offer = Outgoing(
            texts.update_offer(update.now, update.after),
            private=True,
            choices=texts.UPDATE_OFFER.choices(token),
        )
        return [*self.steps.own_question(turn, text), offer]

    async def on_text(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """Read a typed answer to the waiting question; None when it is not one (the
        update offer is then dropped, and the message read as usual)."""
        pending = _close(turn)
        if pending is None:
            return None
        if pending.kind != FACTS:
            return await self._accept(turn, pending.kind, text)
        if texts.UPDATE_OFFER.is_yes(text):
            return await self._update(turn)
        turn.take_facts()
        if texts.UPDATE_OFFER.is_no(text):
            return [Outgoing(texts.ANSWERS_KEPT, private=True)]
        return None

    async def on_yes(self, turn: Turn, payload: str) -> list[Outgoing]:
        """A pressed yes: do what it agreed to, if this very offer is still waiting."""
        kind, token = payloads.offer(payload)
        refused = self._refused(turn, kind, token)
        if refused is not None:
            return refused
        _close(turn)
        return await self._accept(turn, kind, "yes")

    async def on_no(self, turn: Turn, payload: str) -> list[Outgoing]:
        """A pressed no: nothing happens (and the offer is answered)."""
        kind, token = payloads.offer(payload)
        refused = self._refused(turn, kind, token)
        if refused is not None:
            return refused
        _close(turn)
        if kind == FACTS:
            turn.take_facts()
            return [Outgoing(texts.ANSWERS_KEPT, answered_label=texts.KEPT_LABEL)]
        return [Outgoing(texts.KEPT, answered_label=texts.NO_LABEL)]

    @staticmethod
    def _refused(turn: Turn, kind: str, token: str) -> list[Outgoing] | None:
        """Why a pressed yes or no must not act, or None when it may: it acts in a private
        chat only, and only for the offer waiting now, by its token."""
        if turn.public:
            return [go_private()]
        waiting = turn.pending
        if waiting is None or waiting.kind != kind or not token:
            return [Outgoing(texts.STALE_BUTTON, stale=True)]
        if not secrets.compare_digest(str(turn.scratch.get(TOKEN_KEY, "")), token):
            return [Outgoing(texts.STALE_BUTTON, stale=True)]
        return None

    async def _accept(self, turn: Turn, kind: str, text: str) -> list[Outgoing]:
        if kind == FACTS:
            return await self._update(turn)
        if kind == texts.FORGET_OFFER.kind and texts.FORGET_OFFER.is_yes(text):
            await self.store.forget_user(turn.user_id)
            turn.forgotten = True
            return [Outgoing(texts.FORGOTTEN, answered_label=texts.DELETED_LABEL)]
        if kind == texts.RESTART_OFFER.kind and texts.RESTART_OFFER.is_yes(text):
            self.steps.moves.restart(turn)
            return [
                Outgoing(texts.STARTING_AGAIN, answered_label=texts.RESTARTED_LABEL),
                *self.steps.replies.prompt(turn.st),
            ]
        return [Outgoing(texts.KEPT)]

    async def _update(self, turn: Turn) -> list[Outgoing]:
        """Take the facts the user agreed to; ask what they newly need, else the new plan."""
        values = turn.take_facts()
        step = self.steps.moves.take(turn, values) if values else None
        if step is None or not step.ok:
            return [Outgoing(texts.STALE_BUTTON, stale=True)]
        self.steps.moves.resume(turn)  # a follow-up the new facts need, else "done"
        replies = await self.steps.after(turn, replace(step, finished=turn.st.state == DONE))
        # The offer's buttons go once it is answered, as after any other choice.
        return [replace(replies[0], answered_label=texts.UPDATED_LABEL), *replies[1:]]
