"""people.search_name: the names casefolded, for a search that ignores case in any script.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

people = sa.table(
    "people",
    sa.column("id", sa.Integer()),
    sa.column("full_name", sa.String()),
    sa.column("first_name", sa.String()),
    sa.column("last_name", sa.String()),
    sa.column("username", sa.String()),
    sa.column("search_name", sa.Text()),
)


def _key(names: Sequence[str | None]) -> str | None:
    # A copy of `Person.search_key` as it is today: a migration does not follow later changes.
    present = [name for name in names if name]
    if not present:
        return None
    return unicodedata.normalize("NFKC", " ".join(present)).casefold().replace("ё", "е")


def upgrade() -> None:
    # Plain ALTER TABLE, not a batch copy: on SQLite, with foreign keys on, dropping the old
    # `people` table in a copy would cascade to every table that refers to it.
    op.add_column("people", sa.Column("search_name", sa.Text(), nullable=True))
    if context.is_offline_mode():
        return
    connection = op.get_bind()
    names = (people.c.full_name, people.c.first_name, people.c.last_name, people.c.username)
    rows = connection.execute(
        sa.select(people.c.id, *names).where(sa.or_(*(name.is_not(None) for name in names)))
    ).all()
    keys = [{"person": row[0], "key": _key(row[1:])} for row in rows]
    if keys:
        connection.execute(
            people.update()
            .where(people.c.id == sa.bindparam("person"))
            .values(search_name=sa.bindparam("key")),
            keys,
        )


def downgrade() -> None:
    op.drop_column("people", "search_name")
