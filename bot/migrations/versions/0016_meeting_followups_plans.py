"""After a meeting: the mentor's answer and the invitees' ratings, each question decided once;
times proposed by mentees; individual plans; notices about a pair sent at most once.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        ondelete=ondelete,
        name=op.f(f"fk_{table}_{column}_{target}"),
    )


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("outcome_note", sa.String(300), nullable=True))
        batch.add_column(sa.Column("outcome_at", Moment, nullable=True))
    with op.batch_alter_table("meeting_invites") as batch:
        batch.add_column(sa.Column("rating", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("rated_at", Moment, nullable=True))
    op.create_table(
        "meeting_followups",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("decided_at", Moment, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        _fk("meeting_followups", "meeting_id", "meetings"),
        _fk("meeting_followups", "person_id", "people"),
        sa.PrimaryKeyConstraint(
            "meeting_id", "person_id", "step", name=op.f("pk_meeting_followups")
        ),
    )
    op.create_index(op.f("ix_meeting_followups_person_id"), "meeting_followups", ["person_id"])
    op.create_table(
        "meeting_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column("starts_at", Moment, nullable=False),
        sa.Column("note", sa.String(300), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("created_from", sa.String(64), nullable=True),
        sa.Column("decided_at", Moment, nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        _fk("meeting_proposals", "pair_id", "pairs"),
        _fk("meeting_proposals", "proposed_by", "people"),
        _fk("meeting_proposals", "meeting_id", "meetings", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_proposals")),
        sa.UniqueConstraint("created_from", name=op.f("uq_meeting_proposals_created_from")),
    )
    op.create_index(op.f("ix_meeting_proposals_pair_id"), "meeting_proposals", ["pair_id"])
    op.create_index(op.f("ix_meeting_proposals_proposed_by"), "meeting_proposals", ["proposed_by"])
    op.create_table(
        "plan_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=True),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("created_from", sa.String(64), nullable=True),
        sa.Column("done_at", Moment, nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("plan_tasks", "pair_id", "pairs"),
        _fk("plan_tasks", "proposed_by", "people", "SET NULL"),
        _fk("plan_tasks", "done_by", "people", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_tasks")),
        sa.UniqueConstraint("created_from", name=op.f("uq_plan_tasks_created_from")),
    )
    op.create_index(op.f("ix_plan_tasks_pair_id"), "plan_tasks", ["pair_id"])
    op.create_table(
        "pair_notices",
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("sent_at", Moment, nullable=False),
        _fk("pair_notices", "pair_id", "pairs"),
        sa.PrimaryKeyConstraint("pair_id", "key", name=op.f("pk_pair_notices")),
    )


def downgrade() -> None:
    op.drop_table("pair_notices")
    op.drop_index(op.f("ix_plan_tasks_pair_id"), table_name="plan_tasks")
    op.drop_table("plan_tasks")
    op.drop_index(op.f("ix_meeting_proposals_proposed_by"), table_name="meeting_proposals")
    op.drop_index(op.f("ix_meeting_proposals_pair_id"), table_name="meeting_proposals")
    op.drop_table("meeting_proposals")
    op.drop_index(op.f("ix_meeting_followups_person_id"), table_name="meeting_followups")
    op.drop_table("meeting_followups")
    with op.batch_alter_table("meeting_invites") as batch:
        batch.drop_column("rated_at")
        batch.drop_column("rating")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("outcome_at")
        batch.drop_column("outcome_note")
