"""Updates are stored as they arrive, with their content until handled, and confirmed to
Telegram at once: one slow update no longer holds back the ones after it, and an update left
unfinished by a process that died is handled from here at the next start.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("seen_updates", sa.Column("payload", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("seen_updates", "payload")
