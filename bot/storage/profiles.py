"""The profile document: `flows.profile.Profile` in and out of the `profiles.data` column.

Only the answered fields are stored (None and absent are the same answer: not given), in
Profile's JSON form, so what a fresh process reads equals what the interview wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from flows.profile import Profile

log = logging.getLogger(__name__)


def to_document(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Return the JSON document stored for these answers, validated by Profile."""
    return Profile.model_validate(answers).filled()


def from_document(document: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the answers a stored document holds, validated by today's Profile.

    A field Profile no longer declares, or whose stored value it no longer accepts, is left
    out (and logged by name only) rather than failing every message of that user.
    """
    known = {k: v for k, v in (document or {}).items()
             if k in Profile.model_fields and v is not None}
    try:
        return Profile.model_validate(known).filled()
    except ValidationError as exc:
        bad = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        log.warning("stored profile fields no longer valid, left out: %s", sorted(bad))
        return Profile.model_validate({k: v for k, v in known.items() if k not in bad}).filled()
