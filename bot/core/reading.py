"""How a question sits in the conversation: a follow-up, one of several, or a story's end.

Pure functions over the typed text, tested with hypothesis: `is_follow_up` ("what about
psych?", "and if I fail again?"), `questions_in` (the questions of a post that asks
several) and `closing_question` (the question a long story ends in).
"""

from __future__ import annotations

import re
import unicodedata

from flows.parsing import looks_like_question

FOLLOW_UP_WORDS = 10  # "and if I fail it again next year?" still follows; a story does not
# "what about psych?", "and if I fail again?", "what if I need h1b instead", "same for CK?",
# "how about observerships", "but for J1?", "or H-1B?", "what about me"
_FOLLOW_UP = re.compile(
    r"(?:(?:ok(?:ay)?|so|and|but|also|then|hmm)[\s,]+)*"
    r"(?:(?:what|how) about|what if|and if|but if|(?:and|but|so) what|(?:the )?same (?:for|with)"
    r"|and for|but for|and with|but with|and in|but in|or|and|also|even if|then what)\b"
)
_TRAILING = re.compile(r"\b(?:instead|too|as well|then)\W*$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _words(text: str) -> str:
    """The text normalised for reading: NFKC, casefolded, one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def is_follow_up(text: str) -> bool:
    """Whether a short message reads as a follow-up to the last answer ("what about psych?")."""
    said = _words(text)
    if not said or len(said.split()) > FOLLOW_UP_WORDS:
        return False
    return _FOLLOW_UP.match(said) is not None or _TRAILING.search(said) is not None


def sentences(text: str) -> list[str]:
    """Split text into its sentences and lines, dropping empty ones."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def questions_in(text: str) -> list[str]:
    """The questions a post asks, in order: sentences ending in "?" or starting like one."""
    found = []
    for sentence in sentences(text):
        asked = sentence.rstrip().endswith("?") or looks_like_question(sentence)
        if asked and len(sentence.split()) >= 2:
            found.append(sentence)
    return found


def closing_question(text: str) -> str | None:
    """The question a message ends with (its last sentence), or None when it ends otherwise."""
    parts = sentences(text)
    if not parts:
        return None
    last = parts[-1]
    return last if last.endswith("?") or looks_like_question(last) else None
