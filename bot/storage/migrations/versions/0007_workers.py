"""Add workers: each reminder worker's heartbeat, so a dead one's claims need not wait out
their leases.

Revision ID: 0007
Revises: 0006 (the lead rechains it after 0006 at merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workers",
        sa.Column("worker_id", sa.String(64), primary_key=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("workers")
