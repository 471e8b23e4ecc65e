"""Meetings of a pair or of a mentor's group, their invitations and answers, and each
reminder decided once (sent or skipped) per version of a meeting, person and offset.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)


def _person(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["people.id"], ondelete="CASCADE", name=op.f(f"fk_{table}_{column}_people")
    )


def _meeting(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["meeting_id"],
        ["meetings.id"],
        ondelete="CASCADE",
        name=op.f(f"fk_{table}_meeting_id_meetings"),
    )


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("starts_at", Moment, nullable=False),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("link", sa.String(500), nullable=True),
        sa.Column("agenda", sa.String(1000), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("created_from", sa.String(64), nullable=True),
        sa.Column("changed_at", Moment, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], ondelete="CASCADE", name=op.f("fk_meetings_pair_id_pairs")
        ),
        _person("meetings", "mentor_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("created_from", name=op.f("uq_meetings_created_from")),
    )
    op.create_index(op.f("ix_meetings_pair_id"), "meetings", ["pair_id"])
    op.create_index(op.f("ix_meetings_mentor_id"), "meetings", ["mentor_id"])
    op.create_index("ix_meetings_status_starts_at", "meetings", ["status", "starts_at"])
    op.create_table(
        "meeting_invites",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(8), nullable=True),
        sa.Column("reason", sa.String(300), nullable=True),
        sa.Column("answered_at", Moment, nullable=True),
        _meeting("meeting_invites"),
        _person("meeting_invites", "person_id"),
        sa.PrimaryKeyConstraint("meeting_id", "person_id", name=op.f("pk_meeting_invites")),
    )
    op.create_index(op.f("ix_meeting_invites_person_id"), "meeting_invites", ["person_id"])
    op.create_table(
        "meeting_reminders",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", Moment, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        _meeting("meeting_reminders"),
        _person("meeting_reminders", "person_id"),
        sa.PrimaryKeyConstraint(
            "meeting_id",
            "version",
            "offset_minutes",
            "person_id",
            name=op.f("pk_meeting_reminders"),
        ),
    )
    op.create_index(op.f("ix_meeting_reminders_person_id"), "meeting_reminders", ["person_id"])


def downgrade() -> None:
    op.drop_table("meeting_reminders")
    op.drop_table("meeting_invites")
    op.drop_table("meetings")
