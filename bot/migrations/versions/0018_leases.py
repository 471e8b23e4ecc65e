"""Leases shared by the bot's processes: the scheduler's leader, each worker's heartbeat, and
the signal that asks the leader to plan jobs again. Updates are found by their sender (an
unfinished one whose sender has gone on is not redone).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("holder", sa.String(32), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    op.create_index(op.f("ix_seen_updates_user_id"), "seen_updates", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_seen_updates_user_id"), table_name="seen_updates")
    op.drop_table("leases")
