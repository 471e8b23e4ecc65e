"""Links for a parent who has not used the bot to answer a teenager's mentoring agreement.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agreement_links",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("expires_at", Moment, nullable=False),
        sa.Column("parent_telegram_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pair_id"],
            ["pairs.id"],
            ondelete="CASCADE",
            name=op.f("fk_agreement_links_pair_id_pairs"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_agreement_links")),
    )
    op.create_index(op.f("ix_agreement_links_pair_id"), "agreement_links", ["pair_id"])


def downgrade() -> None:
    op.drop_table("agreement_links")
