"""Onboarding: roles, consents, parent links, answers, questionnaire runs, audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("full_name", sa.String(200), nullable=True))
        batch.add_column(sa.Column("role", sa.String(16), nullable=True))
        batch.add_column(sa.Column("category", sa.String(32), nullable=True))
        batch.add_column(sa.Column("age_group", sa.String(16), nullable=True))
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("text_version", sa.String(16), nullable=True),
        sa.Column("at", Moment, nullable=False),
        sa.Column("parent_name", sa.String(200), nullable=True),
        sa.Column("parent_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("recorded_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            ondelete="CASCADE",
            name=op.f("fk_consents_person_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index(op.f("ix_consents_person_id"), "consents", ["person_id"])
    op.create_table(
        "parent_links",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("age_group", sa.String(16), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("expires_at", Moment, nullable=False),
        sa.Column("used_at", Moment, nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            ondelete="CASCADE",
            name=op.f("fk_parent_links_person_id_people"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_parent_links")),
    )
    op.create_index(op.f("ix_parent_links_person_id"), "parent_links", ["person_id"])
    op.create_table(
        "answers",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(32), nullable=False),
        sa.Column("question_id", sa.String(32), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("answered_at", Moment, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            ondelete="CASCADE",
            name=op.f("fk_answers_person_id_people"),
        ),
        sa.PrimaryKeyConstraint(
            "person_id", "questionnaire_id", "question_id", name=op.f("pk_answers")
        ),
    )
    op.create_table(
        "questionnaire_runs",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(32), nullable=False),
        sa.Column("current", sa.String(32), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("editing", sa.Boolean(), nullable=False),
        sa.Column("started_at", Moment, nullable=False),
        sa.Column("submitted_at", Moment, nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            ondelete="CASCADE",
            name=op.f("fk_questionnaire_runs_person_id_people"),
        ),
        sa.PrimaryKeyConstraint(
            "person_id", "questionnaire_id", name=op.f("pk_questionnaire_runs")
        ),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", Moment, nullable=False),
        sa.Column("actor_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            ondelete="SET NULL",
            name=op.f("fk_audit_log_person_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_person_id"), "audit_log", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_person_id"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("questionnaire_runs")
    op.drop_table("answers")
    op.drop_index(op.f("ix_parent_links_person_id"), table_name="parent_links")
    op.drop_table("parent_links")
    op.drop_index(op.f("ix_consents_person_id"), table_name="consents")
    op.drop_table("consents")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("age_group")
        batch.drop_column("category")
        batch.drop_column("role")
        batch.drop_column("full_name")
