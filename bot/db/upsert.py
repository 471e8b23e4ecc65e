"""INSERT ... ON CONFLICT for the backends we run on (SQLite now, PostgreSQL later)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert


def insert_for(dialect_name: str, table: Table) -> Any:
    """The dialect's `insert(table)`, which has `on_conflict_do_update/nothing`."""
    if dialect_name == "postgresql":
        return postgresql.insert(table)
    if dialect_name == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"unsupported database {dialect_name!r}: use SQLite or PostgreSQL")


def upsert(dialect_name: str, table: Table, values: dict[str, Any], keys: list[str]) -> Insert:
    statement = insert_for(dialect_name, table).values(**values)
    updates = {name: statement.excluded[name] for name in values if name not in keys}
    result: Insert = statement.on_conflict_do_update(index_elements=keys, set_=updates)
    return result


def insert_ignore(dialect_name: str, table: Table, values: dict[str, Any]) -> Insert:
    result: Insert = insert_for(dialect_name, table).values(**values).on_conflict_do_nothing()
    return result
