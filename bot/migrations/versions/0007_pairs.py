"""Pairs, their agreements, and curators' must/never rules for the matching.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)
LIVE_PAIR = "status IN ('waiting', 'active')"


def _person(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["people.id"], ondelete="CASCADE", name=op.f(f"fk_{table}_{column}_people")
    )


def upgrade() -> None:
    op.create_table(
        "pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("order_number", sa.String(32), nullable=True),
        sa.Column("order_date", sa.Date(), nullable=True),
        sa.Column("started_at", Moment, nullable=True),
        sa.Column("ended_at", Moment, nullable=True),
        sa.Column("ended_by", sa.BigInteger(), nullable=True),
        sa.Column("end_reason", sa.String(500), nullable=True),
        _person("pairs", "mentor_id"),
        _person("pairs", "mentee_id"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            ondelete="SET NULL",
            name=op.f("fk_pairs_event_id_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairs")),
    )
    op.create_index(op.f("ix_pairs_mentor_id"), "pairs", ["mentor_id"])
    op.create_index(
        "uq_pairs_live_mentee",
        "pairs",
        ["mentee_id"],
        unique=True,
        sqlite_where=sa.text(LIVE_PAIR),
        postgresql_where=sa.text(LIVE_PAIR),
    )
    op.create_table(
        "agreements",
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("signer_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("at", Moment, nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], ondelete="CASCADE", name=op.f("fk_agreements_pair_id_pairs")
        ),
        sa.PrimaryKeyConstraint("pair_id", "side", name=op.f("pk_agreements")),
    )
    op.create_table(
        "pair_rules",
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(8), nullable=False),
        sa.Column("by", sa.BigInteger(), nullable=False),
        sa.Column("at", Moment, nullable=False),
        _person("pair_rules", "mentor_id"),
        _person("pair_rules", "mentee_id"),
        sa.PrimaryKeyConstraint("mentor_id", "mentee_id", name=op.f("pk_pair_rules")),
    )


def downgrade() -> None:
    op.drop_table("pair_rules")
    op.drop_table("agreements")
    op.drop_index("uq_pairs_live_mentee", table_name="pairs")
    op.drop_table("pairs")
