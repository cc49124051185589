"""Figures that belong to one season (signal counts, ERAS fees): shown with a warning to an
applicant of a later Match, since they change every season."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from knowledge.model import Fact


def stale_note(match_year: int) -> str:
    """The words added to a figure of an earlier season shown for a later Match."""
    return f"may have changed for Match {match_year}"


def facts_for(facts: Mapping[str, Fact], match_year: int | None) -> Mapping[str, Fact]:
    """Return the facts as an applicant of `match_year` sees them: each figure of an
    earlier season says it may have changed (the others are the same objects)."""
    if match_year is None:
        return facts
    stale = {
        f.id: replace(f, display=_flagged(f.display, stale_note(match_year)))
        for f in facts.values()
        if f.season is not None and f.season < match_year
    }
    return {**facts, **stale} if stale else facts


def _flagged(display: str, note: str) -> str:
    """'2 (2025 season)' -> '2 (2025 season; may have changed for Match 2027)'."""
    if display.endswith(")"):
        return f"{display[:-1]}; {note})"
    return f"{display} ({note})"
