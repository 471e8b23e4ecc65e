"""Extensions as requests of their own (one waiting per pair), and the reminder to answer an
agreement.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)
OPEN = "answered_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("asked_by", sa.String(8), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("asked_at", Moment, nullable=False),
        sa.Column("answered_at", Moment, nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], ondelete="CASCADE", name=op.f("fk_extensions_pair_id_pairs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extensions")),
    )
    op.create_index(
        "uq_extensions_open_pair",
        "extensions",
        ["pair_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.execute(
        "INSERT INTO extensions (pair_id, asked_by, months, asked_at)"
        " SELECT id, extension_asked_by, extension_months, COALESCE(started_at, created_at)"
        " FROM pairs WHERE extension_months IS NOT NULL AND extension_asked_by IS NOT NULL"
    )
    with op.batch_alter_table("pairs") as batch:
        batch.drop_column("extension_months")
        batch.drop_column("extension_asked_by")
        batch.add_column(sa.Column("agreement_reminded_at", Moment, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pairs") as batch:
        batch.drop_column("agreement_reminded_at")
        batch.add_column(sa.Column("extension_months", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("extension_asked_by", sa.String(8), nullable=True))
    op.drop_index("uq_extensions_open_pair", table_name="extensions")
    op.drop_table("extensions")
