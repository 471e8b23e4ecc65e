"""Updates are stored as they arrive, with their content until handled, and confirmed to
Telegram at once: one slow update no longer holds back the ones after it, and an update left
unfinished by a process that died is handled from here at the next start. An event remembers
the message that created it, so that message handled again creates no second event.

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
    op.add_column("seen_updates", sa.Column("user_id", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("created_from", sa.String(48), nullable=True))
        batch.create_unique_constraint(op.f("uq_events_created_from"), ["created_from"])


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint(op.f("uq_events_created_from"), type_="unique")
        batch.drop_column("created_from")
    op.drop_column("seen_updates", "user_id")
    op.drop_column("seen_updates", "payload")
