"""Workers on PostgreSQL share one send budget, and take one chat's webhook updates in order.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_budget",
        sa.Column("scope", sa.String(200), primary_key=True),
        sa.Column("next_free", sa.Float(), nullable=False),
        sa.Column("held_until", sa.Float(), nullable=False),
    )
    op.create_table(
        "update_tickets",
        sa.Column("platform", sa.String(16), primary_key=True),
        sa.Column("chat", sa.String(64), primary_key=True),
        sa.Column("update_id", sa.BigInteger(), primary_key=True),
        sa.Column("taken_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("update_tickets")
    op.drop_table("rate_budget")
