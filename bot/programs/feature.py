"""The `programs` feature: its command, the list questions it reads, the shortlist in `profile`.

In a private chat the list is sorted for the applicant (visa, graduation year, attempts) and
the shortlist can be changed; in a group only the general list is shown, and anything
personal points to a private chat.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.core import payloads
from bot.core.messages import Attachment, Choice, Outgoing
from bot.core.turn import CommandHandler, Hook, PayloadHandler, Turn
from bot.programs import render
from bot.programs.requests import ProgramsRequest, read_request
from bot.programs.shortlist import ShortlistStore
from knowledge.program_fit import (
    Criterion,
    attempts_criterion,
    criteria_for,
    graduation_criterion,
    read_list_request,
    visa_criterion,
)
from knowledge.programs import Catalogue

_FOCUS_ORDER = ("h1b", "j1", "visa", "graduation", "attempts")


class ProgramsFeature:
    """`programs [what]`, list questions typed in the chat, and the shortlist."""

    def __init__(self, catalogue: Catalogue, shortlist: ShortlistStore) -> None:
        self.catalogue = catalogue
        self.shortlist = shortlist

    def command_handlers(self) -> Mapping[str, CommandHandler]:
        """Return `programs`."""
        return {"programs": self.programs}

    def payload_handlers(self) -> Mapping[str, PayloadHandler]:
        """None: its buttons are command lines (`c:programs ...`)."""
        return {}

    def completion_hooks(self) -> Sequence[Hook]:
        """None."""
        return ()

    def reachable_hooks(self) -> Sequence[Hook]:
        """None."""
        return ()

    async def read_text(self, turn: Turn, text: str) -> list[Outgoing] | None:
        """Answer "which med-psych programs sponsor H-1B?" with the list; None otherwise."""
        asked = read_list_request(text)
        if asked is None:
            return None
        return self._listing(turn, asked.focus)

    async def stored_view(self, turn: Turn) -> list[Outgoing]:
        """The shortlist for `profile` (nothing when it is empty)."""
        entries = await self.shortlist.entries(turn.user_id)
        if not entries:
            return []
        return [Outgoing(render.shortlist(entries, self.catalogue), private=True)]

    async def programs(self, turn: Turn, arg: str) -> list[Outgoing]:
        """Run `programs [what]`."""
        request = read_request(self.catalogue, arg)
        if request.personal and turn.public:
            # Typed words never go into a payload: the private chat opens on the shortlist.
            private = payloads.private("programs shortlist")
            return [Outgoing(render.PRIVATE_ONLY, choices=(Choice(render.CONTINUE, private),))]
        if request.action == "list":
            return self._listing(turn, ())
        if request.action == "general":
            return [self._general()]
        if request.action == "focus":
            return self._listing(turn, (request.focus,))
        if request.action == "show" and request.program is not None:
            text = render.detail(request.program)
            return [Outgoing(text, sources=(request.program.page,))]
        if request.action == "unknown":
            # "programs that take old graduates" starts with the command's name.
            asked = read_list_request(f"programs {arg}")
            if asked is not None:
                return self._listing(turn, asked.focus)
            return [Outgoing(render.not_found(request.words, self.catalogue))]
        return await self._shortlist(turn, request)

    async def _shortlist(self, turn: Turn, request: ProgramsRequest) -> list[Outgoing]:
        """Shortlist actions, in a private chat."""
        user = turn.user_id
        if request.action == "shortlist":
            entries = await self.shortlist.entries(user)
            return [Outgoing(render.shortlist(entries, self.catalogue), private=True)]
        if request.action == "csv":
            return [await self._csv(user)]
        program = request.program
        if program is None:
            return [Outgoing(render.not_found(request.words, self.catalogue), private=True)]
        if request.action == "add":
            text = render.added(program, await self.shortlist.add(user, program.id, turn.now))
        elif request.action == "remove":
            text = render.removed(program, await self.shortlist.remove(user, program.id))
        else:
            found = bool(request.note) and await self.shortlist.note(user, program.id, request.note)
            text = render.noted(program, found, request.note)
        return [Outgoing(text, private=True)]

    async def _csv(self, user_id: int) -> Outgoing:
        entries = await self.shortlist.entries(user_id)
        if not entries:
            return Outgoing(render.shortlist(entries, self.catalogue), private=True)
        data = render.csv_file(entries, self.catalogue)
        return Outgoing(
            f"Your shortlist: {len(entries)} program(s).",
            private=True,
            attachment=Attachment("shortlist.csv", data, "text/csv"),
        )

    def _general(self) -> Outgoing:
        return Outgoing(
            render.general_list(self.catalogue),
            sources=tuple(p.page for p in self.catalogue.programs),
        )

    def _listing(self, turn: Turn, focus: tuple[str, ...]) -> list[Outgoing]:
        """The list: sorted for the applicant in private, by the asked rule, or general."""
        asked = self._asked(focus, turn.now)
        if turn.public or not turn.profile.filled():
            if not asked:
                return [self._general()]
            return [Outgoing(render.grouped(self.catalogue, asked, "**Med-psych programs**"))]
        mine = criteria_for(self.catalogue, turn.profile, turn.now.date())
        ids, wanted = {c.id for c in mine}, {c.id for c in asked}
        # What the question asks about comes first; the applicant's own criteria follow.
        criteria = [
            *(c for c in mine if c.id in wanted),
            *(c for c in asked if c.id not in ids),
            *(c for c in mine if c.id not in wanted),
        ]
        if not criteria:
            return [self._general()]
        heading = "**Med-psych programs, sorted for you** (what each page states)"
        return [Outgoing(render.grouped(self.catalogue, criteria, heading), private=True)]

    def _asked(self, focus: Sequence[str], now: datetime) -> list[Criterion]:
        """The criteria a question or `programs <rule>` names (no profile values used)."""
        found: list[Criterion] = []
        for name in _FOCUS_ORDER:
            if name not in focus:
                continue
            if name in ("h1b", "j1"):
                found.append(visa_criterion(self.catalogue, name))
            elif name == "visa" and not {"h1b", "j1"} & set(focus):
                found += [
                    visa_criterion(self.catalogue, "j1"),
                    visa_criterion(self.catalogue, "h1b"),
                ]
            elif name == "graduation":
                found.append(graduation_criterion(self.catalogue, None, now.date()))
            elif name == "attempts":
                found.append(attempts_criterion(self.catalogue, personal=False))
        return found
