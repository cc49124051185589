"""Short social replies ("thank u", "ok", "lol", "😭"): no question, so no topic menu.

`social_reply` names the kind of a message that only thanks, acknowledges or shows a
feeling, so the core can answer it with one short kind line. Anything with a question in
it, or more than a few words, is no social reply: "ok but what about Step 3?" is asked.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from flows.parsing import says_thanks

_MAX_WORDS = 5  # "ok thank you so much" is social; a sentence is not


class Social(StrEnum):
    """What a social reply says."""

    THANKS = "thanks"
    UPSET = "upset"  # 😭, "ugh", "so stressed"
    OKAY = "okay"  # "ok", "great", "lol", 👍


_THANKS = (
    r"(?:thank (?:u|ya|you|yo)|thanku|thanks?(?: (?:u|ya|you))?|thx|thnx|thnks|tysm|tyvm"
    r"|shukriya|dhanyavad)(?: (?:so|very) much| a lot| again)?"
)
_UPSET = (
    r"ugh+|sigh|oh no|(?:so |very |really )?(?:sad|stressed|worried|anxious|scared|tired)"
    r"|this is (?:hard|tough|scary)|i'?m (?:scared|stressed|worried|sad|lost)"
)
_OKAY = (
    r"ok+(?:ay)?|k|kk|okie|alright|all right|sure|fine|got it|gotcha|i see|understood|noted"
    r"|great|cool|nice|good|perfect|awesome|amazing|wow|oh|ah|hmm+|interesting|makes sense"
    r"|lol|lmao|haha+|hehe+|xd|yay|wonderful|excellent|that helps|helpful|very helpful"
    r"|sounds good|good to know|doc|doctor"
)
_OKAYS = f"(?:{_OKAY})(?: (?:{_OKAY}))*"
_THANKS_REPLY = re.compile(f"(?:{_OKAYS} )?(?:{_THANKS})(?: {_OKAYS})?")
_UPSET_REPLY = re.compile(f"(?:{_OKAYS} )?(?:{_UPSET})")
_OKAY_REPLY = re.compile(_OKAYS)
_PUNCTUATION = re.compile(r"[\s,.!~]+")
# A feeling shown by an emoji alone: crying, sad and worried faces, a broken heart.
_UPSET_EMOJI = frozenset("😭😢😥😞😔😟☹🙁😩😫😰😱💔🥺😿")


def _emoji(ch: str) -> bool:
    """Whether a character is an emoji or symbol (or what joins emoji into one)."""
    return unicodedata.category(ch) in ("So", "Sk", "Cf", "Mn") or ch == "\ufe0f"


def social_reply(text: str) -> Social | None:
    """Name what a short social message says, or None for anything else."""
    said = unicodedata.normalize("NFKC", text).strip().casefold()
    if not said or "?" in said or len(said.split()) > _MAX_WORDS:
        return None
    sad = any(ch in _UPSET_EMOJI for ch in said)
    has_emoji = any(_emoji(ch) for ch in said)
    # Emoji after the words ("great 👍", "ok 😭") keep the words' meaning; a sad one wins.
    words = _PUNCTUATION.sub(" ", "".join(" " if _emoji(ch) else ch for ch in said)).strip()
    if not words:
        if not has_emoji:
            return None  # "-" or "..." may be an answer ("none"), not a feeling
        return Social.UPSET if sad else Social.OKAY
    if says_thanks(said) or _THANKS_REPLY.fullmatch(words):
        return Social.THANKS
    if _UPSET_REPLY.fullmatch(words):
        return Social.UPSET
    if _OKAY_REPLY.fullmatch(words):
        return Social.UPSET if sad else Social.OKAY
    return None
