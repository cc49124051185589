"""The profile document: `flows.profile.Profile` in and out of the `profiles.data` column.

Only the answered fields are stored (None and absent are the same answer: not given), in
Profile's JSON form, so what a fresh process reads equals what the interview wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from flows.profile import PROFILE_FIELDS, PROFILE_SCHEMA_VERSION, Profile

log = logging.getLogger(__name__)
_FIELDS = frozenset(PROFILE_FIELDS)


def to_document(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Return the JSON document stored for these answers, validated by Profile."""
    return Profile.model_validate(answers).filled()


def row_values(user_id: int, answers: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """Return the `profiles` row for a user's answers (as written by the session writer)."""
    return {
        "user_id": user_id,
        "data": to_document(answers),
        "schema_version": PROFILE_SCHEMA_VERSION,
        "updated_at": now,
    }


def from_document(document: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the answers a stored document holds, validated by today's Profile.

    A field Profile no longer declares, or whose stored value it no longer accepts, is left
    out (and logged by name only) rather than failing every message of that user.
    """
    known = {k: v for k, v in (document or {}).items() if k in _FIELDS and v is not None}
    try:
        return Profile.model_validate(known).filled()
    except ValidationError as exc:
        bad = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        log.warning("stored profile fields no longer valid, left out: %s", sorted(bad))
        return Profile.model_validate({k: v for k, v in known.items() if k not in bad}).filled()
