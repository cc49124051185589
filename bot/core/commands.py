"""The command set, named once: every platform exposes this list."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    """A command a user can type at any point (`plan`, `/plan`, `/advisor plan`)."""

    name: str
    description: str  # short: fits the platforms' command menus (100 characters at most)
    args: str = ""  # how arguments are written, for help text
    menu: bool = True  # shown in platform command menus
    personal: bool = False  # shows or asks for personal data: private chats only


COMMANDS: tuple[Command, ...] = (
    Command("start", "Start or resume your interview", personal=True),
    Command("plan", "Your personalised plan", personal=True),
    Command("ask", "Ask a question about applying", args="<question>"),
    Command("profile", "See everything stored about you", personal=True),
    Command("edit", "Change one answer", args="<field>", personal=True),
    Command("remind", "Set a reminder", args="<when>: <what>", personal=True),
    Command("reminders", "List, edit or cancel your reminders", personal=True),
    Command("timeline", "The application season as a picture", personal=True),
    Command("calendar", "The season as a calendar file (.ics)", personal=True),
    Command(
        "programs", "Med-psych programs: visas, limits, sources; your shortlist", args="[what]"
    ),
    Command("forget", "Delete everything stored about you", personal=True),
    Command("help", "What I can do"),
    Command("back", "Go back one question", menu=False, personal=True),
    Command("skip", "Skip an optional question", menu=False, personal=True),
    Command("restart", "Start the interview again", menu=False, personal=True),
    Command(
        "link", "Link your accounts on two platforms", args="[code]", menu=False, personal=True
    ),
    Command(
        "setup",
        "Group admins: season reminders in this group",
        args="on <time zone> | show | off",
        menu=False,
    ),
    Command("quit", "Leave the chat; your answers are kept", menu=False),
)

COMMANDS_BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}


_EDIT_WORDS = frozenset({"change", "update"})
# Ways of leaving, typed alone: `quit`, never an answer ("bye" is nobody's name here).
_LEAVE_WORDS = frozenset(
    {
        "quit",
        "exit",
        "bye",
        "goodbye",
        "good bye",
        "bye bye",
        "byebye",
        "bye for now",
        "ok bye",
        "see you",
        "see ya",
        "cya",
        "logout",
        "log out",
    }
)
_PUNCTUATION = re.compile(r"[\s.!,]+")


def menu_commands() -> tuple[Command, ...]:
    """Return the commands platforms should list in their menus."""
    return tuple(c for c in COMMANDS if c.menu)


def split_command(text: str) -> tuple[str, str] | None:
    """Split "/plan", "plan" or "/edit@MyBot visa" into (name, argument), or None."""
    stripped = text.strip()
    if not stripped:
        return None
    if _PUNCTUATION.sub(" ", stripped.lstrip("/").casefold()).strip() in _LEAVE_WORDS:
        return ("quit", "")
    head, _, rest = stripped.partition(" ")
    name = head.lstrip("/").split("@", 1)[0].lower()
    if name in _EDIT_WORDS and rest.strip():  # "change my visa" is `edit visa`
        return ("edit", rest.strip())
    if name not in COMMANDS_BY_NAME:
        return None
    # A bare word that is also a command only counts when typed alone or with "/".
    if not head.startswith("/") and name in {"ask", "link"} and not rest:
        return (name, "")
    return (name, rest.strip())
