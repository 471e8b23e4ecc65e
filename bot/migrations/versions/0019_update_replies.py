"""What an update's handling sent, noted as Telegram accepts it: handled again after its worker
was killed, the update does not send it a second time.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("seen_updates") as batch:
        batch.add_column(sa.Column("replies", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("seen_updates") as batch:
        batch.drop_column("replies")
