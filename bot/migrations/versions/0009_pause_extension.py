"""A pair's pause, and an extension one side asked for and the other has not yet answered.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("pairs", sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("pairs", sa.Column("extension_months", sa.Integer(), nullable=True))
    op.add_column("pairs", sa.Column("extension_asked_by", sa.String(8), nullable=True))


def downgrade() -> None:
    op.drop_column("pairs", "extension_asked_by")
    op.drop_column("pairs", "extension_months")
    op.drop_column("pairs", "paused_at")
