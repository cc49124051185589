"""The profile is declared once, in flows.profile: every field round-trips through the store.

Nothing here names a field: a Profile field added tomorrow is covered by these tests and
needs no storage change (no column, no migration).
"""

from __future__ import annotations

import types
from datetime import date, datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin

import pytest
from pydantic import ValidationError
from pydantic.fields import FieldInfo

from bot.storage.models import ProfileRow
from bot.storage.profiles import from_document, to_document
from bot.storage.store import SqlStore
from flows.profile import PROFILE_FIELDS, Profile


def _bounds(info: FieldInfo) -> tuple[float, float]:
    lo, hi = 0.0, 100.0
    for rule in info.metadata:
        lo = float(getattr(rule, "ge", getattr(rule, "gt", lo)))
        hi = float(getattr(rule, "le", getattr(rule, "lt", hi)))
    return lo, hi


def _plain(annotation: Any) -> Any:
    """`X | None` -> X."""
    if get_origin(annotation) in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(annotation) if arg is not type(None)]
        return inner
    return annotation


def _sample(name: str, info: FieldInfo) -> Any:
    """A valid, non-trivial value for a Profile field, read from its declaration."""
    kind = _plain(info.annotation)
    lo, hi = _bounds(info)
    if get_origin(kind) is list:
        (item,) = get_args(kind)
        if isinstance(item, type) and issubclass(item, Enum):
            return list(item)[::-1]  # every member, not in declaration order
        return [_sample(name, FieldInfo(annotation=item))]
    if isinstance(kind, type) and issubclass(kind, Enum):
        return list(kind)[-1]
    if kind is bool:
        return True
    if kind is int:
        return int((lo + hi) // 2)
    if kind is float:
        return (lo + hi) / 2 + 0.25
    if kind is str:
        limit = next(
            (rule.max_length for rule in info.metadata if getattr(rule, "max_length", None)), 60
        )
        return "Şelale 2027-06 ✓"[:limit]
    if kind is date:
        return date(2027, 6, 1)
    if kind is datetime:
        return datetime(2027, 6, 1, 9, 30)
    pytest.fail(
        f"Profile.{name}: no sample value for {kind!r}; teach _sample this type "
        "so the store is tested with it"
    )


def _full_profile() -> Profile:
    return Profile(**{name: _sample(name, info) for name, info in Profile.model_fields.items()})


def test_the_profile_table_declares_no_field_of_its_own() -> None:
    """Profile is the one declaration: no column repeats a field (they would drift apart)."""
    repeated = set(PROFILE_FIELDS) & set(ProfileRow.__table__.c.keys())
    assert not repeated, f"profiles columns repeating Profile fields: {sorted(repeated)}"


async def test_every_profile_field_round_trips_through_the_store(store: SqlStore) -> None:
    """A profile with every field answered is read back whole by a fresh process."""
    full = _full_profile()
    assert set(full.filled()) == set(PROFILE_FIELDS)  # every field answered
    user = await store.resolve_user("console", "amira")
    record = await store.load_session(user, "ask_name")
    record.answers = full.filled()
    assert await store.save_session(record, answers_changed=True)
    fresh = SqlStore(store.engine)
    answers = (await fresh.load_session(user, "ask_name")).answers
    for name in PROFILE_FIELDS:
        assert answers.get(name) == full.filled()[name], f"Profile.{name} was not kept"
    assert await fresh.load_profile(user) == full


async def test_a_cleared_answer_is_cleared_in_the_store(store: SqlStore) -> None:
    """An answer removed (None or absent) is gone after a reload, like every other field."""
    user = await store.resolve_user("console", "amira")
    record = await store.load_session(user, "ask_name")
    record.answers = _full_profile().filled()
    assert await store.save_session(record, answers_changed=True)
    record.answers = {"visa": "needs_j1", "match_year": None}
    assert await store.save_session(record, answers_changed=True)
    assert (await SqlStore(store.engine).load_session(user, "x")).answers == {"visa": "needs_j1"}


def test_invalid_answers_are_refused_before_they_are_stored() -> None:
    """The document is validated on the way in: a value Profile refuses never lands."""
    with pytest.raises(ValidationError):
        to_document({"graduation_year": 1066})
    with pytest.raises(ValidationError):
        to_document({"not_a_field": 1})


def test_a_stored_value_profile_no_longer_accepts_is_left_out() -> None:
    """After a Profile change, what it no longer declares or accepts is dropped, the rest kept."""
    stored = {"visa": "needs_j1", "graduation_year": 1066, "retired_field": "x", "usce_months": 6}
    assert from_document(stored) == {"visa": "needs_j1", "usce_months": 6.0}
    assert from_document(None) == {}
