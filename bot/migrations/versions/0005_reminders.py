"""Reminders: when a questionnaire was last touched and how many nudges went; link reminders.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy): see 0004 for why.
    op.add_column("questionnaire_runs", sa.Column("touched_at", Moment, nullable=True))
    op.add_column(
        "questionnaire_runs",
        sa.Column("nudges_sent", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute("UPDATE questionnaire_runs SET touched_at = started_at")
    op.add_column("parent_links", sa.Column("reminded_at", Moment, nullable=True))


def downgrade() -> None:
    op.drop_column("parent_links", "reminded_at")
    op.drop_column("questionnaire_runs", "nudges_sent")
    op.drop_column("questionnaire_runs", "touched_at")
