"""Reading a name: "Salam", "my name is Omar", "I'm Dr. Sara Khan", "call me Salam", "محمد".

A name holds letters of any script (with their combining marks: "प्रिया"), spaces, hyphens,
apostrophes and dots ("Anne-Marie", "O'Neil", "Dr. Omar"); anything else ("<b>hi</b>",
"J1, 2019") is asked again, so it is never stored or shown back as a name.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flows.parsing import Parsed, clean, fail

_GREETINGS = frozenset(
    {
        "hi",
        "hello",
        "hey",
        "hii",
        "assalamualaikum",
        "assalamu alaikum",
        "salam alaikum",
        "salaam alaikum",
        "hola",
        "good morning",
        "good evening",
        "yo",
        "hi there",
    }
)

# Declining to give a name, and agreeing without giving one: neither is a name.
_NO_NAME = re.compile(
    r"(no|nope|nah|none|pass|skip( it| please)?|anonymous|not now"
    r"|no,? thanks?( you)?|(i'?d )?(prefer|rather) not( to)?( say| share)?)"
)
_AGREEING = frozenset({"ok", "okay", "k", "yes", "yeah", "yep", "sure", "fine", "y", "alright"})

# "my name is Omar", "I'm Omar", "call me Dr. Omar": the name is what follows.
_NAME_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hey|salam)\b[\s,!.]*)?"
    r"(?:my name is|my name's|name is|name\s*:|i am|i'm|it's|this is|"
    r"(?:you can |please |just )?call me)(?:\s+|$)",
    re.IGNORECASE,
)
# "Amina from Egypt", "Amina here", "Amina, an IMG": what follows the name is not part of it.
_NAME_TAIL = re.compile(
    r"(?:\s+from\s.*|\s+here\W*|\s*,\s*(?:an?|the|from|img)\s.*)$", re.IGNORECASE
)
_INSIDE_A_WORD = frozenset("'’.-")


def _letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "L"


def is_name_word(word: str) -> bool:
    """Whether `word` can be one word of a name: a letter, then letters, combining marks,
    hyphens, apostrophes or dots ("o'neil", "dr.", "प्रिया")."""
    return (
        bool(word)
        and _letter(word[0])
        and all(unicodedata.category(ch)[0] in "LM" or ch in _INSIDE_A_WORD for ch in word[1:])
    )


def _looks_like_a_name(text: str) -> bool:
    """Words of letters, each starting with one ("-A" and "' '" are no names)."""
    words = text.split(" ")
    return bool(text) and all(map(is_name_word, words))


def parse_name(text: str, _today: date) -> Parsed:
    """Read the name to call the applicant by; "no thanks" answers with no name."""
    introduced = _NAME_LEAD_IN.match(text.strip()) is not None  # "call me Pass" is a name
    text = _NAME_TAIL.sub("", _NAME_LEAD_IN.sub("", text.strip(), count=1))
    name = " ".join(clean(text).split())[:60]
    original = " ".join(text.split())[:60].strip(" .,!")
    if not any(map(_letter, original)) or "://" in name:
        return fail("Please type the name you'd like me to use, or `skip`.")
    said = name.strip(" .,!?")
    # A greeting on its own greets back; "Salam" is a name too, so at the name question it is
    # one ("Salam" and "my name is Salam" both give Salam), unlike "hi" or "salam alaikum".
    if not introduced and said.casefold() in _GREETINGS:
        return fail("Hello! What name should I use for you? Type it, or `skip`.")
    if not introduced and _NO_NAME.fullmatch(said):  # optional: "no thanks" answers it
        return Parsed({"name": None})
    if not introduced and said in _AGREEING:  # "ok" to "what should I call you?"
        return fail("Sure - what name should I use? Type it, or `skip`.")
    # "J1, 2019" answers later questions; "<b>hi</b>" would be shown back as markup.
    if not _looks_like_a_name(original):
        return fail(
            "That doesn't look like a name. What should I call you? Type a name, "
            "or `skip` to go on to the other questions."
        )
    return Parsed({"name": original})
