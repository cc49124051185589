"""A question's choices: buttons with the values they set, picked by number or label."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flows.parsing import Parsed, Parser, clean


@dataclass(frozen=True, slots=True)
class Option:
    """One choice: its button label and the profile values it sets."""

    label: str
    values: Mapping[str, Any]


def from_options(options: tuple[Option, ...], fallback: Parser, multi: bool) -> Parser:
    """Accept an option's number or label before falling back to the free-text parser."""

    def parse(text: str, today: date) -> Parsed:
        picked = pick_options(options, text, multi)
        if picked is not None:
            return Parsed(merge_option_values(picked))
        return fallback(text, today)

    return parse


def pick_options(options: tuple[Option, ...], text: str, multi: bool) -> list[Option] | None:
    """Return the options named by number or exact label ("2", "IM", "1, 3"), if any."""
    t = clean(text)
    if not options or not t:
        return None
    parts = [p.strip() for p in t.replace(" and ", ",").split(",")] if multi else [t]
    picked: list[Option] = []
    for part in parts:
        # isdecimal, not isdigit: "²" and "⓹" are digits int() cannot read.
        if part.isdecimal() and 1 <= int(part) <= len(options):
            picked.append(options[int(part) - 1])
            continue
        exact = [o for o in options if clean(o.label) == part]
        if not exact:
            return None
        picked.append(exact[0])
    return picked or None


def merge_option_values(picked: list[Option]) -> dict[str, Any]:
    """Combine chosen options; list values (multi-select) are unioned in order."""
    merged: dict[str, Any] = {}
    for option in picked:
        for key, value in option.values.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + [v for v in value if v not in merged[key]]
            else:
                merged[key] = value
    return merged
