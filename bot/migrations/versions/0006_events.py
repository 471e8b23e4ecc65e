"""Networking events: check-ins (also pending ones, for people still onboarding) and choices.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)


def _person(table: str, column: str = "person_id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["people.id"], ondelete="CASCADE", name=op.f(f"fk_{table}_{column}_people")
    )


def _event(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["event_id"], ["events.id"], ondelete="CASCADE", name=op.f(f"fk_{table}_event_id_events")
    )


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("starts_at", Moment, nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("closed_at", Moment, nullable=True),
        sa.Column("choices_until", Moment, nullable=True),
        sa.Column("reminded_at", Moment, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("token", name=op.f("uq_events_token")),
    )
    op.create_table(
        "attendance",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", Moment, nullable=False),
        _event("attendance"),
        _person("attendance"),
        sa.PrimaryKeyConstraint("event_id", "person_id", name=op.f("pk_attendance")),
    )
    op.create_index(op.f("ix_attendance_person_id"), "attendance", ["person_id"])
    op.create_table(
        "pending_check_ins",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", Moment, nullable=False),
        _event("pending_check_ins"),
        _person("pending_check_ins"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_pending_check_ins")),
    )
    op.create_table(
        "choices",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("chooser_id", sa.Integer(), nullable=False),
        sa.Column("chosen_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("chosen_at", Moment, nullable=False),
        _event("choices"),
        _person("choices", "chooser_id"),
        _person("choices", "chosen_id"),
        sa.PrimaryKeyConstraint("event_id", "chooser_id", "chosen_id", name=op.f("pk_choices")),
        sa.UniqueConstraint("event_id", "chooser_id", "rank", name=op.f("uq_choices_event_id")),
    )
    op.create_index(op.f("ix_choices_chosen_id"), "choices", ["chosen_id"])


def downgrade() -> None:
    op.drop_table("choices")
    op.drop_table("pending_check_ins")
    op.drop_table("attendance")
    op.drop_table("events")
