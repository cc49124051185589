"""The Advisor: the single entry point, Incoming -> list[Outgoing], for every platform."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.core import texts
from bot.core.commands import COMMANDS_BY_NAME, split_command
from bot.core.interview_replies import InterviewReplies
from bot.core.locks import KeyedLocks
from bot.core.messages import ChatKind, Choice, Incoming, Outgoing
from bot.core.turn import COMPLETED_FIRST, UPDATED, CommandHandler, PayloadHandler, Turn
from bot.logs import log_failure
from bot.storage.store import SessionRecord, SqlStore
from flows.interview import DONE, FLOW_VERSION, Interview, InterviewState, Step
from flows.intro import read_fact, read_intro
from flows.parsing import asks_what_the_advisor_is, looks_like_question, says_thanks
from flows.profile import Profile

log = logging.getLogger(__name__)
FACTS = "facts"  # facts stated after the plan, waiting for "yes, update"
_YES = re.compile(r"\s*(yes|y|yeah|yep|ok|okay|sure|1|yes,? update|update( them)?)[\s.!]*")
_NO = re.compile(r"\s*(no|n|nope|2|no,? keep( them)?|keep( them)?)[\s.!]*")
_EDIT_VALUE = re.compile(r"(.+?)(?:\s*[:=]\s*|\s+(?:to|is now|is)\s+)(.+)", re.IGNORECASE)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Advisor:
    """Routes each message to the interview, a command or a question, and persists the turn."""

    def __init__(self, store: SqlStore, knowledge: Any, interview: Interview | None = None, *,
                 clock: Clock = _utcnow,
                 command_handlers: Mapping[str, CommandHandler] | None = None,
                 payload_handlers: Mapping[str, PayloadHandler] | None = None,
                 completion_hooks: tuple[CommandHandler, ...] = (),
                 reachable_hooks: tuple[CommandHandler, ...] = ()) -> None:
        self.store = store
        self.knowledge = knowledge
        self.interview = interview or Interview()
        self._welcome = texts.welcome(len(self.interview.relevant({})))
        self.clock = clock
        self.replies = InterviewReplies(self.interview, knowledge)
        self._locks = KeyedLocks()
        self._commands: dict[str, CommandHandler] = {
            "start": self._start, "help": self._help, "back": self._back, "skip": self._skip,
            "restart": self._restart, "profile": self._profile, "edit": self._edit,
            "plan": self._plan, "ask": self._ask, "forget": self._forget, "quit": self._quit,
            # A Telegram group's adapter answers `setup` itself; anywhere else, say where it works.
            "setup": self._setup_elsewhere,
        }
        self._commands.update(command_handlers or {})
        self._payloads: dict[str, PayloadHandler] = dict(payload_handlers or {})
        self._completion_hooks = completion_hooks
        self._reachable_hooks = reachable_hooks

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        """Handle one message; never raises for anything a user sends."""
        async with self._locks.hold((incoming.platform, incoming.user_id)):
            try:
                for _attempt in range(3):
                    replies = await self._handle_once(incoming)
                    if replies is not None:
                        return replies
                log.warning("session kept changing under us; platform=%s", incoming.platform)
            except Exception as error:
                log_failure(log, f"handling a {incoming.platform} message failed", error)
            return [Outgoing(texts.APOLOGY)]

    async def mark_unreachable(self, platform: str, external_id: str) -> None:
        """Remember that a platform refused delivery to this person for good."""
        await self.store.mark_unreachable(platform, external_id)

    async def _handle_once(self, incoming: Incoming) -> list[Outgoing] | None:
        chat = incoming.chat_id if incoming.chat_kind is ChatKind.PRIVATE else None
        user_id = await self.store.resolve_user(incoming.platform, incoming.user_id, chat)
        record = await self.store.load_session(user_id, self.interview.questions[0].state)
        st = self._restore(record)
        before = (st.state, repr(st.answers), repr(st.done), repr(st.history),
                  repr(record.data.get("scratch")))
        turn = Turn(incoming, user_id, Profile.model_validate(st.answers), self.clock(),
                    dict(record.data.get("scratch") or {}), st)
        replies = await self._route(turn, st, is_new=record.version == 0)
        if self.store.take_revived(user_id):
            for hook in self._reachable_hooks:
                replies.extend(await hook(turn, ""))
        if turn.scratch.get("forgotten"):
            return replies
        after = (st.state, repr(st.answers), repr(st.done), repr(st.history),
                 repr(turn.scratch or None))
        if after != before or record.version == 0:
            changed = after[1] != before[1]
            record.state, record.answers = st.state, st.answers
            record.data = {"done": st.done, "history": st.history}
            if turn.scratch:
                record.data["scratch"] = turn.scratch
            record.flow_version = FLOW_VERSION
            if not await self.store.save_session(record, answers_changed=changed):
                return None
        return replies

    def _restore(self, record: SessionRecord) -> InterviewState:
        st = InterviewState(record.state, dict(record.answers), list(record.data.get("done", [])),
                            list(record.data.get("history", [])))
        if st.state != DONE and st.state not in self.interview.by_state:
            # A question removed in a newer flow version: carry on from the next one needed.
            st.state = DONE
            self.interview.resume(st)
        return st

    async def _route(self, turn: Turn, st: InterviewState, is_new: bool) -> list[Outgoing]:
        incoming = turn.incoming
        if incoming.payload is not None:
            return await self._press(turn, st, incoming.payload)
        text = (incoming.text or "").strip()
        command = split_command(text)
        if command is not None:
            name, arg = command
            spec = COMMANDS_BY_NAME[name]
            if turn.public and spec.personal:
                return [self._go_private()]
            handler = self._commands.get(name)
            if handler is None:
                return [Outgoing(f"`{name}` isn't available here yet.")]
            replies = await handler(turn, arg)
            if is_new and name != "start" and not turn.public:  # groups get no welcome
                replies.insert(0, Outgoing(self._welcome))
            return replies
        if says_thanks(text) and not is_new:  # no question, and no answer to ours
            return [Outgoing(texts.THANKED),
                    *(() if turn.public or st.state == DONE else self.replies.prompt(st))]
        if turn.public:
            return await self._ask(turn, text)
        today = turn.now.date()
        if is_new:  # a first message: what it tells about the applicant, what it asks
            # One fact counts too: "hi, I failed step 1 twice" is not lost to the welcome.
            intro = self._take_facts(turn, st, read_intro(text, today) or read_fact(text, today))
            read = texts.got_it(intro.understood if intro else None)
            return [Outgoing(self._welcome), *self._own_question(turn, text, topics_only=True),
                    *self.replies.prompt(st, read)]
        pending = turn.scratch.pop("confirm", None)
        if pending == FACTS:
            if _YES.fullmatch(text.casefold()):
                return await self._update(turn, st)
            turn.scratch.pop(FACTS, None)  # "no", or something else: read as usual
            if _NO.fullmatch(text.casefold()):
                return [Outgoing(texts.ANSWERS_KEPT, private=True)]
        elif pending is not None:
            return await self._confirm(turn, st, pending, text)
        if asks_what_the_advisor_is(text):  # "what is this?": what I do, then our question
            return [Outgoing(texts.help_text(False)), *self.replies.prompt(st)]
        if st.state == DONE:
            offer = self._offer_update(turn, st, text)
            return offer if offer is not None else await self._ask(turn, text)
        if not text:
            return [Outgoing("I got an empty message. " + "Here's the question again:",
                             private=True), *self.replies.prompt(st)]
        asked = self.interview.question(st)
        # Several facts at once ("I'm Sara, YOG 2016, need H1B"): not a name, not one answer.
        intro = self._take_facts(turn, st, read_intro(text, today, asked))
        if intro is not None:
            return [*self._own_question(turn, text), *await self._after_step(turn, st, intro)]
        # Another question's fact ("ck 245" where Step 1 is asked) is kept for that question;
        # read as this one's answer it would be wrong. The question is then asked again.
        moved = self._take_facts(turn, st, read_fact(text, today, asked)) \
            if asked is not None else None
        # Read as an answer, "how do I explain my fail?" would store a failed Step 3.
        answered = self._own_question(turn, text)
        if answered:
            read = texts.got_it(moved.understood if moved else None)
            return [*answered, *self.replies.prompt(st, read)]
        if moved is not None:
            return await self._after_step(turn, st, moved)
        step = self.interview.answer(st, text, today)
        if not step.ok:
            # "my step 2 score is 240" where CK attempts are asked: no answer to the detail
            # asked, but a fact of the same exam. Kept, and the question asked again.
            kept = self._take_facts(turn, st, read_fact(text, today))
            if kept is not None:
                return await self._after_step(turn, st, kept)
        return await self._after_step(turn, st, step)

    def _take_facts(self, turn: Turn, st: InterviewState, values: dict[str, Any]
                    ) -> Step | None:
        """Store facts read from a message for the questions they answer; None if none."""
        if not values:
            return None
        step = self.interview.take_intro(st, values)
        if not step.ok or not step.understood:
            return None
        turn.profile = Profile.model_validate(st.answers)  # so the answer below is theirs
        return step

    def _offer_update(self, turn: Turn, st: InterviewState, text: str) -> list[Outgoing] | None:
        """After the plan, facts stated about oneself ("my CK is actually 240") are offered
        as an update of the answers, with what is stored now beside them; None if none."""
        today = turn.now.date()
        values = read_intro(text, today) or read_fact(text, today)
        update = self.interview.update_preview(st, values) if values else None
        if update is None:
            return None
        turn.scratch["confirm"], turn.scratch[FACTS] = FACTS, values
        # A question asked with it ("my CK is 240, is that enough?") is answered for what
        # they just said, before it is stored.
        turn.profile = Profile.model_validate(update.answers)
        offer = Outgoing(texts.update_offer(update.now, update.after), private=True,
                         choices=(Choice("Yes, update", f"y:{FACTS}"),
                                  Choice("No, keep them", f"n:{FACTS}")))
        return [*self._own_question(turn, text), offer]

    async def _update(self, turn: Turn, st: InterviewState) -> list[Outgoing]:
        """Take the facts the user agreed to; ask what they newly need, else the new plan."""
        values = turn.scratch.pop(FACTS, None)
        step = self.interview.take_intro(st, values) if values else None
        if step is None or not step.ok:
            return [Outgoing(texts.STALE_BUTTON, stale=True)]
        self.interview.resume(st)  # a follow-up the new facts need, else "done"
        replies = await self._after_step(turn, st, replace(step, finished=st.state == DONE))
        # The offer's buttons go once it is answered, as after any other choice.
        return [replace(replies[0], answered_label="Updated"), *replies[1:]]

    def _own_question(self, turn: Turn, text: str, *, topics_only: bool = False
                      ) -> list[Outgoing]:
        """Answer a question of the user's own typed where we wait for an answer.

        One that ends in "?" is never read as an answer, even when no topic matches ("what if
        I fail it?" is no failed Step 3): the user gets the closest topics instead, unless
        `topics_only` (after the welcome, "what is this?" is answered by the welcome itself).
        """
        if not looks_like_question(text):
            return []
        answer = self.knowledge.answer(text, turn.profile if turn.profile.filled() else None)
        if answer.topic is None and (topics_only or not text.rstrip().endswith("?")):
            return []  # "do not plan to" starts like a question but answers ours
        return [self.replies.answer(answer, False)]

    async def _after_step(self, turn: Turn, st: InterviewState, step: Any,
                          label: str | None = None) -> list[Outgoing]:
        if not step.ok:
            return self.replies.reask(st, step.error)
        replies = []
        # A typed answer that covered follow-ups or replaced a stored one says what was read,
        # so a misreading shows; it heads the next message rather than adding one.
        read = texts.got_it(None if label else step.understood)
        if label:
            replies.append(Outgoing(f"✓ {label}", private=True, answered_label=label))
        if step.finished:
            turn.profile = Profile.model_validate(st.answers)
            first_time = not turn.scratch.get("completed")
            turn.scratch["completed"] = True
            replies.append(Outgoing(read + (texts.FINISHED if first_time else texts.UPDATED),
                                    private=True))
            replies.append(self.replies.plan(turn.profile, turn.now))
            # Hooks hear whether this is the first plan or one updated after an edit.
            for hook in self._completion_hooks:
                replies.extend(await hook(turn, COMPLETED_FIRST if first_time else UPDATED))
            return replies
        return replies + self.replies.prompt(st, read)

    async def _press(self, turn: Turn, st: InterviewState, payload: str) -> list[Outgoing]:
        kind, _, rest = payload.partition(":")
        if kind == "a":
            state, _, index = rest.rpartition(":")
            step = self.interview.choose(st, state, int(index) if index.isdigit() else -1)
            if step.error == "stale":
                return [Outgoing(texts.STALE_BUTTON, stale=True)]
            q_label = step.label
            return await self._after_step(turn, st, step, label=q_label)
        if kind == "s":  # a Skip button belongs to one question
            if rest != st.state:
                return [Outgoing(texts.STALE_BUTTON, stale=True)]
            return await self._after_step(turn, st, self.interview.skip(st), label="Skipped")
        if kind == "c" and rest.split(" ", 1)[0] in self._commands:
            name, _, arg = rest.partition(" ")
            if turn.public and COMMANDS_BY_NAME[name].personal:
                return [self._go_private()]
            return await self._commands[name](turn, arg)
        if kind == "t":
            answer = self.knowledge.topic_answer(rest, None if turn.public else turn.profile)
            return [self.replies.answer(answer, turn.public)]
        if kind == "y":
            return await self._confirm(turn, st, rest, "yes")
        if kind == "n":
            turn.scratch.pop("confirm", None)
            if rest == FACTS:
                turn.scratch.pop(FACTS, None)
                return [Outgoing(texts.ANSWERS_KEPT, answered_label="Kept")]
            return [Outgoing(texts.KEPT, answered_label="No")]
        handler = self._payloads.get(f"{kind}:")
        if handler is not None:
            return await handler(turn, payload)
        return [Outgoing(texts.STALE_BUTTON, stale=True)]

    def _go_private(self) -> Outgoing:
        return Outgoing(texts.PRIVATE_ONLY, choices=(Choice("Continue privately", "dm:start"),))

    @staticmethod
    def _st(turn: Turn) -> InterviewState:
        assert turn.interview is not None
        return turn.interview

    # Commands -------------------------------------------------------------------------

    async def _start(self, turn: Turn, _arg: str) -> list[Outgoing]:
        st = self._st(turn)
        if st.state == DONE:
            return [Outgoing("Your interview is complete. Type `plan` for your plan, ask me "
                             "a question, or `edit <field>` to change an answer.", private=True)]
        intro = self._welcome if not st.answers else "Welcome back — let's carry on."
        return [Outgoing(intro), *self.replies.prompt(st)]

    async def _help(self, turn: Turn, _arg: str) -> list[Outgoing]:
        return [Outgoing(texts.help_text(turn.public))]

    async def _back(self, turn: Turn, _arg: str) -> list[Outgoing]:
        st = self._st(turn)
        step = self.interview.back(st)
        return self.replies.reask(st, step.error) if not step.ok else self.replies.prompt(st)

    async def _skip(self, turn: Turn, _arg: str) -> list[Outgoing]:
        st = self._st(turn)
        return await self._after_step(turn, st, self.interview.skip(st))

    async def _restart(self, turn: Turn, _arg: str) -> list[Outgoing]:
        turn.scratch["confirm"] = "restart"
        return [Outgoing(texts.RESTART_CONFIRM, private=True,
                         choices=(Choice("Yes, start again", "y:restart"),
                                  Choice("No", "n:restart")))]

    async def _forget(self, turn: Turn, _arg: str) -> list[Outgoing]:
        turn.scratch["confirm"] = "forget"
        return [Outgoing(texts.FORGET_CONFIRM, private=True,
                         choices=(Choice("Yes, delete everything", "y:forget"),
                                  Choice("No, keep it", "n:forget")))]

    async def _confirm(self, turn: Turn, st: InterviewState, what: str,
                       text: str) -> list[Outgoing]:
        turn.scratch.pop("confirm", None)
        if what == FACTS:
            return await self._update(turn, st)
        if text.strip().casefold() not in {"yes", "y", "1", "yes, delete everything",
                                           "yes, start again", "ok", "sure"}:
            return [Outgoing(texts.KEPT)]
        if what == "forget":
            await self.store.forget_user(turn.user_id)
            turn.scratch["forgotten"] = True
            return [Outgoing(texts.FORGOTTEN, answered_label="Deleted")]
        if what == "restart":
            self.interview.restart(st)
            return [Outgoing("Starting again.", answered_label="Start again"),
                    *self.replies.prompt(st)]
        return [Outgoing(texts.KEPT)]

    async def _profile(self, turn: Turn, _arg: str) -> list[Outgoing]:
        st = self._st(turn)
        identities = await self.store.identities(turn.user_id)
        return [self.replies.profile(st, identities)]

    async def _edit(self, turn: Turn, arg: str) -> list[Outgoing]:
        st = self._st(turn)
        if not arg:
            return [self.replies.edit_menu(st)]
        # "change my CK score to 240": the question, then its new answer at once.
        key, value = _edit_value(arg)
        with_value = bool(value) and self.interview.find(key) is not None
        step = self.interview.edit(st, key if with_value else arg)
        if not step.ok:
            return [Outgoing(step.error or "", private=True)]
        if with_value:
            return await self._after_step(turn, st, self.interview.answer(st, value,
                                                                          turn.now.date()))
        return self.replies.prompt(st)

    async def _plan(self, turn: Turn, arg: str) -> list[Outgoing]:
        st = self._st(turn)
        full = arg.strip().casefold() in {"all", "full", "more", "everything"}
        replies = [self.replies.plan(turn.profile, turn.now, full=full)]
        if st.state != DONE:
            replies.insert(0, Outgoing("Your interview isn't finished, so this plan is "
                                       "based on what you've told me so far.", private=True))
            replies.extend(self.replies.prompt(st))
        return replies

    async def _ask(self, turn: Turn, question: str) -> list[Outgoing]:
        if not question.strip():
            return [Outgoing("What would you like to ask? e.g. `ask when should I take "
                             "Step 3?`", awaits_answer=True)]
        use_profile = not turn.public and bool(turn.profile.filled())
        answer = self.knowledge.answer(question, turn.profile if use_profile else None)
        return [self.replies.answer(answer, turn.public)]

    async def _setup_elsewhere(self, _turn: Turn, _arg: str) -> list[Outgoing]:
        return [Outgoing(texts.SETUP_IN_GROUP)]

    async def _quit(self, _turn: Turn, _arg: str) -> list[Outgoing]:
        return [Outgoing(texts.GOODBYE, close=True)]


def _edit_value(arg: str) -> tuple[str, str]:
    """Split "my CK score to 240" into the answer's name and its new value ("" if none)."""
    m = _EDIT_VALUE.fullmatch(arg.strip())
    return (m.group(1), m.group(2)) if m else (arg, "")
