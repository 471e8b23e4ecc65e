"""Outbox: messages nobody is waiting for, stored with their cause and sent at Telegram's pace.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)
PENDING = "sent_at IS NULL AND dropped_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reply_markup", sa.JSON(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("batch", sa.String(64), nullable=True),
        sa.Column("dedup_key", sa.String(128), nullable=True),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("not_before", Moment, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", Moment, nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("claimed_until", Moment, nullable=True),
        sa.Column("sent_at", Moment, nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("dropped_at", Moment, nullable=True),
        sa.Column("drop_reason", sa.String(500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_outbox_dedup_key")),
    )
    op.create_index(
        "ix_outbox_due",
        "outbox",
        ["next_attempt_at"],
        sqlite_where=sa.text(PENDING),
        postgresql_where=sa.text(PENDING),
    )
    op.create_index("ix_outbox_chat", "outbox", ["chat_id", "sent_at"])
    op.create_index(op.f("ix_outbox_batch"), "outbox", ["batch"])


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_batch"), table_name="outbox")
    op.drop_index("ix_outbox_chat", table_name="outbox")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
