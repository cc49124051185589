"""Read what `programs <what>` asks for: the list, one program, or a shortlist change.

Pure functions (no platform, no storage), so they are tested with hypothesis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.programs import Catalogue, Program

_SPACE = re.compile(r"\s+")
_SEPARATORS = " :-,"
FOCUS_WORDS = {
    "h1b": "h1b",
    "h-1b": "h1b",
    "h1": "h1b",
    "j1": "j1",
    "j-1": "j1",
    "visa": "visa",
    "visas": "visa",
    "graduation": "graduation",
    "yog": "graduation",
    "attempts": "attempts",
    "fails": "attempts",
}
_GENERAL = frozenset({"all", "general", "list", "everything"})
_SHORTLIST = frozenset({"shortlist", "mine", "my", "my list", "my shortlist", "saved"})
_CSV = frozenset({"csv", "export", "export csv", "shortlist csv", "download"})
_ACTIONS = {
    "add": "add",
    "save": "add",
    "remove": "remove",
    "drop": "remove",
    "delete": "remove",
    "note": "note",
}


@dataclass(frozen=True, slots=True)
class ProgramsRequest:
    """What a `programs` command asks for."""

    action: str  # list, general, focus, show, add, remove, note, shortlist, csv, unknown
    program: Program | None = None
    note: str = ""
    focus: str = ""  # for `focus`: "h1b", "j1", "visa", "graduation", "attempts"
    words: str = ""  # what was typed after the action (for a friendly "not found")

    @property
    def personal(self) -> bool:
        """Whether it shows or changes the user's own shortlist (private chats only)."""
        return self.action in {"add", "remove", "note", "shortlist", "csv"}


def find_program(catalogue: Catalogue, text: str) -> tuple[Program, str] | None:
    """The program a text starts with (by id, alias or institution) and the rest of it."""
    norm = _SPACE.sub(" ", text).strip()
    best: tuple[int, Program] | None = None
    for program in catalogue.programs:
        for key in {program.id, *program.aliases, program.institution.casefold()}:
            # The prefix is compared on its own, so the rest keeps exactly what was typed.
            n = len(key)
            starts = norm[:n].casefold() == key and norm[n : n + 1] in ("", " ", ":")
            if starts and (best is None or n > best[0]):
                best = (n, program)
    if best is None:
        return None
    return best[1], norm[best[0] :].strip(_SEPARATORS)


def read_request(catalogue: Catalogue, arg: str) -> ProgramsRequest:
    """Read the words after `programs`."""
    text = _SPACE.sub(" ", arg).strip()
    low = text.casefold()
    if not low:
        return ProgramsRequest("list")
    if low in _GENERAL:
        return ProgramsRequest("general")
    if low in _SHORTLIST:
        return ProgramsRequest("shortlist")
    if low in _CSV:
        return ProgramsRequest("csv")
    if low in FOCUS_WORDS:
        return ProgramsRequest("focus", focus=FOCUS_WORDS[low])
    head, _, rest = text.partition(" ")
    action = _ACTIONS.get(head.casefold())
    if action is not None:
        found = find_program(catalogue, rest)
        if found is None:
            return ProgramsRequest(action, words=rest.strip())
        program, remainder = found
        return ProgramsRequest(action, program, note=remainder if action == "note" else "")
    found = find_program(catalogue, text)
    if found is not None:
        return ProgramsRequest("show", found[0])
    return ProgramsRequest("unknown", words=text)
