"""An update counts as handled only when its handling has finished: who took it, and when it
was handled.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("seen_updates", sa.Column("boot", sa.String(32), nullable=True))
    op.add_column(
        "seen_updates", sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True)
    )
    # Updates taken before this revision were handled as soon as they were taken.
    op.execute("UPDATE seen_updates SET handled_at = seen_at")
    op.add_column(
        "questionnaire_runs", sa.Column("last_message_id", sa.BigInteger(), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("questionnaire_runs", "last_message_id")
    op.drop_column("seen_updates", "handled_at")
    op.drop_column("seen_updates", "boot")
