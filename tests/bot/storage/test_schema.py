"""Migrations and models agree on every table; 0005's data move; `db revision` autogenerates."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import schema
from bot.storage.database import create_engine
from bot.storage.models import Base
from bot.storage.reminder_models import UTCDateTime
from bot.storage.schema import (
    current_revision,
    downgrade,
    head_revision,
    import_all_models,
    new_revision,
    upgrade,
)
from bot.storage.store import SqlStore
from flows.profile import Profile


async def _differences(engine: AsyncEngine) -> list[Any]:
    """What Alembic would change to turn the database into the models' schema."""
    import_all_models()
    async with engine.connect() as conn:
        return await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )


async def test_migrations_create_the_schema_and_go_back(db_url: str) -> None:
    """Alembic upgrades an empty database to head and can downgrade it again."""
    engine = create_engine(db_url)
    try:
        assert await current_revision(engine) is None
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()
        await downgrade(engine, "base")
        assert await current_revision(engine) is None
    finally:
        await engine.dispose()


async def test_the_migrations_build_exactly_the_models_schema(engine: AsyncEngine) -> None:
    """Every table, column, type, index and constraint: nothing left for autogenerate to do."""
    assert await _differences(engine) == []


# A profile as the typed columns before 0005 held it.
_TYPED = {
    "name": "Amira",
    "visa": "needs_h1b",
    "graduation_year": 2019,
    "step1_status": "passed",
    "step2_planned": "2027-06",
    "usce_months": 6.0,
    "usce_fields": ["im", "psychiatry"],
    "letters_im": 2,
    "scholarship": [],
    "timezone": "Africa/Cairo",
}
_OLD_PROFILES = sa.table(
    "profiles",
    sa.column("user_id"),
    sa.column("schema_version"),
    sa.column("updated_at"),
    *(sa.column(k, sa.JSON() if isinstance(v, list) else None) for k, v in _TYPED.items()),
)
_USERS = sa.table("users", sa.column("id"), sa.column("created_at"))


async def test_0005_moves_typed_profiles_into_the_document_and_back(db_url: str) -> None:
    """Existing answers survive the move to one document, and the downgrade restores them."""
    from datetime import UTC, datetime

    now = datetime(2026, 11, 22, tzinfo=UTC)
    engine = create_engine(db_url)
    try:
        await upgrade(engine, "0004")
        async with engine.begin() as conn:
            await conn.execute(
                sa.insert(_USERS), [{"id": 1, "created_at": now}, {"id": 2, "created_at": now}]
            )
            await conn.execute(
                sa.insert(_OLD_PROFILES).values(
                    user_id=1, schema_version=1, updated_at=now, **_TYPED
                )
            )
            await conn.execute(
                sa.insert(_OLD_PROFILES).values(  # nothing answered
                    user_id=2, schema_version=1, updated_at=now
                )
            )
        await upgrade(engine, "0005")
        store = SqlStore(engine)
        assert await store.load_profile(1) == Profile.model_validate(_TYPED)
        assert (await store.load_session(2, "ask_name")).answers == {}
        await downgrade(engine, "0004")
        async with engine.connect() as conn:
            rows = (
                await conn.execute(sa.select(_OLD_PROFILES).order_by(_OLD_PROFILES.c.user_id))
            ).all()
        assert {k: rows[0]._mapping[k] for k in _TYPED} == _TYPED
        assert all(rows[1]._mapping[k] is None for k in _TYPED)
    finally:
        await engine.dispose()


@pytest.fixture
def migrations_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The migrations folder copied aside, so a generated revision leaves the tree alone."""
    copy = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(schema, "MIGRATIONS", copy)
    return copy


async def test_db_revision_writes_a_model_change_as_a_migration_for_both_databases(
    engine: AsyncEngine, migrations_copy: Path
) -> None:
    """A new table in the models: `db revision` writes its migration, which runs and matches."""
    before = head_revision()
    assert before is not None
    notes = sa.Table(
        "notes",
        Base.metadata,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column(
            "user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("written_at", UTCDateTime(), nullable=False),
    )
    try:
        path = await new_revision(engine, "Add notes: somewhere to keep a test's notes.")
        text = path.read_text()
        number = f"{int(before) + 1:04d}"
        assert path.name.startswith(f"{number}_add_notes_somewhere")
        assert text.startswith('"""Add notes: somewhere to keep a test\'s notes.')
        assert f"down_revision = {before!r}" in text.replace('"', "'")
        assert "sa.DateTime(timezone=True)" in text and "bot." not in text  # frozen, no app code
        await upgrade(engine)
        assert await current_revision(engine) == number
        assert await _differences(engine) == []
        await downgrade(engine, before)
    finally:
        Base.metadata.remove(notes)
    assert await _differences(engine) == []


async def test_db_revision_with_no_model_change_is_an_empty_migration(
    engine: AsyncEngine, migrations_copy: Path
) -> None:
    """With `--empty` (a data migration) or nothing changed, the functions are left to write."""
    path = await new_revision(engine, "Backfill something.", autogenerate=False)
    assert "def upgrade() -> None:\n    pass" in path.read_text()
    assert path.parent == migrations_copy / "versions"
