"""Add reminders and milestone_subscriptions: durable, leased reminders for every platform.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_PENDING = "status = 'pending'"


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("user_id", _ID, sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("milestone_id", sa.String(80)),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("rrule", sa.String(300)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("claimed_by", sa.String(64)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("late", sa.Boolean, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "kind", "milestone_id"),
    )
    op.create_index("ix_reminders_user_id", "reminders", ["user_id"])
    op.create_index("ix_reminders_chat", "reminders", ["platform", "chat_id"])
    op.create_index(
        "ix_reminders_due",
        "reminders",
        ["platform", "due_at"],
        sqlite_where=sa.text(_PENDING),
        postgresql_where=sa.text(_PENDING),
    )
    leased = f"{_PENDING} AND lease_until IS NOT NULL"
    op.create_index(
        "ix_reminders_leased",
        "reminders",
        ["lease_until"],
        sqlite_where=sa.text(leased),
        postgresql_where=sa.text(leased),
    )
    op.create_table(
        "milestone_subscriptions",
        sa.Column("user_id", _ID, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("match_year", sa.Integer, nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("milestone_subscriptions")
    op.drop_index("ix_reminders_leased", "reminders")
    op.drop_index("ix_reminders_due", "reminders")
    op.drop_index("ix_reminders_chat", "reminders")
    op.drop_index("ix_reminders_user_id", "reminders")
    op.drop_table("reminders")
