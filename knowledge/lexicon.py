"""The matcher's vocabulary: phrases and abbreviations mapped to concept words.

Read from knowledge/data/lexicon.yaml, so an advisor can teach the bot a new abbreviation
without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from knowledge.reader import Reader
from knowledge.yamlsrc import LList, LMap

_WORD = re.compile(r"[a-z0-9]+")
_SECTIONS = ("spelling", "phrases", "words", "off_topic", "programs", "domain")

Keywords = tuple[tuple[tuple[str, ...], float], ...]


def _key(text: str) -> str:
    """Normalise a phrase so "h-1b", "h 1b" and "h1 b" style variants share one key."""
    return " ".join(p for p in re.split(r"[\s/-]+", text.strip()) if p)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    parts = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not parts:
        return None
    alts = "|".join(re.escape(p).replace(r"\ ", r"[\s/-]+") for p in parts)
    return re.compile(rf"(?<![a-z0-9])(?:{alts})(?![a-z0-9])")


@dataclass(frozen=True)
class Lexicon:
    """Maps what applicants type to the concept words topic keywords use."""

    spelling: dict[str, str]
    phrases: dict[str, str]
    words: dict[str, str]
    off_topic: Keywords
    programs: tuple[tuple[str, ...], ...]
    domain: frozenset[str]
    pattern: re.Pattern[str] | None
    spelling_pattern: re.Pattern[str] | None

    def _replace(self, text: str) -> str:
        if self.spelling_pattern is not None:
            text = self.spelling_pattern.sub(lambda m: self.spelling[m.group(0)], text)
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: f" {self.phrases[_key(m.group(0))]} ", text)

    def surface_tokens(self, text: str) -> list[str]:
        """Lowercase, fix spellings, rewrite phrases, split into words."""
        return _WORD.findall(self._replace(text.lower().replace("\u2019", "'")))

    def concept(self, word: str) -> str:
        """Map one word to its concept (itself when unknown)."""
        return self.words.get(word, word)

    def concepts(self, text: str) -> tuple[str, ...]:
        """Turn a keyword or phrase into its concept words, without duplicates."""
        return tuple(dict.fromkeys(self.concept(w) for w in self.surface_tokens(text)))

    def keywords(self, r: Reader, m: LMap) -> Keywords:
        """Read a topic's `keywords:` mapping (word or phrase -> weight 1..5)."""
        raw = m.get("keywords")
        if not isinstance(raw, LMap) or not raw:
            r.add(m.line_of("keywords"), "'keywords' must map words to weights, e.g. 'visa: 5'")
            return ()
        out: list[tuple[tuple[str, ...], float]] = []
        seen: dict[frozenset[str], str] = {}
        for key, weight in raw.items():
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not 0 < weight <= 5
            ):
                r.add(raw.line_of(key), f"the weight of '{key}' must be a number from 1 to 5")
                continue
            concepts = self.concepts(str(key))
            if not concepts:
                r.add(raw.line_of(key), f"the keyword '{key}' has no letters or digits")
                continue
            first = seen.setdefault(frozenset(concepts), str(key))
            if first != str(key):
                r.add(
                    raw.line_of(key),
                    f"the keyword '{key}' means the same as '{first}' (see lexicon.yaml); keep one",
                )
                continue
            out.append((concepts, float(weight)))
        return tuple(out)


def _strings(r: Reader, value: Any, line: int, what: str) -> list[str]:
    if not isinstance(value, LList) or not all(isinstance(v, str | int) for v in value):
        r.add(line, f"{what} must be a list of words, like [ps, pss]")
        return []
    return [str(v).lower().strip() for v in value]


def _table(r: Reader, data: LMap, section: str) -> dict[str, str]:
    """Read `concept: [form, ...]` into form -> concept, reporting clashes."""
    out: dict[str, str] = {}
    table = data.get(section)
    if table is None:
        return out
    if not isinstance(table, LMap):
        r.add(data.line_of(section), f"'{section}' must map a word to a list of forms")
        return out
    for concept, forms in table.items():
        for form in _strings(r, forms, table.line_of(concept), f"'{concept}'"):
            key = _key(form) if section == "phrases" else form
            if key in out and out[key] != concept:
                r.add(table.line_of(concept), f"'{form}' already means '{out[key]}'")
            out[key] = concept
    return out


def read_lexicon(r: Reader, data: Any) -> Lexicon:
    """Build the lexicon from lexicon.yaml, reporting malformed sections."""
    if not isinstance(data, LMap):
        if data is not None:
            r.add(getattr(data, "line", 1), "the lexicon needs sections: " + ", ".join(_SECTIONS))
        return Lexicon({}, {}, {}, (), (), frozenset(), None, None)
    r.keys(data, (), _SECTIONS, "the lexicon")
    spelling = _table(r, data, "spelling")
    phrases = _table(r, data, "phrases")
    words = _table(r, data, "words")
    forms = [
        f
        for c, fs in (data.get("phrases") or {}).items()
        if isinstance(fs, list)
        for f in (str(x).lower().strip() for x in fs)
    ]
    spelling_re = re.compile(rf"\b(?:{'|'.join(map(re.escape, spelling))})\b") if spelling else None
    lex = Lexicon(
        spelling, phrases, words, (), (), frozenset(), _phrase_pattern(forms), spelling_re
    )
    off: list[tuple[tuple[str, ...], float]] = []
    table = data.get("off_topic")
    if isinstance(table, LMap):
        for key, weight in table.items():
            if isinstance(weight, bool) or not isinstance(weight, int | float):
                r.add(table.line_of(key), f"the weight of '{key}' must be a number")
                continue
            off.append((lex.concepts(key), float(weight)))
    programs = [
        tuple(lex.surface_tokens(p))
        for p in _strings(r, data.get("programs"), data.line_of("programs"), "'programs'")
    ]
    domain = [
        lex.concept(w) for w in _strings(r, data.get("domain"), data.line_of("domain"), "'domain'")
    ]
    return Lexicon(
        spelling,
        phrases,
        words,
        tuple(off),
        tuple(p for p in programs if p),
        frozenset(domain),
        lex.pattern,
        spelling_re,
    )
