"""One cohort reminder per group, platform and milestone, even with two workers arming at once.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COHORT = sa.text("kind = 'cohort'")


def upgrade() -> None:
    # Duplicates from before this index (two workers re-arming a group at the same moment)
    # would stop it being created: keep the oldest row of each.
    op.execute(
        "DELETE FROM reminders WHERE kind = 'cohort' AND id NOT IN ("
        "SELECT MIN(id) FROM reminders WHERE kind = 'cohort' "
        "GROUP BY platform, chat_id, milestone_id)"
    )
    op.create_index(
        "ux_reminders_cohort",
        "reminders",
        ["platform", "chat_id", "milestone_id"],
        unique=True,
        sqlite_where=_COHORT,
        postgresql_where=_COHORT,
    )


def downgrade() -> None:
    op.drop_index("ux_reminders_cohort", table_name="reminders")
