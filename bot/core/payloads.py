"""Button payloads, written and read in one place: `<prefix><field>:<field>…`.

A payload is what a pressed button sends back (a `Choice.payload`). Its prefix says whose
button it is; every prefix in use is named here, so two features cannot pick the same one
unseen, and each feature hands the Advisor a handler for its own prefix
(`Feature.payload_handlers`). Platforms cap a payload's size (64 bytes on some), so the
fields stay short: states, ids, numbers and short command lines, never typed text.
"""

from __future__ import annotations

from dataclasses import dataclass

SEP = ":"

ANSWER = "a:"  # a:<question state>:<option index>   an interview option
SKIP = "s:"  # s:<question state>                   an interview question's Skip
COMMAND = "c:"  # c:<command line>                   e.g. "c:plan all", "c:edit visa"
TOPIC = "t:"  # t:<topic id>                         a suggested topic
YES = "y:"  # y:<offer kind>:<token>                 the yes of a yes/no question
NO = "n:"  # n:<offer kind>:<token>                  its no (the token: that one offer)
PRIVATE = "dm:"  # dm:<command line>                 "continue privately" (adapters open a DM)
REMINDER = "rem:"  # rem:<action>[:<argument>]       reminders and season reminders
SETUP = "setup:"  # setup:<event>:<argument>        a group's setup events from its adapter

PREFIXES = frozenset({ANSWER, SKIP, COMMAND, TOPIC, YES, NO, PRIVATE, REMINDER, SETUP})


@dataclass(frozen=True, slots=True)
class Payload:
    """A decoded payload: its prefix (with the separator) and the text after it."""

    prefix: str
    rest: str

    def head(self) -> tuple[str, str]:
        """Split off the first field: "rem:sub:2027" -> ("sub", "2027")."""
        first, _, remainder = self.rest.partition(SEP)
        return first, remainder

    def tail(self) -> tuple[str, str]:
        """Split off the last field: "a:ask_visa:2" -> ("ask_visa", "2")."""
        before, _, last = self.rest.rpartition(SEP)
        return before, last


def encode(prefix: str, *fields: str | int) -> str:
    """Write a payload: encode(REMINDER, "sub", 2027) == "rem:sub:2027"."""
    if prefix not in PREFIXES:
        raise ValueError(f"unregistered payload prefix {prefix!r}")
    words = [str(f) for f in fields]
    if any(SEP in word for word in words[:-1]):
        raise ValueError(f"only a payload's last field may hold {SEP!r}: {words}")
    return prefix + SEP.join(words)


def decode(payload: str) -> Payload:
    """Read a payload; one without a separator has the prefix "" (no feature's)."""
    head, sep, rest = payload.partition(SEP)
    return Payload(head + sep, rest) if sep else Payload("", payload)


def answer(state: str, index: int) -> str:
    """The payload of an interview option."""
    return encode(ANSWER, state, index)


def skip(state: str) -> str:
    """The payload of a question's Skip button."""
    return encode(SKIP, state)


def command(line: str) -> str:
    """A button that runs a command line as if typed ("plan all")."""
    return encode(COMMAND, line)


def topic(topic_id: str) -> str:
    """A button that answers one topic."""
    return encode(TOPIC, topic_id)


def yes(kind: str, token: str = "") -> str:
    """The yes button of the yes/no question `kind`, asked the one time `token` names."""
    return encode(YES, kind, token) if token else encode(YES, kind)


def no(kind: str, token: str = "") -> str:
    """The no button of the yes/no question `kind`, asked the one time `token` names."""
    return encode(NO, kind, token) if token else encode(NO, kind)


def offer(payload: str) -> tuple[str, str]:
    """The offer kind and token of a yes or no button: "y:forget:3fa9" -> ("forget", "3fa9");
    a button from before offers had tokens has the token ""."""
    return decode(payload).head()


def private(line: str = "start") -> str:
    """A "continue privately" button: the adapter opens a private chat and runs `line`."""
    return encode(PRIVATE, line)


def private_line(payload: str) -> str | None:
    """The command line of a "continue privately" payload; None for any other payload."""
    decoded = decode(payload)
    return decoded.rest if decoded.prefix == PRIVATE else None


def reminder(action: str, argument: str | int | None = None) -> str:
    """A reminder button: reminder("snooze1h", 12) == "rem:snooze1h:12"."""
    return encode(REMINDER, action) if argument is None else encode(REMINDER, action, argument)
