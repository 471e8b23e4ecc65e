"""The outbox keeps a translation key, its arguments and the people it names by id, and renders
the message when it is sent; it may carry a photo or a file.

Messages already sent or dropped are not kept (they held names); those still waiting keep
their text and keyboard, and are sent as they are.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)
PENDING = "sent_at IS NULL AND dropped_at IS NULL"


def _set_aside(table: str, aside: str) -> None:
    """Rename `table` to make room for a new one of its name. On PostgreSQL a constraint's name
    belongs to the schema, so the old table's constraints are renamed with it."""
    op.rename_table(table, aside)
    if op.get_bind().dialect.name == "postgresql":
        for name in (f"pk_{table}", f"uq_{table}_dedup_key"):
            op.execute(f"ALTER TABLE {aside} RENAME CONSTRAINT {name} TO {name}_{aside}")


def _ids_go_on(table: str) -> None:
    """After rows were copied with their ids, new rows get ids after them (PostgreSQL's
    sequence does not see copied ids; SQLite takes the largest)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )


def upgrade() -> None:
    op.create_table(
        "outbox_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("telegram_file_id", sa.String(256), nullable=True),
        sa.Column("created_at", Moment, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_files")),
    )
    _set_aside("outbox", "outbox_old")
    for index in ("ix_outbox_due", "ix_outbox_chat", "ix_outbox_batch"):
        op.drop_index(index, table_name="outbox_old")
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("key", sa.String(64), nullable=True),
        sa.Column("args", sa.JSON(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("buttons", sa.JSON(), nullable=True),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("quiet", sa.Boolean(), nullable=False),
        sa.Column("batch", sa.String(64), nullable=True),
        sa.Column("dedup_key", sa.String(128), nullable=True),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("not_before", Moment, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("claimed_by", sa.String(32), nullable=True),
        sa.Column("claimed_until", Moment, nullable=True),
        sa.Column("sent_at", Moment, nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("dropped_at", Moment, nullable=True),
        sa.Column("drop_reason", sa.String(500), nullable=True),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["outbox_files.id"],
            ondelete="SET NULL",
            name=op.f("fk_outbox_file_id_outbox_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_outbox_dedup_key")),
    )
    op.create_index(
        "ix_outbox_pending",
        "outbox",
        ["chat_id", "id"],
        sqlite_where=sa.text(PENDING),
        postgresql_where=sa.text(PENDING),
    )
    op.create_index(op.f("ix_outbox_chat_id"), "outbox", ["chat_id"])
    op.create_index(op.f("ix_outbox_batch"), "outbox", ["batch"])
    op.create_index(op.f("ix_outbox_sent_at"), "outbox", ["sent_at"])
    op.execute(
        "INSERT INTO outbox (id, chat_id, kind, text, buttons, quiet, batch, dedup_key,"
        " created_at, not_before, attempts, last_error)"
        " SELECT id, chat_id, kind, text, reply_markup, false, batch, dedup_key,"
        " created_at, not_before, attempts, last_error FROM outbox_old WHERE " + PENDING
    )
    _ids_go_on("outbox")
    op.drop_table("outbox_old")
    op.create_table(
        "outbox_mentions",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox.id"],
            ondelete="CASCADE",
            name=op.f("fk_outbox_mentions_message_id_outbox"),
        ),
        sa.PrimaryKeyConstraint("message_id", "person_id", name=op.f("pk_outbox_mentions")),
    )
    op.create_index(op.f("ix_outbox_mentions_person_id"), "outbox_mentions", ["person_id"])


def downgrade() -> None:
    """Back to rendered texts: only waiting messages that have one are kept."""
    op.drop_table("outbox_mentions")
    _set_aside("outbox", "outbox_new")
    for index in ("ix_outbox_pending", "ix_outbox_chat_id", "ix_outbox_batch", "ix_outbox_sent_at"):
        op.drop_index(index, table_name="outbox_new")
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
    op.execute(
        "INSERT INTO outbox (id, chat_id, text, kind, batch, dedup_key, created_at, not_before,"
        " attempts, next_attempt_at)"
        " SELECT id, chat_id, text, kind, batch, dedup_key, created_at,"
        " COALESCE(not_before, created_at), attempts,"
        " COALESCE(not_before, created_at) FROM outbox_new"
        " WHERE text IS NOT NULL AND " + PENDING
    )
    _ids_go_on("outbox")
    op.drop_table("outbox_new")
    op.drop_table("outbox_files")
    op.create_index(
        "ix_outbox_due",
        "outbox",
        ["next_attempt_at"],
        sqlite_where=sa.text(PENDING),
        postgresql_where=sa.text(PENDING),
    )
    op.create_index("ix_outbox_chat", "outbox", ["chat_id", "sent_at"])
    op.create_index(op.f("ix_outbox_batch"), "outbox", ["batch"])
