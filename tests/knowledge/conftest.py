"""Shared fixtures: the shipped knowledge, a fixed date, and profile builders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.profile import Profile
from knowledge import KnowledgeBase, load_knowledge

TODAY = dt.date(2025, 4, 1)  # Match 2026 applicants are five months from ERAS opening
DATA = Path(__file__).resolve().parents[1] / "data"

# A complete, unremarkable applicant: J-1, no fails, CK above the mean, balanced USCE and
# letters, Match 2026. Cases change a few fields from here.
BASE: dict[str, Any] = {
    "visa": "needs_j1",
    "graduation_year": 2022,
    "match_year": 2026,
    "step1_status": "passed",
    "step1_attempts": 1,
    "step2_status": "passed",
    "step2_attempts": 1,
    "step2_score": 255,
    "step3_status": "not_planned",
    "usce_months": 4,
    "usce_hands_on_months": 3,
    "usce_fields": ["im", "psychiatry", "cl_psychiatry"],
    "letters_im": 2,
    "letters_psych": 1,
    "letters_medpsych": 1,
    "letters_other": 0,
    "scholarship": ["research"],
    "interests": ["consult_liaison"],
}


def _make_profile(**changes: Any) -> Profile:
    return Profile.model_validate({**BASE, **changes})


def _scenario(name: str) -> Profile:
    (path,) = (DATA / "profiles").glob(f"{name}*.yaml")
    return Profile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge shipped with the bot, loaded once."""
    return load_knowledge(clock=lambda: TODAY)


@pytest.fixture(scope="session")
def today() -> dt.date:
    """The fixed date the tests plan from."""
    return TODAY


@pytest.fixture(scope="session")
def make_profile() -> Callable[..., Profile]:
    """Build BASE with some fields changed (None clears a field)."""
    return _make_profile


@pytest.fixture(scope="session")
def scenario() -> Callable[[str], Profile]:
    """Load one of the eight scenario profiles from tests/data/profiles/ by number."""
    return _scenario


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data."""
    return DATA
