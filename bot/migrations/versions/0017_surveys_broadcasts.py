"""Monitoring campaigns and who is invited to them; the school's own figures for the KPIs;
curators' broadcasts.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)
ROADMAP_CAMPAIGN = "kind <> 'adhoc'"


def _fk(table: str, column: str, target: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        ondelete=ondelete,
        name=op.f(f"fk_{table}_{column}_{target}"),
    )


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("questionnaires", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_at", Moment, nullable=True),
        sa.Column("closed_at", Moment, nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("created_from", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("created_from", name=op.f("uq_campaigns_created_from")),
    )
    op.create_index(
        "uq_campaigns_roadmap",
        "campaigns",
        ["kind", "year"],
        unique=True,
        sqlite_where=sa.text(ROADMAP_CAMPAIGN),
        postgresql_where=sa.text(ROADMAP_CAMPAIGN),
    )
    op.create_table(
        "campaign_invites",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.Column("invited_at", Moment, nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("nudged_at", Moment, nullable=True),
        sa.Column("nudges", sa.Integer(), server_default="0", nullable=False),
        sa.Column("answered_at", Moment, nullable=True),
        _fk("campaign_invites", "campaign_id", "campaigns"),
        _fk("campaign_invites", "person_id", "people"),
        _fk("campaign_invites", "pair_id", "pairs", "SET NULL"),
        sa.PrimaryKeyConstraint("campaign_id", "person_id", name=op.f("pk_campaign_invites")),
    )
    op.create_index(op.f("ix_campaign_invites_person_id"), "campaign_invites", ["person_id"])
    op.create_table(
        "programme_settings",
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("updated_by", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", Moment, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_programme_settings")),
    )
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("created_from", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("audience_ref", sa.Integer(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column("shown", sa.String(500), nullable=True),
        sa.Column("shown_at", Moment, nullable=True),
        sa.Column("finished_at", Moment, nullable=True),
        _fk("broadcasts", "file_id", "outbox_files", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
        sa.UniqueConstraint("created_from", name=op.f("uq_broadcasts_created_from")),
    )


def downgrade() -> None:
    op.drop_table("broadcasts")
    op.drop_table("programme_settings")
    op.drop_index(op.f("ix_campaign_invites_person_id"), table_name="campaign_invites")
    op.drop_table("campaign_invites")
    op.drop_index("uq_campaigns_roadmap", table_name="campaigns")
    op.drop_table("campaigns")
