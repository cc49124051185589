"""Create users, identities, profiles, sessions and link codes: the foundation's schema.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unreachable_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "identities",
        sa.Column("id", _ID, primary_key=True),
        sa.Column(
            "user_id",
            _ID,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("chat_id", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("platform", "external_id"),
    )
    op.create_table(
        "profiles",
        sa.Column("user_id", _ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("name", sa.String(60)),
        sa.Column("visa", sa.String(16)),
        sa.Column("graduation_year", sa.Integer),
        sa.Column("match_year", sa.Integer),
        sa.Column("step1_status", sa.String(16)),
        sa.Column("step1_attempts", sa.Integer),
        sa.Column("step1_score", sa.Integer),
        sa.Column("step2_status", sa.String(16)),
        sa.Column("step2_planned", sa.String(7)),
        sa.Column("step2_attempts", sa.Integer),
        sa.Column("step2_score", sa.Integer),
        sa.Column("step3_status", sa.String(16)),
        sa.Column("step3_planned", sa.String(7)),
        sa.Column("step3_score", sa.Integer),
        sa.Column("usce_months", sa.Float),
        sa.Column("usce_hands_on_months", sa.Float),
        sa.Column("usce_fields", sa.JSON),
        sa.Column("letters_im", sa.Integer),
        sa.Column("letters_psych", sa.Integer),
        sa.Column("letters_medpsych", sa.Integer),
        sa.Column("letters_other", sa.Integer),
        sa.Column("scholarship", sa.JSON),
        sa.Column("interests", sa.JSON),
        sa.Column("timezone", sa.String(64)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("user_id", _ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("flow", sa.String(32), nullable=False),
        sa.Column("flow_version", sa.Integer, nullable=False),
        sa.Column("state", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "link_codes",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column(
            "user_id",
            _ID,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("link_codes", "sessions", "profiles", "identities", "users"):
        op.drop_table(table)
