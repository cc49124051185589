"""Profiles become one JSON document validated by Profile: a new field needs no migration.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The typed columns as 0001 created them, frozen here whatever Profile declares later.
_COLUMNS: dict[str, sa.types.TypeEngine[Any]] = {
    "name": sa.String(60),
    "visa": sa.String(16),
    "graduation_year": sa.Integer(),
    "match_year": sa.Integer(),
    "step1_status": sa.String(16),
    "step1_attempts": sa.Integer(),
    "step1_score": sa.Integer(),
    "step2_status": sa.String(16),
    "step2_planned": sa.String(7),
    "step2_attempts": sa.Integer(),
    "step2_score": sa.Integer(),
    "step3_status": sa.String(16),
    "step3_planned": sa.String(7),
    "step3_score": sa.Integer(),
    "usce_months": sa.Float(),
    "usce_hands_on_months": sa.Float(),
    "usce_fields": sa.JSON(),
    "letters_im": sa.Integer(),
    "letters_psych": sa.Integer(),
    "letters_medpsych": sa.Integer(),
    "letters_other": sa.Integer(),
    "scholarship": sa.JSON(),
    "interests": sa.JSON(),
    "timezone": sa.String(64),
}
_PAGE = 1000  # rows moved per statement: memory stays flat however many profiles exist

_profiles = sa.table(
    "profiles",
    sa.column("user_id", sa.Integer()),
    sa.column("data", sa.JSON()),
    *(sa.column(name, type_) for name, type_ in _COLUMNS.items()),
)
_FILL = _profiles.update().where(_profiles.c.user_id == sa.bindparam("b_user_id"))


def _pages(*columns: sa.ColumnElement[Any]) -> Iterator[Sequence[sa.Row[Any]]]:
    """Yield every profile row in pages of `_PAGE`, by user id."""
    last = None
    while True:
        query = sa.select(_profiles.c.user_id, *columns).order_by(_profiles.c.user_id)
        if last is not None:
            query = query.where(_profiles.c.user_id > last)
        page = op.get_bind().execute(query.limit(_PAGE)).all()
        if not page:
            return
        yield page
        last = page[-1].user_id


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("data", sa.JSON()))
    # Each answered column becomes a key; unanswered ones (NULL) are left out, as Profile does.
    for page in _pages(*(_profiles.c[name] for name in _COLUMNS)):
        op.get_bind().execute(
            _FILL,
            [
                {
                    "b_user_id": row.user_id,
                    "data": {
                        k: v for k, v in row._mapping.items() if k != "user_id" and v is not None
                    },
                }
                for row in page
            ],
        )
    with op.batch_alter_table("profiles") as batch:
        batch.alter_column("data", existing_type=sa.JSON(), nullable=False)
        for name in _COLUMNS:
            batch.drop_column(name)


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        for name, type_ in _COLUMNS.items():
            batch.add_column(sa.Column(name, type_))
    # Answers to fields added after 0005 have no column to go back to: they are dropped.
    for page in _pages(_profiles.c.data):
        op.get_bind().execute(
            _FILL,
            [
                {
                    "b_user_id": row.user_id,
                    **{name: (row.data or {}).get(name) for name in _COLUMNS},
                }
                for row in page
            ],
        )
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("data")
