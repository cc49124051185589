"""Which writing system a message is in: the advisor reads and answers English.

A message written mostly in another script (Arabic, Devanagari, Bengali, Chinese,
Cyrillic, ...) cannot be matched to a topic, so it gets a short note instead of a topic
menu it cannot read. Digits are no letters and count for no script (`٢٠١٩` is a year in
any language); an English message with a name in another script ("my name is محمد") is
English.
"""

from __future__ import annotations

import unicodedata

LATIN = "LATIN"
_MIN_LETTERS = 2  # one stray letter says nothing about the language
_SHARE = 0.5  # more than half the letters in another script: written in it
# Unicode names a CJK ideograph "CJK UNIFIED IDEOGRAPH-…"; Japanese kana have their own.
_SCRIPT_NAMES = {"CJK": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese"}


def script_of(ch: str) -> str | None:
    """The script a letter is written in, as Unicode names it ("ARABIC"); None for others."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def other_script(text: str) -> str | None:
    """The script most of a message's letters are in, when it is not Latin; else None."""
    counts: dict[str, int] = {}
    for ch in text:
        script = script_of(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    letters = sum(counts.values())
    if letters < _MIN_LETTERS:
        return None
    others = {s: n for s, n in counts.items() if s != LATIN}
    if sum(others.values()) <= _SHARE * letters:
        return None
    main = max(sorted(others), key=lambda s: others[s])
    return _SCRIPT_NAMES.get(main, main.title())
